package vc

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
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
