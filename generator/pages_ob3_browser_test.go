package generator

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"rosette/generator/ob3"
	"rosette/generator/vc"
)

// serveSigned3 builds the example site with both of its issuer's keys
// (Open Badges 2.0 and 3.0) for a server on 127.0.0.1 and serves it. It
// returns the base URL, the output directory and the issuer's RSA key.
func serveSigned3(t *testing.T) (string, string, *rsa.PrivateKey) {
	t.Helper()
	root, rk, ek := signed3Site(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: out, CacheDir: t.TempDir(), BaseURL: base, Clock: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}}); err != nil {
		t.Fatal(err)
	}
	serveDir(t, ln, out)
	return base, out, rk
}

// jwtParts reads the VC-JWT of an award in out: its header and claims.
func jwtParts(t *testing.T, out, id string) (token string, header, claims map[string]any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(ob3.CredentialPath(id, "jwt"))))
	if err != nil {
		t.Fatal(err)
	}
	token = strings.TrimSpace(string(data))
	parts := strings.Split(token, ".")
	for i, v := range []*map[string]any{&header, &claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatal(err)
		}
	}
	return token, header, claims
}

// signJWT signs header and claims (RS256) with k, as a VC-JWT.
func signJWT(t *testing.T, k *rsa.PrivateKey, header, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return vc.AssembleJWT(in, sig)
}

// revokedList returns the issuer's status list in out with the bit of
// the award's index set (the list is not signed again: the page does not
// check its proof).
func revokedList(t *testing.T, out, issuer string, index int) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(ob3.StatusListPath(issuer))))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	subject := doc["credentialSubject"].(map[string]any)
	bits, err := ob3.DecodeStatusList(subject["encodedList"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if set, ok := ob3.StatusBit(bits, index); !ok || set {
		t.Fatalf("status bit %d: set %v, in the list %v", index, set, ok)
	}
	bits[index/8] |= 0x80 >> (index % 8)
	if subject["encodedList"], err = ob3.EncodeStatusList(bits); err != nil {
		t.Fatal(err)
	}
	data, _ = json.Marshal(doc)
	return string(data)
}

// TestOB3CheckInBrowser runs the award page's in-browser check on a site
// that publishes Open Badges 3.0 in headless Chromium: the VC-JWT's
// signature, its key, its claims and the status list, on good awards and
// on awards whose files are tampered with, missing or revoked, and in a
// browser that lacks what the check needs. Set ROSETTE_SCREENSHOTS to a
// directory to keep screenshots of the banner and the steps of each case.
func TestOB3CheckInBrowser(t *testing.T) {
	browserTools(t) // skips without them
	base, out, rk := serveSigned3(t)
	const id = "asvmzxej4hlafbt2"
	page, jwtPath := "/assertions/"+id+"/", "/"+ob3.CredentialPath(id, "jwt")
	token, header, claims := jwtParts(t, out, id)

	type route struct {
		Path   string `json:"path"`
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	type pageCase struct {
		Path   string  `json:"path"`
		Init   string  `json:"init,omitempty"`
		Routes []route `json:"routes,omitempty"`
	}
	jwt := func(body string) []route { return []route{{jwtPath, 200, body}} }

	// One byte of the signature changed.
	sig := []byte(token[strings.LastIndexByte(token, '.')+1:])
	sig[10] ^= 'A' ^ 'B'
	if sig[10] == token[strings.LastIndexByte(token, '.')+1+10] {
		t.Fatal("the signature did not change")
	}
	badSig := token[:strings.LastIndexByte(token, '.')+1] + string(sig)
	// One claim changed, the signature kept.
	parts := strings.Split(token, ".")
	changed := map[string]any{}
	for k, v := range claims {
		changed[k] = v
	}
	changed["sub"] = "urn:uuid:00000000-0000-8000-8000-000000000000"
	c, _ := json.Marshal(changed)
	badClaim := parts[0] + "." + base64.RawURLEncoding.EncodeToString(c) + "." + parts[2]
	// The same claim changed and signed again with the issuer's key: the
	// signature holds, the claims do not match the page.
	resigned := signJWT(t, rk, header, changed)
	// Signed with the issuer's key, but naming a key on another site.
	elsewhere := map[string]any{}
	for k, v := range header {
		elsewhere[k] = v
	}
	elsewhere["kid"] = "https://elsewhere.example/keys/riverbend/k1.jwk.json"
	kidElsewhere := signJWT(t, rk, elsewhere, claims)
	// Another key at the kid's URL.
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherJWK, _ := json.Marshal(map[string]string{"kty": "RSA", "kid": header["kid"].(string), "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(other.N.Bytes()), "e": "AQAB"})
	kidPath := strings.TrimPrefix(header["kid"].(string), strings.TrimSuffix(base, "/"))
	index, err := strconv.Atoi(claims["credentialStatus"].(map[string]any)["statusListIndex"].(string))
	if err != nil {
		t.Fatal(err)
	}

	plan := map[string]pageCase{
		"good":          {Path: page},
		"expired":       {Path: "/assertions/53pd9varw8tsjkin/"},
		"signature":     {Path: page, Routes: jwt(badSig)},
		"claim":         {Path: page, Routes: jwt(badClaim)},
		"claim-signed":  {Path: page, Routes: jwt(resigned)},
		"missing":       {Path: page, Routes: []route{{jwtPath, 404, "not found"}}},
		"wrong-key":     {Path: page, Routes: []route{{kidPath, 200, string(otherJWK)}}},
		"kid-elsewhere": {Path: page, Routes: jwt(kidElsewhere)},
		"revoked":       {Path: page, Routes: []route{{"/" + ob3.StatusListPath("riverbend"), 200, revokedList(t, out, "riverbend", index)}}},
		"no-gzip":       {Path: page, Init: "delete window.DecompressionStream;"},
		"no-rsa": {Path: page, Init: `(() => {
			const importKey = crypto.subtle.importKey.bind(crypto.subtle);
			crypto.subtle.importKey = (format, ...rest) => format === "jwk"
				? Promise.reject(new DOMException("Algorithm: Unrecognized name", "NotSupportedError"))
				: importKey(format, ...rest);
		})();`},
	}
	var rep map[string]struct {
		Status, Verdict, Note, Checked, ClassName, Summary string
		Steps, Errors, Outside                             []string
	}
	runBrowser(t, "ob3.mjs", base, plan, os.Getenv("ROSETTE_SCREENSHOTS"), &rep)
	const (
		all     = "Checked in your browser just now: the Open Badges 2.0 award data, the Open Badges 2.0 signature, the issuer's revocation list, the Open Badges 3.0 credential and signature and the 3.0 status list."
		only2   = "Checked in your browser just now: the Open Badges 2.0 award data, the Open Badges 2.0 signature and the issuer's revocation list."
		no3     = "This browser cannot check the Open Badges 3.0 signature; the Open Badges 2.0 checks do not need it. A current version of Firefox, Chrome, Edge or Safari checks both."
		but3    = "Checked in your browser just now: the Open Badges 2.0 award data, the Open Badges 2.0 signature, the issuer's revocation list and the Open Badges 3.0 credential and signature."
		noGzip  = "This browser cannot read the issuer's Open Badges 3.0 status list; the Open Badges 2.0 revocation list was checked instead."
		sigBad  = "fail: The Open Badges 3.0 signature does not match: the credential has been changed since the issuer signed it."
		sigOK   = "ok: The issuer's signature on the Open Badges 3.0 credential is valid."
		fieldOK = "ok: The Open Badges 3.0 credential matches this page: issuer, badge, recipient and dates."
		listOK  = "ok: The issuer's Open Badges 3.0 status list does not mark this award revoked."
	)
	for name, want := range map[string]struct {
		status, verdict, checked string
		steps                    []string
	}{
		"good":          {"valid", "Valid", all, []string{sigOK, fieldOK, listOK}},
		"expired":       {"expired", "Expired on 18 April 2025", all, []string{sigOK, fieldOK, "warn: The Open Badges 3.0 credential expired on 18 April 2025.", listOK}},
		"signature":     {"invalid", "Not verified", "", []string{sigBad}},
		"claim":         {"invalid", "Not verified", "", []string{sigBad}},
		"claim-signed":  {"invalid", "Not verified", "", []string{sigOK, "fail: The Open Badges 3.0 credential does not match this page (the earner's identifier)."}},
		"missing":       {"unchecked", "Could not be checked right now", "", []string{"warn: The check could not be completed: the Open Badges 3.0 credential is not published at its address any more."}},
		"wrong-key":     {"invalid", "Not verified", "", []string{"fail: The key that signed the Open Badges 3.0 credential is not one the issuer lists in its identity document (DID)."}},
		"kid-elsewhere": {"invalid", "Not verified", "", []string{"fail: The Open Badges 3.0 credential names a key that is not published by this issuer on this site (https://elsewhere.example/keys/riverbend/k1.jwk.json), so its signature cannot be trusted."}},
		"revoked":       {"revoked", "Revoked", all, []string{sigOK, fieldOK, "fail: The issuer's Open Badges 3.0 status list marks this award revoked."}},
		"no-gzip":       {"valid", "Valid", but3 + " " + noGzip, []string{sigOK, fieldOK, "warn: " + noGzip}},
		"no-rsa":        {"valid", "Valid", only2 + " " + no3, []string{"warn: " + no3}},
	} {
		got, ok := rep[name]
		if !ok {
			t.Errorf("%s: no report", name)
			continue
		}
		if got.Status != want.status || got.Verdict != want.verdict || got.Checked != want.checked {
			t.Errorf("%s: check says %s %q, banner %q; want %s %q, banner %q; steps:\n%s", name, got.Status, got.Verdict, got.Checked, want.status, want.verdict, want.checked, strings.Join(got.Steps, "\n"))
		}
		for _, s := range want.steps {
			if !slicesContains(got.Steps, s) {
				t.Errorf("%s: no step %q; steps:\n%s", name, s, strings.Join(got.Steps, "\n"))
			}
		}
		if len(got.Errors) > 0 || len(got.Outside) > 0 {
			t.Errorf("%s: script errors %q, requests leaving the site %q", name, got.Errors, got.Outside)
		}
		for _, s := range append([]string{got.Verdict, got.Note, got.Checked, got.Summary}, got.Steps...) {
			for _, jargon := range []string{"JSON", "JWT", "JWK", "Unexpected", "undefined", "TypeError", "SyntaxError", "HTTP", "Failed to fetch", "Error", "kid", "{"} {
				if strings.Contains(s, jargon) {
					t.Errorf("%s: %q says %q to a person", name, s, jargon)
				}
			}
		}
	}
	// The revoked state says so in the banner, not only in the steps.
	if r := rep["revoked"]; r.ClassName != "verdict verdict-revoked" || !strings.Contains(r.Note, "status list marks this badge as revoked") {
		t.Errorf("revoked by the status list: banner %q, %q", r.ClassName, r.Note)
	}
	if len(rep) != len(plan) {
		t.Errorf("%d cases reported, want %d", len(rep), len(plan))
	}
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
