package verify_test

import (
	"bufio"
	"context"
	"crypto/rsa"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rosette/generator"
	"rosette/generator/sign"
	"rosette/generator/verify"
)

const base = "https://badges.riverbend.example.org/"

// clock is the time the example site is verified at.
var clock = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// overlay serves some URLs from memory and the rest from a Fetcher.
type overlay struct {
	files map[string]string // URL → body; "410" serves HTTP 410
	next  verify.Fetcher
}

func (o overlay) Fetch(ctx context.Context, u string) (*verify.Response, error) {
	if body, ok := o.files[u]; ok {
		if body == "410" {
			return &verify.Response{Status: http.StatusGone}, nil
		}
		return &verify.Response{Status: http.StatusOK, Body: []byte(body)}, nil
	}
	return o.next.Fetch(ctx, u)
}

// builtSite is the example site built once per test binary, signed with
// key (riverbend's only key, "k1").
type builtSite struct {
	dir        string // signed build
	hostedDir  string // the same site built without the private key
	key, other *rsa.PrivateKey
	recipients map[string]string // award id → plaintext email
}

var (
	siteOnce sync.Once
	site     builtSite
	siteErr  error
	siteTmp  string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if siteTmp != "" {
		os.RemoveAll(siteTmp)
	}
	os.Exit(code)
}

func exampleBuild(t *testing.T) *builtSite {
	t.Helper()
	siteOnce.Do(func() { siteErr = buildSite() })
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return &site
}

func buildSite() error {
	tmp, err := os.MkdirTemp("", "rosette-verify-")
	if err != nil {
		return err
	}
	siteTmp = tmp
	root := filepath.Join(tmp, "site")
	src := filepath.Join("..", "..", "content")
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(src), p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		return err
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="48" fill="#2a6f97"/></svg>`
	if err := os.WriteFile(filepath.Join(root, "content/badges/git-foundations.svg"), []byte(svg), 0o644); err != nil {
		return err
	}
	if site.key, err = sign.GenerateKey(sign.MinBits); err != nil {
		return err
	}
	if site.other, err = sign.GenerateKey(sign.MinBits); err != nil {
		return err
	}
	pub, _ := sign.EncodePublicKey(&site.key.PublicKey)
	f, err := os.OpenFile(filepath.Join(root, "content/issuers/riverbend.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "\n[[key]]\nid = \"k1\"\ncreated = 2025-01-01T00:00:00Z\npublic_key_pem = \"\"\"\n%s\"\"\"\n", pub)
	f.Close()
	site.dir = filepath.Join(tmp, "public")
	if _, err := generator.Build(generator.Options{Source: root, Destination: site.dir, SigningKeys: []*rsa.PrivateKey{site.key}}); err != nil {
		return err
	}
	site.hostedDir = filepath.Join(tmp, "hosted")
	if _, err := generator.Build(generator.Options{Source: root, Destination: site.hostedDir}); err != nil {
		return err
	}
	rf, err := os.Open(filepath.Join("..", "testdata", "example-recipients.txt"))
	if err != nil {
		return err
	}
	defer rf.Close()
	site.recipients = make(map[string]string)
	sc := bufio.NewScanner(rf)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && !strings.HasPrefix(f[0], "#") {
			site.recipients[f[0]] = f[1]
		}
	}
	return sc.Err()
}

func (s *builtSite) fetcher() verify.Fetcher {
	return verify.Map{{Prefix: base, Dir: s.dir}}
}

func (s *builtSite) read(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// exampleVerdicts is what every award of the example site must get at
// clock.
var exampleVerdicts = map[string]string{
	"zsjqdfbcwxugd95s": verify.Revoked,
	"53pd9varw8tsjkin": verify.Expired,
	"2mrk3tioy2v4xeb3": verify.Expired,
}

func TestExampleSiteVerdicts(t *testing.T) {
	s := exampleBuild(t)
	for _, signed := range []bool{true, false} {
		dir := s.dir
		if !signed {
			dir = s.hostedDir
		}
		fetcher := verify.Map{{Prefix: base, Dir: dir}}
		read := func(p string) []byte {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
		entries, err := os.ReadDir(filepath.Join(dir, "assertions"))
		if err != nil {
			t.Fatal(err)
		}
		n, svgs := 0, 0
		for _, e := range entries {
			id, ok := strings.CutSuffix(e.Name(), ".json")
			if !ok {
				continue
			}
			n++
			want := exampleVerdicts[id]
			if want == "" {
				want = verify.Valid
			}
			opts := verify.Options{Fetcher: fetcher, Now: clock, Recipient: s.recipients[id]}
			inputs := map[string][]byte{"url": []byte(base + "assertions/" + id + ".json"), "json": read("assertions/" + id + ".json")}
			if want != verify.Revoked {
				inputs["png"] = read("assertions/" + id + ".png")
				if signed {
					inputs["jws"] = read("assertions/" + id + ".jws")
				}
				if svg, err := os.ReadFile(filepath.Join(dir, "assertions", id+".svg")); err == nil {
					inputs["svg"] = svg
					svgs++
				}
			}
			for kind, in := range inputs {
				rep := verify.Verify(context.Background(), in, opts)
				if rep.Verdict != want {
					var b strings.Builder
					rep.WriteText(&b)
					t.Errorf("%s from %s (signed build %v): verdict %s, want %s\n%s", id, kind, signed, rep.Verdict, want, b.String())
				}
				if wantSigned := signed && kind != "url" && kind != "json"; rep.Signed != wantSigned {
					t.Errorf("%s from %s (signed build %v): verified as signed = %v", id, kind, signed, rep.Signed)
				}
				if s.recipients[id] != "" && !hasCheck(rep, verify.RuleRecipient, true) && want != verify.Revoked {
					t.Errorf("%s from %s: recipient not matched", id, kind)
				}
			}
		}
		if n != 16 || svgs == 0 {
			t.Errorf("signed build %v: verified %d awards (%d from SVG), want 16 and some SVG", signed, n, svgs)
		}
	}
}

func hasCheck(rep *verify.Report, rule string, ok bool) bool {
	for _, c := range rep.Checks {
		if c.Rule == rule && c.OK == ok {
			return true
		}
	}
	return false
}
