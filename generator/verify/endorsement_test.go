package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/verify"
)

// TestExampleEndorsements verifies every endorsement the example site
// publishes, from its URL and from its JSON.
func TestExampleEndorsements(t *testing.T) {
	s := exampleBuild(t)
	entries, err := os.ReadDir(filepath.Join(s.dir, "endorsements"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		n++
		url := base + "endorsements/" + e.Name()
		for kind, in := range map[string][]byte{"url": []byte(url), "json": s.read(t, "endorsements/"+e.Name())} {
			rep := verify.Verify(context.Background(), in, verify.Options{Fetcher: s.fetcher(), Now: clock})
			if rep.Verdict != verify.Valid || rep.Endorsement != url || !hasCheck(rep, verify.RuleClaim, true) || !hasCheck(rep, verify.RuleNotRevoked, true) {
				var b strings.Builder
				rep.WriteText(&b)
				t.Errorf("%s from %s: verdict %s\n%s", e.Name(), kind, rep.Verdict, b.String())
			}
		}
	}
	if n == 0 {
		t.Fatal("the example site publishes no endorsement")
	}
}

func TestTamperedEndorsements(t *testing.T) {
	s := exampleBuild(t)
	const name = "endorsements/harbor-web-accessibility.json"
	url := base + name
	hosted := s.read(t, name)
	tests := []struct {
		name      string
		input     string
		overrides map[string]string
		rule      string
		verdict   string
	}{
		{name: "changed comment", input: edit(t, hosted, func(m map[string]any) {
			m["claim"].(map[string]any)["endorsementComment"] = "The best badge there is."
		}), rule: verify.RuleHostedCopy},
		{name: "claim of an unpublished object", input: url, rule: verify.RuleClaim,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) {
				m["claim"].(map[string]any)["id"] = base + "badges/no-such-badge.json"
			})}},
		{name: "no claim", input: url, rule: verify.RuleEndorsement,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { delete(m, "claim") })}},
		{name: "issuer of another origin", input: url, rule: verify.RuleHostedScope,
			overrides: map[string]string{
				url: edit(t, hosted, func(m map[string]any) { m["issuer"] = "https://evil.example/issuer.json" }),
				"https://evil.example/issuer.json": edit(t, s.read(t, "issuers/harbor.json"), func(m map[string]any) {
					m["id"] = "https://evil.example/issuer.json"
					m["verification"] = map[string]any{"type": "VerificationObject", "startsWith": "https://evil.example/"}
				}),
			}},
		{name: "id is not the URL", input: url, rule: verify.RuleIDEqualsURL,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["id"] = base + "endorsements/other.json" })}},
		{name: "withdrawn", input: url, rule: verify.RuleNotRevoked, verdict: verify.Revoked,
			overrides: map[string]string{url: `{"@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "id": "` + url + `", "revoked": true, "revocationReason": "The course changed."}`}},
		{name: "in the revocation list", input: url, rule: verify.RuleNotRevoked, verdict: verify.Revoked,
			overrides: map[string]string{base + "revocations/harbor.json": edit(t, s.read(t, "revocations/harbor.json"), func(m map[string]any) {
				m["revokedAssertions"] = []any{map[string]any{"id": url, "revocationReason": "withdrawn"}}
			})}},
		{name: "future date", input: url, rule: verify.RuleIssuedInPast, verdict: verify.NotYetValid,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["issuedOn"] = "2030-01-01T00:00:00Z" })}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := verify.Verify(context.Background(), []byte(tc.input), verify.Options{Fetcher: overlay{files: tc.overrides, next: s.fetcher()}, Now: clock})
			want := tc.verdict
			if want == "" {
				want = verify.Invalid
			}
			if rep.Verdict != want || !hasCheck(rep, tc.rule, false) {
				var b strings.Builder
				rep.WriteText(&b)
				t.Errorf("verdict %s, want %s with rule %s failed\n%s", rep.Verdict, want, tc.rule, b.String())
			}
		})
	}
}

// TestEndorsementCredential verifies the Open Badges 3.0
// EndorsementCredential of an issuer that signs 3.0, from its URL and its
// JSON, and rejects a changed one and one its URL no longer serves.
func TestEndorsementCredential(t *testing.T) {
	_, dir := exampleBuild3(t)
	const p = "credentials/endorsements/riverbend-harbor.json"
	url := base + p
	data := read3(t, dir, p)
	fetcher := verify.Map{{Prefix: base, Dir: dir}}
	for kind, in := range map[string][]byte{"url": []byte(url), "json": data} {
		rep := verify.Verify(context.Background(), in, verify.Options{Fetcher: fetcher, Now: clock})
		if rep.Verdict != verify.Valid || rep.Standard != "Open Badges 3.0" || rep.Endorsement != url || !hasCheck(rep, verify.RuleProof, true) || !hasCheck(rep, verify.RuleClaim, true) {
			t.Errorf("from %s: %s", kind, reportText(rep))
		}
	}
	changed := edit(t, data, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["endorsementComment"] = "The best there is."
	})
	if rep := verify.Verify(context.Background(), []byte(changed), verify.Options{Fetcher: fetcher, Now: clock}); rep.Verdict != verify.Invalid || !hasCheck(rep, verify.RuleProof, false) {
		t.Errorf("changed comment: %s", reportText(rep))
	}
	gone := overlay{files: map[string]string{url: "410"}, next: fetcher}
	if rep := verify.Verify(context.Background(), data, verify.Options{Fetcher: gone, Now: clock}); rep.Verdict != verify.Revoked || !hasCheck(rep, verify.RuleNotRevoked, false) {
		t.Errorf("withdrawn: %s", reportText(rep))
	}
}
