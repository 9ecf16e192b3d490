package vc

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeJudges returns the node binary and the directory of the npm packages
// the tests check our output with (installed by .ci/run). Without them the
// test is skipped, except in CI, where it fails.
func nodeJudges(t *testing.T) (node, modules string) {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; .ci/run installs it", what)
		}
		t.Skipf("skipping: %s is missing (run `npm ci` in .ci/, as .ci/run does, or set ROSETTE_CI_TOOLS)", what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	modules = os.Getenv("ROSETTE_CI_TOOLS")
	if modules == "" {
		modules, _ = filepath.Abs(filepath.Join("..", "..", ".ci", "node_modules"))
	}
	for _, p := range []string{"@digitalbazaar/vc", "@digitalbazaar/multikey-context", "@digitalbazaar/data-integrity-context", "@transmute/security-context", "did-context", "@digitalbazaar/data-integrity", "@digitalbazaar/eddsa-rdfc-2022-cryptosuite", "jose", "jsonld", "rdf-canonize"} {
		if _, err := os.Stat(filepath.Join(modules, p, "package.json")); err != nil {
			missing("npm package " + p)
		}
	}
	return node, modules
}

// judgeCases is what testdata/judge.mjs reads.
type judgeCases struct {
	Contexts    map[string]string `json:"contexts"`
	Documents   map[string]string `json:"documents"`
	Now         string            `json:"now"`
	Credentials []string          `json:"credentials"`
	JWTs        []judgeJWT        `json:"jwts"`
	Canonize    []string          `json:"canonize"`
}

type judgeJWT struct {
	Token string `json:"token"`
	JWK   string `json:"jwk"`
}

// judgeResult is what testdata/judge.mjs prints.
type judgeResult struct {
	Credentials []struct {
		File     string
		Verified bool
		Error    string
	}
	JWTs []struct {
		File    string
		Payload map[string]any
		Header  map[string]any
		Error   string
	}
	Canonize []struct {
		File   string
		NQuads string
		Error  string
	}
}

// judge holds the files of one run of the judges.
type judge struct {
	t     *testing.T
	dir   string
	cases judgeCases
	n     int
}

func newJudge(t *testing.T) *judge {
	dir := t.TempDir()
	j := &judge{t: t, dir: dir, cases: judgeCases{
		Contexts: map[string]string{}, Documents: map[string]string{}, Now: "2025-01-01T00:00:00Z",
	}}
	for _, u := range Contexts() {
		data, _ := Context(u)
		j.cases.Contexts[u] = j.file("context", data)
	}
	return j
}

// file writes data to a new file and returns its path.
func (j *judge) file(kind string, data []byte) string {
	j.n++
	p := filepath.Join(j.dir, kind+"-"+strings.Repeat("0", 3-len(itoa(j.n)))+itoa(j.n)+".json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		j.t.Fatal(err)
	}
	return p
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (j *judge) run() *judgeResult {
	j.t.Helper()
	node, modules := nodeJudges(j.t)
	data, _ := json.Marshal(j.cases)
	cases := filepath.Join(j.dir, "cases.json")
	os.WriteFile(cases, data, 0o644)
	cmd := exec.Command(node, filepath.Join("testdata", "judge.mjs"), modules, cases)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		j.t.Fatalf("node judge.mjs: %v\n%s", err, stderr.String())
	}
	var r judgeResult
	if err := json.Unmarshal(out, &r); err != nil {
		j.t.Fatalf("judge output: %v\n%s", err, out)
	}
	return &r
}

// didDocument is the DID document of the test issuer, with its Ed25519 key
// (Multikey) and its RSA key (JsonWebKey2020), as docs/keys-3.md proposes.
func didDocument(pub ed25519.PublicKey, rsaPub *rsa.PublicKey) []byte {
	const did = "did:web:badges.example.org:issuers:acme"
	var jwk map[string]any
	json.Unmarshal(PublicJWK(rsaPub, did+"#key-rsa"), &jwk)
	doc, _ := json.Marshal(map[string]any{
		"@context": []string{ContextDIDV1, ContextMultikeyV1, ContextJWS2020},
		"id":       did,
		"verificationMethod": []any{
			map[string]any{
				"id":                 testVM,
				"type":               "Multikey",
				"controller":         did,
				"publicKeyMultibase": EncodeMultikey(pub),
			},
			map[string]any{
				"id":           did + "#key-rsa",
				"type":         "JsonWebKey2020",
				"controller":   did,
				"publicKeyJwk": jwk,
			},
		},
		"assertionMethod": []string{testVM, did + "#key-rsa"},
	})
	return doc
}

// TestDIDDocumentTerms checks that the embedded contexts define every term
// of the proposed DID document: JSON-LD expansion in safe mode drops
// nothing.
func TestDIDDocumentTerms(t *testing.T) {
	doc, err := decode(didDocument(edKey(t).Public().(ed25519.PublicKey), &rsaKey(t).PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkDocument(doc, 0, true); err != nil {
		t.Fatal(err)
	}
	expanded, err := expand(doc, jsonldOptions())
	if err != nil {
		t.Fatalf("the DID document uses a term the contexts do not define: %v", err)
	}
	out, _ := json.Marshal(expanded)
	for _, want := range []string{"https://w3id.org/security#publicKeyMultibase", "https://w3id.org/security#publicKeyJwk", "https://w3id.org/security#assertionMethod", "https://w3id.org/security#JsonWebKey2020", "https://w3id.org/security#Multikey"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("expanded DID document lacks %s:\n%s", want, out)
		}
	}
}

// trickyTexts are strings every signer and canonicalizer must agree on.
var trickyTexts = []string{
	`quote " and backslash \ and both \"`,
	"new\nline, tab\tand carriage\rreturn",
	"ünïcødé, 日本語, עברית, العربية, emoji 🎖️👩🏽‍🎓",
	"line separator \u2028 paragraph separator \u2029 nbsp \u00a0 bom \ufeff",
	"C1 controls \u0080 \u0085 \u009f",
	"<script>alert('&amp;')</script>",
	"  leading and trailing spaces  ",
	"",
}

// withText returns testCredential with the achievement's description set
// to s.
func withText(t *testing.T, s string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(testCredential), &doc); err != nil {
		t.Fatal(err)
	}
	doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["description"] = s
	out, err := marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestJudgeDataIntegrity has @digitalbazaar/vc with the eddsa-rdfc-2022
// cryptosuite verify credentials SignEdDSA signs, through a document
// loader that serves the embedded contexts and a did:web document.
func TestJudgeDataIntegrity(t *testing.T) {
	key := edKey(t)
	pub := key.Public().(ed25519.PublicKey)
	j := newJudge(t)
	j.cases.Documents["did:web:badges.example.org:issuers:acme"] = j.file("did", didDocument(pub, &rsaKey(t).PublicKey))
	created := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	var good []string
	for _, s := range trickyTexts {
		signed, err := SignEdDSA(withText(t, s), key, testVM, created)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if err := VerifyEdDSA(signed, resolver(pub)); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		good = append(good, j.file("signed", signed))
	}
	signed, _ := SignEdDSA([]byte(testCredential), key, testVM, created)
	tampered := j.file("tampered", bytes.Replace(signed, []byte("Go 101"), []byte("Go 102"), 1))
	j.cases.Credentials = append(good, tampered)
	r := j.run()
	if len(r.Credentials) != len(good)+1 {
		t.Fatalf("%d results for %d credentials", len(r.Credentials), len(good)+1)
	}
	for i, c := range r.Credentials[:len(good)] {
		if !c.Verified {
			t.Errorf("@digitalbazaar/vc rejects the credential with text %q: %s", trickyTexts[i], c.Error)
		}
	}
	if last := r.Credentials[len(good)]; last.Verified {
		t.Error("@digitalbazaar/vc verified a tampered credential: the judge cannot fail")
	}
}

// TestJudgeJWT has jose verify the VC-JWTs SignJWT makes, with the key as
// PublicJWK writes it.
func TestJudgeJWT(t *testing.T) {
	key := rsaKey(t)
	kid := "https://badges.example.org/issuers/acme/rsa.json"
	j := newJudge(t)
	jwk := j.file("jwk", PublicJWK(&key.PublicKey, kid))
	signed, err := SignEdDSA([]byte(testCredential), edKey(t), testVM, time.Unix(1709285400, 0))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := SignJWT(signed, key, kid)
	if err != nil {
		t.Fatal(err)
	}
	j.cases.JWTs = []judgeJWT{
		{Token: j.file("jwt", []byte(tok)), JWK: jwk},
		{Token: j.file("jwt", []byte(tok[:len(tok)-4]+"AAAA")), JWK: jwk},
	}
	r := j.run()
	if len(r.JWTs) != 2 {
		t.Fatalf("%d results", len(r.JWTs))
	}
	ok := r.JWTs[0]
	if ok.Error != "" {
		t.Fatalf("jose rejects the VC-JWT: %s", ok.Error)
	}
	if ok.Header["alg"] != "RS256" || ok.Header["kid"] != kid || ok.Header["typ"] != "JWT" || len(ok.Header) != 3 {
		t.Errorf("header %v", ok.Header)
	}
	for k, v := range map[string]any{"iss": "did:web:badges.example.org:issuers:acme",
		"jti": "https://badges.example.org/credentials/k3j5h2.json",
		"sub": "urn:uuid:6a1c3f5e-8b2d-4e7f-9a0c-1d2e3f4a5b6c",
		"nbf": 1709251200.0, "exp": 1772323200.0, "name": "Go 101"} {
		if ok.Payload[k] != v {
			t.Errorf("payload %s = %v, want %v", k, ok.Payload[k], v)
		}
	}
	if _, has := ok.Payload["proof"]; !has {
		t.Error("the payload lacks the embedded proof")
	}
	if r.JWTs[1].Error == "" {
		t.Error("jose accepted a broken signature: the judge cannot fail")
	}
}

// TestJudgeCanonicalForm compares Canonicalize with jsonld.js and
// rdf-canonize (the reference RDFC-1.0 implementation) on texts with
// quotes, backslashes, line breaks and unicode, and shows that on the
// control characters ValidText refuses, json-gold and the reference differ:
// that is why they are refused.
func TestJudgeCanonicalForm(t *testing.T) {
	j := newJudge(t)
	var docs [][]byte
	for _, s := range trickyTexts {
		docs = append(docs, withText(t, s))
	}
	nGood := len(docs)
	var controls []string
	for c := rune(0); c < 0x20; c++ {
		if c != '\t' && c != '\n' && c != '\r' {
			controls = append(controls, string(c))
		}
	}
	controls = append(controls, "\x7f")
	for _, s := range controls {
		docs = append(docs, withText(t, "a"+s+"b"))
	}
	nControls := len(docs)
	goodNumbers := []string{"3", "-2", "1.5", "0.1", "-2.25", "9007199254740991", "1e-6", "-1.5e-6", "123456.789e3", "4503599627370495.5", "0", "-0"}
	badNumbers := []string{"9007199254740992", "1e20", "12345678901234567890", "1e-7", "5e-324"}
	for _, n := range append(goodNumbers, badNumbers...) {
		docs = append(docs, []byte(strings.Replace(testCredential, `"name": "Go 101",
      "description"`, `"name": "Go 101", "creditsAvailable": `+n+`,
      "description"`, 1)))
	}
	for _, d := range docs {
		j.cases.Canonize = append(j.cases.Canonize, j.file("doc", d))
	}
	r := j.run()
	if len(r.Canonize) != len(docs) {
		t.Fatalf("%d results for %d documents", len(r.Canonize), len(docs))
	}
	for i, c := range r.Canonize {
		if c.Error != "" {
			t.Errorf("reference: %s", c.Error)
			continue
		}
		var doc map[string]any
		json.Unmarshal(docs[i], &doc)
		raw, err := canonicalizeText(doc, false)
		if err != nil {
			t.Fatal(err)
		}
		if i < nGood {
			got, err := Canonicalize(docs[i])
			if err != nil {
				t.Errorf("text %q: %v", trickyTexts[i], err)
			} else if string(got) != c.NQuads {
				t.Errorf("text %q: json-gold and rdf-canonize differ:\n%s\n%s", trickyTexts[i], got, c.NQuads)
			}
			continue
		}
		if i >= nControls {
			n := append(goodNumbers, badNumbers...)[i-nControls]
			got, err := Canonicalize(docs[i])
			if i-nControls < len(goodNumbers) {
				if err != nil || string(got) != c.NQuads {
					t.Errorf("number %s: %v; json-gold and rdf-canonize differ:\n%s\n%s", n, err, got, c.NQuads)
				}
			} else if err == nil {
				t.Errorf("number %s: Canonicalize accepted it (json-gold agrees with rdf-canonize: %v)", n, c.NQuads == raw)
			}
			continue
		}
		s := controls[i-nGood]
		if raw == c.NQuads {
			t.Errorf("U+%04X: json-gold agrees with rdf-canonize; ValidText need not refuse it", []rune(s)[0])
		}
		if _, err := Canonicalize(docs[i]); err == nil {
			t.Errorf("U+%04X: Canonicalize accepted it", []rune(s)[0])
		}
	}
}

// statusListCredential is a BitstringStatusListCredential as an issuer
// publishes it, its encodedList left for emptyList to fill.
const statusListCredential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "id": "https://badges.example.org/issuers/acme/status.json",
  "type": ["VerifiableCredential", "BitstringStatusListCredential"],
  "issuer": "did:web:badges.example.org:issuers:acme",
  "validFrom": "2024-03-01T00:00:00Z",
  "credentialSubject": {
    "id": "https://badges.example.org/issuers/acme/status.json#list",
    "type": "BitstringStatusList",
    "statusPurpose": "revocation",
    "encodedList": "LIST"
  }
}`

// emptyList is the encodedList of 131,072 clear bits: GZIP'd, base64url
// without padding, with the multibase prefix u.
func emptyList(t *testing.T) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(make([]byte, 131072/8))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// withStatus returns testCredential with a credentialStatus entry.
func withStatus(index string) []byte {
	return []byte(strings.Replace(testCredential, `"credentialSubject": {`, `"credentialStatus": {
    "id": "https://badges.example.org/issuers/acme/status.json#`+index+`",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "`+index+`",
    "statusListCredential": "https://badges.example.org/issuers/acme/status.json"
  },
  "credentialSubject": {`, 1))
}

// TestJudgeStatus has the judge verify a signed status list credential and
// a credential that names its entry in the list: the VC 2.0 context
// defines every term of both.
func TestJudgeStatus(t *testing.T) {
	key := edKey(t)
	pub := key.Public().(ed25519.PublicKey)
	j := newJudge(t)
	j.cases.Documents["did:web:badges.example.org:issuers:acme"] = j.file("did", didDocument(pub, &rsaKey(t).PublicKey))
	created := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	list := strings.Replace(statusListCredential, "LIST", emptyList(t), 1)
	for _, doc := range [][]byte{[]byte(list), withStatus("94567")} {
		signed, err := SignEdDSA(doc, key, testVM, created)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyEdDSA(signed, resolver(pub)); err != nil {
			t.Fatal(err)
		}
		j.cases.Credentials = append(j.cases.Credentials, j.file("signed", signed))
	}
	r := j.run()
	for _, c := range r.Credentials {
		if !c.Verified {
			t.Errorf("@digitalbazaar/vc rejects %s: %s", c.File, c.Error)
		}
	}
	if len(r.Credentials) != 2 {
		t.Fatalf("%d results", len(r.Credentials))
	}
}
