package generator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
	"testing"
)

// jwsCases makes compact JWS, RS256 and ES256, for the page script's
// signature check: each case is a JWS, the PEM public key to check it
// with, and the answer the script must give.
func jwsCases(t *testing.T, id string) (cases map[string]map[string]string, want map[string]string) {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	payload := b64([]byte(`{"id":"` + id + `","type":"Assertion"}`))
	pemOf := func(pub any) string {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signRSA := func() string {
		in := b64([]byte(`{"alg":"RS256"}`)) + "." + payload
		sum := sha256.Sum256([]byte(in))
		sig, err := rsa.SignPKCS1v15(rand.Reader, rsaKey, crypto.SHA256, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		return in + "." + b64(sig)
	}
	signEC := func() string {
		in := b64([]byte(`{"alg":"ES256"}`)) + "." + payload
		sum := sha256.Sum256([]byte(in))
		r, s, err := ecdsa.Sign(rand.Reader, ecKey, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		sig := make([]byte, 64)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:])
		return in + "." + b64(sig)
	}
	rs, es := signRSA(), signEC()
	otherPayload := b64([]byte(`{"id":"https://elsewhere.example/a.json","type":"Assertion"}`))
	esParts := strings.Split(es, ".")
	cases = map[string]map[string]string{
		"rs256":        {"jws": rs, "pem": pemOf(&rsaKey.PublicKey)},
		"es256":        {"jws": es, "pem": pemOf(&ecKey.PublicKey)},
		"wrong key":    {"jws": es, "pem": pemOf(&otherKey.PublicKey)},
		"payload swap": {"jws": esParts[0] + "." + otherPayload + "." + esParts[2], "pem": pemOf(&ecKey.PublicKey)},
		"not a JWS":    {"jws": "abc.def", "pem": pemOf(&ecKey.PublicKey)},
		"alg none":     {"jws": b64([]byte(`{"alg":"none"}`)) + "." + payload + ".", "pem": pemOf(&ecKey.PublicKey)},
	}
	want = map[string]string{
		"rs256": "ok " + id, "es256": "ok " + id,
		"wrong key": "error the signature does not match", "payload swap": "error the signature does not match",
		"not a JWS": "error not a compact JWS", "alg none": "error unsupported algorithm none",
	}
	return cases, want
}
