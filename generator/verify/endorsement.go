package verify

import (
	"net/http"
	"strings"

	"rosette/generator/ob"
	"rosette/generator/ob3"
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

// endorsement3 verifies an Open Badges 3.0 EndorsementCredential: its
// types, its proof by the issuer's DID, its dates, the endorsed object,
// and, as it has no status list entry, that its URL still serves it.
func (v *verifier) endorsement3(data []byte, doc map[string]any, fetchedFrom string) {
	id, _ := doc["id"].(string)
	v.rep.Assertion = ""
	v.rep.Endorsement = id
	subject, _ := doc["credentialSubject"].(map[string]any)
	claim, _ := subject["id"].(string)
	if !contains(strs(doc["@context"]), ob3.ContextOB3) || !contains(strs(doc["type"]), "VerifiableCredential") || !contains(strs(subject["type"]), "EndorsementSubject") || claim == "" {
		v.fail(RuleCredential, "not an EndorsementCredential: contexts %v, types %v, a credentialSubject of type EndorsementSubject with an id", strs(doc["@context"]), strs(doc["type"]))
		return
	}
	v.pass(RuleCredential, "an EndorsementCredential")
	v.rep.Claim = claim
	issuer := idOf(doc["issuer"])
	v.rep.Issuer = issuer
	did := v.resolveDID(issuer)
	if did == nil {
		return
	}
	v.proof3(data, did)
	v.dates3(doc)
	switch {
	case strings.HasPrefix(claim, "did:"):
		if v.resolveDID(claim) != nil {
			v.pass(RuleClaim, "the endorsed issuer's DID resolves")
		}
	case isHTTP(claim):
		if endorsed, _ := v.fetchDoc("endorsed object", claim); endorsed != nil {
			v.pass(RuleClaim, "the endorsed %s is published at the subject's id", endorsedKind(endorsed))
		} else {
			v.fail(RuleClaim, "the endorsed object %s is not published at the subject's id", claim)
		}
	default:
		v.fail(RuleClaim, "the subject's id %q is neither a URL nor a DID", claim)
	}
	if fetchedFrom == "" && isHTTP(id) {
		if resp, err := v.opts.Fetcher.Fetch(v.ctx, id); err == nil && resp.Status == http.StatusOK {
			v.pass(RuleCredentialURL, "the endorsement's URL serves it")
		} else {
			v.fail(RuleNotRevoked, "the endorsement's URL %s no longer serves it: the endorser withdrew it", id)
		}
	}
}
