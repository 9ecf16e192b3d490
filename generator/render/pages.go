package render

import (
	"encoding/json"
	"html"
	"html/template"
	"strings"

	"rosette/generator/content"
)

// Home is the data of the issuer home page.
func (p *Pages) Home() *Page {
	pg := p.page("home", "", p.Site.Title, p.Site.Description)
	pg.Image = p.siteImage()
	var orgs []any
	for _, is := range p.Site.Issuers {
		orgs = append(orgs, organization(is))
	}
	pg.JSONLD = jsonLD(map[string]any{"@context": "https://schema.org", "@graph": orgs})
	return pg
}

// NotFound is the data of the 404 page.
func (p *Pages) NotFound() *Page {
	pg := p.page("404", "404.html", p.msg("notfound_title"), p.msg("notfound_description"))
	pg.NoIndex = true
	pg.Image = p.siteImage()
	return pg
}

// Badge is the data of a badge class page.
func (p *Pages) Badge(b *content.Badge) *Page {
	v := p.badges[b.ID]
	pg := p.page("badge", "badges/"+b.ID+"/", v.Name, v.Summary)
	pg.Title = v.Name + " — " + v.Issuer.Name
	pg.Badge, pg.Image, pg.Alternate = v, badgePreview(v), v.JSON
	pg.JSONLD = jsonLD(credential(v, v.URL))
	return pg
}

// Award is the data of an award's verification page.
func (p *Pages) Award(a *content.Award) *Page {
	v := p.detail(a)
	desc := p.msg("award_description", "Badge", v.Badge.Name, "Issuer", v.Issuer.Name, "Date", v.Issued, "Status", v.Status.Text+v.Status.Period())
	if v.Earner != nil {
		desc = p.msg("award_description_earner", "Earner", v.Earner.Name, "Badge", v.Badge.Name, "Issuer", v.Issuer.Name, "Date", v.Issued, "Status", v.Status.Text+v.Status.Period())
	}
	pg := p.page("award", "assertions/"+a.ID+"/", v.Badge.Name, desc)
	if v.Earner != nil {
		pg.Title = v.Badge.Name + " — " + v.Earner.Name
	}
	pg.Award, pg.Image, pg.Alternate, pg.NoIndex = v, badgePreview(v.Badge), v.JSON, v.Private || a.Revoked
	pg.Share = p.awardShare(v)
	if a.Revoked {
		return pg // a withdrawn credential is described to no one
	}
	c := credential(v.Badge, v.URL)
	c.Created = v.Issued.Format("2006-01-02")
	if !v.Expires.IsZero() {
		c.Expires = v.Expires.Format("2006-01-02")
	}
	pg.JSONLD = jsonLD(c)
	return pg
}

// Earner is the data of a public earner's profile, or nil when the earner
// has none.
func (p *Pages) Earner(e *content.Earner) *Page {
	v := p.earners[e.ID]
	if v == nil {
		return nil
	}
	pg := p.page("earner", "earners/"+e.ID+"/", v.Name, p.earnerSummary(v))
	pg.Title = v.Name + " — " + p.Site.Title
	pg.Earner, pg.Share = v, p.earnerShare(v)
	pg.Progress = p.progress(v)
	pg.Bundle = p.bundle(v)
	pg.Image = p.profilePreview(v)
	var creds []any
	for _, a := range v.Awards {
		if a.Status.Code != "revoked" {
			creds = append(creds, credential(a.Badge, a.URL))
		}
	}
	person := map[string]any{"@context": "https://schema.org", "@type": "Person", "name": v.Name, "url": v.URL}
	if len(creds) > 0 {
		person["hasCredential"] = creds
	}
	pg.JSONLD = jsonLD(person)
	return pg
}

// Pathway is the data of a pathway's page.
func (p *Pages) Pathway(pw *content.Pathway) *Page {
	var v *Pathway
	for _, x := range p.Site.Pathways {
		if x.ID == pw.ID {
			v = x
		}
	}
	pg := p.page("pathway", "pathways/"+pw.ID+"/", v.Name, p.plain(pw.In(p.Lang.Tag).Description.Value))
	pg.Title = v.Name + " — " + p.Site.Title
	pg.Pathway, pg.Alternate = v, v.JSON
	pg.Image = p.siteImage()
	return pg
}

// WallOf is the data of the profile wall of the profile page profile, as
// Earner makes it, without making the profile's data again; nil for nil.
func WallOf(profile *Page) *Page {
	if profile == nil {
		return nil
	}
	pg := *profile
	pg.Kind, pg.Path, pg.URL = "wall", pg.Earner.Wall, pg.Earner.WallURL
	pg.NoIndex = true
	return &pg
}

// badgePreview is the og:image of a page about a badge class: its PNG,
// else its issuer's PNG logo, else nil (an SVG is never a preview).
func badgePreview(b *Badge) *Image {
	if b.PNG != nil {
		return b.PNG
	}
	return pngLogo(b.Issuer)
}

// profilePreview is the og:image of a profile: the PNG of its first valid
// badge that has one, else the PNG logo of the first issuer of a valid
// award that has one, else the site's.
func (p *Pages) profilePreview(e *Earner) *Image {
	for _, a := range e.Awards {
		if a.Status.Code == "valid" && a.Badge.PNG != nil {
			return a.Badge.PNG
		}
	}
	for _, a := range e.Awards {
		if logo := pngLogo(a.Issuer); a.Status.Code == "valid" && logo != nil {
			return logo
		}
	}
	return p.siteImage()
}

// siteImage is the og:image of a page about the whole site: the PNG logo
// of the first issuer that has one, else nil.
func (p *Pages) siteImage() *Image {
	for _, is := range p.Site.Issuers {
		if logo := pngLogo(is); logo != nil {
			return logo
		}
	}
	return nil
}

// pngLogo is an issuer's logo when it is a PNG, else nil.
func pngLogo(is *Issuer) *Image {
	if is != nil && is.Logo != nil && is.Logo.Format == "png" {
		return is.Logo
	}
	return nil
}

func (p *Pages) earnerSummary(e *Earner) string {
	n := 0
	for _, a := range e.Awards {
		if a.Status.Code == "valid" {
			n++
		}
	}
	return p.msgN("earner_description", n, "Earner", e.Name, "Site", p.Site.Title)
}

func (p *Pages) page(kind, path, title, desc string) *Page {
	return &Page{Site: p.Site, Kind: kind, Path: p.Site.Root + path, URL: p.graph.URL(p.Lang.Prefix + path), Title: title, Description: desc, Translations: p.translations(path)}
}

// organization describes an issuer as a schema.org Organization.
func organization(is *Issuer) *organizationLD {
	o := &organizationLD{Type: "Organization", Name: is.Name, URL: is.Website, Email: is.Email}
	if is.Logo != nil {
		o.Logo = is.Logo.URL
	}
	return o
}

// organizationLD is a schema.org Organization. Its fields, like those of
// the other ...LD types, are in the order of their names, as encoding/json
// orders the keys of a map.
type organizationLD struct {
	Type  string `json:"@type"`
	Email string `json:"email,omitempty"`
	Logo  string `json:"logo,omitempty"`
	Name  string `json:"name"`
	URL   string `json:"url"`
}

// credentialLD is a schema.org EducationalOccupationalCredential.
type credentialLD struct {
	Context      string          `json:"@context"`
	Type         string          `json:"@type"`
	Competency   []definedTermLD `json:"competencyRequired,omitempty"`
	Category     string          `json:"credentialCategory"`
	Created      string          `json:"dateCreated,omitempty"`
	Description  string          `json:"description"`
	Expires      string          `json:"expires,omitempty"`
	Image        string          `json:"image,omitempty"`
	Keywords     string          `json:"keywords,omitempty"`
	Name         string          `json:"name"`
	RecognizedBy *organizationLD `json:"recognizedBy"`
	URL          string          `json:"url"`
}

// definedTermLD is a schema.org DefinedTerm: a competency.
type definedTermLD struct {
	Type     string `json:"@type"`
	TermSet  string `json:"inDefinedTermSet"`
	Name     string `json:"name"`
	TermCode string `json:"termCode"`
	URL      string `json:"url"`
}

// credential describes a badge class as a schema.org credential.
func credential(b *Badge, url string) *credentialLD {
	c := &credentialLD{
		Context: "https://schema.org", Type: "EducationalOccupationalCredential",
		Name: b.Name, Description: b.Summary, URL: url,
		Category: b.TypeLabel, RecognizedBy: organization(b.Issuer),
		Keywords: strings.Join(b.Tags, ", "),
	}
	if b.PNG != nil {
		c.Image = b.PNG.URL
	}
	for _, a := range b.Alignments {
		c.Competency = append(c.Competency, definedTermLD{Type: "DefinedTerm", Name: a.Name, URL: a.URL, TermCode: a.Code, TermSet: a.Framework})
	}
	return c
}

// jsonLD encodes v for a <script type="application/ld+json"> element: <,
// > and & are escaped, so the script cannot be closed early.
func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return template.JS(data)
}

// plain renders markdown as one line of plain text.
func (p *Pages) plain(md string) string {
	var b strings.Builder
	inTag := false
	for _, r := range string(p.Theme.Markdown(md)) {
		switch {
		case r == '<':
			inTag = true
			b.WriteByte(' ')
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	text := b.String()
	return strings.Join(strings.Fields(html.UnescapeString(text)), " ")
}
