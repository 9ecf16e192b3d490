package sign

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

var (
	keysOnce sync.Once
	keyA     *rsa.PrivateKey
	keyB     *rsa.PrivateKey
)

// testKeys returns two fixed-for-the-run 2048-bit keys.
func testKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if keyA, err = GenerateKey(MinBits); err != nil {
			panic(err)
		}
		if keyB, err = GenerateKey(MinBits); err != nil {
			panic(err)
		}
	})
	return keyA, keyB
}

const payload = `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://badges.example.org/assertions/a.json"}`

func TestSignVerifyRoundTrip(t *testing.T) {
	a, b := testKeys(t)
	jws, err := Sign(a, []byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verify(jws, &a.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != payload {
		t.Errorf("payload %q, want %q", got, payload)
	}
	again, _ := Sign(a, []byte(payload))
	if again != jws {
		t.Errorf("signing is not deterministic")
	}
	h, p, err := Decode(jws)
	if err != nil || h.Alg != "RS256" || string(p) != payload {
		t.Errorf("Decode = %+v %q %v", h, p, err)
	}
	if _, err := Verify(jws, &b.PublicKey); err == nil {
		t.Errorf("verified with the wrong key")
	}
	parts := strings.Split(jws, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(payload, "a.json", "b.json", 1))) + "." + parts[2]
	if _, err := Verify(tampered, &a.PublicKey); err == nil {
		t.Errorf("verified a changed payload")
	}
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + "."
	if _, err := Verify(none, &a.PublicKey); err == nil {
		t.Errorf("verified alg none")
	}
	hs := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." + parts[1] + "." + parts[2]
	if _, err := Verify(hs, &a.PublicKey); err == nil {
		t.Errorf("verified alg HS256")
	}
	// The same signature in the JSON serialization is not a compact JWS.
	flat := fmt.Sprintf(`{"protected":%q,"payload":%q,"signature":%q}`, parts[0], parts[1], parts[2])
	if _, err := Verify(flat, &a.PublicKey); err == nil || !strings.Contains(err.Error(), "compact") {
		t.Errorf("Verify of a JSON-serialized JWS: %v, want a refusal", err)
	}
}

func TestKeyPEMRoundTrip(t *testing.T) {
	a, _ := testKeys(t)
	priv, err := EncodePrivateKey(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(priv), "-----BEGIN PRIVATE KEY-----\n") {
		t.Errorf("private key PEM starts %q", priv[:30])
	}
	pub, err := EncodePublicKey(&a.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ParsePublicKey(pub)
	if err != nil || !SamePublicKey(pk, &a.PublicKey) {
		t.Fatalf("ParsePublicKey: %v", err)
	}
	if _, err := ParsePublicKey(string(priv)); err == nil {
		t.Errorf("ParsePublicKey accepted a private key")
	}
	if _, err := GenerateKey(1024); err == nil {
		t.Errorf("GenerateKey made a 1024-bit key")
	}
}

func FuzzVerify(f *testing.F) {
	a, _ := testKeys(f)
	jws, _ := Sign(a, []byte(payload))
	f.Add(jws)
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Fuzz(func(t *testing.T, s string) {
		h, p, derr := Decode(s)
		got, err := Verify(s, &a.PublicKey)
		if err != nil {
			return
		}
		// Whatever verifies decodes to the same payload, and is RS256.
		if derr != nil || h.Alg != "RS256" || string(got) != string(p) {
			t.Fatalf("verified %q but Decode gives %+v %q %v", s, h, p, derr)
		}
	})
}

// TestSmallKeysRefused checks that an RSA key below MinBits is refused
// when read, when signing and when verifying, so that a verifier does not
// trust a signature that is cheap to forge.
func TestSmallKeysRefused(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pemText, err := EncodePublicKey(&small.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	const want = "RSA key of 1024 bits; at least 2048 are needed"
	if _, err := ParsePublicKey(pemText); err == nil || err.Error() != want {
		t.Errorf("ParsePublicKey: %v, want %q", err, want)
	}
	if _, err := Sign(small, []byte(`{}`)); err == nil || err.Error() != want {
		t.Errorf("Sign: %v, want %q", err, want)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: small}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	jws, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(jws, &small.PublicKey); err == nil || err.Error() != want {
		t.Errorf("Verify: %v, want %q", err, want)
	}
}

// TestCompactRoundTrip checks that a JWS assembled from the signature of
// another one is byte-identical to it, as the signature cache needs.
func TestCompactRoundTrip(t *testing.T) {
	a, _ := testKeys(t)
	for _, p := range []string{payload, `{"a":"<&>"}`, ""} {
		jws, err := Sign(a, []byte(p))
		if err != nil {
			t.Fatal(err)
		}
		sig, err := Signature(jws)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != a.Size() {
			t.Errorf("signature of %d bytes, want %d", len(sig), a.Size())
		}
		if got := Compact([]byte(p), sig); got != jws {
			t.Errorf("Compact = %s\nwant      %s", got, jws)
		}
		if got := AppendCompact([]byte("x"), []byte(p), sig); string(got) != "x"+jws {
			t.Errorf("AppendCompact = %s\nwant          x%s", got, jws)
		}
	}
	if _, err := Signature("no dots"); err == nil {
		t.Error("Signature accepted a string without dots")
	}
}
