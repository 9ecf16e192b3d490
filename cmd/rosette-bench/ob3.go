package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"rosette/generator/content"
	"rosette/generator/sign"
	"rosette/generator/synth"
	"rosette/generator/vc"
)

// measureOB3 compares signed builds that publish Open Badges 3.0 too with
// signed builds that publish 2.0 only, on the same synthetic site: its
// issuer has an RSA and an Ed25519 key and every award a status index
// (given by rosette assign-status, which is timed); the 2.0-only builds
// are given the RSA private key alone, and build a copy of the site, with
// its own signature cache. It reports the first 3.0 build (empty
// signature cache) and with -first2 the first 2.0-only one, then warm
// rebuilds into the
// previous output and, with -fresh, warm builds into fresh directories,
// alternating (ABBA), with medians and peak RSS.
func measureOB3(c config, bin, work string, n int, out io.Writer) error {
	dir := filepath.Join(work, fmt.Sprint(n), "ob3")
	site := filepath.Join(dir, "site")
	site2 := filepath.Join(dir, "site-2")
	only2 := filepath.Join(dir, "rsa.pem") // outside the site, as rosette requires
	both := filepath.Join(dir, "both.pem")
	if c.reuse != "" {
		for _, p := range []string{site, site2, only2, both, filepath.Join(dir, "first-3"), filepath.Join(dir, "first-2")} {
			if _, err := os.Stat(p); err != nil {
				return fmt.Errorf("-reuse: %v: not the work directory of an earlier -ob3 -keep run of %d awards", err, n)
			}
		}
		return warmOB3(c, bin, dir, site, site2, []string{"--signing-key", both}, []string{"--signing-key", only2}, n, out)
	}
	if _, err := synth.Write(site, synth.Options{Awards: n, Seed: c.seed}); err != nil {
		return err
	}
	key, err := sign.GenerateKey(sign.MinBits + 1024)
	if err != nil {
		return err
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	rsaPEM, err := sign.EncodePrivateKey(key)
	if err != nil {
		return err
	}
	edPEM, err := vc.EncodeEd25519PrivateKey(edKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(only2, rsaPEM, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(both, append(rsaPEM, edPEM...), 0o600); err != nil {
		return err
	}
	pub, err := sign.EncodePublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(site, "content", "issuers", "synth-academy.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n[[key]]\nid = \"bench\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_pem = \"\"\"\n%s\"\"\"\n\n[[ed25519_key]]\nid = \"bench\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_multibase = %q\n",
		pub, content.FormatMultikey(edKey.Public().(ed25519.PublicKey)))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	start := time.Now()
	if out, err := exec.Command(bin, "assign-status", "-s", site).CombinedOutput(); err != nil {
		return fmt.Errorf("rosette assign-status: %v\n%s", err, out)
	}
	fmt.Fprintf(out, "ob3, %d awards: rosette assign-status: %s\n", n, round(time.Since(start)))
	// Each kind of build keeps its own signature cache, in its own copy of
	// the site: a cache keeps only the signatures its last build used. The
	// 2.0-only copy starts from the cache of the first 3.0 build, which
	// holds every signature it needs, unless -first2 asks for its own
	// first signing build too.
	if err := os.CopyFS(site2, os.DirFS(site)); err != nil {
		return err
	}
	args2, args3 := []string{"--signing-key", only2}, []string{"--signing-key", both}
	if c.first2 {
		d2, rss2, cpu2, err := runBuild(bin, site2, filepath.Join(dir, "first-2"), args2...)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "ob3, %d awards: first signed build, 2.0 only (signs every assertion): %s (CPU %s, peak RSS %s)\n", n, round(d2), round(cpu2), mb(rss2))
	}
	d3, rss3, cpu3, err := runBuild(bin, site, filepath.Join(dir, "first-3"), args3...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ob3, %d awards: first signed build with 3.0 (signs every assertion, credential and VC-JWT): %s (CPU %s, peak RSS %s)\n", n, round(d3), round(cpu3), mb(rss3))
	if !c.first2 {
		cache := filepath.Join(content.CacheDir, "signatures")
		data, err := os.ReadFile(filepath.Join(site, cache))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(site2, cache)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(site2, cache), data, 0o600); err != nil {
			return err
		}
		if _, _, _, err := runBuild(bin, site2, filepath.Join(dir, "first-2"), args2...); err != nil {
			return err
		}
	}
	return warmOB3(c, bin, dir, site, site2, args3, args2, n, out)
}

// warmOB3 compares warm rebuilds of the 3.0 site (built with args3) and
// the 2.0-only copy (args2) that measureOB3 made in dir.
func warmOB3(c config, bin, dir, site, site2 string, args3, args2 []string, n int, out io.Writer) error {
	// Rebuilds into the previous output, as after an edit (see
	// measureSigned): the second build of each kind finds no spare tree
	// yet and the third reuses the output of the first; neither counts.
	again := func(kind string) func(int) string {
		return func(int) string { return filepath.Join(dir, kind) }
	}
	for range 2 {
		if _, _, _, err := runBuild(bin, site, again("first-3")(0), args3...); err != nil {
			return err
		}
		if _, _, _, err := runBuild(bin, site2, again("first-2")(0), args2...); err != nil {
			return err
		}
	}
	if err := compareBuilds(c.runs, bin, site, site2, args3, args2, again("first-3"), again("first-2"), fmt.Sprintf("ob3, %d awards, warm cache, rebuilt into the previous output, 2.0 + 3.0", n), "2.0 only", false, out, c.each()); err != nil {
		return err
	}
	if !c.fresh {
		return nil
	}
	fresh := func(kind string) func(int) string {
		return func(i int) string { return filepath.Join(dir, fmt.Sprintf("%s-%d", kind, i)) }
	}
	return compareBuilds(c.runs, bin, site, site2, args3, args2, fresh("with-3"), fresh("only-2"), fmt.Sprintf("ob3, %d awards, warm cache, into fresh directories, 2.0 + 3.0", n), "2.0 only", false, out, c.each())
}
