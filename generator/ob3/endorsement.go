package ob3

import (
	"rosette/generator/content"
	"rosette/generator/ob"
)

// EndorsementPath is the path of the EndorsementCredential of an
// endorsement by an issuer of the site.
func EndorsementPath(id string) string { return "credentials/endorsements/" + id + ".json" }

// EndorsementCredential is an Open Badges 3.0 endorsement: its issuer, the
// endorser, says endorsementComment of the object its subject names.
type EndorsementCredential struct {
	Context           []string           `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Name              string             `json:"name"`
	Issuer            *Profile           `json:"issuer"`
	ValidFrom         string             `json:"validFrom"`
	AwardedDate       string             `json:"awardedDate"`
	CredentialSubject EndorsementSubject `json:"credentialSubject"`
}

// EndorsementSubject is what an EndorsementCredential endorses.
type EndorsementSubject struct {
	ID                 string   `json:"id"`
	Type               []string `json:"type"`
	EndorsementComment string   `json:"endorsementComment,omitempty"`
}

// Endorsed returns the 3.0 id of what e endorses: a badge class's
// Achievement and an issuer's DID when its issuer publishes 3.0 (has an
// Ed25519 key), else the Open Badges 2.0 URL; an award's hosted
// assertion, which every build publishes.
func (g *Graph) Endorsed(e *content.Endorsement) string {
	switch kind, id := e.Target(); kind {
	case "badge":
		if b := g.Site.Badge(id); b != nil && hasEdKeys(g.Site.Issuer(b.Issuer)) {
			return g.URL(AchievementPath(id))
		}
	case "issuer":
		if hasEdKeys(g.Site.Issuer(id)) {
			return g.DID(id)
		}
	}
	return g.Graph.Endorsed(e)
}

func hasEdKeys(is *content.Issuer) bool { return is != nil && len(is.EdKeys) > 0 }

// EndorsementCredential returns the unsigned EndorsementCredential of e,
// an endorsement by an issuer of the site.
func (g *Graph) EndorsementCredential(e *content.Endorsement) *EndorsementCredential {
	is := g.Site.Issuer(e.Endorser)
	what := ""
	switch kind, id := e.Target(); kind {
	case "badge":
		what = g.Site.Badge(id).Name
	case "issuer":
		what = g.Site.Issuer(id).Name
	default:
		what = g.Site.Badge(g.Site.Award(id).Badge).Name + " award"
	}
	return &EndorsementCredential{
		Context:     []string{ContextVC, ContextOB3},
		ID:          g.URL(EndorsementPath(e.ID)),
		Type:        []string{"VerifiableCredential", "EndorsementCredential"},
		Name:        "Endorsement of " + what + " by " + is.Name,
		Issuer:      g.Profile(is),
		ValidFrom:   ob.FormatTime(e.Date),
		AwardedDate: ob.FormatTime(e.Date),
		CredentialSubject: EndorsementSubject{
			ID:                 g.Endorsed(e),
			Type:               []string{"EndorsementSubject"},
			EndorsementComment: e.Comment,
		},
	}
}
