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

	"rosette/generator/sign"
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
		{"long URL", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "https://badges.example.org/` + strings.Repeat("a", 2100) + `"`, "not a URL the canonicalizer accepts"},
		{"malformed host", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "https://-bad-.example/"`, "not a URL the canonicalizer accepts"},
		{"JSON literal", `"validFrom"`, `"credentialSchema": {"id": "https://badges.example.org/schema.json", "type": "JsonSchema", "jsonSchema": {"a": 1}}, "validFrom"`, "JSON literal"},
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

// clique returns testCredential with n blank-node achievements, each
// related to all the others: the shape that makes RDFC-1.0 take factorial
// time.
func clique(n int) []byte {
	var nodes []any
	for i := range n {
		var rel []any
		for k := range n {
			if k != i {
				rel = append(rel, map[string]any{"id": "_:b" + itoa(k)})
			}
		}
		nodes = append(nodes, map[string]any{"id": "_:b" + itoa(i), "type": "Achievement", "related": rel})
	}
	nb, _ := json.Marshal(nodes)
	return []byte(strings.Replace(testCredential, `"achievement": {`, `"achievement": `+string(nb)+`, "result": {`, 1))
}

func TestCanonicalizeBoundsBlankNodes(t *testing.T) {
	if _, err := Canonicalize(clique(3)); err != nil {
		t.Errorf("three alike blank nodes: %v", err)
	}
	start := time.Now()
	_, err := Canonicalize(clique(12))
	if err == nil || !strings.Contains(err.Error(), "12 blank nodes look alike") {
		t.Errorf("twelve alike blank nodes: err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing took %v", d)
	}
	// Identical evidence is alike too, but cheap.
	ev := strings.Repeat(`{"type": ["Evidence"], "name": "same"},`, 6)
	doc := strings.Replace(testCredential, `"credentialSubject": {`, `"evidence": [`+strings.TrimSuffix(ev, ",")+`], "credentialSubject": {`, 1)
	if _, err := Canonicalize([]byte(doc)); err != nil {
		t.Errorf("six identical evidence objects: %v", err)
	}
}

// TestCanonicalizeBounded checks that the largest documents the bounds let
// through are canonicalized in bounded time, and larger ones refused at
// once.
func TestCanonicalizeBounded(t *testing.T) {
	evidence := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"type": ["Evidence"], "name": "evidence ` + itoa(i) + `", "narrative": "n"}`)
		}
		return b.String()
	}
	tags := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"tag ` + itoa(i) + `"`)
		}
		return b.String()
	}
	withEvidence := func(ev, tg string) []byte {
		doc := strings.Replace(testCredential, `"credentialSubject": {`, `"evidence": [`+ev+`], "credentialSubject": {`, 1)
		return []byte(strings.Replace(doc, `"name": "Go 101",
      "description"`, `"name": "Go 101", "tag": [`+tg+`],
      "description"`, 1))
	}
	start := time.Now()
	if _, err := Canonicalize(withEvidence(evidence(1000), tags(1000))); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the largest arrays took %v", d)
	}
	for name, doc := range map[string][]byte{
		"1001 evidence": withEvidence(evidence(1001), tags(1)),
		"1001 tags":     withEvidence(evidence(1), tags(1001)),
		"10001 values":  withEvidence(evidence(1000)+`], "x": [`+evidence(1000)+`], "y": [1`, tags(1)),
	} {
		start := time.Now()
		_, err := Canonicalize(doc)
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("%s: err = %v", name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: refusing took %v", name, d)
		}
	}
}

// TestProofTemplate compares the canonical form of proof configurations
// taken from the template with json-gold's, for many values and contexts.
func TestProofTemplate(t *testing.T) {
	contexts := []any{
		[]any{ContextCredentialsV2, ContextOpenBadgesV3},
		[]any{ContextCredentialsV2},
		ContextCredentialsV2,
		[]any{ContextCredentialsV2, ContextOpenBadgesV3, ContextDataIntegrity2},
		[]any{ContextDataIntegrity2},
	}
	created := []string{"2024-03-01T09:30:00Z", "2010-01-01T19:23:24Z", "2024-03-01T09:30:00.123456789Z",
		"2024-03-01T09:30:00+05:30", "not a date", "", "ünïcødé", "a\"b", "a\\b", "a\nb", "\x01"}
	methods := []string{testVM, "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
		"did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", "https://-bad-.example/#k", "_:b0", "relative#k",
		"urn:rosette:probe-method", "https://example.org/" + strings.Repeat("a", 2100)}
	n := 0
	for _, ctx := range contexts {
		for _, c := range created {
			for _, m := range methods {
				p := proof{Type: ProofType, Created: c, VerificationMethod: m, Cryptosuite: Cryptosuite, ProofPurpose: ProofPurpose}
				got, gotErr := proofCanonical(ctx, p)
				want, wantErr := canonicalize(proofConfig(ctx, p))
				if got != want || (gotErr == nil) != (wantErr == nil) {
					t.Errorf("context %v, created %q, method %.40q:\ntemplate: %s (%v)\njson-gold: %s (%v)", ctx, c, m, got, gotErr, want, wantErr)
				}
				if wantErr == nil {
					n++
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d configurations canonicalized", n)
	}
}

// TestReassemble checks that proofs and signatures kept from an earlier
// build give the same bytes as signing again.
func TestReassemble(t *testing.T) {
	created := time.Unix(1709285400, 0)
	signed, err := SignEdDSA([]byte(testCredential), edKey(t), testVM, created)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := ProofValue(signed)
	if err != nil {
		t.Fatal(err)
	}
	again, err := AttachProof([]byte(testCredential), testVM, created, pv)
	if err != nil || !bytes.Equal(again, signed) {
		t.Errorf("AttachProof differs from SignEdDSA: %v\n%s\n%s", err, again, signed)
	}
	if _, err := AttachProof([]byte(testCredential), testVM, created, "not multibase"); err == nil {
		t.Error("AttachProof took a proofValue that is not multibase")
	}
	if _, err := ProofValue([]byte(testCredential)); err == nil {
		t.Error("ProofValue of an unsigned document")
	}
	key := rsaKey(t)
	tok, err := SignJWT(signed, key, "kid")
	if err != nil {
		t.Fatal(err)
	}
	input, err := JWTSigningInput(signed, "kid")
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sign.Signature(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got := AssembleJWT(input, sig); got != tok {
		t.Errorf("AssembleJWT differs from SignJWT:\n%s\n%s", got, tok)
	}
}
