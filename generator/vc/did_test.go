package vc

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

func TestParsePublicJWK(t *testing.T) {
	key := rsaKey(t)
	k, kid, err := ParsePublicJWK(PublicJWK(&key.PublicKey, "kid-1"))
	if err != nil || !k.Equal(&key.PublicKey) || kid != "kid-1" {
		t.Fatalf("round trip: %v %q", err, kid)
	}
	good := string(PublicJWK(&key.PublicKey, "k"))
	for name, c := range map[string]struct{ jwk, want string }{
		"private": {strings.Replace(good, `"kty"`, `"d":"AQAB","kty"`, 1), "private member"},
		"EC":      {strings.Replace(good, `"kty":"RSA"`, `"kty":"EC"`, 1), "kty"},
		"alg":     {strings.Replace(good, `"RS256"`, `"PS256"`, 1), "alg"},
		"use":     {strings.Replace(good, `"sig"`, `"enc"`, 1), "use"},
		"small":   {`{"kty":"RSA","n":"AQAB","e":"AQAB"}`, "bits"},
		"e":       {strings.Replace(good, `"AQAB"`, `"Ag"`, 1), "exponent"},
		"n":       {strings.Replace(good, `"n":"`, `"n":"!`, 1), "n is not"},
	} {
		_, _, err := ParsePublicJWK([]byte(c.jwk))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", name, err, c.want)
		}
	}
}

func TestDIDKeys(t *testing.T) {
	ed := edKey(t)
	pub := ed.Public().(ed25519.PublicKey)
	rk := rsaKey(t)
	doc := didDocument(pub, &rk.PublicKey)
	const did = "did:web:badges.example.org:issuers:acme"
	got, err := DIDEd25519Key(doc, testVM)
	if err != nil || !got.Equal(pub) {
		t.Fatalf("DIDEd25519Key: %v", err)
	}
	rsaGot, err := DIDRSAKey(doc, did+"#key-rsa")
	if err != nil || !rsaGot.Equal(&rk.PublicKey) {
		t.Fatalf("DIDRSAKey: %v", err)
	}
	if _, err := DIDEd25519Key(doc, did+"#key-rsa"); err == nil {
		t.Error("DIDEd25519Key read the RSA key")
	}
	if _, err := DIDRSAKey(doc, testVM); err == nil {
		t.Error("DIDRSAKey read the Ed25519 key")
	}
	// With the document as the resolver, VerifyEdDSA checks a credential.
	signed, err := SignEdDSA([]byte(testCredential), ed, testVM, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	resolve := func(vm string) (ed25519.PublicKey, error) { return DIDEd25519Key(doc, vm) }
	if err := VerifyEdDSA(signed, resolve); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ old, new, want string }{
		"not an assertion method": {`"assertionMethod":["` + testVM + `",`, `"assertionMethod":[`, "does not list"},
		"other controller":        {`"controller":"` + did + `","id":"` + testVM + `"`, `"controller":"did:web:evil","id":"` + testVM + `"`, "controlled by"},
		"unknown method":          {`"id":"` + testVM + `"`, `"id":"` + did + `#other"`, "no verification method"},
	} {
		bad := bytes.Replace(doc, []byte(c.old), []byte(c.new), 1)
		if bytes.Equal(bad, doc) {
			t.Fatalf("%s: nothing replaced in %s", name, doc)
		}
		_, err := DIDEd25519Key(bad, testVM)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", name, err, c.want)
		}
	}
}
