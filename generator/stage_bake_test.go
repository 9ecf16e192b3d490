package generator

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rosette/generator/bake"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/sign"
)

func renderSite(t *testing.T, root string, keys ...*rsa.PrivateKey) (*content.Site, *memPublisher) {
	t.Helper()
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	out := &memPublisher{}
	if err := Render(s, out, Options{Source: root, SigningKeys: keys}); err != nil {
		t.Fatal(err)
	}
	return s, out
}

var (
	testKeyOnce sync.Once
	testKeys    [2]*rsa.PrivateKey
)

func signingTestKeys(t *testing.T) [2]*rsa.PrivateKey {
	testKeyOnce.Do(func() {
		for i := range testKeys {
			k, err := sign.GenerateKey(sign.MinBits)
			if err != nil {
				panic(err)
			}
			testKeys[i] = k
		}
	})
	return testKeys
}

// addKey appends a [[key]] table for k to an issuer file of a site copy.
func addKey(t *testing.T, root, issuer, id string, created time.Time, k *rsa.PrivateKey) {
	t.Helper()
	pub, err := sign.EncodePublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(root, "content/issuers", issuer+".toml")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data = fmt.Appendf(data, "\n[[key]]\nid = %q\ncreated = %s\npublic_key_pem = \"\"\"\n%s\"\"\"\n", id, created.Format(time.RFC3339), pub)
	writeFile(t, f, string(data))
}

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <!-- a disc -->
  <circle cx="50" cy="50" r="48" fill="#2a6f97"/>
</svg>
`

func TestRenderBakesHostedAwards(t *testing.T) {
	root := copyExampleSite(t)
	writeFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), testSVG)
	s, out := renderSite(t, root)
	for _, a := range s.Awards {
		b := s.Badge(a.Badge)
		pngPath := ob.BakedImagePath(a.ID, "png")
		svgPath := ob.BakedImagePath(a.ID, "svg")
		if a.Revoked {
			if out.files[pngPath] != nil || out.files[svgPath] != nil {
				t.Errorf("revoked award %s has a baked image", a.ID)
			}
			continue
		}
		hosted := out.files[ob.AssertionPath(a.ID)]
		var doc ob.Assertion
		if err := json.Unmarshal(hosted, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Image != s.Config.BaseURL+pngPath {
			t.Errorf("%s: image %q, want the baked PNG", a.ID, doc.Image)
		}
		text, err := bake.UnbakePNG(out.files[pngPath])
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if text != string(hosted) {
			t.Errorf("%s: baked PNG does not carry the hosted JSON", a.ID)
		}
		if (b.SVG != nil) != (out.files[svgPath] != nil) {
			t.Errorf("%s: baked SVG present = %v, badge SVG = %v", a.ID, out.files[svgPath] != nil, b.SVG != nil)
		}
		if b.SVG != nil {
			verify, js, err := bake.UnbakeSVG(out.files[svgPath])
			if err != nil {
				t.Fatal(err)
			}
			if verify != doc.ID || string(js) != strings.TrimSpace(string(hosted)) {
				t.Errorf("%s: baked SVG carries %q %q", a.ID, verify, js)
			}
			if bytes.Contains(out.files[svgPath], []byte("<!-- a disc -->")) {
				t.Errorf("%s: the badge SVG was not minified before baking", a.ID)
			}
		}
		if out.files[ob.SignedAssertionPath(a.ID)] != nil {
			t.Errorf("%s: signed without a key", a.ID)
		}
	}
	// Same input, same bytes.
	_, again := renderSite(t, root)
	for p, data := range out.files {
		if !bytes.Equal(again.files[p], data) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

func TestRenderSignsAwards(t *testing.T) {
	keys := signingTestKeys(t)
	root := copyExampleSite(t)
	old, cur := keys[0], keys[1]
	addKey(t, root, "riverbend", "2024", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), old)
	addKey(t, root, "riverbend", "2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), cur)

	// Without the private key: hosted only, keys published.
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	signingSummary(s, nil, nil, &res)
	if res.Signed != 0 || fmt.Sprint(res.HostedOnly) != "[riverbend]" {
		t.Errorf("summary without key: %+v", res)
	}
	// Signing with the replaced key is refused.
	if err := Render(s, &memPublisher{}, Options{SigningKeys: []*rsa.PrivateKey{old}}); err == nil || !strings.Contains(err.Error(), `key "2024", which key "2025" has replaced`) {
		t.Errorf("render with the old key: %v", err)
	}

	s, out := renderSite(t, root, cur)
	base := s.Config.BaseURL
	var profile ob.Profile
	json.Unmarshal(out.files[ob.IssuerPath("riverbend")], &profile)
	wantKeys := []string{base + "keys/riverbend/2024.json", base + "keys/riverbend/2025.json"}
	if fmt.Sprint(profile.PublicKey) != fmt.Sprint(wantKeys) {
		t.Errorf("profile publicKey %v, want %v", profile.PublicKey, wantKeys)
	}
	for i, k := range []*rsa.PrivateKey{old, cur} {
		var doc ob.CryptographicKey
		if err := json.Unmarshal(out.files[ob.KeyPath("riverbend", []string{"2024", "2025"}[i])], &doc); err != nil {
			t.Fatal(err)
		}
		pub, err := sign.ParsePublicKey(doc.PublicKeyPem)
		if err != nil || !sign.SamePublicKey(pub, &k.PublicKey) || doc.Owner != profile.ID || doc.ID != wantKeys[i] || doc.Type != "CryptographicKey" {
			t.Errorf("key document %d: %+v %v", i, doc, err)
		}
	}
	signed := 0
	for _, a := range s.Awards {
		jws := out.files[ob.SignedAssertionPath(a.ID)]
		if a.Revoked {
			if jws != nil {
				t.Errorf("revoked award %s signed", a.ID)
			}
			continue
		}
		signed++
		payload, err := sign.Verify(string(jws), &cur.PublicKey)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		var doc ob.Assertion
		json.Unmarshal(payload, &doc)
		if doc.Verification.Type != "SignedBadge" || doc.Verification.Creator != wantKeys[1] || doc.ID != base+ob.AssertionPath(a.ID) {
			t.Errorf("%s: signed assertion %+v", a.ID, doc)
		}
		if text, err := bake.UnbakePNG(out.files[ob.BakedImagePath(a.ID, "png")]); err != nil || text != string(jws) {
			t.Errorf("%s: baked PNG does not carry the JWS: %v", a.ID, err)
		}
	}
	signingSummary(s, []*rsa.PrivateKey{cur}, nil, &res)
	if res.Signed != signed {
		t.Errorf("summary counts %d signed, want %d", res.Signed, signed)
	}
	var list ob.RevocationList
	json.Unmarshal(out.files[ob.RevocationListPath("riverbend")], &list)
	if len(list.RevokedAssertions) != 1 || list.RevokedAssertions[0].ID != base+"assertions/zsjqdfbcwxugd95s.json" {
		t.Errorf("revocation list %+v", list.RevokedAssertions)
	}
}

func TestLoadChecksKeys(t *testing.T) {
	root := copyExampleSite(t)
	f := filepath.Join(root, "content/issuers/riverbend.toml")
	data, _ := os.ReadFile(f)
	writeFile(t, f, string(data)+`
[[key]]
id = "Bad Id"
created = 2025-01-01T00:00:00Z
public_key_pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
`)
	_, err := Load(Options{Source: root})
	if err == nil {
		t.Fatal("bad key accepted")
	}
	n := strings.Count(string(data), "\n") // the lines before the key
	for _, want := range []string{fmt.Sprintf(`riverbend.toml:%d:6: key id "Bad Id" is not a lowercase slug`, n+3), fmt.Sprintf(`riverbend.toml:%d:18: public_key_pem: unreadable public key`, n+5)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors %v\nwant %q", err, want)
		}
	}
}
