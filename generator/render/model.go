package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/ob3"
)

// Pages holds the template data of a whole site, built once; its methods
// make the data of one page. They are safe for concurrent use; Update and
// UpdateBadges, which follow changes of the site, are not, and must not
// run while pages are made.
type Pages struct {
	Theme *Theme
	Site  *Site

	// Signing holds the ids of the issuers whose awards this build signs:
	// their award pages link the signed JWS for the in-browser check.
	Signing map[string]bool

	// Credentials holds the ids of the issuers that publish Open Badges
	// 3.0 credentials in this build: their award pages offer them.
	Credentials map[string]bool

	// SitemapLimit is how many URLs one sitemap file lists; 0: 50,000,
	// the limit of the sitemaps protocol.
	SitemapLimit int

	graph    *ob.Graph
	linkedIn content.LinkedIn
	issuers  map[string]*Issuer
	badges   map[string]*Badge
	earners  map[string]*Earner // public earners only
	awards   map[string]*Award
	holds    map[*Badge]map[*Earner]int // non-revoked awards of a badge by public earner
	qr       qrEncoder

	feedMu  sync.Mutex
	feedTop map[string][]*Award // by issuer id: the entries of its feed as last made
}

// RootPath is the root-relative path of the site at base URL base: "/",
// or the URL's path when it has one ending in a slash.
func RootPath(base string) string {
	if u, err := url.Parse(base); err == nil && strings.HasSuffix(u.Path, "/") {
		return u.Path
	}
	return "/"
}

// New prepares the template data of a site. Award statuses are computed
// against clock. It raises the theme's step limit to four steps per
// record of the site when that is more, so that a page may list every
// award or earner through a partial or two.
func New(t *Theme, s *content.Site, g *ob.Graph, clock time.Time) *Pages {
	t.Limits.Steps = max(t.Limits.Steps, 4*int64(len(s.Issuers)+len(s.Badges)+len(s.Earners)+len(s.Awards)))
	root := RootPath(g.Base)
	p := &Pages{
		Theme: t,
		Site: &Site{
			Title: s.Config.Title, Description: s.Config.Description, Lang: s.Config.Language,
			BaseURL: g.Base, Root: root, Assets: root + "assets/", Search: root + SearchPath,
		},
		graph: g, linkedIn: s.Config.LinkedIn,
		issuers: map[string]*Issuer{}, badges: map[string]*Badge{},
		earners: map[string]*Earner{}, awards: map[string]*Award{},
	}
	for _, is := range s.Issuers {
		v := &Issuer{
			ID: is.ID, Name: is.Name, Website: is.URL, Email: is.Email, Telephone: is.Telephone,
			Description: strings.TrimSpace(is.Description),
			JSON:        g.URL(ob.IssuerPath(is.ID)),
			Feed:        root + FeedPath(is.ID), FeedURL: g.URL(FeedPath(is.ID)),
		}
		if is.Logo != nil {
			v.Logo = p.image(ob.IssuerImagePath(is.ID, is.Logo), is.Logo, is.Name+" logo")
		}
		p.issuers[is.ID] = v
		p.Site.Issuers = append(p.Site.Issuers, v)
	}
	for _, b := range s.Badges {
		v := p.badge(b)
		p.badges[b.ID] = v
		p.Site.Badges = append(p.Site.Badges, v)
		v.Issuer.Badges = append(v.Issuer.Badges, v)
	}
	sortByName(p.Site.Badges, func(b *Badge) string { return b.Name })
	p.pathways(s)
	p.setEndorsements(s)
	for _, e := range s.Earners {
		if !e.Public {
			continue
		}
		v := &Earner{
			ID: e.ID, Name: e.Name, Bio: t.Markdown(e.Bio),
			Path: root + "earners/" + e.ID + "/", URL: g.URL("earners/" + e.ID + "/"),
			Wall: root + "earners/" + e.ID + "/embed/", WallURL: g.URL("earners/" + e.ID + "/embed/"),
		}
		for _, l := range e.Links {
			v.Links = append(v.Links, Link{Label: l.Label, URL: l.URL})
		}
		p.earners[e.ID] = v
		p.Site.Earners = append(p.Site.Earners, v)
	}
	sortByName(p.Site.Earners, func(e *Earner) string { return e.Name })
	p.holds = map[*Badge]map[*Earner]int{}
	for _, a := range s.Awards {
		p.addAward(a, clock)
	}
	for _, b := range p.Site.Badges {
		p.setHolders(b)
	}
	for _, e := range p.Site.Earners {
		sortAwards(e.Awards)
	}
	return p
}

// pathways links badge classes with what they build on and lead to, and
// makes the data of the pathways.
func (p *Pages) pathways(s *content.Site) {
	g, root := p.graph, p.Site.Root
	p.Site.Pathways = nil
	for _, b := range s.Badges {
		v := p.badges[b.ID]
		v.Requires, v.LeadsTo, v.Pathways = nil, nil, nil
		for _, r := range b.Requires {
			req := Requirement{All: len(r.All) > 0, Need: r.Need()}
			for _, id := range r.IDs() {
				req.Badges = append(req.Badges, p.badges[id])
			}
			v.Requires = append(v.Requires, req)
		}
		for _, id := range s.LeadsTo(b.ID) {
			v.LeadsTo = append(v.LeadsTo, p.badges[id])
		}
		sortByName(v.LeadsTo, func(b *Badge) string { return b.Name })
	}
	for _, b := range s.Badges {
		v := p.badges[b.ID]
		v.Graph = badgeGraph(v)
	}
	for _, pw := range s.Pathways {
		v := &Pathway{
			ID: pw.ID, Name: pw.Name, Description: p.Theme.Markdown(pw.Description),
			Path: root + ob.PathwayPagePath(pw.ID), URL: g.URL(ob.PathwayPagePath(pw.ID)), JSON: g.URL(ob.PathwayPath(pw.ID)),
			Goal: p.badges[pw.Goal],
		}
		for _, id := range pw.Steps {
			v.Steps = append(v.Steps, p.badges[id])
		}
		p.Site.Pathways = append(p.Site.Pathways, v)
		for _, b := range append(slices.Clone(v.Steps), v.Goal) {
			b.Pathways = append(b.Pathways, v)
		}
	}
}

// progress is the progress of a public earner on each pathway they
// started, from their valid awards.
func (p *Pages) progress(e *Earner) []Progress {
	held := map[*Badge]bool{}
	for _, a := range e.Awards {
		if a.Status.Code == "valid" {
			held[a.Badge] = true
		}
	}
	var out []Progress
	for _, pw := range p.Site.Pathways {
		pr := Progress{Pathway: pw, Total: len(pw.Steps), Goal: held[pw.Goal]}
		for _, b := range pw.Steps {
			if held[b] {
				pr.Done++
			} else if pr.Next == nil {
				pr.Next = b
			}
		}
		if pr.Next == nil && !pr.Goal {
			pr.Next = pw.Goal
		}
		if pr.Done > 0 || pr.Goal {
			out = append(out, pr)
		}
	}
	return out
}

// maxHolders is how many holders a badge page lists by name.
const maxHolders = 120

// FeedPath is the path of an issuer's Atom feed of awards.
func FeedPath(issuer string) string { return "feeds/" + issuer + ".xml" }

func (p *Pages) image(path string, img *content.Image, alt string) *Image {
	return &Image{URL: p.graph.URL(path), Path: p.Site.Root + path, Format: img.Format, Width: img.Width, Height: img.Height, Alt: alt}
}

func (p *Pages) badge(b *content.Badge) *Badge {
	g, root := p.graph, p.Site.Root
	v := &Badge{
		ID: b.ID, Name: b.Name, Type: b.Type, TypeLabel: typeLabel(b.Type),
		Summary: p.plain(b.Description), Description: p.Theme.Markdown(b.Description),
		Criteria: p.Theme.Markdown(b.Criteria), CriteriaURL: b.CriteriaURL,
		Tags: b.Tags, Issuer: p.issuers[b.Issuer], ValidFor: validFor(b.Validity),
		Path: root + ob.BadgePagePath(b.ID), URL: g.URL(ob.BadgePagePath(b.ID)), JSON: g.URL(ob.BadgePath(b.ID)),
	}
	img := ob.BadgeImage(b)
	v.Image = p.image(ob.BadgeImagePath(b.ID, img.Format), img, b.Name+" badge")
	if b.PNG != nil {
		v.PNG = p.image(ob.BadgeImagePath(b.ID, "png"), b.PNG, b.Name+" badge")
	}
	for _, a := range b.Alignment {
		v.Alignments = append(v.Alignments, Alignment{Name: a.Name, URL: a.URL, Description: a.Description, Framework: a.Framework, Code: a.Code})
	}
	return v
}

// award is the part of an award's data that lists of awards use; it is
// kept for every award. detail adds the rest, for the award's own page.
func (p *Pages) award(a *content.Award, b *content.Badge, clock time.Time) *Award {
	g, root := p.graph, p.Site.Root
	badge := p.badges[a.Badge]
	v := &Award{
		ID: a.ID, Path: root + "assertions/" + a.ID + "/", URL: g.URL("assertions/" + a.ID + "/"),
		JSON: g.URL(ob.AssertionPath(a.ID)), Badge: badge, Issuer: badge.Issuer,
		Earner: p.earners[a.Earner], Issued: a.Issued.UTC(), Expires: a.ExpiresAt(b),
		Status: status(a, b, clock),
	}
	v.Private = v.Earner == nil
	return v
}

// detail returns a copy of an award's data with everything its own page
// shows: narrative, evidence, recipient, downloads and the check data.
func (p *Pages) detail(a *content.Award) *Award {
	g, root := p.graph, p.Site.Root
	v := *p.awards[a.ID]
	b := p.graph.Site.Badge(a.Badge)
	v.Narrative = p.Theme.Markdown(a.Narrative)
	for _, e := range a.Evidence {
		v.Evidence = append(v.Evidence, Evidence{Name: e.Name, URL: e.URL, Description: e.Description, Narrative: p.Theme.Markdown(e.Narrative), Genre: e.Genre, Audience: e.Audience})
	}
	if !a.Revoked {
		v.Recipient = Recipient{Type: a.Recipient.Type, Identity: a.Recipient.Identity, Salt: a.Recipient.Salt}
		for _, img := range []*content.Image{b.PNG, b.SVG} {
			if img != nil {
				path := ob.BakedImagePath(a.ID, img.Format)
				v.Downloads = append(v.Downloads, Download{Format: strings.ToUpper(img.Format), Path: root + path, URL: g.URL(path)})
			}
		}
		if p.Signing[b.Issuer] {
			v.JWS = g.URL(ob.SignedAssertionPath(a.ID))
			if is := g.Site.Issuer(b.Issuer); is != nil && is.CurrentKey() != nil {
				v.Key = g.URL(ob.KeyPath(is.ID, is.CurrentKey().ID))
			}
		}
	}
	v.Endorsements = p.awardEndorsements(a, &v)
	v.Standards = []string{"Open Badges 2.0"}
	if p.Credentials[b.Issuer] {
		v.Standards = append(v.Standards, "Open Badges 3.0")
		if !a.Revoked {
			c := &Credential{JSON: g.URL(ob3.CredentialPath(a.ID, "json")), JWT: g.URL(ob3.CredentialPath(a.ID, "jwt"))}
			for _, img := range []*content.Image{b.PNG, b.SVG} {
				if img != nil {
					path := ob3.CredentialPath(a.ID, img.Format)
					c.Downloads = append(c.Downloads, Download{Format: strings.ToUpper(img.Format), Path: root + path, URL: g.URL(path)})
				}
			}
			c.QR = p.qr.svg(c.JSON, "QR code: link to this award's Open Badges 3.0 credential, for a wallet")
			v.Credential = c
		}
	}
	v.Check = checkData(g, a, &v)
	return &v
}

// check3 is what the in-browser check compares an award's Open Badges
// 3.0 VC-JWT, its issuer's keys and its status list with.
func check3(g *ob.Graph, a *content.Award, b *content.Badge, c *Credential) *check3JSON {
	is := g.Site.Issuer(b.Issuer)
	if is == nil || is.CurrentKey() == nil {
		return nil
	}
	g3 := ob3.New(g)
	d := &check3JSON{
		Achievement: g.URL(ob3.AchievementPath(b.ID)), Credential: c.JSON, DID: g3.DID(is.ID),
		DIDDocument: g.URL(ob3.DIDPath(is.ID)), IssuerName: is.Name, JWT: c.JWT,
		Keys: g.URL(ob3.JWKPath(is.ID, "")), Name: b.Name, Subject: ob3.SubjectID(a),
	}
	d.Keys = strings.TrimSuffix(d.Keys, ".jwk.json")
	if a.HasStatusIndex {
		d.Index = strconv.Itoa(a.StatusIndex)
		d.StatusList = g.URL(ob3.StatusListPath(is.ID))
	}
	return d
}

// check3JSON is the Open Badges 3.0 part of an award page's check data,
// its fields in the order of their names.
type check3JSON struct {
	Achievement string `json:"achievement"`
	Credential  string `json:"credential"`
	DID         string `json:"did"`
	DIDDocument string `json:"didDocument"`
	Index       string `json:"index,omitempty"`
	IssuerName  string `json:"issuerName"`
	JWT         string `json:"jwt"`
	Keys        string `json:"keys"` // the URL every JWK of the issuer starts with
	Name        string `json:"name"`
	StatusList  string `json:"statusList,omitempty"`
	Subject     string `json:"subject"`
}

// checkData is what the in-browser check compares the hosted documents
// with, as JSON safe to put inside a <script> element.
func checkData(g *ob.Graph, a *content.Award, v *Award) template.JS {
	d := checkJSON{
		ID: v.JSON, Badge: v.Badge.JSON, Issuer: v.Issuer.JSON, Base: g.Base,
		IssuedOn: ob.FormatTime(a.Issued), Revoked: a.Revoked, Reason: a.RevocationReason,
		Root: strings.TrimSuffix(v.Path, "assertions/"+a.ID+"/"), JWS: v.JWS,
	}
	if !v.Expires.IsZero() {
		d.Expires = ob.FormatTime(v.Expires)
	}
	if !a.Revoked {
		d.Recipient = &v.Recipient
		d.Texts = textsDigest(a)
	}
	if v.Credential != nil {
		d.OB3 = check3(g, a, g.Site.Badge(a.Badge), v.Credential)
	}
	data, _ := json.Marshal(&d) // strings and bools always marshal
	return template.JS(data)
}

// checkJSON is the check data of an award page, its fields in the order
// of their names (the script reads it by name; the order keeps the bytes
// those of a map's).
type checkJSON struct {
	Badge     string      `json:"badge"`
	Base      string      `json:"base"`
	Expires   string      `json:"expires,omitempty"`
	ID        string      `json:"id"`
	IssuedOn  string      `json:"issuedOn"`
	Issuer    string      `json:"issuer"`
	JWS       string      `json:"jws,omitempty"`
	OB3       *check3JSON `json:"ob3,omitempty"`
	Reason    string      `json:"reason"`
	Recipient *Recipient  `json:"recipient,omitempty"`
	Revoked   bool        `json:"revoked"`
	Root      string      `json:"root"`
	Texts     string      `json:"texts,omitempty"`
}

// textsDigest is the SHA-256, in hex, of the texts an award's hosted JSON
// publishes besides its badge, dates and recipient: its narrative and, for
// each piece of evidence, its audience, description, genre, id (URL), name
// and narrative. Each text is written as its length in code points, a
// colon, the text and a semicolon, and the evidence count comes after the
// narrative, so that no two lists of texts are written alike. The page's
// script computes the same from the hosted JSON; the texts themselves stay
// out of the page's script data.
func textsDigest(a *content.Award) string {
	h := sha256.New()
	put := func(s string) {
		fmt.Fprintf(h, "%d:%s;", utf8.RuneCountInString(s), s)
	}
	put(a.Narrative)
	put(strconv.Itoa(len(a.Evidence)))
	for _, e := range a.Evidence {
		for _, s := range []string{e.Audience, e.Description, e.Genre, e.URL, e.Name, e.Narrative} {
			put(s)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// status is an award's status at the build clock.
func status(a *content.Award, b *content.Badge, clock time.Time) Status {
	switch exp := a.ExpiresAt(b); {
	case a.Revoked:
		return Status{Code: "revoked", Label: "Revoked", Text: "Revoked: " + a.RevocationReason, Reason: a.RevocationReason}
	case a.Issued.After(clock):
		return Status{Code: "not-yet-valid", Label: "Not yet valid", Text: "Not yet valid: issued on " + a.Issued.UTC().Format("2 January 2006")}
	case !exp.IsZero() && !clock.Before(exp):
		return Status{Code: "expired", Label: "Expired", Text: "Expired on " + exp.UTC().Format("2 January 2006")}
	}
	return Status{Code: "valid", Label: "Valid", Text: "Valid"}
}

// sortAwards orders awards valid first, then not yet valid, expired and
// revoked, and newest first within each.
func sortAwards(list []*Award) {
	rank := map[string]int{"valid": 0, "not-yet-valid": 1, "expired": 2, "revoked": 3}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if rank[a.Status.Code] != rank[b.Status.Code] {
			return rank[a.Status.Code] < rank[b.Status.Code]
		}
		if !a.Issued.Equal(b.Issued) {
			return a.Issued.After(b.Issued)
		}
		return a.ID < b.ID
	})
}

func sortByName[T any](list []T, name func(T) string) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := strings.ToLower(name(list[i])), strings.ToLower(name(list[j]))
		if a != b {
			return a < b
		}
		return name(list[i]) < name(list[j])
	})
}

func typeLabel(t string) string {
	if t == "" {
		return "Other"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// validFor describes a validity period in words: "2 years", "1 year and 6 months".
func validFor(d content.Duration) string {
	var parts []string
	for _, u := range []struct {
		n    int
		word string
	}{{d.Years, "year"}, {d.Months, "month"}, {d.Days, "day"}} {
		switch {
		case u.n == 1:
			parts = append(parts, "1 "+u.word)
		case u.n > 1:
			parts = append(parts, strconv.Itoa(u.n)+" "+u.word+"s")
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
