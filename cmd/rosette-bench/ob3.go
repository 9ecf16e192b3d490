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
// its own signature cache. It reports the first build of each
// (empty signature cache for what it signs), then warm rebuilds into fresh
// directories, alternating (ABBA), with medians and peak RSS.
func measureOB3(c config, bin, work string, n int, out io.Writer) error {
	dir := filepath.Join(work, fmt.Sprint(n), "ob3")
	site := filepath.Join(dir, "site")
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
	only2 := filepath.Join(dir, "rsa.pem") // outside the site, as rosette requires
	both := filepath.Join(dir, "both.pem")
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
	// the site: a cache keeps only the signatures its last build used.
	site2 := filepath.Join(dir, "site-2")
	if err := os.CopyFS(site2, os.DirFS(site)); err != nil {
		return err
	}
	args2, args3 := []string{"--signing-key", only2}, []string{"--signing-key", both}
	d2, rss2, cpu2, err := runBuild(bin, site2, filepath.Join(dir, "first-2"), args2...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ob3, %d awards: first signed build, 2.0 only (signs every assertion): %s (CPU %s, peak RSS %s)\n", n, round(d2), round(cpu2), mb(rss2))
	d3, rss3, cpu3, err := runBuild(bin, site, filepath.Join(dir, "first-3"), args3...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ob3, %d awards: first signed build with 3.0 (signs every assertion, credential and VC-JWT): %s (CPU %s, peak RSS %s)\n", n, round(d3), round(cpu3), mb(rss3))
	fresh := func(kind string) func(int) string {
		return func(i int) string { return filepath.Join(dir, fmt.Sprintf("%s-%d", kind, i)) }
	}
	return compareBuilds(c.runs, bin, site, site2, args3, args2, fresh("with-3"), fresh("only-2"), fmt.Sprintf("ob3, %d awards, warm cache, 2.0 + 3.0", n), "2.0 only", false, out)
}
