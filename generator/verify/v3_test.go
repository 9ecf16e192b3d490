package verify_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"rosette/generator"
	"rosette/generator/content"
	edits "rosette/generator/edit"
	"rosette/generator/ob3"

	"rosette/generator/vc"
	"rosette/generator/verify"
)

// site3 is the example site built with Open Badges 3.0: riverbend has an
// RSA and an Ed25519 key, every award a status index.
var (
	site3Once sync.Once
	site3Dir  string
	site3Ed   ed25519.PrivateKey
	site3Err  error
)

func exampleBuild3(t *testing.T) (*builtSite, string) {
	t.Helper()
	s := exampleBuild(t)
	site3Once.Do(func() { site3Err = buildSite3(s) })
	if site3Err != nil {
		t.Fatal(site3Err)
	}
	return s, site3Dir
}

func buildSite3(s *builtSite) error {
	root := filepath.Join(siteTmp, "site3")
	if err := os.CopyFS(root, os.DirFS(filepath.Join(siteTmp, "site"))); err != nil {
		return err
	}
	_, site3Ed, _ = ed25519.GenerateKey(rand.Reader)
	f, err := os.OpenFile(filepath.Join(root, "content/issuers/riverbend.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "\n[[ed25519_key]]\nid = \"k1\"\ncreated = 2025-01-01T00:00:00Z\npublic_key_multibase = %q\n", vc.EncodeMultikey(site3Ed.Public().(ed25519.PublicKey)))
	f.Close()
	// Riverbend, which signs 3.0, endorses the other issuer.
	if err := os.WriteFile(filepath.Join(root, "content/endorsements/riverbend-harbor.toml"), []byte("endorser = \"riverbend\"\nissuer = \"harbor\"\ndate = 2026-01-05T10:00:00Z\ncomment = \"A careful reviewer.\"\n"), 0o644); err != nil {
		return err
	}
	loaded, err := generator.Load(generator.Options{Source: root})
	if err != nil {
		return err
	}
	as, err := edits.AssignStatus(root, loaded, rand.Reader)
	if err != nil {
		return err
	}
	if err := edits.WriteAssigned(root, as); err != nil {
		return err
	}
	site3Dir = filepath.Join(siteTmp, "public3")
	_, err = generator.Build(generator.Options{Source: root, Destination: site3Dir, SigningKeys: []*rsa.PrivateKey{s.key}, EdSigningKeys: []ed25519.PrivateKey{site3Ed}})
	return err
}

func read3(t *testing.T, dir, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func reportText(rep *verify.Report) string {
	var b strings.Builder
	rep.WriteText(&b)
	return b.String()
}

// TestExampleSiteVerdicts3 verifies every award's 3.0 credential from its
// URL, JSON, VC-JWT (string and URL) and baked images, with its recipient.
func TestExampleSiteVerdicts3(t *testing.T) {
	s, dir := exampleBuild3(t)
	sch, err := ob3.CompileSchema()
	if err != nil {
		t.Fatal(err)
	}
	fetcher := verify.Map{{Prefix: base, Dir: dir}}
	n := 0
	for id := range s.recipients {
		n++
		want := exampleVerdicts[id]
		if want == "" {
			want = verify.Valid
		}
		opts := verify.Options{Fetcher: fetcher, Now: clock, Recipient: s.recipients[id], Schema: sch}
		inputs := map[string][]byte{"url": []byte(base + "credentials/" + id + ".json")}
		if want != verify.Revoked {
			inputs["json"] = read3(t, dir, "credentials/"+id+".json")
			inputs["jwt"] = read3(t, dir, "credentials/"+id+".jwt")
			inputs["jwt-url"] = []byte(base + "credentials/" + id + ".jwt")
			inputs["png"] = read3(t, dir, "credentials/"+id+".png")
			if svg, err := os.ReadFile(filepath.Join(dir, "credentials", id+".svg")); err == nil {
				inputs["svg"] = svg
			}
		}
		for kind, in := range inputs {
			rep := verify.Verify(context.Background(), in, opts)
			if rep.Verdict != want || rep.Standard != "Open Badges 3.0" {
				t.Errorf("%s from %s: verdict %s (%s), want %s\n%s", id, kind, rep.Verdict, rep.Standard, want, reportText(rep))
			}
			if want != verify.Revoked && !hasCheck(rep, verify.RuleRecipient, true) {
				t.Errorf("%s from %s: recipient not matched\n%s", id, kind, reportText(rep))
			}
			if want == verify.Valid && (!hasCheck(rep, verify.RuleStatusList, true) || !hasCheck(rep, verify.RuleIssuerKey, true)) {
				t.Errorf("%s from %s: status or key ownership unchecked\n%s", id, kind, reportText(rep))
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d awards", n)
	}
}

// TestTampered3 checks that every change to a credential, a wrong key, a
// revoked index and an expired credential are rejected with the rule
// named.
func TestTampered3(t *testing.T) {
	s, dir := exampleBuild3(t)
	var id string
	for a := range s.recipients {
		if exampleVerdicts[a] == "" {
			id = a
			break
		}
	}
	cred := read3(t, dir, "credentials/"+id+".json")
	token := string(read3(t, dir, "credentials/"+id+".jwt"))
	fetcher := verify.Map{{Prefix: base, Dir: dir}}
	change := func(data []byte, f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		out, _ := json.Marshal(m)
		return out
	}
	subject := func(m map[string]any) map[string]any { return m["credentialSubject"].(map[string]any) }
	unsigned := change(cred, func(m map[string]any) { delete(m, "proof") })
	resign := func(doc []byte, key ed25519.PrivateKey, method string) []byte {
		out, err := vc.SignEdDSA(doc, key, method, clock)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	var proofMethod string
	{
		var m struct {
			Proof struct{ VerificationMethod string }
		}
		json.Unmarshal(cred, &m)
		proofMethod = m.Proof.VerificationMethod
	}
	_, otherEd, _ := ed25519.GenerateKey(rand.Reader)
	var c map[string]any
	json.Unmarshal(cred, &c)
	kid := base + "keys/riverbend/k1.jwk.json"
	otherJWT, err := vc.SignJWT(bytes.TrimSpace(cred), s.other, kid)
	if err != nil {
		t.Fatal(err)
	}
	strangerKid := base + "keys/stranger.jwk.json"
	strangerJWT, _ := vc.SignJWT(bytes.TrimSpace(cred), s.other, strangerKid)
	expiredAward := "53pd9varw8tsjkin"

	tests := []struct {
		name  string
		input []byte
		files map[string]string
		rule  string
	}{
		{"name changed", change(cred, func(m map[string]any) { m["name"] = "Something else" }), nil, verify.RuleProof},
		{"achievement changed", change(cred, func(m map[string]any) {
			subject(m)["achievement"].(map[string]any)["name"] = "Other"
		}), nil, verify.RuleProof},
		{"identity changed", change(cred, func(m map[string]any) {
			subject(m)["identifier"].([]any)[0].(map[string]any)["salt"] = "00"
		}), nil, verify.RuleProof},
		{"validUntil added", change(cred, func(m map[string]any) { m["validUntil"] = "2099-01-01T00:00:00Z" }), nil, verify.RuleProof},
		{"status index changed", change(cred, func(m map[string]any) {
			m["credentialStatus"].(map[string]any)["statusListIndex"] = "7"
		}), nil, verify.RuleProof},
		{"issuer changed", change(cred, func(m map[string]any) { m["issuer"].(map[string]any)["name"] = "Mallory" }), nil, verify.RuleProof},
		{"proof value changed", change(cred, func(m map[string]any) {
			p := m["proof"].(map[string]any)
			p["proofValue"] = strings.Replace(p["proofValue"].(string), "z", "z2", 1)
		}), nil, verify.RuleProof},
		{"no validFrom", change(cred, func(m map[string]any) { delete(m, "validFrom") }), nil, verify.RuleSchema},
		{"no type", change(cred, func(m map[string]any) { m["type"] = []any{"VerifiableCredential"} }), nil, verify.RuleSchema},
		{"no subject id or identifier", change(cred, func(m map[string]any) {
			delete(subject(m), "id")
			delete(subject(m), "identifier")
		}), nil, verify.RuleSubject},
		{"signed with another key", resign(unsigned, otherEd, proofMethod), nil, verify.RuleProof},
		{"signed with a key the issuer does not list", resign(unsigned, otherEd, c["issuer"].(map[string]any)["id"].(string)+"#other"), nil, verify.RuleIssuerKey},
		{"issuer not did:web", resign(change(unsigned, func(m map[string]any) { m["issuer"].(map[string]any)["id"] = "did:key:z6Mk" }), otherEd, "did:key:z6Mk#z6Mk"), nil, verify.RuleDID},
		{"VC-JWT changed", []byte(strings.Replace(token, ".", ".eyJ", 1)), nil, verify.RuleJWT},
		{"VC-JWT signed with another key", []byte(otherJWT), nil, verify.RuleJWT},
		{"VC-JWT key not the issuer's", []byte(strangerJWT), map[string]string{strangerKid: string(read3(t, dir, "keys/riverbend/k1.jwk.json"))[:0] + jwkOf(t, &s.other.PublicKey)}, verify.RuleIssuerKey},
		{"expired", read3(t, dir, "credentials/"+expiredAward+".json"), nil, verify.RuleNotExpired},
		{"revoked in the status list", cred, map[string]string{
			base + "status/riverbend.json": revokedList(t, dir, cred),
		}, verify.RuleNotRevoked},
		{"status list not signed by the issuer", cred, map[string]string{
			base + "status/riverbend.json": string(resign(change(read3(t, dir, "status/riverbend.json"), func(m map[string]any) { delete(m, "proof") }), otherEd, proofMethod)),
		}, verify.RuleStatusList},
		{"revocation notice at its URL", cred, map[string]string{
			c["id"].(string): `{"id": "` + c["id"].(string) + `", "revoked": true, "revocationReason": "Wrong person."}`,
		}, verify.RuleNotRevoked},
		{"recipient", cred, nil, verify.RuleRecipient},
	}
	for _, tt := range tests {
		opts := verify.Options{Fetcher: overlay{files: tt.files, next: fetcher}, Now: clock}
		if tt.rule == verify.RuleRecipient {
			opts.Recipient = "someone.else@example.org"
		}
		rep := verify.Verify(context.Background(), tt.input, opts)
		if rep.Verdict == verify.Valid || !hasCheck(rep, tt.rule, false) {
			t.Errorf("%s: verdict %s, want a failed %s check\n%s", tt.name, rep.Verdict, tt.rule, reportText(rep))
		}
	}
}

func jwkOf(t *testing.T, k *rsa.PublicKey) string {
	t.Helper()
	return string(vc.PublicJWK(k, ""))
}

// revokedList returns the issuer's status list with the credential's bit
// set, signed again with the issuer's key.
func revokedList(t *testing.T, dir string, cred []byte) string {
	t.Helper()
	var c struct {
		CredentialStatus struct{ StatusListIndex string }
		Proof            struct{ VerificationMethod string }
	}
	json.Unmarshal(cred, &c)
	var l ob3.StatusListCredential
	json.Unmarshal(read3(t, dir, "status/riverbend.json"), &l)
	bits := make([]byte, content.StatusListSize/8)
	var i int
	fmt.Sscan(c.CredentialStatus.StatusListIndex, &i)
	bits[i/8] |= 0x80 >> (i % 8)
	var err error
	if l.CredentialSubject.EncodedList, err = ob3.EncodeStatusList(bits); err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(l)
	out, err := vc.SignEdDSA(doc, site3Ed, c.Proof.VerificationMethod, clock)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
