package ob

import "rosette/generator/content"

// EndorsementPath is the path of an endorsement by an issuer of the site.
func EndorsementPath(id string) string { return "endorsements/" + id + ".json" }

// Endorsement is an Open Badges 2.0 Endorsement: its issuer's claim
// about a badge class, an issuer or an assertion, verified as a hosted
// document.
type Endorsement struct {
	Context      string       `json:"@context"`
	Type         string       `json:"type"`
	ID           string       `json:"id"`
	Claim        Claim        `json:"claim"`
	Issuer       string       `json:"issuer"`
	IssuedOn     string       `json:"issuedOn"`
	Verification Verification `json:"verification"`
}

// Claim is what an endorsement says: the endorsed object's id and the
// endorser's comment (markdown).
type Claim struct {
	ID                 string `json:"id"`
	EndorsementComment string `json:"endorsementComment,omitempty"`
}

// RevokedEndorsement is what is served at a revoked endorsement's URL.
type RevokedEndorsement struct {
	Context          string `json:"@context"`
	Type             string `json:"type"`
	ID               string `json:"id"`
	Revoked          bool   `json:"revoked"`
	RevocationReason string `json:"revocationReason"`
}

// Hosted reports whether the site hosts a document for e: only an issuer
// of the site speaks for itself here. An outside organisation hosts its
// own, and a person's words recorded by an issuer are not a claim of
// that issuer.
func Hosted(e *content.Endorsement) bool { return e.Kind() == content.EndorsedByIssuer }

// EndorsementURL returns the URL at which e is verified: its hosted
// document here, the outside organisation's URL, or "" for a person's.
func (g *Graph) EndorsementURL(e *content.Endorsement) string {
	switch e.Kind() {
	case content.EndorsedByIssuer:
		return g.URL(EndorsementPath(e.ID))
	case content.EndorsedByOutside:
		return e.EndorserURL
	}
	return ""
}

// Endorsed returns the id of what e endorses: a badge class, issuer
// profile or assertion URL.
func (g *Graph) Endorsed(e *content.Endorsement) string {
	switch kind, id := e.Target(); kind {
	case "badge":
		return g.URL(BadgePath(id))
	case "issuer":
		return g.URL(IssuerPath(id))
	default:
		return g.URL(AssertionPath(id))
	}
}

// Endorsement returns the hosted document of e, an endorsement by an
// issuer of the site that is not revoked.
func (g *Graph) Endorsement(e *content.Endorsement) *Endorsement {
	return &Endorsement{
		Context:      Context,
		Type:         "Endorsement",
		ID:           g.URL(EndorsementPath(e.ID)),
		Claim:        Claim{ID: g.Endorsed(e), EndorsementComment: e.Comment},
		Issuer:       g.URL(IssuerPath(e.Endorser)),
		IssuedOn:     FormatTime(e.Date),
		Verification: Verification{Type: "HostedBadge"},
	}
}

// RevokedEndorsement returns what is served at the URL of a revoked
// endorsement.
func (g *Graph) RevokedEndorsement(e *content.Endorsement) *RevokedEndorsement {
	return &RevokedEndorsement{
		Context:          Context,
		Type:             "Endorsement",
		ID:               g.URL(EndorsementPath(e.ID)),
		Revoked:          true,
		RevocationReason: e.RevocationReason,
	}
}

// endorsementsOf returns the URLs of the endorsements of a badge class or
// issuer that are not revoked and can be verified (by an issuer of the
// site or an outside organisation), in id order; nil when there is none.
func (g *Graph) endorsementsOf(kind, id string) []string {
	var out []string
	for _, e := range g.Site.EndorsementsOf(kind, id) {
		if u := g.EndorsementURL(e); u != "" && !e.Revoked {
			out = append(out, u)
		}
	}
	return out
}
