package render

import (
	"html/template"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// Endorsement is what a page shows of one endorsement that is not
// revoked.
type Endorsement struct {
	ID   string
	Kind string // "issuer", "outside" or "person" (content.EndorsedBy…)
	// By is the endorser's name: the issuer's, the organisation's or the
	// person's; Website links it ("" for none), Role is a person's role.
	By, Website, Role string
	Issuer            *Issuer // the endorsing issuer of the site (kind "issuer")
	RecordedBy        *Issuer // the issuer that recorded a person's words (kind "person")
	Comment           template.HTML
	Date              time.Time
	// JSON is the URL of the Endorsement document: hosted here (kind
	// "issuer") or by the organisation (kind "outside"); "" for a person.
	JSON string
	// Path is the root-relative path of a document hosted here, which
	// the in-browser check fetches (so that a preview checks its own
	// copy); "" otherwise.
	Path string
	// Claim is the id its claim must name (the endorsed document), and
	// IssuerName the name its issuer's profile must have: what the
	// in-browser check compares the fetched document with.
	Claim, IssuerName string
}

// endorsements returns the page data of the endorsements of a badge
// class, issuer or award that are not revoked, in id order.
func (p *Pages) endorsements(s *content.Site, kind, id string) []*Endorsement {
	var out []*Endorsement
	for _, e := range s.EndorsementsOf(kind, id) {
		if e.Revoked {
			continue
		}
		v := &Endorsement{
			ID: e.ID, Kind: e.Kind(), Comment: p.markdown(content.Text{Value: e.Comment, Lang: s.Config.DefaultLang()}), // never translated Date: e.Date,
			JSON: p.graph.EndorsementURL(e), Claim: p.graph.Endorsed(e),
		}
		switch v.Kind {
		case content.EndorsedByIssuer:
			v.Path = p.root + ob.EndorsementPath(e.ID)
			v.Issuer = p.issuers[e.Endorser]
			v.By, v.Website = v.Issuer.Name, v.Issuer.Website
		case content.EndorsedByOutside:
			v.By, v.Website = e.EndorserName, e.EndorserWebsite
		case content.EndorsedByPerson:
			v.By, v.Role, v.RecordedBy = e.Person, e.Role, p.issuers[e.RecordedBy]
		}
		v.IssuerName = v.By
		out = append(out, v)
	}
	return out
}

// setEndorsements gives the issuers and badge classes their endorsements.
func (p *Pages) setEndorsements(s *content.Site) {
	for _, is := range s.Issuers {
		p.issuers[is.ID].Endorsements = p.endorsements(s, "issuer", is.ID)
	}
	for _, b := range s.Badges {
		p.badges[b.ID].Endorsements = p.endorsements(s, "badge", b.ID)
	}
}

// awardEndorsements returns the endorsements an award's page shows: none
// when the earner has no public profile, as an endorsement of an award
// speaks of its earner.
func (p *Pages) awardEndorsements(a *content.Award, v *Award) []*Endorsement {
	if v.Private || a.Revoked { // words vouching for a withdrawn award would mislead
		return nil
	}
	return p.endorsements(p.graph.Site, "award", a.ID)
}

// UpdateEndorsements follows a change of the endorsements of g's site:
// the issuers and badge classes get theirs anew (award pages find theirs
// when they are made). It must not run while pages are made.
func (p *Pages) UpdateEndorsements(g *ob.Graph) {
	p.graph = g
	p.setEndorsements(g.Site)
}
