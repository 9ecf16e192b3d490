package generator

import (
	"rosette/generator/content"
	"rosette/generator/ob"
)

// hostedDocuments writes the Open Badges documents of issuers and badge
// classes, revocation lists, their images, the pathway documents and the
// endorsements.
func (r *renderer) hostedDocuments() error {
	g, pub := r.graph, r.pub
	for _, is := range r.site.Issuers {
		if err := writeJSON(pub, ob.IssuerPath(is.ID), g.Profile(is)); err != nil {
			return err
		}
		if is.Logo != nil {
			if err := pub.Write(ob.IssuerImagePath(is.ID, is.Logo), is.Logo.Data); err != nil {
				return err
			}
		}
	}
	if err := r.revocationLists(); err != nil {
		return err
	}
	for _, b := range r.site.Badges {
		if err := r.badgeDocuments(b); err != nil {
			return err
		}
	}
	for _, p := range r.site.Pathways {
		if err := writeJSON(pub, ob.PathwayPath(p.ID), g.Pathway(p)); err != nil {
			return err
		}
	}
	return r.endorsementDocuments(r.site.Endorsements)
}

// endorsementDocuments writes the documents of the endorsements by issuers
// of the site among es: the Open Badges 2.0 Endorsement, or what a revoked
// one's URL serves. The documents of what they endorse are not theirs to
// write.
func (r *renderer) endorsementDocuments(es []*content.Endorsement) error {
	for _, e := range es {
		if !ob.Hosted(e) {
			continue
		}
		var doc any = r.graph.Endorsement(e)
		if e.Revoked {
			doc = r.graph.RevokedEndorsement(e)
		}
		if err := writeJSON(r.pub, ob.EndorsementPath(e.ID), doc); err != nil {
			return err
		}
	}
	return nil
}

// badgeDocuments writes a badge class document and its images.
func (r *renderer) badgeDocuments(b *content.Badge) error {
	if err := writeJSON(r.pub, ob.BadgePath(b.ID), r.graph.BadgeClass(b)); err != nil {
		return err
	}
	for _, img := range []*content.Image{b.PNG, b.SVG} {
		if img != nil {
			if err := r.pub.Write(ob.BadgeImagePath(b.ID, img.Format), img.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

// revocationLists writes every issuer's revocation list.
func (r *renderer) revocationLists() error {
	for _, is := range r.site.Issuers {
		if err := writeJSON(r.pub, ob.RevocationListPath(is.ID), r.graph.RevocationList(is)); err != nil {
			return err
		}
	}
	return nil
}
