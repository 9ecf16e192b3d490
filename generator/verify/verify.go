// Package verify runs the Open Badges 2.0 verification of an assertion, or
// the Open Badges 3.0 verification of a credential (v3.go), the way a
// careful verifier does, from its URL, its JSON, its compact JWS or VC-JWT
// or a baked image, and reports every check by the rule it applies.
//
// For a hosted assertion: the assertion is fetched, its id must equal the
// URL, and it must be in the issuer's hosted scope. For a signed one: the
// JWS must verify with the creator key, which the issuer lists in publicKey
// and owns. For both: required properties and types of the Assertion, its
// BadgeClass and the issuer Profile, which are fetched and linked; issue
// and expiry dates against a clock; revocation (a revoked body, HTTP 410,
// or the issuer's RevocationList); and, optionally, the recipient.
package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"rosette/generator/bake"
	"rosette/generator/ob3"
)

// Rules, as reports name them.
const (
	RuleInput          = "input"                 // the input is a URL, JSON, a JWS or a baked image
	RuleFetch          = "fetch"                 // a linked document could be fetched
	RuleJSON           = "json"                  // a document is a JSON object
	RuleIDEqualsURL    = "id-equals-url"         // a hosted document's id is the URL it was fetched from
	RuleAssertion      = "assertion-properties"  // required properties and types of the Assertion
	RuleBadgeClass     = "badgeclass-properties" // … of the BadgeClass
	RuleProfile        = "profile-properties"    // … of the issuer Profile
	RuleVerification   = "verification-type"     // HostedBadge with a URL, SignedBadge with a JWS
	RuleHostedCopy     = "hosted-copy"           // JSON given (or baked) equals the hosted assertion
	RuleHostedScope    = "hosted-scope"          // the assertion URL is within the issuer's startsWith/allowedOrigins
	RuleIssuedInPast   = "issued-in-past"        // issuedOn is not in the future
	RuleNotExpired     = "not-expired"           // expires is in the future
	RuleNotRevoked     = "not-revoked"           // no revoked body, no HTTP 410, not in the RevocationList
	RuleKey            = "key-properties"        // the creator key is a CryptographicKey with a PEM public key
	RuleSignature      = "signature"             // the JWS verifies with the creator key (RS256)
	RuleKeyOwner       = "key-owner"             // the key's owner is the issuer
	RuleKeyListed      = "key-listed"            // the issuer lists the key in publicKey
	RuleRevocationList = "revocation-list"       // the issuer's RevocationList is well-formed
	RuleRecipient      = "recipient"             // the recipient matches the identity given
	RuleBakedSVG       = "baked-svg"             // an SVG's verify attribute and its assertion JSON name the same award
)

// Verdicts.
const (
	Valid       = "valid"
	NotYetValid = "not-yet-valid" // issued after the clock, and otherwise valid
	Expired     = "expired"
	Revoked     = "revoked"
	Invalid     = "invalid"
)

// Options configure a verification.
type Options struct {
	Fetcher   Fetcher   // how documents are fetched; default HTTP{}
	Now       time.Time // the clock dates are checked against; default time.Now()
	Recipient string    // plaintext identity (email) to match, optional

	// Schema checks Open Badges 3.0 credentials; nil: the embedded schema
	// is compiled for each verification.
	Schema *ob3.Schema
}

// Check is one applied rule.
type Check struct {
	Rule    string `json:"rule"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// Report is the result of a verification.
type Report struct {
	Verdict   string `json:"verdict"`
	Standard  string `json:"standard"` // Open Badges 2.0 or 3.0
	Input     string `json:"input"`    // url, json, jws, jwt, png or svg
	Signed    bool   `json:"signed"`
	Assertion string `json:"assertion,omitempty"`
	Badge     string `json:"badge,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	// Endorsement is the URL of a verified endorsement, and Claim the id
	// of what it endorses.
	Endorsement string  `json:"endorsement,omitempty"`
	Claim       string  `json:"claim,omitempty"`
	Checks      []Check `json:"checks"`
}

// Failed returns the failed checks.
func (r *Report) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// verifier carries one verification.
type verifier struct {
	ctx   context.Context
	opts  Options
	rep   *Report
	cache map[string]*Response
}

func (v *verifier) pass(rule, format string, args ...any) {
	v.rep.Checks = append(v.rep.Checks, Check{Rule: rule, OK: true, Message: fmt.Sprintf(format, args...)})
}

func (v *verifier) fail(rule, format string, args ...any) {
	v.rep.Checks = append(v.rep.Checks, Check{Rule: rule, OK: false, Message: fmt.Sprintf(format, args...)})
}

// Verify verifies an assertion given as a URL, JSON, a compact JWS, or the
// bytes of a baked PNG or SVG.
func Verify(ctx context.Context, input []byte, opts Options) *Report {
	if opts.Fetcher == nil {
		opts.Fetcher = HTTP{}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	v := &verifier{ctx: ctx, opts: opts, rep: &Report{}, cache: make(map[string]*Response)}
	v.run(input)
	if v.rep.Standard == "" {
		v.rep.Standard = "Open Badges 2.0"
	}
	v.rep.Verdict = verdict(v.rep)
	return v.rep
}

func verdict(r *Report) string {
	revoked, future, expired := false, false, false
	for _, c := range r.Checks {
		switch {
		case c.OK:
		case c.Rule == RuleNotRevoked:
			revoked = true
		case c.Rule == RuleIssuedInPast:
			future = true
		case c.Rule == RuleNotExpired:
			expired = true
		default:
			return Invalid
		}
	}
	switch {
	case len(r.Checks) == 0:
		return Invalid
	case revoked:
		return Revoked
	case future:
		return NotYetValid
	case expired:
		return Expired
	}
	return Valid
}

// run detects the kind of input and verifies it.
func (v *verifier) run(input []byte) {
	text := strings.TrimSpace(string(input))
	switch f := bake.Format(input); {
	case f != "":
		v.rep.Input = f
		if cred, ok := unbake3(input); ok {
			v.pass(RuleInput, "unbaked the Open Badges 3.0 credential from the %s image", strings.ToUpper(f))
			v.fromText3(cred)
			return
		}
		b, err := bake.Unbake(input)
		if err != nil {
			v.fail(RuleInput, "%v", err)
			return
		}
		v.pass(RuleInput, "unbaked the assertion from the %s image", strings.ToUpper(f))
		if !v.bakedSVG(b) {
			return
		}
		text = strings.TrimSpace(b.Text)
	default:
		v.rep.Input = ""
	}
	switch {
	case strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://"):
		if v.rep.Input == "" {
			if img := v.fetchImage(text); img != nil {
				v.run(img) // a baked image at a URL: verify what it carries
				return
			}
			v.rep.Input = "url"
			if alt := v.pageAlternate(text); alt != "" {
				text = alt // an award's page: verify the assertion it links
			}
		}
		if body, is3 := v.fetch3(text); is3 {
			if body != nil {
				v.credential3(body, "", text)
			}
			return
		}
		v.hosted(text, nil)
	case strings.HasPrefix(text, "{"):
		if v.rep.Input == "" {
			v.rep.Input = "json"
		}
		v.fromJSON([]byte(text))
	case bake.IsJWS(text) && isJWT(text):
		if v.rep.Input == "" {
			v.rep.Input = "jwt"
		}
		v.fromText3(text)
	case bake.IsJWS(text):
		if v.rep.Input == "" {
			v.rep.Input = "jws"
		}
		v.signed(text)
	default:
		v.fail(RuleInput, "not an assertion URL, JSON, a compact JWS or a baked PNG or SVG")
	}
}

// fetchImage fetches the URL given as input and returns the body when it
// is a PNG or SVG image (by its first bytes, whatever the content type),
// else nil; the response stays cached for the hosted check.
func (v *verifier) fetchImage(u string) []byte {
	resp, err := v.opts.Fetcher.Fetch(v.ctx, u)
	if err != nil {
		return nil // the hosted check fetches again and reports it
	}
	v.cache[u] = resp
	if resp.Status != 200 || bake.Format(resp.Body) == "" || alternateJSON(u, resp.Body) != "" {
		return nil // an HTML page may look like SVG at first
	}
	v.pass(RuleFetch, "fetched the baked image %s", u)
	return resp.Body
}

// pageAlternate returns the assertion URL that the HTML page at u links
// as its JSON-LD alternate, or "" when u is not such a page.
func (v *verifier) pageAlternate(u string) string {
	resp := v.cache[u]
	if resp == nil || resp.Status != 200 {
		return ""
	}
	alt := alternateJSON(u, resp.Body)
	if alt != "" {
		v.pass(RuleFetch, "fetched the page %s, which links its assertion %s", u, alt)
	}
	return alt
}

// fromJSON verifies an assertion given as JSON: a hosted one is checked
// against the copy at its id.
func (v *verifier) fromJSON(data []byte) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		v.fail(RuleJSON, "the assertion is not a JSON object: %v", err)
		return
	}
	if isVC(doc) {
		v.credential3(data, "", "")
		return
	}
	typ := verificationType(doc)
	if revoked, _ := doc["revoked"].(bool); revoked && typ == "" {
		typ = "HostedBadge" // a revocation notice: the hosted copy says more
	}
	switch typ {
	case "HostedBadge":
		id, _ := doc["id"].(string)
		if !isHTTP(id) {
			v.fail(RuleAssertion, "a hosted assertion needs an http(s) id, not %q", id)
			return
		}
		v.hosted(id, doc)
	case "SignedBadge":
		v.fail(RuleVerification, "a signed assertion must be verified from its JWS (the signed image or .jws file), not from its JSON")
	default:
		v.fail(RuleVerification, "verification.type is %q, want HostedBadge or SignedBadge", typ)
	}
}
