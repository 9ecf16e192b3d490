package verify

import (
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"rosette/generator/bake"
	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/vc"
)

// Rules of the Open Badges 3.0 verification ("Verification and
// Validation" of the specification), as reports name them.
const (
	RuleSchema        = "schema"          // the credential conforms to the 1EdTech AchievementCredential JSON schema
	RuleCredential    = "credential-type" // contexts and types of an OpenBadgeCredential
	RuleSubject       = "subject"         // the credentialSubject has an id or an identifier
	RuleProof         = "proof"           // the eddsa-rdfc-2022 Data Integrity proof verifies
	RuleJWT           = "vc-jwt"          // the VC-JWT verifies with the key its kid names
	RuleDID           = "issuer-did"      // the issuer's did:web resolves to its DID document
	RuleIssuerKey     = "issuer-key"      // the signing key is the issuer's: listed under assertionMethod
	RuleStatusList    = "status-list"     // the status list credential is the issuer's, signed and readable
	RuleValidFrom     = "valid-from"      // validFrom is not in the future
	RuleCredentialURL = "credential-url"  // the credential's URL serves it (or a revocation notice)
)

// isVC reports whether doc is a Verifiable Credential (its first context
// is the VC Data Model 2.0 one).
func isVC(doc map[string]any) bool {
	ctx := strs(doc["@context"])
	return len(ctx) > 0 && ctx[0] == ob3.ContextVC
}

// isJWT reports whether a compact JWS is a VC-JWT: its header says typ JWT.
func isJWT(token string) bool {
	h, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return false
	}
	var hdr struct{ Typ string }
	return json.Unmarshal(raw, &hdr) == nil && hdr.Typ == "JWT"
}

// credential3 verifies an Open Badges 3.0 credential: its JSON (with an
// embedded proof), or, when token is not "", the VC-JWT it came from.
// fetchedFrom is the URL the JSON was fetched from, or "".
func (v *verifier) credential3(data []byte, token, fetchedFrom string) {
	v.rep.Standard = "Open Badges 3.0"
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || doc == nil {
		v.fail(RuleJSON, "the credential is not a JSON object")
		return
	}
	id, _ := doc["id"].(string)
	v.rep.Assertion = id
	if revoked, _ := doc["revoked"].(bool); revoked && fetchedFrom != "" {
		reason, _ := doc["revocationReason"].(string)
		v.fail(RuleNotRevoked, "the issuer revoked this credential: %s", orNone(reason))
		return
	}
	if fetchedFrom != "" {
		if id != fetchedFrom {
			v.fail(RuleIDEqualsURL, "the credential fetched from %s has id %q", fetchedFrom, id)
			return
		}
		v.pass(RuleIDEqualsURL, "the credential's id is the URL it is served at")
	}
	if contains(strs(doc["type"]), "EndorsementCredential") {
		v.endorsement3(data, doc, fetchedFrom) // the schema covers AchievementCredentials only
		return
	}
	sch := v.opts.Schema
	if sch == nil {
		var err error
		if sch, err = ob3.CompileSchema(); err != nil {
			v.fail(RuleSchema, "%v", err)
			return
		}
	}
	if err := sch.Validate(data); err != nil {
		v.fail(RuleSchema, "%v", err)
		return
	}
	v.pass(RuleSchema, "conforms to the Open Badges 3.0 AchievementCredential schema")
	types := strs(doc["type"])
	if !isVC(doc) || !contains(strs(doc["@context"]), ob3.ContextOB3) || !contains(types, "VerifiableCredential") || !(contains(types, "OpenBadgeCredential") || contains(types, "AchievementCredential")) {
		v.fail(RuleCredential, "not an OpenBadgeCredential: contexts %v, types %v", strs(doc["@context"]), types)
		return
	}
	v.pass(RuleCredential, "an OpenBadgeCredential")
	subject, _ := doc["credentialSubject"].(map[string]any)
	if sid, _ := subject["id"].(string); sid == "" && subject["identifier"] == nil {
		v.fail(RuleSubject, "the credentialSubject has neither an id nor an identifier")
		return
	}
	v.pass(RuleSubject, "the credentialSubject names its earner")
	if a, ok := subject["achievement"].(map[string]any); ok {
		v.rep.Badge, _ = a["id"].(string)
	}
	issuer := idOf(doc["issuer"])
	v.rep.Issuer = issuer
	did := v.resolveDID(issuer)
	if did == nil {
		return
	}
	if token != "" {
		v.jwt3(token, doc, did)
	}
	if _, ok := doc["proof"]; ok || token == "" {
		v.proof3(data, did)
	}
	v.dates3(doc)
	v.status3(doc, issuer, did)
	if fetchedFrom == "" && isHTTP(id) {
		v.credentialURL(id)
	}
	v.recipient3(subject)
}

// didDoc is the part of a DID document the verifier reads.
type didDoc struct {
	ID                 string `json:"id"`
	VerificationMethod []struct {
		ID                 string          `json:"id"`
		Type               string          `json:"type"`
		Controller         string          `json:"controller"`
		PublicKeyMultibase string          `json:"publicKeyMultibase"`
		PublicKeyJwk       json.RawMessage `json:"publicKeyJwk"`
	} `json:"verificationMethod"`
	AssertionMethod []any `json:"assertionMethod"`
}

// DIDWebURL returns the URL of the DID document of a did:web.
func DIDWebURL(did string) (string, error) {
	rest, ok := strings.CutPrefix(did, "did:web:")
	if !ok || rest == "" {
		return "", fmt.Errorf("%q is not a did:web, the only DID method accepted", did)
	}
	parts := strings.Split(rest, ":")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" || strings.ContainsAny(u, "/?#") {
			return "", fmt.Errorf("%q is not a valid did:web", did)
		}
		parts[i] = u
	}
	if len(parts) == 1 {
		return "https://" + parts[0] + "/.well-known/did.json", nil
	}
	return "https://" + strings.Join(parts, "/") + "/did.json", nil
}

// resolveDID fetches the issuer's DID document.
func (v *verifier) resolveDID(did string) *didDoc {
	u, err := DIDWebURL(did)
	if err != nil {
		v.fail(RuleDID, "issuer: %v", err)
		return nil
	}
	resp, err := v.opts.Fetcher.Fetch(v.ctx, u)
	if err != nil {
		v.fail(RuleFetch, "DID document %s: %v", u, err)
		return nil
	}
	if resp.Status != 200 {
		v.fail(RuleFetch, "DID document %s: HTTP %d", u, resp.Status)
		return nil
	}
	var d didDoc
	if err := json.Unmarshal(resp.Body, &d); err != nil || d.ID != did {
		v.fail(RuleDID, "the DID document at %s is not the document of %s", u, did)
		return nil
	}
	v.pass(RuleDID, "resolved the issuer %s at %s", did, u)
	return &d
}

// assertionMethod returns the verification method id of the DID document
// listed under assertionMethod, or nil.
func (d *didDoc) method(id string) int {
	listed := false
	for _, m := range d.AssertionMethod {
		if s, _ := m.(string); s == id {
			listed = true
		}
	}
	if !listed {
		return -1
	}
	for i, m := range d.VerificationMethod {
		if m.ID == id && m.Controller == d.ID {
			return i
		}
	}
	return -1
}

// proof3 checks the Data Integrity proof with the issuer's key.
func (v *verifier) proof3(data []byte, did *didDoc) {
	v.rep.Signed = true
	var owned bool
	err := vc.VerifyEdDSA(data, func(m string) (ed25519.PublicKey, error) {
		i := did.method(m)
		if i < 0 {
			return nil, fmt.Errorf("the issuer's DID document does not list it under assertionMethod")
		}
		owned = true
		return vc.DecodeMultikey(did.VerificationMethod[i].PublicKeyMultibase)
	})
	switch {
	case err != nil && !owned && strings.Contains(err.Error(), "assertionMethod"):
		v.fail(RuleIssuerKey, "%v", err)
	case err != nil:
		v.fail(RuleProof, "%v: the credential was changed or signed with another key", err)
	default:
		v.pass(RuleIssuerKey, "the proof's key is the issuer's (listed under assertionMethod in its DID document)")
		v.pass(RuleProof, "the eddsa-rdfc-2022 proof verifies")
	}
}

// jwt3 checks a VC-JWT: the key at its kid must be one of the issuer's
// RSA keys, and the token must verify with it and carry the credential.
func (v *verifier) jwt3(token string, doc map[string]any, did *didDoc) {
	v.rep.Signed = true
	h, _, _ := strings.Cut(token, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(h)
	var hdr struct{ Kid string }
	json.Unmarshal(raw, &hdr)
	if !isHTTP(hdr.Kid) {
		v.fail(RuleJWT, "the VC-JWT's kid %q is not the URL of a key", hdr.Kid)
		return
	}
	resp, err := v.opts.Fetcher.Fetch(v.ctx, hdr.Kid)
	if err != nil || resp.Status != 200 {
		v.fail(RuleFetch, "the VC-JWT key %s could not be fetched", hdr.Kid)
		return
	}
	pub, err := rsaJWK(resp.Body)
	if err != nil {
		v.fail(RuleJWT, "the key at %s: %v", hdr.Kid, err)
		return
	}
	owned := false
	for _, m := range did.VerificationMethod {
		if m.Type == "JsonWebKey" && did.method(m.ID) >= 0 {
			if k, err := rsaJWK(m.PublicKeyJwk); err == nil && k.Equal(pub) {
				owned = true
			}
		}
	}
	if !owned {
		v.fail(RuleIssuerKey, "the VC-JWT key %s is not among the issuer's keys (its DID document's assertionMethod)", hdr.Kid)
		return
	}
	v.pass(RuleIssuerKey, "the VC-JWT key %s is the issuer's", hdr.Kid)
	payload, err := vc.VerifyJWT(token, pub)
	if err != nil {
		v.fail(RuleJWT, "%v: the credential was changed or signed with another key", err)
		return
	}
	var got map[string]any
	if json.Unmarshal(payload, &got) != nil || firstDifference(got, doc) != "" {
		v.fail(RuleJWT, "the VC-JWT carries another credential")
		return
	}
	v.pass(RuleJWT, "the VC-JWT verifies with %s (RS256)", hdr.Kid)
}

// rsaJWK reads a public RSA JWK; one with private members is refused.
func rsaJWK(data []byte) (*rsa.PublicKey, error) {
	var j struct{ Kty, N, E, D string }
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("not a JWK")
	}
	if j.D != "" {
		return nil, fmt.Errorf("the JWK holds a private key")
	}
	n, err1 := base64.RawURLEncoding.DecodeString(j.N)
	e, err2 := base64.RawURLEncoding.DecodeString(j.E)
	if j.Kty != "RSA" || err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
		return nil, fmt.Errorf("not an RSA JWK")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
}

// dates3 checks validFrom and validUntil against the clock.
func (v *verifier) dates3(doc map[string]any) {
	if from, ok := parseTime(doc["validFrom"]); !ok {
		v.fail(RuleValidFrom, "validFrom is not a date-time")
	} else if from.After(v.opts.Now) {
		v.fail(RuleValidFrom, "valid only from %s", ob.FormatTime(from))
	} else {
		v.pass(RuleValidFrom, "valid from %s", ob.FormatTime(from))
	}
	if doc["validUntil"] == nil {
		v.pass(RuleNotExpired, "does not expire")
	} else if until, ok := parseTime(doc["validUntil"]); !ok {
		v.fail(RuleNotExpired, "validUntil is not a date-time")
	} else if !until.After(v.opts.Now) {
		v.fail(RuleNotExpired, "expired on %s", ob.FormatTime(until))
	} else {
		v.pass(RuleNotExpired, "valid until %s", ob.FormatTime(until))
	}
}

// status3 reads the credential's bit in its issuer's signed status list.
func (v *verifier) status3(doc map[string]any, issuer string, did *didDoc) {
	st, _ := doc["credentialStatus"].(map[string]any)
	if st == nil {
		return
	}
	typ, _ := st["type"].(string)
	listURL, _ := st["statusListCredential"].(string)
	purpose, _ := st["statusPurpose"].(string)
	idx, err := strconv.Atoi(fmt.Sprint(st["statusListIndex"]))
	if typ != "BitstringStatusListEntry" || purpose != "revocation" || !isHTTP(listURL) || err != nil || idx < 0 {
		v.fail(RuleStatusList, "credentialStatus is not a revocation BitstringStatusListEntry with an index and a list URL")
		return
	}
	resp, err := v.opts.Fetcher.Fetch(v.ctx, listURL)
	if err != nil || resp.Status != 200 {
		v.fail(RuleFetch, "status list %s could not be fetched", listURL)
		return
	}
	var list ob3.StatusListCredential
	if err := json.Unmarshal(resp.Body, &list); err != nil || list.ID != listURL || list.Issuer != issuer || list.CredentialSubject.StatusPurpose != "revocation" {
		v.fail(RuleStatusList, "the status list at %s is not a revocation list of the issuer %s with its URL as id", listURL, issuer)
		return
	}
	if err := vc.VerifyEdDSA(resp.Body, func(m string) (ed25519.PublicKey, error) {
		i := did.method(m)
		if i < 0 {
			return nil, fmt.Errorf("not listed under the issuer's assertionMethod")
		}
		return vc.DecodeMultikey(did.VerificationMethod[i].PublicKeyMultibase)
	}); err != nil {
		v.fail(RuleStatusList, "the status list's proof: %v", err)
		return
	}
	bits, err := ob3.DecodeStatusList(list.CredentialSubject.EncodedList)
	if err != nil {
		v.fail(RuleStatusList, "%v", err)
		return
	}
	set, ok := ob3.StatusBit(bits, idx)
	if !ok {
		v.fail(RuleStatusList, "index %d is beyond the list's %d entries", idx, len(bits)*8)
		return
	}
	v.pass(RuleStatusList, "read entry %d of the issuer's signed status list", idx)
	if set {
		v.fail(RuleNotRevoked, "the issuer revoked this credential (entry %d of its status list is set)", idx)
		return
	}
	v.pass(RuleNotRevoked, "not revoked (entry %d of the status list is clear)", idx)
}

// credentialURL fetches the credential's id: the issuer serves a
// revocation notice there in place of a revoked credential.
func (v *verifier) credentialURL(id string) {
	resp, err := v.opts.Fetcher.Fetch(v.ctx, id)
	if err != nil || resp.Status != 200 {
		return // a credential stands without its URL
	}
	var doc map[string]any
	if json.Unmarshal(resp.Body, &doc) != nil {
		return
	}
	if revoked, _ := doc["revoked"].(bool); revoked {
		reason, _ := doc["revocationReason"].(string)
		v.fail(RuleNotRevoked, "the credential's URL serves a revocation notice: %s", orNone(reason))
		return
	}
	v.pass(RuleCredentialURL, "the credential's URL serves it")
}

// recipient3 matches --recipient against the subject's hashed identifiers.
func (v *verifier) recipient3(subject map[string]any) {
	if v.opts.Recipient == "" {
		return
	}
	ids, _ := subject["identifier"].([]any)
	if m, ok := subject["identifier"].(map[string]any); ok {
		ids = []any{m}
	}
	for _, x := range ids {
		m, _ := x.(map[string]any)
		hash, _ := m["identityHash"].(string)
		salt, _ := m["salt"].(string)
		typ, _ := m["identityType"].(string)
		hashed, _ := m["hashed"].(bool)
		rt := map[string]string{"emailAddress": "email", "ext:url": "url", "ext:telephone": "telephone"}[typ]
		if hashed && matchHashed(hash, salt, rt, v.opts.Recipient) || !hashed && ob.Normalize(rt, hash) == ob.Normalize(rt, v.opts.Recipient) {
			v.pass(RuleRecipient, "awarded to %s", v.opts.Recipient)
			return
		}
	}
	v.fail(RuleRecipient, "not awarded to %s: no identifier of the subject matches", v.opts.Recipient)
}

// unbake3 returns the Open Badges 3.0 credential baked into a PNG or SVG.
func unbake3(img []byte) (string, bool) {
	var text string
	var err error
	switch bake.Format(img) {
	case "png":
		text, err = bake.UnbakeCredentialPNG(img)
	case "svg":
		text, err = bake.UnbakeCredentialSVG(img)
	default:
		return "", false
	}
	return strings.TrimSpace(text), err == nil
}

// fromText3 verifies a credential given as JSON or as a VC-JWT.
func (v *verifier) fromText3(text string) {
	if !isJWT(text) {
		v.credential3([]byte(text), "", "")
		return
	}
	_, payload, _ := strings.Cut(text, ".")
	payload, _, _ = strings.Cut(payload, ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	var doc map[string]any
	if err != nil || json.Unmarshal(raw, &doc) != nil || doc == nil {
		v.fail(RuleJWT, "the VC-JWT's payload is not a JSON object")
		return
	}
	for _, c := range []string{"iss", "jti", "sub", "nbf", "exp"} {
		delete(doc, c)
	}
	data, _ := json.Marshal(doc)
	v.credential3(data, text, "")
}

// fetch3 fetches a URL given as input and returns its body when it is an
// Open Badges 3.0 document: a credential, a VC-JWT or the revocation
// notice served in place of a credential; for a VC-JWT, which it
// verifies itself, the body is nil. The response stays cached.
func (v *verifier) fetch3(u string) ([]byte, bool) {
	resp, ok := v.cache[u]
	if !ok {
		var err error
		if resp, err = v.opts.Fetcher.Fetch(v.ctx, u); err != nil {
			return nil, false
		}
		v.cache[u] = resp
	}
	if resp.Status != 200 {
		return nil, false
	}
	text := strings.TrimSpace(string(resp.Body))
	if bake.IsJWS(text) && isJWT(text) {
		v.pass(RuleFetch, "fetched the VC-JWT %s", u)
		v.fromText3(text)
		return nil, true // verified already
	}
	var doc map[string]any
	if json.Unmarshal(resp.Body, &doc) != nil {
		return nil, false
	}
	_, status := doc["credentialStatus"]
	if !isVC(doc) && !status {
		return nil, false
	}
	v.pass(RuleFetch, "fetched the credential %s", u)
	return resp.Body, true
}
