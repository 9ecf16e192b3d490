package verify

import (
	"crypto/md5"
	"crypto/rsa"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"

	"rosette/generator/ob"
	"rosette/generator/sign"
)

// fetchDoc fetches a JSON document and checks that its id is the URL.
// what names the document in messages. It returns nil after a failure.
// gone reports an HTTP 410.
func (v *verifier) fetchDoc(what, u string) (doc map[string]any, gone bool) {
	resp, ok := v.cache[u]
	if !ok {
		var err error
		resp, err = v.opts.Fetcher.Fetch(v.ctx, u)
		if err != nil {
			v.fail(RuleFetch, "%s %s: %v", what, u, err)
			return nil, false
		}
		v.cache[u] = resp
	}
	switch {
	case resp.Status == http.StatusGone:
		return nil, true
	case resp.Status != http.StatusOK:
		v.fail(RuleFetch, "%s %s: HTTP %d", what, u, resp.Status)
		return nil, false
	}
	if err := json.Unmarshal(resp.Body, &doc); err != nil || doc == nil {
		v.fail(RuleJSON, "%s %s is not a JSON object", what, u)
		return nil, false
	}
	v.pass(RuleFetch, "fetched %s %s", what, u)
	if id, _ := doc["id"].(string); id != u {
		v.fail(RuleIDEqualsURL, "%s fetched from %s has id %q", what, u, id)
		return nil, false
	}
	v.pass(RuleIDEqualsURL, "%s id is the URL it is served at", what)
	return doc, false
}

// hosted verifies a hosted assertion at u; given is the JSON the verifier
// was handed (from a file or image), which must equal the hosted copy.
func (v *verifier) hosted(u string, given map[string]any) {
	v.rep.Assertion = u
	doc, gone := v.fetchDoc("assertion", u)
	if gone {
		v.fail(RuleNotRevoked, "the assertion URL answers HTTP 410 Gone: the award is revoked")
		return
	}
	if doc == nil {
		return
	}
	if hasType(doc, "Endorsement") {
		v.endorsement(u, doc, given)
		return
	}
	if revoked, _ := doc["revoked"].(bool); revoked {
		reason, _ := doc["revocationReason"].(string)
		v.fail(RuleNotRevoked, "the issuer revoked this award: %s", orNone(reason))
		return
	}
	if given != nil {
		if key := firstDifference(given, doc); key != "" {
			v.fail(RuleHostedCopy, "the assertion given differs from the hosted one at %s (in %q): it was changed", u, key)
			return
		}
		v.pass(RuleHostedCopy, "the assertion given is the one hosted at its id")
	}
	if !v.assertionProps(doc) {
		return
	}
	if t := verificationType(doc); t != "HostedBadge" {
		v.fail(RuleVerification, "the assertion at %s has verification.type %q, want HostedBadge", u, t)
		return
	}
	v.pass(RuleVerification, "hosted assertion (HostedBadge)")
	issuer := v.linked(doc)
	if issuer == nil {
		return
	}
	v.scope(u, issuer)
	v.common(doc, issuer)
}

// signed verifies a compact JWS.
func (v *verifier) signed(jws string) {
	v.rep.Signed = true
	h, payload, err := sign.Decode(jws)
	if err != nil {
		v.fail(RuleSignature, "%v", err)
		return
	}
	if h.Alg != "RS256" {
		v.fail(RuleSignature, "the JWS algorithm is %q; only RS256 is accepted", h.Alg)
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(payload, &doc); err != nil || doc == nil {
		v.fail(RuleJSON, "the JWS payload is not a JSON object")
		return
	}
	v.rep.Assertion, _ = doc["id"].(string)
	if !v.assertionProps(doc) {
		return
	}
	if t := verificationType(doc); t != "SignedBadge" {
		v.fail(RuleVerification, "the signed assertion has verification.type %q, want SignedBadge", t)
		return
	}
	creator, _ := verification(doc)["creator"].(string)
	if !isHTTP(creator) {
		v.fail(RuleVerification, "verification.creator must be the URL of the signing key, not %q", creator)
		return
	}
	v.pass(RuleVerification, "signed assertion (SignedBadge), key %s", creator)
	key, _ := v.fetchDoc("key", creator)
	if key == nil {
		return
	}
	pemText, _ := key["publicKeyPem"].(string)
	owner, _ := key["owner"].(string)
	var pub *rsa.PublicKey
	switch {
	case !hasType(key, "CryptographicKey"):
		v.fail(RuleKey, "the key at %s is not of type CryptographicKey", creator)
	case owner == "":
		v.fail(RuleKey, "the key at %s has no owner", creator)
	default:
		if pub, err = sign.ParsePublicKey(pemText); err != nil {
			v.fail(RuleKey, "the key at %s: publicKeyPem: %v", creator, err)
		}
	}
	if pub == nil {
		return
	}
	v.pass(RuleKey, "the key is a CryptographicKey owned by %s", owner)
	if _, err := sign.Verify(jws, pub); err != nil {
		v.fail(RuleSignature, "%v: the assertion was changed or signed with another key", err)
		return
	}
	v.pass(RuleSignature, "the JWS signature verifies with %s (RS256)", creator)
	issuer := v.linked(doc)
	if issuer == nil {
		return
	}
	issuerID, _ := issuer["id"].(string)
	if owner != issuerID {
		v.fail(RuleKeyOwner, "the key's owner is %s, not the issuer %s", owner, issuerID)
	} else {
		v.pass(RuleKeyOwner, "the key belongs to the issuer")
	}
	if !contains(ids(issuer["publicKey"]), creator) {
		v.fail(RuleKeyListed, "the issuer does not list %s in publicKey", creator)
	} else {
		v.pass(RuleKeyListed, "the issuer lists the key in publicKey")
	}
	v.common(doc, issuer)
}

// linked fetches the badge class and its issuer, and returns the issuer.
func (v *verifier) linked(doc map[string]any) map[string]any {
	badgeURL := idOf(doc["badge"])
	v.rep.Badge = badgeURL
	badge, _ := v.fetchDoc("badge class", badgeURL)
	if badge == nil || !v.badgeProps(badge) {
		return nil
	}
	issuerURL := idOf(badge["issuer"])
	v.rep.Issuer = issuerURL
	issuer, _ := v.fetchDoc("issuer", issuerURL)
	if issuer == nil || !v.profileProps(issuer) {
		return nil
	}
	return issuer
}

// scope checks that a hosted assertion URL is one the issuer hosts.
func (v *verifier) scope(u string, issuer map[string]any) {
	vo, _ := issuer["verification"].(map[string]any)
	starts, origins := strs(vo["startsWith"]), strs(vo["allowedOrigins"])
	au, _ := url.Parse(u)
	switch {
	case len(starts) > 0:
		for _, s := range starts {
			if strings.HasPrefix(u, s) {
				v.pass(RuleHostedScope, "the assertion URL starts with %s", s)
				return
			}
		}
		v.fail(RuleHostedScope, "the assertion URL %s does not start with the issuer's verification.startsWith %s", u, strings.Join(starts, ", "))
	case len(origins) > 0:
		for _, o := range origins {
			if au != nil && strings.EqualFold(au.Host, o) {
				v.pass(RuleHostedScope, "the assertion is hosted at an allowed origin, %s", o)
				return
			}
		}
		v.fail(RuleHostedScope, "the assertion host %s is not among the issuer's verification.allowedOrigins %s", au.Host, strings.Join(origins, ", "))
	default:
		iu, _ := url.Parse(idOf(issuer["id"]))
		if au != nil && iu != nil && au.Scheme == iu.Scheme && strings.EqualFold(au.Host, iu.Host) {
			v.pass(RuleHostedScope, "the assertion has the same origin as the issuer")
			return
		}
		v.fail(RuleHostedScope, "the assertion URL %s has a different origin from the issuer %s, which allows no other", u, idOf(issuer["id"]))
	}
}

// common applies the checks every assertion gets: dates, revocation list
// and recipient.
func (v *verifier) common(doc, issuer map[string]any) {
	now := v.opts.Now
	issued, _ := parseTime(doc["issuedOn"])
	if issued.After(now) {
		v.fail(RuleIssuedInPast, "issued on %s, which is in the future: not valid before then", ob.FormatTime(issued))
	} else {
		v.pass(RuleIssuedInPast, "issued on %s", ob.FormatTime(issued))
	}
	if exp, ok := parseTime(doc["expires"]); ok {
		if !exp.After(now) {
			v.fail(RuleNotExpired, "expired on %s", ob.FormatTime(exp))
		} else {
			v.pass(RuleNotExpired, "expires on %s", ob.FormatTime(exp))
		}
	} else {
		v.pass(RuleNotExpired, "does not expire")
	}
	v.revocationList(doc, issuer)
	v.recipient(doc)
}

func (v *verifier) revocationList(doc, issuer map[string]any) {
	u, _ := issuer["revocationList"].(string)
	if u == "" {
		v.pass(RuleNotRevoked, "the issuer has no revocation list")
		return
	}
	list, _ := v.fetchDoc("revocation list", u)
	if list == nil {
		return
	}
	if !hasType(list, "RevocationList") {
		v.fail(RuleRevocationList, "%s is not of type RevocationList", u)
		return
	}
	id := idOf(doc["id"])
	uid, _ := doc["uid"].(string)
	entries := list["revokedAssertions"]
	if _, single := entries.(map[string]any); single {
		entries = []any{entries} // one entry, compacted JSON-LD
	} else if s, ok := entries.(string); ok {
		entries = []any{s}
	}
	all, _ := entries.([]any)
	for _, e := range all {
		eid, reason := "", ""
		switch e := e.(type) {
		case string:
			eid = e
		case map[string]any:
			eid = idOf(e["id"])
			if eid == "" {
				eid, _ = e["uid"].(string)
			}
			reason, _ = e["revocationReason"].(string)
		}
		if eid != "" && (eid == id || (uid != "" && eid == uid)) {
			v.fail(RuleNotRevoked, "listed in the issuer's revocation list: %s", orNone(reason))
			return
		}
	}
	v.pass(RuleNotRevoked, "not in the issuer's revocation list (%d revoked)", len(all))
}

func (v *verifier) recipient(doc map[string]any) {
	if v.opts.Recipient == "" {
		return
	}
	r, _ := doc["recipient"].(map[string]any)
	typ, _ := r["type"].(string)
	identity, _ := r["identity"].(string)
	salt, _ := r["salt"].(string)
	hashed, _ := r["hashed"].(bool)
	var ok bool
	if hashed {
		ok = matchHashed(identity, salt, typ, v.opts.Recipient)
	} else {
		ok = ob.Normalize(typ, identity) == ob.Normalize(typ, v.opts.Recipient)
	}
	if ok {
		v.pass(RuleRecipient, "awarded to %s", v.opts.Recipient)
	} else {
		v.fail(RuleRecipient, "not awarded to %s: the %s identity does not match", v.opts.Recipient, orNone(typ))
	}
}

// matchHashed reports whether a plaintext identity hashes to hashed: a
// sha256$ hash, as rosette makes, or an md5$ hash, which Open Badges 2.0
// also allows.
func matchHashed(hashed, salt, typ, plain string) bool {
	want := strings.ToLower(hashed)
	if !strings.HasPrefix(want, "md5$") {
		return ob.Match(hashed, salt, typ, plain)
	}
	sum := md5.Sum([]byte(ob.Normalize(typ, plain) + salt))
	return subtle.ConstantTimeCompare([]byte("md5$"+hex.EncodeToString(sum[:])), []byte(want)) == 1
}

// firstDifference returns the first top-level key (sorted) whose value
// differs between two documents, or "".
func firstDifference(a, b map[string]any) string {
	keys := make(map[string]bool)
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if !reflect.DeepEqual(a[k], b[k]) {
			return k
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "(no reason given)"
	}
	return s
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
