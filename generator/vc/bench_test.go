package vc

import (
	"crypto/ed25519"
	"testing"
	"time"
)

func BenchmarkCanonicalize(b *testing.B) {
	doc := []byte(testCredential)
	for b.Loop() {
		if _, err := Canonicalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignEdDSA(b *testing.B) {
	doc, key := []byte(testCredential), edKey(b)
	created := time.Unix(1709285400, 0)
	for b.Loop() {
		if _, err := SignEdDSA(doc, key, testVM, created); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyEdDSA(b *testing.B) {
	key := edKey(b)
	signed, err := SignEdDSA([]byte(testCredential), key, testVM, time.Unix(1709285400, 0))
	if err != nil {
		b.Fatal(err)
	}
	resolve := resolver(key.Public().(ed25519.PublicKey))
	for b.Loop() {
		if err := VerifyEdDSA(signed, resolve); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignJWT(b *testing.B) {
	key := rsaKey(b)
	signed, err := SignEdDSA([]byte(testCredential), edKey(b), testVM, time.Unix(1709285400, 0))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := SignJWT(signed, key, "https://badges.example.org/keys/acme-rsa.json"); err != nil {
			b.Fatal(err)
		}
	}
}
