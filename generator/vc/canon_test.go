package vc

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"
)

func TestCanonicalizeRefuses(t *testing.T) {
	cases := []struct{ name, old, new, want string }{
		{"unknown context", `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`, `"https://example.org/context.json"`, "unknown JSON-LD context"},
		{"inline context", `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`, `{"foo": "https://example.org/foo"}`, "inline @context"},
		{"undefined property", `"name": "Go 101",`, `"name": "Go 101", "nmae": "typo",`, "nmae: not defined"},
		{"undefined nested property", `"narrative": "Write`, `"narative": "Write`, "credentialSubject.achievement.criteria.narative: not defined"},
		{"undefined type", `"type": ["AchievementSubject"]`, `"type": ["AchievementSubject", "Learner"]`, `type "Learner" is not defined`},
		{"property under an undefined type", `"type": ["Achievement"]`, `"type": ["Achievment"]`, "not defined"},
		{"relative id", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "go-101.json"`, "not an absolute IRI"},
		{"long URL", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "https://badges.example.org/` + strings.Repeat("a", 2100) + `"`, "not a URL the canonicalizer accepts"},
		{"malformed host", `"id": "https://badges.example.org/badges/go-101.json"`, `"id": "https://-bad-.example/"`, "not a URL the canonicalizer accepts"},
		{"JSON literal", `"validFrom"`, `"credentialSchema": {"id": "https://badges.example.org/schema.json", "type": "JsonSchema", "jsonSchema": {"a": 1}}, "validFrom"`, "JSON literal"},
		{"control character", `Write *tested* Go.`, `Write \u0008tested Go.`, "control character U+0008"},
		{"DEL", `Write *tested* Go.`, `Write \u007ftested Go.`, "control character U+007F"},
	}
	for _, c := range cases {
		doc := strings.Replace(testCredential, c.old, c.new, 1)
		if doc == testCredential {
			t.Fatalf("%s: nothing replaced", c.name)
		}
		_, err := Canonicalize([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
		if _, err := SignEdDSA([]byte(doc), edKey(t), testVM, time.Unix(0, 0)); err == nil {
			t.Errorf("%s: signed", c.name)
		}
	}
}

func TestCanonicalizeIsStable(t *testing.T) {
	// The parsed contexts, the active context and the proof template are
	// shared between calls and goroutines: a call must not change them.
	first, err := Canonicalize([]byte(testCredential))
	if err != nil {
		t.Fatal(err)
	}
	key := edKey(t)
	signed, err := SignEdDSA([]byte(testCredential), key, testVM, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				got, err := Canonicalize([]byte(testCredential))
				if err != nil || !bytes.Equal(got, first) {
					t.Errorf("canonical form changed: %v", err)
					return
				}
				s, err := SignEdDSA([]byte(testCredential), key, testVM, time.Unix(0, 0))
				if err != nil || !bytes.Equal(s, signed) {
					t.Errorf("signature changed: %v", err)
					return
				}
				if err := VerifyEdDSA(s, resolver(key.Public().(ed25519.PublicKey))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestValidText(t *testing.T) {
	for _, s := range []string{"", "plain", "tab\tnew\nline\r", "ünïcødé 日本 🎖", "quote \" back \\", "\u0080\u009f\u2028"} {
		if err := ValidText(s); err != nil {
			t.Errorf("ValidText(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"\x00", "a\bb", "\f", "\x1f", "\x7f", "\xff"} {
		if err := ValidText(s); err == nil {
			t.Errorf("ValidText(%q) accepted it", s)
		}
	}
}

// TestJSONGoldProtectedTerms checks the JSON-LD processor refuses to
// redefine a protected term of the embedded contexts (Canonicalize refuses
// inline contexts before that, so this is the second line of defence).
func TestJSONGoldProtectedTerms(t *testing.T) {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader{}
	opts.SafeMode = true
	doc := map[string]any{
		"@context": []any{ContextCredentialsV2, map[string]any{"name": "https://evil.example/name"}},
		"type":     "VerifiableCredential",
		"name":     "x",
	}
	_, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	var e *ld.JsonLdError
	if !errors.As(err, &e) || e.Code != ld.ProtectedTermRedefinition {
		t.Errorf("redefining a protected term: %v", err)
	}
}

// clique returns testCredential with n blank-node achievements, each
// related to all the others: the shape that makes RDFC-1.0 take factorial
// time.
func clique(n int) []byte {
	var nodes []any
	for i := range n {
		var rel []any
		for k := range n {
			if k != i {
				rel = append(rel, map[string]any{"id": "_:b" + itoa(k)})
			}
		}
		nodes = append(nodes, map[string]any{"id": "_:b" + itoa(i), "type": "Achievement", "related": rel})
	}
	nb, _ := json.Marshal(nodes)
	return []byte(strings.Replace(testCredential, `"achievement": {`, `"achievement": `+string(nb)+`, "result": {`, 1))
}

func TestCanonicalizeBoundsBlankNodes(t *testing.T) {
	if _, err := Canonicalize(clique(3)); err != nil {
		t.Errorf("three alike blank nodes: %v", err)
	}
	start := time.Now()
	_, err := Canonicalize(clique(12))
	if err == nil || !strings.Contains(err.Error(), "12 blank nodes look alike") {
		t.Errorf("twelve alike blank nodes: err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing took %v", d)
	}
	// Identical evidence is alike too, but cheap.
	ev := strings.Repeat(`{"type": ["Evidence"], "name": "same"},`, 6)
	doc := strings.Replace(testCredential, `"credentialSubject": {`, `"evidence": [`+strings.TrimSuffix(ev, ",")+`], "credentialSubject": {`, 1)
	if _, err := Canonicalize([]byte(doc)); err != nil {
		t.Errorf("six identical evidence objects: %v", err)
	}
}

// TestCanonicalizeBounded checks that the largest documents the bounds let
// through are canonicalized in bounded time, and larger ones refused at
// once.
func TestCanonicalizeBounded(t *testing.T) {
	evidence := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"type": ["Evidence"], "name": "evidence ` + itoa(i) + `", "narrative": "n"}`)
		}
		return b.String()
	}
	tags := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"tag ` + itoa(i) + `"`)
		}
		return b.String()
	}
	withEvidence := func(ev, tg string) []byte {
		doc := strings.Replace(testCredential, `"credentialSubject": {`, `"evidence": [`+ev+`], "credentialSubject": {`, 1)
		return []byte(strings.Replace(doc, `"name": "Go 101",
      "description"`, `"name": "Go 101", "tag": [`+tg+`],
      "description"`, 1))
	}
	start := time.Now()
	if _, err := Canonicalize(withEvidence(evidence(1000), tags(1000))); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the largest arrays took %v", d)
	}
	for name, doc := range map[string][]byte{
		"1001 evidence": withEvidence(evidence(1001), tags(1)),
		"1001 tags":     withEvidence(evidence(1), tags(1001)),
		"10001 values":  withEvidence(evidence(1000)+`], "x": [`+evidence(1000)+`], "y": [1`, tags(1)),
	} {
		start := time.Now()
		_, err := Canonicalize(doc)
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("%s: err = %v", name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: refusing took %v", name, d)
		}
	}
}

// TestProofTemplate compares the canonical form of proof configurations
// taken from the template with json-gold's, for many values and contexts.
func TestProofTemplate(t *testing.T) {
	contexts := []any{
		[]any{ContextCredentialsV2, ContextOpenBadgesV3},
		[]any{ContextCredentialsV2},
		ContextCredentialsV2,
		[]any{ContextCredentialsV2, ContextOpenBadgesV3, ContextDataIntegrity2},
		[]any{ContextDataIntegrity2},
	}
	created := []string{"2024-03-01T09:30:00Z", "2010-01-01T19:23:24Z", "2024-03-01T09:30:00.123456789Z",
		"2024-03-01T09:30:00+05:30", "not a date", "", "ünïcødé", "a\"b", "a\\b", "a\nb", "\x01"}
	methods := []string{testVM, "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
		"did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", "https://-bad-.example/#k", "_:b0", "relative#k",
		"urn:rosette:probe-method", "https://example.org/" + strings.Repeat("a", 2100)}
	n := 0
	for _, ctx := range contexts {
		for _, c := range created {
			for _, m := range methods {
				p := proof{Type: ProofType, Created: c, VerificationMethod: m, Cryptosuite: Cryptosuite, ProofPurpose: ProofPurpose}
				got, gotErr := proofCanonical(ctx, p)
				want, wantErr := canonicalize(proofConfig(ctx, p))
				if got != want || (gotErr == nil) != (wantErr == nil) {
					t.Errorf("context %v, created %q, method %.40q:\ntemplate: %s (%v)\njson-gold: %s (%v)", ctx, c, m, got, gotErr, want, wantErr)
				}
				if wantErr == nil {
					n++
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d configurations canonicalized", n)
	}
}
