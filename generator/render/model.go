package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

	// Lang is the language of the pages, Langs all the site's languages,
	// the default first.
	Lang  Language
	Langs []Language

	root string // the site root, where the files shared by all languages are

	graph    *ob.Graph
	linkedIn content.LinkedIn
	issuers  map[string]*Issuer
	badges   map[string]*Badge
	earners  map[string]*Earner // public earners only
	awards   map[string]*Award
	holds    map[*Badge]map[*Earner]int // non-revoked awards of a badge by public earner
	qr       qrEncoder

	awardTextsOnce sync.Once
	awardTextsOf   awardTexts

	shared3Of atomic.Pointer[shared3Table] // what the 3.0 check data of a badge class's awards share

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
	l := NewLanguage(s.Config.DefaultLang(), true, s.Config.OGLocale(s.Config.DefaultLang()))
	return NewIn(t, s, g, clock, l, []Language{l})
}

// NewIn is New for the pages in the language lang, one of the site's
// languages langs (the default first), in which t writes.
func NewIn(t *Theme, s *content.Site, g *ob.Graph, clock time.Time, lang Language, langs []Language) *Pages {
	t.Limits.Steps = max(t.Limits.Steps, 4*int64(len(s.Issuers)+len(s.Badges)+len(s.Earners)+len(s.Awards)))
	root := RootPath(g.Base)
	st := s.Config.In(lang.Tag)
	p := &Pages{
		Theme: t,
		Site: &Site{
			Title: st.Title.Value, Description: st.Description.Value, Lang: lang.Tag, Dir: lang.Dir,
			OGLocale: lang.OGLocale,
			BaseURL:  g.Base, Root: root + lang.Prefix, Assets: root + "assets/", Search: root + lang.Prefix + SearchPath,
		},
		Lang: lang, Langs: langs, root: root,
		graph: g, linkedIn: s.Config.LinkedIn,
		issuers: map[string]*Issuer{}, badges: map[string]*Badge{},
		earners: map[string]*Earner{}, awards: map[string]*Award{},
	}
	for _, o := range langs {
		if o.Tag != lang.Tag {
			p.Site.OGAlternates = append(p.Site.OGAlternates, o.OGLocale)
		}
	}
	p.Site.Script = p.scriptMessages()
	pre := lang.Prefix
	for _, is := range s.Issuers {
		it := is.In(lang.Tag)
		v := &Issuer{
			ID: is.ID, Name: it.Name.Value, Website: is.URL, Email: is.Email, Telephone: is.Telephone,
			Description: strings.TrimSpace(it.Description.Value), DescriptionLang: p.other(it.Description),
			JSON: g.URL(ob.IssuerPath(is.ID)),
			Feed: p.Site.Root + FeedPath(is.ID), FeedURL: g.URL(pre + FeedPath(is.ID)),
		}
		if is.Logo != nil {
			v.Logo = p.image(ob.IssuerImagePath(is.ID, is.Logo), is.Logo, p.msg("issuer_logo_alt", "Issuer", it.Name.Value))
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
		lroot := p.Site.Root
		v := &Earner{
			ID: e.ID, Name: e.Name, Bio: p.markdown(e.In(lang.Tag).Bio),
			Path: lroot + "earners/" + e.ID + "/", URL: g.URL(pre + "earners/" + e.ID + "/"),
			Wall: lroot + "earners/" + e.ID + "/embed/", WallURL: g.URL(pre + "earners/" + e.ID + "/embed/"),
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
		v.Graph = p.badgeGraph(v)
	}
	for _, pw := range s.Pathways {
		pt := pw.In(p.Lang.Tag)
		v := &Pathway{
			ID: pw.ID, Name: pt.Name.Value, NameLang: p.other(pt.Name), Description: p.markdown(pt.Description),
			Path: root + ob.PathwayPagePath(pw.ID), URL: g.URL(p.Lang.Prefix + ob.PathwayPagePath(pw.ID)), JSON: g.URL(ob.PathwayPath(pw.ID)),
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
	return &Image{URL: p.graph.URL(path), Path: p.root + path, Format: img.Format, Width: img.Width, Height: img.Height, Alt: alt}
}

func (p *Pages) badge(b *content.Badge) *Badge {
	g, root := p.graph, p.Site.Root
	bt := b.In(p.Lang.Tag)
	v := &Badge{
		ID: b.ID, Name: bt.Name.Value, NameLang: p.other(bt.Name), Type: b.Type, TypeLabel: p.typeLabel(b.Type),
		Summary: p.plain(bt.Description.Value), SummaryLang: p.other(bt.Description), Description: p.markdown(bt.Description),
		Criteria: p.markdown(bt.Criteria), CriteriaURL: b.CriteriaURL,
		Tags: b.Tags, Issuer: p.issuers[b.Issuer], ValidFor: p.validFor(b.Validity),
		Path: root + ob.BadgePagePath(b.ID), URL: g.URL(p.Lang.Prefix + ob.BadgePagePath(b.ID)), JSON: g.URL(ob.BadgePath(b.ID)),
	}
	img := ob.BadgeImage(b)
	alt := p.msg("badge_image_alt", "Badge", bt.Name.Value)
	v.Image = p.image(ob.BadgeImagePath(b.ID, img.Format), img, alt)
	if b.PNG != nil {
		v.PNG = p.image(ob.BadgeImagePath(b.ID, "png"), b.PNG, alt)
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
		ID: a.ID, Path: root + "assertions/" + a.ID + "/", URL: g.URL(p.Lang.Prefix + "assertions/" + a.ID + "/"),
		JSON: g.URL(ob.AssertionPath(a.ID)), Badge: badge, Issuer: badge.Issuer,
		Earner: p.earners[a.Earner], Issued: a.Issued.UTC(), Expires: a.ExpiresAt(b),
		Status: p.status(a, b, clock),
	}
	v.Private = v.Earner == nil
	return v
}

// detail returns a copy of an award's data with everything its own page
// shows: narrative, evidence, recipient, downloads and the check data.
func (p *Pages) detail(a *content.Award) *Award {
	g, root := p.graph, p.root
	v := *p.awards[a.ID]
	b := p.graph.Site.Badge(a.Badge)
	at := a.In(p.Lang.Tag)
	v.Narrative = p.markdown(at.Narrative)
	for i, e := range a.Evidence {
		et := at.Evidence[i]
		v.Evidence = append(v.Evidence, Evidence{Name: et.Name.Value, NameLang: p.other(et.Name), URL: e.URL, Description: et.Description.Value, DescriptionLang: p.other(et.Description), Narrative: p.markdown(et.Narrative), Genre: e.Genre, Audience: e.Audience})
	}
	if !a.Revoked {
		v.Recipient = Recipient{Type: a.Recipient.Type, Identity: a.Recipient.Identity, Salt: a.Recipient.Salt}
		for _, img := range []*content.Image{b.PNG, b.SVG} {
			if img != nil {
				path := ob.BakedImagePath(a.ID, img.Format)
				v.Downloads = append(v.Downloads, Download{Format: formatName(img.Format), Path: root + path, URL: g.URL(path)})
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
	t := p.awardTexts()
	v.Standards, v.Published = t.standards[:1:1], t.one
	if p.Credentials[b.Issuer] {
		v.Standards, v.Published = t.standards[:2:2], t.two
		if !a.Revoked {
			c := &Credential{JSON: g.URL(ob3.CredentialPath(a.ID, "json")), JWT: g.URL(ob3.CredentialPath(a.ID, "jwt"))}
			for _, img := range []*content.Image{b.PNG, b.SVG} {
				if img != nil {
					path := ob3.CredentialPath(a.ID, img.Format)
					c.Downloads = append(c.Downloads, Download{Format: formatName(img.Format), Path: root + path, URL: g.URL(path)})
				}
			}
			c.qr = qrCode{&p.qr, c.JSON, t.qrCredential}
			v.Credential = c
			v.Published = t.credential
		}
	}
	v.check = p.check(a, &v)
	return &v
}

// awardTexts are the texts of award pages that depend on nothing but the
// pages' language.
type awardTexts struct {
	standards             []string // "Open Badges 2.0", "Open Badges 3.0"; read only
	one, two, credential  string   // the sentences that say which standards an award is published in
	qrCredential, qrAward string   // the accessible names of a credential's and an award page's QR codes
}

// awardTexts returns the texts of award pages, made on first use.
func (p *Pages) awardTexts() *awardTexts {
	p.awardTextsOnce.Do(func() {
		t := &p.awardTextsOf
		t.standards = []string{"Open Badges 2.0", "Open Badges 3.0"}
		t.one = p.msg("standards_one", "Standard", t.standards[0])
		t.two = p.msg("standards_two", "First", t.standards[0], "Second", t.standards[1])
		t.credential = p.msg("standards_credential", "First", t.standards[0], "Second", t.standards[1])
		t.qrCredential = p.msg("qr_credential_label")
		t.qrAward = p.msg("qr_award_label")
	})
	return &p.awardTextsOf
}

// formatName is the name of an image format as pages write it: "PNG",
// "SVG".
func formatName(format string) string {
	switch format {
	case "png":
		return "PNG"
	case "svg":
		return "SVG"
	}
	return strings.ToUpper(format)
}

// check3 is what the in-browser check compares an award's Open Badges
// 3.0 VC-JWT, its issuer's keys and its status list with.
func (p *Pages) check3(a *content.Award, c *Credential) *check3JSON {
	sh := p.shared3(a.Badge)
	if sh == nil {
		return nil
	}
	d := sh.d
	d.Credential, d.JWT, d.Subject, d.pre = c.JSON, c.JWT, ob3.SubjectID(a), sh
	if a.HasStatusIndex {
		d.Index = strconv.Itoa(a.StatusIndex)
	} else {
		d.StatusList = ""
	}
	return &d
}

// shared3 returns what the 3.0 check data of every award of a badge
// class shares, its status list URL included; nil when the issuer has no
// key. It is made once for each badge class of a graph, and found
// without a lock: every award page asks for it.
func (p *Pages) shared3(badge string) *shared3 {
	g := p.graph
	b := g.Site.Badge(badge)
	is := g.Site.Issuer(b.Issuer)
	tab := p.shared3Of.Load()
	for tab == nil || tab.graph != g { // a new graph: what the old one shared is gone
		p.shared3Of.CompareAndSwap(tab, &shared3Table{graph: g}) // or another award made it
		tab = p.shared3Of.Load()
	}
	if v, ok := tab.by.Load(b); ok {
		if sh := v.(*shared3); sh.issuer == is {
			return sh.orNil()
		}
	}
	sh := &shared3{issuer: is}
	if is != nil && is.CurrentKey() != nil {
		sh.ok = true
		sh.d = check3JSON{
			Achievement: g.URL(ob3.AchievementPath(b.ID)), DID: ob3.New(g).DID(is.ID),
			DIDDocument: g.URL(ob3.DIDPath(is.ID)), IssuerName: is.Name,
			Keys: strings.TrimSuffix(g.URL(ob3.JWKPath(is.ID, "")), ".jwk.json"), Name: b.Name,
			StatusList: g.URL(ob3.StatusListPath(is.ID)),
		}
		sh.encode()
	}
	tab.by.Store(b, sh)
	return sh.orNil()
}

// shared3Table holds the shared3 of the badge classes of one graph, by
// badge class.
type shared3Table struct {
	graph *ob.Graph
	by    sync.Map // *content.Badge → *shared3
}

// shared3 is the part of the 3.0 check data that the awards of one badge
// class share, for the issuer record it was made of, with its fields
// encoded as check3JSON.appendJSON writes them.
type shared3 struct {
	issuer *content.Issuer
	ok     bool // the issuer has a key: d holds the shared part
	d      check3JSON

	// The JSON between the fields of each award: up to "credential",
	// from "did" up to "index", from "issuerName" up to "jwt", from
	// "keys" up to "statusList", and "statusList".
	head, did, name, keys, status []byte
}

// encode encodes the fields of sh.d as check3JSON.appendJSON writes them.
func (sh *shared3) encode() {
	d := &sh.d
	sh.head = append(appendJSONField(nil, '{', "achievement", d.Achievement), `,"credential":`...)
	sh.did = appendJSONField(appendJSONField(nil, ',', "did", d.DID), ',', "didDocument", d.DIDDocument)
	sh.name = append(appendJSONField(nil, ',', "issuerName", d.IssuerName), `,"jwt":`...)
	sh.keys = appendJSONField(appendJSONField(nil, ',', "keys", d.Keys), ',', "name", d.Name)
	sh.status = appendJSONField(nil, ',', "statusList", d.StatusList)
}

func (sh *shared3) orNil() *shared3 {
	if !sh.ok {
		return nil
	}
	return sh
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

	pre *shared3 // when not nil, the fields but Credential, Index, JWT and Subject are pre's, and so is StatusList if not ""
}

// check is the check data of an award's page.
func (p *Pages) check(a *content.Award, v *Award) *checkJSON {
	g := p.graph
	d := &checkJSON{
		ID: v.JSON, Badge: v.Badge.JSON, Issuer: v.Issuer.JSON, Base: g.Base,
		IssuedOn: ob.FormatTime(a.Issued), IssuedText: p.Theme.cat.Date(a.Issued), Revoked: a.Revoked, Reason: a.RevocationReason,
		Root: p.root, JWS: v.JWS,
	}
	if !v.Expires.IsZero() {
		d.Expires = ob.FormatTime(v.Expires)
		d.ExpiresText = p.Theme.cat.Date(v.Expires)
	}
	if !a.Revoked {
		d.Recipient = &v.Recipient
		d.Texts = textsDigest(a)
	}
	if v.Credential != nil {
		d.OB3 = p.check3(a, v.Credential)
	}
	return d
}

// checkJSON is the check data of an award page, its fields in the order
// of their names (the script reads it by name; the order keeps the bytes
// those of a map's).
type checkJSON struct {
	Badge       string      `json:"badge"`
	Base        string      `json:"base"`
	Expires     string      `json:"expires,omitempty"`
	ExpiresText string      `json:"expiresText,omitempty"` // the date as the page writes it
	ID          string      `json:"id"`
	IssuedOn    string      `json:"issuedOn"`
	IssuedText  string      `json:"issuedText"`
	Issuer      string      `json:"issuer"`
	JWS         string      `json:"jws,omitempty"`
	OB3         *check3JSON `json:"ob3,omitempty"`
	Reason      string      `json:"reason"`
	Recipient   *Recipient  `json:"recipient,omitempty"`
	Revoked     bool        `json:"revoked"`
	Root        string      `json:"root"`
	Texts       string      `json:"texts,omitempty"`
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
func (p *Pages) status(a *content.Award, b *content.Badge, clock time.Time) Status {
	switch exp := a.ExpiresAt(b); {
	case a.Revoked:
		reason := a.In(p.Lang.Tag).RevocationReason.Value
		if reason == "" {
			reason = p.msg("status_no_reason")
		}
		return Status{Code: "revoked", Label: p.msg("status_revoked"), Text: p.msg("status_text_revoked", "Reason", reason), Reason: a.RevocationReason}
	case a.Issued.After(clock):
		return Status{Code: "not-yet-valid", Label: p.msg("status_not_yet_valid"), Text: p.msg("status_text_not_yet_valid", "Date", a.Issued)}
	case !exp.IsZero() && !clock.Before(exp):
		return Status{Code: "expired", Label: p.msg("status_expired"), Text: p.msg("status_text_expired", "Date", exp)}
	}
	return Status{Code: "valid", Label: p.msg("status_valid"), Text: p.msg("status_valid")}
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

// typeLabel is the name of a badge type in the pages' language.
func (p *Pages) typeLabel(t string) string {
	if t == "" {
		t = "other"
	}
	if s, err := p.Theme.cat.T("badge_type_" + t); err == nil {
		return s
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// validFor describes a validity period in words: "2 years", "1 year and 6 months".
func (p *Pages) validFor(d content.Duration) string {
	var parts []string
	for _, u := range []struct {
		n  int
		id string
	}{{d.Years, "duration_years"}, {d.Months, "duration_months"}, {d.Days, "duration_days"}} {
		if u.n > 0 {
			parts = append(parts, p.msgN(u.id, u.n))
		}
	}
	return p.list(parts)
}
