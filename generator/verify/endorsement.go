package verify

import (
	"net/http"
	"strings"

	"rosette/generator/ob"
)

// Rules of endorsements, as reports name them.
const (
	RuleEndorsement = "endorsement-properties" // required properties and types of the Endorsement
	RuleClaim       = "claim"                  // the endorsed object is published at the claim's id
)

// endorsement verifies an Open Badges 2.0 Endorsement hosted at u (doc is
// its hosted copy; given, when not nil, the JSON the verifier was
// handed): its properties, its issuer's profile and hosted scope, the
// object it endorses, its date and the issuer's revocation list.
func (v *verifier) endorsement(u string, doc, given map[string]any) {
	v.rep.Assertion = ""
	v.rep.Endorsement = u
	if revoked, _ := doc["revoked"].(bool); revoked {
		reason, _ := doc["revocationReason"].(string)
		v.fail(RuleNotRevoked, "the endorser withdrew this endorsement: %s", orNone(reason))
		return
	}
	if given != nil {
		if key := firstDifference(given, doc); key != "" {
			v.fail(RuleHostedCopy, "the endorsement given differs from the hosted one at %s (in %q): it was changed", u, key)
			return
		}
		v.pass(RuleHostedCopy, "the endorsement given is the one hosted at its id")
	}
	claim, _ := doc["claim"].(map[string]any)
	claimID := idOf(doc["claim"])
	issuerURL := idOf(doc["issuer"])
	_, dated := parseTime(doc["issuedOn"])
	var probs []string
	if !hasContext(doc) {
		probs = append(probs, "@context is not the Open Badges 2.0 context")
	}
	if !hasType(doc, "Endorsement") {
		probs = append(probs, "type is not Endorsement")
	}
	if !isHTTP(claimID) {
		probs = append(probs, "claim.id must be the http(s) URL of the endorsed badge class, issuer or assertion")
	}
	if c, ok := claim["endorsementComment"]; ok {
		if _, isText := c.(string); !isText {
			probs = append(probs, "claim.endorsementComment must be text")
		}
	}
	if !isHTTP(issuerURL) {
		probs = append(probs, "issuer must be the http(s) URL of the endorser's Profile")
	}
	if !dated {
		probs = append(probs, "issuedOn must be an ISO 8601 date-time")
	}
	if !v.props(RuleEndorsement, "Endorsement", probs) {
		return
	}
	v.rep.Claim = claimID
	if t := verificationType(doc); t != "HostedBadge" {
		v.fail(RuleVerification, "the endorsement at %s has verification.type %q, want HostedBadge", u, t)
		return
	}
	v.pass(RuleVerification, "hosted endorsement (HostedBadge)")
	v.rep.Issuer = issuerURL
	issuer, _ := v.fetchDoc("issuer", issuerURL)
	if issuer == nil || !v.profileProps(issuer) {
		return
	}
	v.scope(u, issuer)
	if endorsed, gone := v.fetchDoc("endorsed object", claimID); endorsed != nil {
		v.pass(RuleClaim, "the endorsed %s is published at the claim's id", endorsedKind(endorsed))
	} else if gone {
		v.fail(RuleClaim, "the endorsed object %s answers HTTP %d Gone", claimID, http.StatusGone)
	} else {
		v.fail(RuleClaim, "the endorsed object %s is not published at the claim's id", claimID)
	}
	issued, _ := parseTime(doc["issuedOn"])
	if issued.After(v.opts.Now) {
		v.fail(RuleIssuedInPast, "endorsed on %s, which is in the future", ob.FormatTime(issued))
	} else {
		v.pass(RuleIssuedInPast, "endorsed on %s", ob.FormatTime(issued))
	}
	v.revocationList(doc, issuer)
}

// endorsedKind names the type of an endorsed document in messages.
func endorsedKind(doc map[string]any) string {
	for _, t := range []string{"BadgeClass", "Profile", "Issuer", "Assertion"} {
		if hasType(doc, t) {
			return strings.ToLower(t[:1]) + t[1:]
		}
	}
	return "object"
}
