package vc

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"
)

// testCredential is an OpenBadgeCredential like the ones rosette makes.
const testCredential = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "https://badges.example.org/credentials/k3j5h2.json",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Go 101",
  "issuer": {
    "id": "did:web:badges.example.org:issuers:acme",
    "type": ["Profile"],
    "name": "Acme \"Academy\" \\ ünïcødé 日本",
    "url": "https://acme.example.org/"
  },
  "validFrom": "2024-03-01T00:00:00Z",
  "validUntil": "2026-03-01T00:00:00Z",
  "credentialSubject": {
    "id": "urn:uuid:6a1c3f5e-8b2d-4e7f-9a0c-1d2e3f4a5b6c",
    "type": ["AchievementSubject"],
    "identifier": [{
      "type": "IdentityObject",
      "identityHash": "sha256$0f6a1d9b3c5e7a2f4d6b8c0e1a3f5d7b9c1e3a5f7d9b1c3e5a7f9d1b3c5e7a9f",
      "identityType": "emailAddress",
      "hashed": true,
      "salt": "s4lt"
    }],
    "achievement": {
      "id": "https://badges.example.org/badges/go-101.json",
      "type": ["Achievement"],
      "name": "Go 101",
      "description": "Line one\nline two\ttabbed\r\nwindows",
      "criteria": {"narrative": "Write *tested* Go."}
    }
  }
}`

const testVM = "did:web:badges.example.org:issuers:acme#key-1"

var (
	testRSAOnce sync.Once
	testRSA     *rsa.PrivateKey
)

func rsaKey(t testing.TB) *rsa.PrivateKey {
	testRSAOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testRSA = k
	})
	return testRSA
}

func edKey(t testing.TB) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
}

func resolver(pub ed25519.PublicKey) func(string) (ed25519.PublicKey, error) {
	return func(vm string) (ed25519.PublicKey, error) {
		if vm != testVM {
			return nil, errors.New("unknown verification method")
		}
		return pub, nil
	}
}

func TestSignVerifyEdDSA(t *testing.T) {
	key := edKey(t)
	created := time.Date(2024, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	signed, err := SignEdDSA([]byte(testCredential), key, testVM, created)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := SignEdDSA([]byte(testCredential), key, testVM, created)
	if !bytes.Equal(signed, again) {
		t.Fatal("signing twice gave different bytes")
	}
	if !bytes.Contains(signed, []byte(`"created": "2024-03-01T08:30:00Z"`)) {
		t.Errorf("created not written in UTC to the second:\n%s", signed)
	}
	pub := key.Public().(ed25519.PublicKey)
	if err := VerifyEdDSA(signed, resolver(pub)); err != nil {
		t.Fatalf("VerifyEdDSA: %v", err)
	}
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32)).Public().(ed25519.PublicKey)
	if err := VerifyEdDSA(signed, resolver(other)); err == nil {
		t.Error("verified with another key")
	}
	tampered := []struct{ name, old, new string }{
		{"name", `"name": "Go 101"`, `"name": "Go 102"`},
		{"subject", `6a1c3f5e`, `6a1c3f5f`},
		{"description", `line two`, `line 2`},
		{"validUntil", `2026-03-01T00:00:00Z`, `2027-03-01T00:00:00Z`},
		{"created", `2024-03-01T08:30:00Z`, `2024-03-01T08:30:01Z`},
		{"type", `"OpenBadgeCredential"`, `"EndorsementCredential"`},
		{"added property", `"name": "Go 101",`, `"name": "Go 101", "description": "extra",`},
	}
	for _, c := range tampered {
		bad := bytes.Replace(signed, []byte(c.old), []byte(c.new), 1)
		if bytes.Equal(bad, signed) {
			t.Fatalf("%s: nothing replaced", c.name)
		}
		if err := VerifyEdDSA(bad, resolver(pub)); err == nil {
			t.Errorf("tampered %s verified", c.name)
		}
	}
}

func TestVerifyEdDSARefuses(t *testing.T) {
	key := edKey(t)
	pub := key.Public().(ed25519.PublicKey)
	signed, err := SignEdDSA([]byte(testCredential), key, testVM, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, old, new, want string }{
		{"cryptosuite", `"eddsa-rdfc-2022"`, `"eddsa-jcs-2022"`, "cryptosuite"},
		{"purpose", `"assertionMethod"`, `"authentication"`, "proofPurpose"},
		{"foreign key", `did:web:badges.example.org:issuers:acme#key-1`, `did:web:evil.example:issuers:acme#key-1`, "not a key of the issuer"},
		{"duplicate key", `"name": "Go 101",`, `"name": "Go 101", "name": "Go 102",`, "duplicate key"},
		{"proof value", `"proofValue": "z`, `"proofValue": "u`, "proofValue"},
	}
	for _, c := range cases {
		bad := bytes.Replace(signed, []byte(c.old), []byte(c.new), 1)
		err := VerifyEdDSA(bad, resolver(pub))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
	if err := VerifyEdDSA([]byte(testCredential), resolver(pub)); err == nil || !strings.Contains(err.Error(), "no proof") {
		t.Errorf("unsigned: err = %v", err)
	}
	if _, err := SignEdDSA(signed, key, testVM, time.Unix(0, 0)); err == nil {
		t.Error("signed a document that already has a proof")
	}
}

func TestCanonicalizeRefuses(t *testing.T) {
	cases := []struct{ name, old, new, want string }{
		{"unknown context", `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`, `"https://example.org/context.json"`, "unknown JSON-LD context"},
		{"inline context", `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`, `{"foo": "https://example.org/foo"}`, "inline @context"},
		{"undefined property", `"name": "Go 101",`, `"name": "Go 101", "nmae": "typo",`, "nmae: not defined"},
		{"undefined nested property", `"narrative": "Write`, `"narative": "Write`, "credentialSubject.achievement.criteria.narative: not defined"},
		{"undefined type", `"type": ["AchievementSubject"]`, `"type": ["AchievementSubject", "Learner"]`, `type "Learner" is not defined`},
		{"property under an undefined type", `"type": ["Achievement"]`, `"type": ["Achievment"]`, "not defined"},
		{"relative id", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "go-101.json"`, "not an absolute IRI"},
		{"control character", `Write *tested* Go.`, `Write \u0008tested Go.`, "control character U+0008"},
		{"DEL", `Write *tested* Go.`, `Write \u007ftested Go.`, "control character U+007F"},
	}
	for _, c := range cases {
		doc := strings.Replace(testCredential, c.old, c.new, 1)
		if doc == testCredential {
			t.Fatalf("%s: nothing replaced", c.name)
		}
		_, err := Canonicalize([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
		if _, err := SignEdDSA([]byte(doc), edKey(t), testVM, time.Unix(0, 0)); err == nil {
			t.Errorf("%s: signed", c.name)
		}
	}
}

func TestCanonicalizeIsStable(t *testing.T) {
	// The parsed contexts are shared between calls and goroutines: a call
	// must not change them.
	first, err := Canonicalize([]byte(testCredential))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				got, err := Canonicalize([]byte(testCredential))
				if err != nil || !bytes.Equal(got, first) {
					t.Errorf("canonical form changed: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestValidText(t *testing.T) {
	for _, s := range []string{"", "plain", "tab\tnew\nline\r", "ünïcødé 日本 🎖", "quote \" back \\", "\u0080\u009f\u2028"} {
		if err := ValidText(s); err != nil {
			t.Errorf("ValidText(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"\x00", "a\bb", "\f", "\x1f", "\x7f", "\xff"} {
		if err := ValidText(s); err == nil {
			t.Errorf("ValidText(%q) accepted it", s)
		}
	}
}

func TestSignVerifyJWT(t *testing.T) {
	key := rsaKey(t)
	kid := "https://badges.example.org/keys/acme-rsa.json"
	signedCred, err := SignEdDSA([]byte(testCredential), edKey(t), testVM, time.Unix(1709285400, 0))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := SignJWT(signedCred, key, kid)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := SignJWT(signedCred, key, kid)
	if tok != again {
		t.Error("SignJWT is not deterministic")
	}
	parts := strings.Split(tok, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if want := `{"alg":"RS256","kid":"` + kid + `","typ":"JWT"}`; string(hdr) != want {
		t.Errorf("header %s, want %s", hdr, want)
	}
	pl, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	json.Unmarshal(pl, &claims)
	want := map[string]any{
		"iss": "did:web:badges.example.org:issuers:acme",
		"jti": "https://badges.example.org/credentials/k3j5h2.json",
		"sub": "urn:uuid:6a1c3f5e-8b2d-4e7f-9a0c-1d2e3f4a5b6c",
		"nbf": float64(1709251200),
		"exp": float64(1772323200),
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}
	if _, ok := claims["proof"]; !ok {
		t.Error("the payload lacks the embedded proof")
	}
	got, err := VerifyJWT(tok, &key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	json.Compact(&compact, signedCred)
	if !bytes.Equal(got, compact.Bytes()) {
		t.Errorf("VerifyJWT returned\n%s\nwant\n%s", got, compact.Bytes())
	}
	if err := VerifyEdDSA(got, resolver(edKey(t).Public().(ed25519.PublicKey))); err != nil {
		t.Errorf("the credential from the JWT does not verify: %v", err)
	}

	// No validUntil: no exp.
	noExp := strings.Replace(testCredential, `"validUntil": "2026-03-01T00:00:00Z",`, ``, 1)
	tok2, err := SignJWT([]byte(noExp), key, kid)
	if err != nil {
		t.Fatal(err)
	}
	pl, _ = base64.RawURLEncoding.DecodeString(strings.Split(tok2, ".")[1])
	if bytes.Contains(pl, []byte(`"exp"`)) {
		t.Error("exp without validUntil")
	}
	if _, err := VerifyJWT(tok2, &key.PublicKey); err != nil {
		t.Error(err)
	}
}

// resign signs a changed payload, as an attacker holding the key (or a
// buggy signer) would, to check that VerifyJWT reads the claims.
func resign(t *testing.T, key *rsa.PrivateKey, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	in := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	return in + "." + enc.EncodeToString(rs256(t, key, in))
}

func TestVerifyJWTRefuses(t *testing.T) {
	key := rsaKey(t)
	tok, err := SignJWT([]byte(testCredential), key, "k")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	pl, _ := base64.RawURLEncoding.DecodeString(parts[1])
	hdr := `{"alg":"RS256","kid":"k","typ":"JWT"}`
	cases := []struct{ name, header, old, new, want string }{
		{"iss", hdr, `"iss":"did:web:badges.example.org:issuers:acme"`, `"iss":"did:web:evil"`, "claim iss"},
		{"sub", hdr, `"sub":"urn:uuid:6a1c`, `"sub":"urn:uuid:7a1c`, "claim sub"},
		{"nbf", hdr, `"nbf":1709251200`, `"nbf":1709251201`, "claim nbf"},
		{"exp missing", hdr, `,"exp":1772323200`, ``, "claim exp is missing"},
		{"jti", hdr, `"jti":"https://badges.example.org/credentials/k3j5h2.json"`, `"jti":"x"`, "claim jti"},
		{"alg", `{"alg":"none"}`, `"x"`, `"x"`, "algorithm"},
		{"header member", `{"alg":"RS256","jwk":{}}`, `"x"`, `"x"`, "unexpected header member"},
		{"typ", `{"alg":"RS256","typ":"vc+jwt"}`, `"x"`, `"x"`, "typ"},
	}
	for _, c := range cases {
		p := strings.Replace(string(pl), c.old, c.new, 1)
		if c.old != `"x"` && p == string(pl) {
			t.Fatalf("%s: nothing replaced", c.name)
		}
		_, err := VerifyJWT(resign(t, key, c.header, p), &key.PublicKey)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	if _, err := VerifyJWT(tok, &other.PublicKey); err == nil {
		t.Error("verified with another key")
	}
	flipped := parts[0] + "." + base64.RawURLEncoding.EncodeToString(bytes.Replace(pl, []byte("Go 101"), []byte("Go 102"), 1)) + "." + parts[2]
	if _, err := VerifyJWT(flipped, &key.PublicKey); err == nil {
		t.Error("verified a changed payload")
	}
}

func TestPublicJWK(t *testing.T) {
	key := rsaKey(t)
	j := PublicJWK(&key.PublicKey, "kid-1")
	var m map[string]string
	if err := json.Unmarshal(j, &m); err != nil {
		t.Fatal(err)
	}
	if m["kty"] != "RSA" || m["kid"] != "kid-1" || m["alg"] != "RS256" || m["use"] != "sig" || m["e"] != "AQAB" {
		t.Errorf("JWK %s", j)
	}
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := m[private]; ok {
			t.Errorf("JWK has private member %s", private)
		}
	}
	n, _ := base64.RawURLEncoding.DecodeString(m["n"])
	if !bytes.Equal(n, key.N.Bytes()) {
		t.Error("n differs from the key")
	}
}

func TestMultikeyRoundTrip(t *testing.T) {
	for i := range 20 {
		seed := bytes.Repeat([]byte{byte(i)}, 32)
		k := ed25519.NewKeyFromSeed(seed)
		pub := k.Public().(ed25519.PublicKey)
		s := EncodeMultikey(pub)
		if !strings.HasPrefix(s, "z6Mk") {
			t.Errorf("EncodeMultikey = %s", s)
		}
		if back, err := DecodeMultikey(s); err != nil || !back.Equal(pub) {
			t.Errorf("DecodeMultikey: %v", err)
		}
		if back, err := DecodeSecretMultikey(EncodeSecretMultikey(k)); err != nil || !back.Equal(k) {
			t.Errorf("DecodeSecretMultikey: %v", err)
		}
	}
	for _, bad := range []string{"", "z", "6Mk", "z6Mk0OIl", "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hw", EncodeSecretMultikey(edKey(t))} {
		if _, err := DecodeMultikey(bad); err == nil {
			t.Errorf("DecodeMultikey(%q) accepted it", bad)
		}
	}
	if _, err := DecodeSecretMultikey(EncodeMultikey(edKey(t).Public().(ed25519.PublicKey))); err == nil {
		t.Error("DecodeSecretMultikey accepted a public key")
	}
}

// TestJSONGoldProtectedTerms checks the JSON-LD processor refuses to
// redefine a protected term of the embedded contexts (Canonicalize refuses
// inline contexts before that, so this is the second line of defence).
func TestJSONGoldProtectedTerms(t *testing.T) {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader{}
	opts.SafeMode = true
	doc := map[string]any{
		"@context": []any{ContextCredentialsV2, map[string]any{"name": "https://evil.example/name"}},
		"type":     "VerifiableCredential",
		"name":     "x",
	}
	_, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	var e *ld.JsonLdError
	if !errors.As(err, &e) || e.Code != ld.ProtectedTermRedefinition {
		t.Errorf("redefining a protected term: %v", err)
	}
}
