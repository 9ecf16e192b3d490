package render

import (
	"rosette/generator/content"
	"rosette/generator/ob"
)

// AwardLinkedInURL is the LinkedIn "Add to profile" URL of an award, made
// from the records alone, as on the award's page: for mail sent to the
// earner.
func AwardLinkedInURL(s *content.Site, g *ob.Graph, a *content.Award) string {
	b := s.Badge(a.Badge)
	if b == nil {
		return ""
	}
	li := s.Config.LinkedIn
	name := ""
	if is := s.Issuer(g.IssuerOf(a)); is != nil {
		name = is.Name
		if is.LinkedIn.OrganizationID != "" || is.LinkedIn.OrganizationName != "" {
			li = is.LinkedIn
		}
	}
	org := LinkedInOrg{Name: name}
	switch {
	case li.OrganizationID != "":
		org = LinkedInOrg{ID: li.OrganizationID}
	case li.OrganizationName != "":
		org = LinkedInOrg{Name: li.OrganizationName}
	}
	v := &Award{ID: a.ID, URL: g.URL("assertions/" + a.ID + "/"), Issued: a.Issued.UTC(), Expires: a.ExpiresAt(b), Badge: &Badge{Name: b.Name}}
	return LinkedInURL(org, v)
}
