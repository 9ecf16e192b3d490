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
	"rosette/generator/sign"
	"rosette/generator/synth"
	"rosette/generator/vc"
)

// BenchmarkWarmRebuildOB3 compares warm signed rebuilds (signature cache
// and output reuse warmed by a first build) of a synthetic site of 2,000
// awards (ROSETTE_REBUILD_AWARDS: another number) published as 2.0 only and as 2.0 + 3.0, each into a fresh
// destination, and reports the CPU time of a rebuild. With
// ROSETTE_REBUILD_PROFILE=prefix it writes the CPU profile of the
// rebuilds alone (not of the first build) to prefix-2.0.pprof and
// prefix-3.0.pprof.
func BenchmarkWarmRebuildOB3(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("ROSETTE_REBUILD_AWARDS")); err == nil && v > 0 {
		n = v
	}
	rk := signingTestKeys(&testing.T{})[0]
	root := b.TempDir()
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
	for _, c := range []struct {
		name string
		ed   []ed25519.PrivateKey
	}{{"2.0", nil}, {"3.0", []ed25519.PrivateKey{testEdKey}}} {
		b.Run(c.name, func(b *testing.B) {
			site := filepath.Join(b.TempDir(), "site")
			if err := os.CopyFS(site, os.DirFS(root)); err != nil {
				b.Fatal(err)
			}
			out := b.TempDir()
			build := func(i int) {
				opts := Options{Source: site, Destination: filepath.Join(out, fmt.Sprint(i)), Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: c.ed}
				if _, err := Build(opts); err != nil {
					b.Fatal(err)
				}
			}
			build(0)
			if p := os.Getenv("ROSETTE_REBUILD_PROFILE"); p != "" {
				f, err := os.Create(p + "-" + c.name + ".pprof")
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					b.Fatal(err)
				}
				defer pprof.StopCPUProfile()
			}
			i, cpu := 0, processCPU()
			for b.Loop() {
				i++
				build(i)
			}
			if cpu := processCPU() - cpu; cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(i), "CPU-s/op")
			}
		})
	}
}
