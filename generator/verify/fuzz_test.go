package verify_test

import (
	"context"
	"testing"
	"time"

	"rosette/generator/verify"
)

// FuzzVerify feeds arbitrary input to the verifier, offline: it must never
// panic, and a report is valid only when every check passed.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://x.example/a.json","verification":{"type":"HostedBadge"}}`))
	f.Add([]byte(`{"verification":{"type":"SignedBadge","creator":1}}`))
	f.Add([]byte("eyJhbGciOiJSUzI1NiJ9.eyJ2ZXJpZmljYXRpb24iOnsidHlwZSI6IlNpZ25lZEJhZGdlIn19.c2ln"))
	f.Add([]byte("https://x.example/a.json"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://x.example/a.json"/></svg>`))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"id":"https://x.example/c.json","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"did:web:x.example:issuers:a","type":["Profile"]},"validFrom":"2025-01-01T00:00:00Z","credentialSubject":{"type":["AchievementSubject"],"identifier":[{"type":"IdentityObject","hashed":true,"identityHash":"sha256$00","identityType":"emailAddress"}],"achievement":{"id":"https://x.example/a.json","type":["Achievement"],"name":"n","description":"d","criteria":{"narrative":"c"}}},"credentialStatus":{"id":"https://x.example/s.json#1","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"1","statusListCredential":"https://x.example/s.json"},"proof":{"type":"DataIntegrityProof"}}`))
	f.Add([]byte("eyJhbGciOiJSUzI1NiIsImtpZCI6Imh0dHBzOi8veC5leGFtcGxlL2suandrLmpzb24iLCJ0eXAiOiJKV1QifQ.eyJpc3MiOiJkaWQ6d2ViOnguZXhhbXBsZSJ9.c2ln"))
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>{}</openbadges:credential></svg>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		m := verify.Map{{Prefix: "https://x.example/", Dir: t.TempDir()}}
		rep := verify.Verify(context.Background(), in, verify.Options{Fetcher: m, Now: time.Unix(0, 0)})
		if rep.Verdict == verify.Valid && len(rep.Failed()) > 0 {
			t.Fatalf("valid with failures: %+v", rep)
		}
		if rep.Verdict == "" {
			t.Fatal("no verdict")
		}
	})
}
