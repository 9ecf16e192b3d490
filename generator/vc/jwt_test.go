package vc

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"rosette/generator/sign"
)

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

// rs256 signs input with key, as SignJWT does.
func rs256(t *testing.T, key *rsa.PrivateKey, input string) []byte {
	t.Helper()
	h := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return sig
}
