package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"rosette/generator/sign"
)

// measureSigned gives the synthetic site's issuer a signing key and
// compares signed builds with a warm signature cache against unsigned
// builds of the same site, alternating (ABBA), each into a fresh directory,
// then rebuilds of both into their previous output, as the rebuilds after
// edits are, and with -drop-caches the same rebuilds from a cold page
// cache, as the first build of the day is. The first signed build fills
// the cache and is reported on its own.
func measureSigned(c config, bin, dir string, n int, out io.Writer) error {
	site := filepath.Join(dir, "site")
	key, err := sign.GenerateKey(sign.MinBits + 1024)
	if err != nil {
		return err
	}
	pem, err := sign.EncodePrivateKey(key)
	if err != nil {
		return err
	}
	keyFile := filepath.Join(dir, "signing-key.pem") // outside the site, as rosette requires
	if err := os.WriteFile(keyFile, pem, 0o600); err != nil {
		return err
	}
	pub, err := sign.EncodePublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	issuer := filepath.Join(site, "content", "issuers", "synth-academy.toml")
	f, err := os.OpenFile(issuer, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n[[key]]\nid = \"bench\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_pem = \"\"\"\n%s\"\"\"\n", pub)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	signed := []string{"--signing-key", keyFile}
	d, _, cpu, err := runBuild(bin, site, filepath.Join(dir, "signed-cold"), signed...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "signed, %d awards: first build (signs every award, fills the cache): %s (CPU %s)\n", n, round(d), round(cpu))
	fresh := func(kind string) func(int) string {
		return func(i int) string { return filepath.Join(dir, fmt.Sprintf("%s-%d", kind, i)) }
	}
	if err := compareSigned(c.runs, bin, site, signed, fresh("signed"), fresh("unsigned"), fmt.Sprintf("signed, %d awards, warm cache", n), false, out, c.each()); err != nil {
		return err
	}
	// Rebuilds into the previous output of run 1, which rewrite only the
	// files whose bytes changed. The first of each kind finds no spare
	// tree yet (see generator/publish), and the second reuses the output of
	// run 1, written long before: neither is counted. The others reuse
	// the output of the build before the last, as a rebuild after an edit
	// does.
	again := func(kind string) func(int) string {
		return func(int) string { return filepath.Join(dir, kind+"-1") }
	}
	for range 2 {
		if _, _, _, err := runBuild(bin, site, again("signed")(1), signed...); err != nil {
			return err
		}
		if _, _, _, err := runBuild(bin, site, again("unsigned")(1)); err != nil {
			return err
		}
	}
	if err := compareSigned(c.runs, bin, site, signed, again("signed"), again("unsigned"), fmt.Sprintf("signed, %d awards, warm cache, rebuilt into the previous output", n), false, out, c.each()); err != nil {
		return err
	}
	if !c.dropCaches {
		return nil
	}
	return compareSigned(c.runs, bin, site, signed, again("signed"), again("unsigned"), fmt.Sprintf("signed, %d awards, warm cache, rebuilt into the previous output from a cold page cache", n), true, out, c.each())
}

// compareSigned runs signed and unsigned builds into the destinations
// that dest functions give for runs 1 … runs, alternating which goes
// first (see abba), and prints the medians. With cold, the kernel's
// caches are dropped before each build (see dropCaches).
func compareSigned(runs int, bin, site string, signed []string, signedDest, plainDest func(int) string, label string, cold bool, out, each io.Writer) error {
	return compareBuilds(runs, bin, site, site, signed, nil, signedDest, plainDest, label, "unsigned", cold, out, each)
}

// compareBuilds is compareSigned for any two sites and sets of build
// flags: signed for site, plainArgs for plainSite, which the report names
// bName. Besides the ratio of the medians it reports the median of the
// runs' own ratios, which a machine that speeds up or slows down over
// the runs moves less; each, when not nil, gets every run's figures.
func compareBuilds(runs int, bin, site, plainSite string, signed, plainArgs []string, signedDest, plainDest func(int) string, label, bName string, cold bool, out, each io.Writer) error {
	var warm, plain, warmCPU, plainCPU []time.Duration
	var wallRatios, cpuRatios []float64
	var warmRSS, plainRSS int64
	for i := 1; i <= runs; i++ {
		signedRun := func() error {
			if cold {
				if err := dropCaches(); err != nil {
					return err
				}
			}
			d, rss, cpu, err := runBuild(bin, site, signedDest(i), signed...)
			warm, warmCPU, warmRSS = append(warm, d), append(warmCPU, cpu), max(warmRSS, rss)
			return err
		}
		plainRun := func() error {
			if cold {
				if err := dropCaches(); err != nil {
					return err
				}
			}
			d, rss, cpu, err := runBuild(bin, plainSite, plainDest(i), plainArgs...)
			plain, plainCPU, plainRSS = append(plain, d), append(plainCPU, cpu), max(plainRSS, rss)
			return err
		}
		if _, err := abba(i, signedRun, plainRun, "", ""); err != nil {
			return err
		}
		wallRatios = append(wallRatios, percent(warm[i-1], plain[i-1]))
		cpuRatios = append(cpuRatios, percent(warmCPU[i-1], plainCPU[i-1]))
		if each != nil {
			fmt.Fprintf(each, "  run %d: %s (CPU %s) against %s (CPU %s): %+.1f%% wall, %+.1f%% CPU\n",
				i, round(warm[i-1]), round(warmCPU[i-1]), round(plain[i-1]), round(plainCPU[i-1]), wallRatios[i-1], cpuRatios[i-1])
		}
	}
	fmt.Fprintf(out, "%s: %s (CPU %s, peak RSS %s) against %s %s (CPU %s, peak RSS %s): %+.1f%% wall, %+.1f%% CPU\n",
		label, round(median(warm)), round(median(warmCPU)), mb(warmRSS), bName, round(median(plain)), round(median(plainCPU)), mb(plainRSS),
		percent(median(warm), median(plain)), percent(median(warmCPU), median(plainCPU)))
	if runs > 1 {
		fmt.Fprintf(out, "  the runs' own ratios: median %+.1f%% wall, %+.1f%% CPU; CPU from %+.1f%% to %+.1f%%\n",
			median(wallRatios), median(cpuRatios), slices.Min(cpuRatios), slices.Max(cpuRatios))
	}
	return nil
}

// percent is how much longer a took than b, in percent.
func percent(a, b time.Duration) float64 { return 100 * (float64(a)/float64(b) - 1) }
