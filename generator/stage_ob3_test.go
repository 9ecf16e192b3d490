package generator

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/bake"
	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/internal/sigcache"
	"rosette/generator/ob3"
	"rosette/generator/vc"
)

// testEdKey is a fixed Ed25519 key for the tests.
var testEdKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// signed3Site copies the example site, gives its issuer an RSA and an
// Ed25519 key and every award a status index, and returns its root and
// the private keys.
func signed3Site(t *testing.T) (string, *rsa.PrivateKey, ed25519.PrivateKey) {
	t.Helper()
	root := copyExampleSite(t)
	rk := signingTestKeys(t)[0]
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	addKey(t, root, "riverbend", "k1", created, rk)
	f := filepath.Join(root, "content/issuers/riverbend.toml")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data = fmt.Appendf(data, "\n[[ed25519_key]]\nid = \"k1\"\ncreated = %s\npublic_key_multibase = %q\n", created.Format(time.RFC3339), vc.EncodeMultikey(testEdKey.Public().(ed25519.PublicKey)))
	writeFile(t, f, string(data))
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	as, err := edit.AssignStatus(root, s, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := edit.WriteAssigned(root, as); err != nil {
		t.Fatal(err)
	}
	return root, rk, testEdKey
}

// build3 builds a signed 3.0 site into a fresh directory with the given
// signature cache (nil: none).
func build3(t *testing.T, root string, rk *rsa.PrivateKey, ek ed25519.PrivateKey, cache *sigcache.Cache) map[string][]byte {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if cache == nil {
		var err error
		if cache, err = sigcache.Open(filepath.Join(t.TempDir(), "none")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Build(Options{Source: root, Destination: dest, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}, SignatureCache: cache}); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dest)
}

// TestBuildOB3 checks every 3.0 output of a signed build: each credential
// conforms to the schema and its proof verifies with the key its DID
// document lists; the VC-JWT verifies with the JWK its kid names and
// carries the same credential; both baked images carry it; a revoked
// award's URL serves a notice and its bit is set in the signed status
// list. A rebuild from the signature cache gives the same bytes as a
// build that signs everything.
func TestBuildOB3(t *testing.T) {
	root, rk, ek := signed3Site(t)
	writeFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), testSVG)
	cache, err := sigcache.Open(filepath.Join(t.TempDir(), "signatures"))
	if err != nil {
		t.Fatal(err)
	}
	out := build3(t, root, rk, ek, cache)
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	g := ob3.New(newRenderer(s, nil, Options{}, hooks{}).graph)
	sch, err := ob3.CompileSchema()
	if err != nil {
		t.Fatal(err)
	}
	var did ob3.DIDDocument
	if err := json.Unmarshal(out[ob3.DIDPath("riverbend")], &did); err != nil {
		t.Fatalf("DID document: %v", err)
	}
	resolve := func(m string) (ed25519.PublicKey, error) {
		for _, vm := range did.VerificationMethod {
			if vm.ID == m && vm.Type == "Multikey" {
				return vc.DecodeMultikey(vm.PublicKeyMultibase)
			}
		}
		return nil, fmt.Errorf("no method %s", m)
	}
	list := out[ob3.StatusListPath("riverbend")]
	if err := vc.VerifyEdDSA(list, resolve); err != nil {
		t.Fatalf("status list: %v", err)
	}
	var sl ob3.StatusListCredential
	json.Unmarshal(list, &sl)
	bits, err := ob3.DecodeStatusList(sl.CredentialSubject.EncodedList)
	if err != nil || len(bits)*8 != content.StatusListSize {
		t.Fatalf("status list of %d entries: %v", len(bits)*8, err)
	}
	revoked, svgs := 0, 0
	for _, a := range s.Awards {
		cred := out[ob3.CredentialPath(a.ID, "json")]
		if set, _ := ob3.StatusBit(bits, a.StatusIndex); set != a.Revoked {
			t.Errorf("%s: status bit %v, revoked %v", a.ID, set, a.Revoked)
		}
		if a.Revoked {
			revoked++
			if !bytes.Contains(cred, []byte(`"revoked": true`)) || out[ob3.CredentialPath(a.ID, "jwt")] != nil || out[ob3.CredentialPath(a.ID, "png")] != nil {
				t.Errorf("%s: revoked, but serves %s", a.ID, cred)
			}
			continue
		}
		if err := sch.Validate(cred); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
		if err := vc.VerifyEdDSA(cred, resolve); err != nil {
			t.Errorf("%s: proof: %v", a.ID, err)
		}
		var c struct {
			ID    string
			Proof struct{ Created string }
		}
		json.Unmarshal(cred, &c)
		if c.ID != g.URL(ob3.CredentialPath(a.ID, "json")) || c.Proof.Created != a.Issued.UTC().Format(time.RFC3339) {
			t.Errorf("%s: id %s, proof created %s", a.ID, c.ID, c.Proof.Created)
		}
		token := string(out[ob3.CredentialPath(a.ID, "jwt")])
		kid := g.KeyID("riverbend", "k1")
		if !strings.Contains(token, ".") || out[strings.TrimPrefix(kid, g.Base)] == nil {
			t.Fatalf("%s: no VC-JWT, or no JWK at its kid %s", a.ID, kid)
		}
		payload, err := vc.VerifyJWT(token, &rk.PublicKey)
		if err != nil {
			t.Errorf("%s: VC-JWT: %v", a.ID, err)
		}
		var x, y any
		json.Unmarshal(payload, &x)
		json.Unmarshal(cred, &y)
		if fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("%s: the VC-JWT carries another credential", a.ID)
		}
		fresh, err := vc.SignJWT(bytes.TrimSpace(cred), rk, kid)
		if err != nil || fresh != token {
			t.Errorf("%s: the VC-JWT is not what vc.SignJWT makes: %v", a.ID, err)
		}
		if got, err := bake.UnbakeCredentialPNG(out[ob3.CredentialPath(a.ID, "png")]); err != nil || got != string(bytes.TrimSpace(cred)) {
			t.Errorf("%s: baked PNG: %v", a.ID, err)
		}
		if img := out[ob3.CredentialPath(a.ID, "svg")]; img != nil {
			svgs++
			if got, err := bake.UnbakeCredentialSVG(img); err != nil || got != string(bytes.TrimSpace(cred)) {
				t.Errorf("%s: baked SVG: %v", a.ID, err)
			}
		}
	}
	for _, a := range s.Awards {
		page := string(out["assertions/"+a.ID+"/index.html"])
		credURL := g.URL(ob3.CredentialPath(a.ID, "json"))
		if !strings.Contains(page, "Published as Open Badges 2.0 and Open Badges 3.0") {
			t.Errorf("%s: the page does not say it is published in 3.0", a.ID)
		}
		if wallet := strings.Contains(page, `id="wallet-title"`) && strings.Contains(page, `href="`+credURL+`" download`) &&
			strings.Contains(page, "QR code: link to this award&#39;s Open Badges 3.0 credential"); wallet == a.Revoked {
			t.Errorf("%s (revoked %v): the page offers the credential for a wallet: %v", a.ID, a.Revoked, wallet)
		}
	}
	if revoked == 0 || svgs == 0 {
		t.Errorf("%d revoked awards and %d SVGs checked", revoked, svgs)
	}
	if err := cache.Save(); err != nil {
		t.Fatal(err)
	}
	warm := build3(t, root, rk, ek, cache)
	cold := build3(t, root, rk, ek, nil)
	for name, other := range map[string]map[string][]byte{"warm": warm, "uncached": cold} {
		if d := diffTrees(other, out); len(d) > 0 {
			t.Errorf("%s rebuild differs: %v", name, d[:min(len(d), 5)])
		}
	}
}
