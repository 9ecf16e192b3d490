package render

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/internal/usage"
	"rosette/generator/ob"
	"rosette/generator/synth"
	"rosette/generator/vc"
	"rosette/themes"
)

// ob3SitePublicKey is the RSA public key of the issuer of ob3Site, fixed
// so that every run does the same work.
const ob3SitePublicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2lwDlEJLFxPD51SI06VR
6uiKeeKAEBQ69CMAbKE+mT7B8KAX7StRflEGzKF5iAmaNucKC4YYvsP4fxbuWKFD
q/oA7oZMkYW+FMEZimyZhJkPX/6caf34B7+UHW0gIiSOMVD6LxDejEc/ak4ygUHj
uObgq1n31MFfel7LNWqNe7uOyPH+mm0roIlnCKFuBd1yyQRkXHtiHf64mPX0nnUp
VI7HLYCWgc3/iZPrO2iOUN5ipiNwgSbURyCDx30ndAmKmC2MXSxPMTrFSUzOHjkv
d/ZglC7RxRcfnAlEAkt/ILHI36vV6tJvYn7cnKigWh78p3Oi+WtoNrd3JMcCKfsJ
JwIDAQAB
-----END PUBLIC KEY-----
`

// ob3Site is a synthetic site of n awards whose issuer has an RSA and an
// Ed25519 key and every award a status index, with its pages; ob3 tells
// whether the issuer publishes Open Badges 3.0.
func ob3Site(tb testing.TB, n int, ob3 bool) (*Pages, *content.Site) {
	tb.Helper()
	root := tb.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	edPub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	f := filepath.Join(root, "content/issuers/synth-academy.toml")
	data, err := os.ReadFile(f)
	if err != nil {
		tb.Fatal(err)
	}
	data = fmt.Appendf(data, "\n[[key]]\nid = \"k1\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_pem = \"\"\"\n%s\"\"\"\n\n[[ed25519_key]]\nid = \"k1\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_multibase = %q\n",
		ob3SitePublicKey, vc.EncodeMultikey(edPub))
	if err := os.WriteFile(f, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	for i, a := range s.Awards {
		a.StatusIndex, a.HasStatusIndex = 1000+i*7, true
	}
	th, err := Open(themes.Default())
	if err != nil {
		tb.Fatal(err)
	}
	p := New(th, s, ob.New(s), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	p.Signing = map[string]bool{"synth-academy": true}
	if ob3 {
		p.Credentials = map[string]bool{"synth-academy": true}
	}
	return p, s
}

// BenchmarkAwardPageOB3 makes award pages (their data and the default
// theme's page) of a signing issuer that publishes Open Badges 2.0 only
// and 2.0 and 3.0: the difference is what 3.0 adds to an award page.
func BenchmarkAwardPageOB3(b *testing.B) {
	for _, kind := range []string{"2.0", "3.0"} {
		b.Run(kind, func(b *testing.B) {
			p, s := ob3Site(b, 200, kind == "3.0")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				a := s.Awards[i%len(s.Awards)]
				i++
				if _, err := p.Theme.Bytes(p.Award(a)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The two kinds alternate, 50 pages of one then 50 of the other, so
	// that the load of a shared machine falls on both alike; the CPU time
	// of this process is what is compared (wall time where it is not
	// known), and 3.0-added is what 3.0 adds to a page.
	b.Run("alternate", func(b *testing.B) {
		const block = 50
		p2, s2 := ob3Site(b, 200, false)
		p3, s3 := ob3Site(b, 200, true)
		now := usage.CPU
		if now() == 0 {
			start := time.Now()
			now = func() time.Duration { return time.Since(start) }
		}
		var t2, t3 time.Duration
		i := 0
		for b.Loop() {
			for k, p := range []*Pages{p2, p3} {
				awards := []*content.Site{s2, s3}[k].Awards
				start := now()
				for j := range block {
					if _, err := p.Theme.Bytes(p.Award(awards[(i*block+j)%len(awards)])); err != nil {
						b.Fatal(err)
					}
				}
				if k == 0 {
					t2 += now() - start
				} else {
					t3 += now() - start
				}
			}
			i++
		}
		pages := float64(i * block)
		b.ReportMetric(float64(t2.Nanoseconds())/pages, "ns/2.0-page")
		b.ReportMetric(float64(t3.Nanoseconds())/pages, "ns/3.0-page")
		b.ReportMetric(float64((t3-t2).Nanoseconds())/pages, "ns/3.0-added")
	})
}

// BenchmarkQRSVG makes the QR code SVGs of credential URLs.
func BenchmarkQRSVG(b *testing.B) {
	var q qrEncoder
	urls := make([]string, 200)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://badges.example.org/credentials/%016x.json", uint64(i)*0x9e3779b97f4a7c15)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q.svg(urls[i%len(urls)], "QR code")
		i++
	}
}
