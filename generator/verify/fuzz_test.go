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
