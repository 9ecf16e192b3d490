package generator

import (
	"crypto/rsa"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/judges"
	"rosette/generator/ob"
	"rosette/generator/sign"
)

// interopResult is what testdata/interop.mjs prints.
type interopResult struct {
	Itxt []struct {
		File   string
		Chunks []struct {
			Type       string `json:"type"`
			Keyword    string `json:"keyword"`
			Value      string `json:"value"`
			Language   string `json:"language"`
			Translated string `json:"translated"`
			Compressed bool   `json:"compressed"`
		}
	}
	Bakery []struct{ File, Text, Error string }
	Jose   []struct{ Alg, Payload, Error string }
}

type jwsCase struct {
	JWS string `json:"jws"`
	PEM string `json:"pem"`
}

func runInterop(t *testing.T, node, tools string, cases any) *interopResult {
	t.Helper()
	data, _ := json.Marshal(cases)
	f := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "interop.mjs"), tools, f)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node interop.mjs: %v\n%s", err, stderr.String())
	}
	var res interopResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("interop output: %v\n%s", err, out)
	}
	return &res
}

// TestIndependentImplementations checks baked images and signatures with
// png-itxt, openbadges-bakery and jose.
func TestIndependentImplementations(t *testing.T) {
	node, tools := judges.Node(t, "png-itxt", "openbadges-bakery", "jose")
	key := signingTestKeys(t)[0]
	root := copyExampleSite(t)
	writeFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), testSVG)
	addKey(t, root, "riverbend", "k1", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), key)
	dest := filepath.Join(t.TempDir(), "public")
	hostedDest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: dest, SigningKeys: []*rsa.PrivateKey{key}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: root, Destination: hostedDest}); err != nil {
		t.Fatal(err)
	}
	read := func(dir, p string) string {
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	var pngs, images, want []string
	var jwsCases []jwsCase
	var pemText string
	json.Unmarshal([]byte(read(dest, ob.KeyPath("riverbend", "k1"))), &struct {
		PublicKeyPem *string `json:"publicKeyPem"`
	}{&pemText})
	for _, a := range s.Awards {
		if a.Revoked {
			continue
		}
		hosted := read(hostedDest, ob.AssertionPath(a.ID))
		jws := read(dest, ob.SignedAssertionPath(a.ID))
		_, payload, _ := sign.Decode(jws)
		pngs = append(pngs, filepath.Join(hostedDest, ob.BakedImagePath(a.ID, "png")))
		images = append(images, filepath.Join(hostedDest, ob.BakedImagePath(a.ID, "png")), filepath.Join(dest, ob.BakedImagePath(a.ID, "png")))
		want = append(want, hosted, jws)
		if a.Badge == "git-foundations" {
			images = append(images, filepath.Join(hostedDest, ob.BakedImagePath(a.ID, "svg")), filepath.Join(dest, ob.BakedImagePath(a.ID, "svg")))
			want = append(want, strings.TrimSpace(hosted), string(payload))
		}
		jwsCases = append(jwsCases, jwsCase{JWS: jws, PEM: pemText})
	}
	res := runInterop(t, node, tools, map[string]any{"itxt": pngs, "bakery": images, "jose": jwsCases})

	if len(res.Itxt) != len(pngs) || len(res.Jose) != len(jwsCases) || len(pngs) == 0 {
		t.Fatalf("interop: %d png-itxt and %d jose results for %d images", len(res.Itxt), len(res.Jose), len(pngs))
	}
	for i, r := range res.Itxt {
		if len(r.Chunks) != 1 {
			t.Errorf("png-itxt: %s: %d openbadges chunks, want 1", r.File, len(r.Chunks))
			continue
		}
		c := r.Chunks[0]
		hosted := read(hostedDest, strings.TrimSuffix(strings.TrimPrefix(pngs[i], hostedDest+string(filepath.Separator)), ".png")+".json")
		if c.Type != "iTXt" || c.Keyword != "openbadges" || c.Compressed || c.Language != "" || c.Translated != "" || c.Value != hosted {
			t.Errorf("png-itxt: %s: read %+v", r.File, c)
		}
	}
	if len(res.Bakery) != len(want) {
		t.Fatalf("openbadges-bakery: %d results for %d images", len(res.Bakery), len(want))
	}
	for i, r := range res.Bakery {
		if r.Error != "" || r.Text != want[i] {
			t.Errorf("openbadges-bakery: %s: got %q (%s), want %.60q…", r.File, r.Text, r.Error, want[i])
		}
	}
	for i, r := range res.Jose {
		_, payload, _ := sign.Decode(jwsCases[i].JWS)
		if r.Error != "" || r.Alg != "RS256" || r.Payload != string(payload) {
			t.Errorf("jose: JWS %d: %+v", i, r)
		}
	}
	// And a forged one is refused.
	forged := runInterop(t, node, tools, map[string]any{"jose": []jwsCase{{JWS: resignedForTest(t, jwsCases[0].JWS), PEM: pemText}}})
	if forged.Jose[0].Error == "" {
		t.Errorf("jose accepted a JWS signed with another key")
	}
}

func resignedForTest(t *testing.T, jws string) string {
	_, payload, _ := sign.Decode(jws)
	out, err := sign.Sign(signingTestKeys(t)[1], payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
