package generator

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"rosette/generator/edit"
	"rosette/generator/internal/usage"
	"rosette/generator/sign"
	"rosette/generator/synth"
	"rosette/generator/vc"
)

// BenchmarkWarmRebuildOB3 compares warm signed rebuilds (signature cache
// and output reuse warmed by earlier builds) of a synthetic site of 2,000
// awards (ROSETTE_REBUILD_AWARDS: another number) published as 2.0 only
// and as 2.0 + 3.0, each rebuilt into its previous output as a rebuild
// after an edit is (ROSETTE_REBUILD_FRESH=1: each into a fresh
// destination). The two kinds alternate, which goes first changing every
// iteration, so that a shared machine's load falls on both alike; it
// reports the CPU time of a rebuild of each and their ratio.
//
// ROSETTE_REBUILD_DIR=dir keeps the sites, keys, caches and outputs in dir
// and reuses them in the next run, which then starts warm. With
// ROSETTE_REBUILD_PROFILE=prefix it writes the CPU profile of each timed
// rebuild (not of the builds that warm up) to prefix-2.0-N.pprof and
// prefix-3.0-N.pprof (go tool pprof merges them).
func BenchmarkWarmRebuildOB3(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("ROSETTE_REBUILD_AWARDS")); err == nil && v > 0 {
		n = v
	}
	work := os.Getenv("ROSETTE_REBUILD_DIR")
	if work == "" {
		work = b.TempDir()
	}
	rk, warm := rebuildSite(b, work, n)
	fresh := os.Getenv("ROSETTE_REBUILD_FRESH") == "1"
	kinds := []struct {
		name string
		ed   []ed25519.PrivateKey
		cpu  time.Duration
	}{{name: "2.0"}, {name: "3.0", ed: []ed25519.PrivateKey{testEdKey}}}
	build := func(k int, i int) {
		c := &kinds[k]
		dest := filepath.Join(work, c.name, "public")
		if fresh {
			dest = filepath.Join(work, c.name, "fresh", fmt.Sprint(i))
			defer os.RemoveAll(dest)
		}
		opts := Options{Source: filepath.Join(work, c.name, "site"), Destination: dest, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: c.ed}
		if i == 0 {
			if _, err := Build(opts); err != nil {
				b.Fatal(err)
			}
			return
		}
		if p := os.Getenv("ROSETTE_REBUILD_PROFILE"); p != "" {
			f, err := os.Create(fmt.Sprintf("%s-%s-%d.pprof", p, c.name, i))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				b.Fatal(err)
			}
			defer pprof.StopCPUProfile()
		}
		cpu := usage.CPU()
		if _, err := Build(opts); err != nil {
			b.Fatal(err)
		}
		c.cpu += usage.CPU() - cpu
	}
	for range warm {
		build(0, 0)
		build(1, 0)
	}
	i := 0
	for b.Loop() {
		i++
		first := i % 2
		build(first, i)
		build(1-first, i)
	}
	if kinds[0].cpu > 0 {
		b.ReportMetric(kinds[0].cpu.Seconds()/float64(i), "CPU-s/2.0-rebuild")
		b.ReportMetric(kinds[1].cpu.Seconds()/float64(i), "CPU-s/3.0-rebuild")
		b.ReportMetric(kinds[1].cpu.Seconds()/kinds[0].cpu.Seconds(), "3.0/2.0-CPU")
	}
}

// rebuildSite makes (or finds, made by an earlier run) under work a
// synthetic site of n awards whose issuer has an RSA and an Ed25519 key
// and every award a status index, copied to work/2.0/site and
// work/3.0/site, and returns the RSA private key and how many builds of
// each copy warm it up: two for a new site (the first fills the
// signature cache, the second keeps its output as the tree the next one
// reuses), and two for a site found too: its two trees hold files an
// earlier test binary made, which a build of this one makes again, as
// after an upgrade of rosette (the key of kept files holds the
// program's own sum), and which no timed build must do.
func rebuildSite(b *testing.B, work string, n int) (*rsa.PrivateKey, int) {
	keyFile := filepath.Join(work, "rsa.pem")
	if pem, err := os.ReadFile(keyFile); err == nil {
		if _, err := os.Stat(filepath.Join(work, "3.0", "public")); err == nil {
			ks, err := vc.ParsePrivateKeys(pem)
			if err != nil || len(ks.RSA) == 0 {
				b.Fatalf("%s: %v", keyFile, err)
			}
			return ks.RSA[0], 2
		}
	}
	rk := signingTestKeys(&testing.T{})[0]
	root := filepath.Join(work, "source")
	for _, d := range []string{"source", "2.0", "3.0"} { // what an earlier run left unfinished
		if err := os.RemoveAll(filepath.Join(work, d)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := synth.Write(root, synth.Options{Awards: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	pub, err := sign.EncodePublicKey(&rk.PublicKey)
	if err != nil {
		b.Fatal(err)
	}
	f := filepath.Join(root, "content/issuers/synth-academy.toml")
	data, err := os.ReadFile(f)
	if err != nil {
		b.Fatal(err)
	}
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	data = fmt.Appendf(data, "\n[[key]]\nid = \"k1\"\ncreated = %s\npublic_key_pem = \"\"\"\n%s\"\"\"\n\n[[ed25519_key]]\nid = \"k1\"\ncreated = %s\npublic_key_multibase = %q\n",
		created, pub, created, vc.EncodeMultikey(testEdKey.Public().(ed25519.PublicKey)))
	if err := os.WriteFile(f, data, 0o644); err != nil {
		b.Fatal(err)
	}
	s, err := Load(Options{Source: root})
	if err != nil {
		b.Fatal(err)
	}
	as, err := edit.AssignStatus(root, s, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	if err := edit.WriteAssigned(root, as); err != nil {
		b.Fatal(err)
	}
	for _, kind := range []string{"2.0", "3.0"} {
		if err := os.CopyFS(filepath.Join(work, kind, "site"), os.DirFS(root)); err != nil {
			b.Fatal(err)
		}
	}
	pem, err := sign.EncodePrivateKey(rk)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem, 0o600); err != nil {
		b.Fatal(err)
	}
	return rk, 2
}
