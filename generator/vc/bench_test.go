package vc

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"rosette/generator/internal/usage"
	"rosette/generator/sign"
)

// cpuPerOp reports the process's CPU time per operation of the benchmark
// (call it before the loop; it reports when the benchmark ends).
func cpuPerOp(b *testing.B) {
	start := usage.CPU()
	b.Cleanup(func() {
		if used := usage.CPU() - start; used > 0 && b.N > 0 {
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

// fullCredential is an OpenBadgeCredential with everything an award can
// carry: issuer profile, achievement with image, criteria, tags,
// alignments and creator, identifier, evidence, status, validity.
const fullCredential = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "https://badges.example.org/credentials/k3j5h2q8w1.json",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Go 101",
  "issuer": {
    "id": "did:web:badges.example.org:issuers:acme",
    "type": ["Profile"],
    "name": "Acme Academy",
    "url": "https://acme.example.org/",
    "email": "badges@acme.example.org",
    "description": "Courses for working programmers.",
    "image": {"id": "https://badges.example.org/issuers/acme.png", "type": "Image"}
  },
  "validFrom": "2024-03-01T00:00:00Z",
  "validUntil": "2026-03-01T00:00:00Z",
  "awardedDate": "2024-03-01T00:00:00Z",
  "credentialStatus": {
    "id": "https://badges.example.org/issuers/acme/status.json#94567",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "94567",
    "statusListCredential": "https://badges.example.org/issuers/acme/status.json"
  },
  "evidence": [
    {"id": "https://github.com/example/project", "type": ["Evidence"], "name": "Final project", "description": "A command-line tool with tests."}
  ],
  "credentialSubject": {
    "id": "urn:uuid:6a1c3f5e-8b2d-4e7f-9a0c-1d2e3f4a5b6c",
    "type": ["AchievementSubject"],
    "narrative": "Completed all exercises and the final project.",
    "identifier": [{
      "type": "IdentityObject",
      "identityHash": "sha256$0f6a1d9b3c5e7a2f4d6b8c0e1a3f5d7b9c1e3a5f7d9b1c3e5a7f9d1b3c5e7a9f",
      "identityType": "emailAddress",
      "hashed": true,
      "salt": "9f8e7d6c5b4a"
    }],
    "achievement": {
      "id": "https://badges.example.org/badges/go-101.json",
      "type": ["Achievement"],
      "name": "Go 101",
      "description": "Writes, tests and ships small Go programs.",
      "achievementType": "Course",
      "criteria": {"id": "https://badges.example.org/badges/go-101/", "narrative": "Pass the final project review."},
      "image": {"id": "https://badges.example.org/badges/go-101.png", "type": "Image", "caption": "Go 101 badge"},
      "tag": ["go", "programming", "testing"],
      "alignment": [
        {"type": ["Alignment"], "targetName": "Programming fundamentals", "targetUrl": "https://framework.example.org/prog", "targetFramework": "Example Framework", "targetCode": "PF-1"}
      ],
      "creator": {"id": "did:web:badges.example.org:issuers:acme", "type": ["Profile"], "name": "Acme Academy"}
    }
  }
}`

func BenchmarkSignEdDSAFull(b *testing.B) {
	doc, key := []byte(fullCredential), edKey(b)
	created := time.Unix(1709285400, 0)
	cpuPerOp(b)
	for b.Loop() {
		if _, err := SignEdDSA(doc, key, testVM, created); err != nil {
			b.Fatal(err)
		}
	}
}
