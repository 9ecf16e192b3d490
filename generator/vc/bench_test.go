package vc

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"rosette/generator/sign"
)

// cpuPerOp reports the process's CPU time per operation of the benchmark
// (call it before the loop; it reports when the benchmark ends).
func cpuPerOp(b *testing.B) {
	start := processCPU()
	b.Cleanup(func() {
		if used := processCPU() - start; used > 0 && b.N > 0 {
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	})
}

func BenchmarkCanonicalize(b *testing.B) {
	doc := []byte(testCredential)
	cpuPerOp(b)
	for b.Loop() {
		if _, err := Canonicalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignEdDSA(b *testing.B) {
	doc, key := []byte(testCredential), edKey(b)
	created := time.Unix(1709285400, 0)
	cpuPerOp(b)
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
	cpuPerOp(b)
	for b.Loop() {
		if err := VerifyEdDSA(signed, resolve); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignJWT signs with a key of the size rosette keygen makes.
func BenchmarkSignJWT(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, sign.Bits)
	if err != nil {
		b.Fatal(err)
	}
	signed, err := SignEdDSA([]byte(testCredential), edKey(b), testVM, time.Unix(1709285400, 0))
	if err != nil {
		b.Fatal(err)
	}
	cpuPerOp(b)
	for b.Loop() {
		if _, err := SignJWT(signed, key, "https://badges.example.org/keys/acme-rsa.json"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyJWT(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, sign.Bits)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := SignJWT([]byte(testCredential), key, "kid")
	if err != nil {
		b.Fatal(err)
	}
	cpuPerOp(b)
	for b.Loop() {
		if _, err := VerifyJWT(tok, &key.PublicKey); err != nil {
			b.Fatal(err)
		}
	}
}
