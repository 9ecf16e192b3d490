package verify_test

import (
	"context"
	"crypto/md5"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"rosette/generator/sign"
	"rosette/generator/verify"
)

// edit decodes a JSON document, changes it and encodes it again.
func edit(t *testing.T, data []byte, change func(m map[string]any)) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// resign returns the JWS of an award with its payload changed and signed
// with k.
func resign(t *testing.T, jws []byte, k *rsa.PrivateKey, change func(m map[string]any)) string {
	t.Helper()
	_, payload, err := sign.Decode(string(jws))
	if err != nil {
		t.Fatal(err)
	}
	out, err := sign.Sign(k, []byte(edit(t, payload, change)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedInputs(t *testing.T) {
	s := exampleBuild(t)
	const id = "kwmwkz64xe1t8roq" // valid, web-accessibility, emma
	url := base + "assertions/" + id + ".json"
	hosted := s.read(t, "assertions/"+id+".json")
	jws := s.read(t, "assertions/"+id+".jws")
	profile := s.read(t, "issuers/riverbend.json")
	keyDoc := s.read(t, "keys/riverbend/k1.json")
	otherPEM, _ := sign.EncodePublicKey(&s.other.PublicKey)
	parts := strings.Split(string(jws), ".")

	tests := []struct {
		name      string
		input     string
		overrides map[string]string
		recipient string
		rule      string
		verdict   string
	}{
		{name: "changed JSON", input: edit(t, hosted, func(m map[string]any) { m["narrative"] = "Did far more than asked." }), rule: verify.RuleHostedCopy},
		{name: "changed JWS payload", rule: verify.RuleSignature,
			input: parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(edit(t, mustPayload(t, jws), func(m map[string]any) { m["expires"] = "2099-01-01T00:00:00Z" }))) + "." + parts[2]},
		{name: "wrong key", input: resign(t, jws, s.other, func(map[string]any) {}), rule: verify.RuleSignature},
		{name: "id is not the URL", input: url, rule: verify.RuleIDEqualsURL,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["id"] = base + "assertions/other.json" })}},
		{name: "badge id is not its URL", input: url, rule: verify.RuleIDEqualsURL,
			overrides: map[string]string{base + "badges/web-accessibility.json": edit(t, s.read(t, "badges/web-accessibility.json"), func(m map[string]any) { m["id"] = base + "badges/x.json" })}},
		{name: "out-of-scope origin", input: "https://evil.example/a.json", rule: verify.RuleHostedScope,
			overrides: map[string]string{"https://evil.example/a.json": edit(t, hosted, func(m map[string]any) { m["id"] = "https://evil.example/a.json" })}},
		{name: "out of allowedOrigins", input: url, rule: verify.RuleHostedScope,
			overrides: map[string]string{base + "issuers/riverbend.json": edit(t, profile, func(m map[string]any) {
				m["verification"] = map[string]any{"type": "VerificationObject", "allowedOrigins": []any{"other.example.org"}}
			})}},
		{name: "other origin than the issuer", input: url, rule: verify.RuleHostedScope,
			overrides: map[string]string{
				base + "issuers/riverbend.json": edit(t, profile, func(m map[string]any) {
					delete(m, "verification")
					m["id"] = "https://riverbend.example.org/issuer.json"
				}),
				base + "badges/web-accessibility.json": edit(t, s.read(t, "badges/web-accessibility.json"), func(m map[string]any) {
					m["issuer"] = "https://riverbend.example.org/issuer.json"
				}),
				"https://riverbend.example.org/issuer.json": edit(t, profile, func(m map[string]any) {
					delete(m, "verification")
					m["id"] = "https://riverbend.example.org/issuer.json"
				}),
			}},
		{name: "future issue date, hosted", input: url, rule: verify.RuleIssuedInPast, verdict: verify.NotYetValid,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["issuedOn"] = "2030-01-01T00:00:00Z" })}},
		{name: "future issue date, signed", input: resign(t, jws, s.key, func(m map[string]any) { m["issuedOn"] = "2030-01-01T00:00:00Z" }), rule: verify.RuleIssuedInPast, verdict: verify.NotYetValid},
		{name: "future issue date, revoked", input: url, rule: verify.RuleIssuedInPast, verdict: verify.Revoked,
			overrides: map[string]string{
				url: edit(t, hosted, func(m map[string]any) { m["issuedOn"] = "2030-01-01T00:00:00Z" }),
				base + "revocations/riverbend.json": edit(t, s.read(t, "revocations/riverbend.json"), func(m map[string]any) {
					m["revokedAssertions"] = append(m["revokedAssertions"].([]any), url)
				}),
			}},
		{name: "future issue date, bad signature", input: resign(t, jws, s.other, func(m map[string]any) { m["issuedOn"] = "2030-01-01T00:00:00Z" }), rule: verify.RuleSignature},
		{name: "bad hash", input: url, recipient: s.recipients[id], rule: verify.RuleRecipient,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) {
				m["recipient"].(map[string]any)["identity"] = "sha256$" + strings.Repeat("0", 64)
			})}},
		{name: "malformed hash", input: url, rule: verify.RuleAssertion,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["recipient"].(map[string]any)["identity"] = "sha256$xyz" })}},
		{name: "someone else", input: url, recipient: "mallory@example.com", rule: verify.RuleRecipient},
		{name: "someone else, md5", input: url, recipient: "mallory@example.com", rule: verify.RuleRecipient,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) {
				m["recipient"].(map[string]any)["identity"] = md5Identity(s.recipients[id], "")
			})}},
		{name: "missing badge name", input: url, rule: verify.RuleBadgeClass,
			overrides: map[string]string{base + "badges/web-accessibility.json": edit(t, s.read(t, "badges/web-accessibility.json"), func(m map[string]any) { delete(m, "name") })}},
		{name: "issuer not a Profile", input: url, rule: verify.RuleProfile,
			overrides: map[string]string{base + "issuers/riverbend.json": edit(t, profile, func(m map[string]any) { m["type"] = "Organization" })}},
		{name: "key not listed", input: string(jws), rule: verify.RuleKeyListed,
			overrides: map[string]string{base + "issuers/riverbend.json": edit(t, profile, func(m map[string]any) { delete(m, "publicKey") })}},
		{name: "key owned by another", input: string(jws), rule: verify.RuleKeyOwner,
			overrides: map[string]string{base + "keys/riverbend/k1.json": edit(t, keyDoc, func(m map[string]any) { m["owner"] = "https://evil.example/issuer.json" })}},
		{name: "key swapped for another", input: string(jws), rule: verify.RuleSignature,
			overrides: map[string]string{base + "keys/riverbend/k1.json": edit(t, keyDoc, func(m map[string]any) { m["publicKeyPem"] = otherPEM })}},
		{name: "signed JSON without JWS", input: string(mustPayload(t, jws)), rule: verify.RuleVerification},
		{name: "alg none", input: base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", rule: verify.RuleSignature},
		{name: "HTTP 410", input: url, overrides: map[string]string{url: "410"}, rule: verify.RuleNotRevoked, verdict: verify.Revoked},
		{name: "revocation list with one entry", input: url, rule: verify.RuleNotRevoked, verdict: verify.Revoked,
			overrides: map[string]string{base + "revocations/riverbend.json": edit(t, s.read(t, "revocations/riverbend.json"), func(m map[string]any) {
				m["revokedAssertions"] = map[string]any{"id": url, "revocationReason": "test"}
			})}},
		{name: "revocation list with many entries", input: string(jws), rule: verify.RuleNotRevoked, verdict: verify.Revoked,
			overrides: map[string]string{base + "revocations/riverbend.json": edit(t, s.read(t, "revocations/riverbend.json"), func(m map[string]any) {
				m["revokedAssertions"] = append(m["revokedAssertions"].([]any), url, map[string]any{"id": base + "assertions/x.json"})
			})}},
		{name: "missing badge", input: url, rule: verify.RuleFetch,
			overrides: map[string]string{url: edit(t, hosted, func(m map[string]any) { m["badge"] = base + "badges/none.json" })}},
		{name: "not an assertion", input: "hello", rule: verify.RuleInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := verify.Options{Fetcher: overlay{files: tt.overrides, next: s.fetcher()}, Now: clock, Recipient: tt.recipient}
			rep := verify.Verify(context.Background(), []byte(tt.input), opts)
			want := tt.verdict
			if want == "" {
				want = verify.Invalid
			}
			failed := rep.Failed()
			if rep.Verdict != want || len(failed) == 0 || failed[0].Rule != tt.rule {
				var b strings.Builder
				rep.WriteText(&b)
				t.Errorf("verdict %s, want %s with rule %s failing first\n%s", rep.Verdict, want, tt.rule, b.String())
			}
		})
	}
}

func mustPayload(t *testing.T, jws []byte) []byte {
	t.Helper()
	_, p, err := sign.Decode(string(jws))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHTTPFetcher verifies an award served over HTTP, and that every fetch
// asks for JSON-LD.
func TestHTTPFetcher(t *testing.T) {
	s := exampleBuild(t)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != verify.Accept {
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
		if r.URL.Path == "/assertions/gone.json" {
			w.WriteHeader(http.StatusGone)
			return
		}
		rep := verify.Map{{Prefix: srv.URL + "/", Dir: s.dir}}
		resp, err := rep.Fetch(r.Context(), srv.URL+r.URL.Path)
		if err != nil || resp.Status != 200 {
			http.NotFound(w, r)
			return
		}
		// The built site names its own base URL; serve it under ours.
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.ReplaceAll(string(resp.Body), base, srv.URL+"/")))
	}))
	defer srv.Close()
	opts := verify.Options{Now: clock, Fetcher: verify.HTTP{Client: srv.Client()}}
	rep := verify.Verify(context.Background(), []byte(srv.URL+"/assertions/kwmwkz64xe1t8roq.json"), opts)
	if rep.Verdict != verify.Valid {
		var b strings.Builder
		rep.WriteText(&b)
		t.Errorf("over HTTP: %s", b.String())
	}
	rep = verify.Verify(context.Background(), []byte(srv.URL+"/assertions/gone.json"), opts)
	if rep.Verdict != verify.Revoked {
		t.Errorf("HTTP 410: verdict %s", rep.Verdict)
	}
}

func TestMapStaysOffline(t *testing.T) {
	s := exampleBuild(t)
	for _, u := range []string{"https://elsewhere.example/a.json", base + "../etc/passwd", base + "assertions/none.json"} {
		resp, err := s.fetcher().Fetch(context.Background(), u)
		if err == nil && resp.Status == 200 {
			t.Errorf("Map served %s", u)
		}
	}
}

// md5Identity is an md5$ hashed identity, which Open Badges 2.0 allows.
func md5Identity(email, salt string) string {
	sum := md5.Sum([]byte(strings.ToLower(email) + salt))
	return "md5$" + hex.EncodeToString(sum[:])
}

// TestRecipientMD5 checks that a recipient given as an md5$ hash, which
// the verifier accepts, also matches the right plaintext identity.
func TestRecipientMD5(t *testing.T) {
	s := exampleBuild(t)
	const id = "kwmwkz64xe1t8roq"
	url := base + "assertions/" + id + ".json"
	hosted := s.read(t, "assertions/"+id+".json")
	doc := edit(t, hosted, func(m map[string]any) {
		r := m["recipient"].(map[string]any)
		r["identity"] = md5Identity(s.recipients[id], r["salt"].(string))
	})
	opts := verify.Options{Fetcher: overlay{files: map[string]string{url: doc}, next: s.fetcher()}, Now: clock, Recipient: strings.ToUpper(s.recipients[id])}
	rep := verify.Verify(context.Background(), []byte(url), opts)
	if rep.Verdict != verify.Valid || !hasCheck(rep, verify.RuleRecipient, true) {
		var b strings.Builder
		rep.WriteText(&b)
		t.Errorf("md5 recipient: verdict %s\n%s", rep.Verdict, b.String())
	}
}

// TestEmbeddedIssuer checks that a BadgeClass may embed its issuer
// Profile, as Open Badges 2.0 allows: the Profile is fetched from its id,
// so an embedded copy that differs from it changes nothing.
func TestEmbeddedIssuer(t *testing.T) {
	s := exampleBuild(t)
	const id = "kwmwkz64xe1t8roq"
	badgeURL := base + "badges/web-accessibility.json"
	for _, tt := range []struct {
		name, verdict string
		embed         func(m map[string]any)
	}{
		{"embedded profile", verify.Valid, func(m map[string]any) {}},
		{"embedded profile with a changed name", verify.Valid, func(m map[string]any) { m["name"] = "Someone Else" }},
		{"embedded profile without an id", verify.Invalid, func(m map[string]any) { delete(m, "id") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var profile map[string]any
			if err := json.Unmarshal(s.read(t, "issuers/riverbend.json"), &profile); err != nil {
				t.Fatal(err)
			}
			tt.embed(profile)
			badge := edit(t, s.read(t, "badges/web-accessibility.json"), func(m map[string]any) { m["issuer"] = profile })
			for _, in := range []string{base + "assertions/" + id + ".json", string(s.read(t, "assertions/"+id+".jws"))} {
				opts := verify.Options{Fetcher: overlay{files: map[string]string{badgeURL: badge}, next: s.fetcher()}, Now: clock}
				rep := verify.Verify(context.Background(), []byte(in), opts)
				if rep.Verdict != tt.verdict {
					var b strings.Builder
					rep.WriteText(&b)
					t.Errorf("verdict %s, want %s\n%s", rep.Verdict, tt.verdict, b.String())
				}
			}
		})
	}
}
