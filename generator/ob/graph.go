package ob

import (
	"sort"

	"rosette/generator/content"
)

// Paths of the hosted documents, relative to the site root. Every JSON
// document is served at its .json path, so any static host sends it as JSON,
// and its id is the base URL followed by that path.

// IssuerPath is the path of an issuer profile.
func IssuerPath(id string) string { return "issuers/" + id + ".json" }

// BadgePath is the path of a badge class.
func BadgePath(id string) string { return "badges/" + id + ".json" }

// AssertionPath is the path of an award.
func AssertionPath(id string) string { return "assertions/" + id + ".json" }

// RevocationListPath is the path of an issuer's revocation list.
func RevocationListPath(issuer string) string { return "revocations/" + issuer + ".json" }

// IssuerImagePath is the path of an issuer's image.
func IssuerImagePath(id string, img *content.Image) string {
	return "issuers/" + id + "." + img.Format
}

// BadgePagePath is the path of a badge class's page for people, which is
// also its criteria page when it has no criteria_url.
func BadgePagePath(id string) string { return "badges/" + id + "/" }

// BadgeImagePath is the path of a badge class image in the given format.
func BadgeImagePath(id, format string) string { return "badges/" + id + "." + format }

// BakedImagePath is the path of an award's baked image ("png" or "svg"):
// the badge class image with the assertion embedded.
func BakedImagePath(id, format string) string { return "assertions/" + id + "." + format }

// Graph builds the Open Badges documents of a loaded site. It is read-only
// after New and safe for concurrent use.
type Graph struct {
	Site *content.Site
	Base string // base URL, with a trailing slash

	revocations map[string][]Revocation // by issuer id, sorted by award id
}

// New prepares the graph of a site.
func New(s *content.Site) *Graph {
	g := &Graph{Site: s, Base: s.Config.BaseURL, revocations: make(map[string][]Revocation)}
	for _, is := range s.Issuers {
		g.revocations[is.ID] = []Revocation{}
	}
	for _, a := range s.Awards {
		if !a.Revoked {
			continue
		}
		is := g.IssuerOf(a)
		g.revocations[is] = append(g.revocations[is], Revocation{ID: g.URL(AssertionPath(a.ID)), RevocationReason: a.RevocationReason})
	}
	for _, e := range s.Endorsements {
		if e.Revoked && Hosted(e) && g.revocations[e.Endorser] != nil {
			g.revocations[e.Endorser] = append(g.revocations[e.Endorser], Revocation{ID: g.URL(EndorsementPath(e.ID)), RevocationReason: e.RevocationReason})
		}
	}
	for _, list := range g.revocations {
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	}
	return g
}

// URL returns the absolute URL of a site path.
func (g *Graph) URL(path string) string { return g.Base + path }

// IssuerOf returns the id of the issuer of an award.
func (g *Graph) IssuerOf(a *content.Award) string {
	return g.Site.Badge(a.Badge).Issuer
}

// Profile returns the issuer profile of is. Hosted assertions are scoped
// to the site's base URL.
func (g *Graph) Profile(is *content.Issuer) *Profile {
	p := &Profile{
		Context:     Context,
		Type:        "Profile",
		ID:          g.URL(IssuerPath(is.ID)),
		Name:        is.Name,
		URL:         is.URL,
		Email:       is.Email,
		Telephone:   is.Telephone,
		Description: is.Description,
		Verification: &Verification{
			Type:       "VerificationObject",
			StartsWith: g.Base,
		},
		RevocationList: g.URL(RevocationListPath(is.ID)),
	}
	if is.Logo != nil {
		p.Image = g.URL(IssuerImagePath(is.ID, is.Logo))
	}
	for _, k := range is.Keys {
		p.PublicKey = append(p.PublicKey, g.URL(KeyPath(is.ID, k.ID)))
	}
	p.Endorsement = g.endorsementsOf("issuer", is.ID)
	return p
}

// BadgeImage returns the image a badge class is shown with: its PNG, else
// its SVG.
func BadgeImage(b *content.Badge) *content.Image {
	if b.PNG != nil {
		return b.PNG
	}
	return b.SVG
}

// BadgeClass returns the badge class document of b.
func (g *Graph) BadgeClass(b *content.Badge) *BadgeClass {
	bc := &BadgeClass{
		Context:     Context,
		Type:        "BadgeClass",
		ID:          g.URL(BadgePath(b.ID)),
		Name:        b.Name,
		Description: b.Description,
		Image:       g.URL(BadgeImagePath(b.ID, BadgeImage(b).Format)),
		Criteria:    Criteria{ID: b.CriteriaURL, Narrative: b.Criteria},
		Issuer:      g.URL(IssuerPath(b.Issuer)),
		Tags:        b.Tags,
	}
	bc.Endorsement = g.endorsementsOf("badge", b.ID)
	if bc.Criteria.ID == "" {
		bc.Criteria.ID = g.URL(BadgePagePath(b.ID))
	}
	for _, a := range b.Alignment {
		bc.Alignment = append(bc.Alignment, Alignment{
			Type:              "AlignmentObject",
			TargetName:        a.Name,
			TargetURL:         a.URL,
			TargetDescription: a.Description,
			TargetFramework:   a.Framework,
			TargetCode:        a.Code,
		})
	}
	return bc
}

// Assertion returns the hosted assertion of a, which must not be revoked.
func (g *Graph) Assertion(a *content.Award) *Assertion {
	as := &Assertion{
		Context: Context,
		Type:    "Assertion",
		ID:      g.URL(AssertionPath(a.ID)),
		Recipient: IdentityObject{
			Type:     a.Recipient.Type,
			Hashed:   true,
			Salt:     a.Recipient.Salt,
			Identity: a.Recipient.Identity,
		},
		Badge:        g.URL(BadgePath(a.Badge)),
		IssuedOn:     FormatTime(a.Issued),
		Narrative:    a.Narrative,
		Verification: Verification{Type: "HostedBadge"},
	}
	b := g.Site.Badge(a.Badge)
	if exp := a.ExpiresAt(b); !exp.IsZero() {
		as.Expires = FormatTime(exp)
	}
	if img := BadgeImage(b); img != nil {
		as.Image = g.URL(BakedImagePath(a.ID, img.Format))
	}
	for _, e := range a.Evidence {
		as.Evidence = append(as.Evidence, Evidence{
			Type:        "Evidence",
			ID:          e.URL,
			Name:        e.Name,
			Description: e.Description,
			Narrative:   e.Narrative,
			Genre:       e.Genre,
			Audience:    e.Audience,
		})
	}
	return as
}

// Revoked returns what is served at the URL of a revoked award.
func (g *Graph) Revoked(a *content.Award) *RevokedAssertion {
	return &RevokedAssertion{
		Context:          Context,
		Type:             "Assertion",
		ID:               g.URL(AssertionPath(a.ID)),
		Revoked:          true,
		RevocationReason: a.RevocationReason,
	}
}

// RevocationList returns the revocation list of an issuer.
func (g *Graph) RevocationList(is *content.Issuer) *RevocationList {
	return &RevocationList{
		Context:           Context,
		Type:              "RevocationList",
		ID:                g.URL(RevocationListPath(is.ID)),
		Issuer:            g.URL(IssuerPath(is.ID)),
		RevokedAssertions: g.revocations[is.ID],
	}
}
