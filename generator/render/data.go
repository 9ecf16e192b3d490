package render

import (
	"html/template"
	"strings"
	"time"
)

// Page is the data of every template; see the package comment.
type Page struct {
	Site        *Site
	Kind        string
	Path        string
	URL         string
	Title       string
	Description string
	Image       *Image
	JSONLD      template.JS
	Alternate   string
	NoIndex     bool
	Badge       *Badge
	Award       *Award
	Earner      *Earner
	Share       *Share
	Pathway     *Pathway
	Progress    []Progress
	// Translations is the page in every language of the site, the
	// default first; nil when the site has one language.
	Translations []Translation
	Bundle       *Bundle
}

// Site is the site as every page sees it.
type Site struct {
	Title       string
	Description string
	Lang        string
	Dir         string // "ltr" or "rtl"
	OGLocale    string // "en_US"
	// OGAlternates are the og:locale of the site's other languages.
	OGAlternates []string
	// Script is the messages of the page script in the pages' language,
	// as JSON for a <script type="application/json"> element.
	Script   template.JS
	BaseURL  string
	Root     string
	Assets   string
	Search   string
	Issuers  []*Issuer
	Badges   []*Badge
	Earners  []*Earner
	Pathways []*Pathway
}

// Image is a picture with its size and alternative text.
type Image struct {
	URL, Path, Format string
	Width, Height     int
	Alt               string
}

// Issuer is an issuer profile.
type Issuer struct {
	ID, Name, Website, Email, Telephone, Description string
	DescriptionLang                                  string // the language of Description when not the page's, else ""
	Logo                                             *Image
	JSON, Feed, FeedURL                              string
	Badges                                           []*Badge
	Endorsements                                     []*Endorsement
}

// Badge is a badge class.
type Badge struct {
	ID, Name, Type, TypeLabel, Summary string
	NameLang, SummaryLang              string // the language of Name, Summary when not the page's (a fallback), else ""
	Description, Criteria              template.HTML
	CriteriaURL                        string
	Tags                               []string
	Alignments                         []Alignment
	Issuer                             *Issuer
	ValidFor                           string
	Image, PNG                         *Image
	Path, URL, JSON                    string
	Awarded                            int
	Holders                            []*Earner
	MoreHolders                        int
	Requires                           []Requirement
	LeadsTo                            []*Badge
	Pathways                           []*Pathway
	Graph                              template.HTML // SVG: what it builds on and leads to; "" when nothing
	Endorsements                       []*Endorsement
}

// Requirement is one group of what a badge class builds on: Need of
// Badges, every one of them when All.
type Requirement struct {
	All    bool
	Need   int
	Badges []*Badge
}

// Pathway is a route of badge classes, in order, to a goal.
type Pathway struct {
	ID, Name        string
	NameLang        string // the language of Name when not the page's, else ""
	Description     template.HTML
	Path, URL, JSON string
	Steps           []*Badge
	Goal            *Badge
}

// Progress is how far a public earner is along a pathway they started.
type Progress struct {
	Pathway     *Pathway
	Done, Total int
	Next        *Badge // the first step not held, then the goal; nil once the goal is held
	Goal        bool   // the goal is held
}

// Alignment aligns a badge class with a framework or standard.
type Alignment struct {
	Name, URL, Description, Framework, Code string
}

// Earner is an earner with a public profile.
type Earner struct {
	ID, Name      string
	Bio           template.HTML
	Links         []Link
	Path, URL     string
	Wall, WallURL string
	Awards        []*Award
}

// Link is a labelled link on a profile.
type Link struct {
	Label, URL string
}

// Award is one award (assertion).
type Award struct {
	ID              string
	Path, URL, JSON string
	Badge           *Badge
	Issuer          *Issuer
	Earner          *Earner
	Issued, Expires time.Time
	Status          Status
	Narrative       template.HTML
	Evidence        []Evidence
	Recipient       Recipient
	Downloads       []Download
	check           *checkJSON // nil: no check data
	Private         bool
	JWS, Key        string
	Standards       []string    // the standards the award is published in: "Open Badges 2.0", "Open Badges 3.0"
	Published       string      // a sentence naming them
	Credential      *Credential // the Open Badges 3.0 credential; nil when there is none
	Endorsements    []*Endorsement
}

// Check is what the in-browser check compares the hosted documents with,
// as JSON safe to put inside a <script> element; "" on pages that are not
// the award's own.
func (a *Award) Check() template.JS { return template.JS(a.AppendCheck(nil)) }

// AppendCheck appends what Check returns to b: compiled templates print
// .Check with it, without making a string of it (see tmplexec.Program).
func (a *Award) AppendCheck(b []byte) []byte {
	if a.check == nil {
		return b
	}
	return a.check.appendJSON(b)
}

// Credential is an award's Open Badges 3.0 credential, for wallets.
type Credential struct {
	JSON, JWT string     // absolute URLs of the credential and its VC-JWT
	Downloads []Download // the badge images with the credential baked in
	qr        qrCode     // of JSON
}

// QR is a QR code of the credential's URL, for wallets that scan: an
// inline SVG.
func (c *Credential) QR() template.HTML { return c.qr.html() }

// AppendQR appends what QR returns to b: compiled templates print .QR
// with it, without making a string of it (see tmplexec.Program).
func (c *Credential) AppendQR(b []byte) []byte { return c.qr.appendTo(b) }

// Status is whether an award is valid, not yet valid (issued after the
// build clock), expired or revoked.
type Status struct {
	Code, Label, Text, Reason string
}

// Period is what ends a sentence that ends with Text: "." unless Text
// already ends with . ! or ? (a revocation reason often does).
func (s Status) Period() string {
	if strings.HasSuffix(s.Text, ".") || strings.HasSuffix(s.Text, "!") || strings.HasSuffix(s.Text, "?") {
		return ""
	}
	return "."
}

// Evidence is one piece of evidence of an award.
type Evidence struct {
	Name, URL, Description    string
	NameLang, DescriptionLang string // their language when not the page's, else ""
	Narrative                 template.HTML
	Genre, Audience           string
}

// Recipient is the hashed identity of an award's earner.
type Recipient struct {
	Type, Identity, Salt string
}

// Download is a baked image of an award.
type Download struct {
	Format, Path, URL string
}

// Share is what an earner can copy to show an award or a profile.
type Share struct {
	URL, LinkedIn, Embed, Signature string
	qr                              qrCode // of URL
	// Links to share an award elsewhere, without any script of those
	// sites: X and Facebook share URLs, a mailto: URL, and the text a
	// Mastodon post starts with (the page asks for the visitor's instance).
	X, Facebook, Email, Text string
}

// QR is a QR code of the URL shared: an inline SVG.
func (s *Share) QR() template.HTML { return s.qr.html() }

// AppendQR appends what QR returns to b: compiled templates print .QR
// with it, without making a string of it (see tmplexec.Program).
func (s *Share) AppendQR(b []byte) []byte { return s.qr.appendTo(b) }

// Snippet is the data of a copy-paste code box: made by the template
// function snippet from code that the renderer generated.
type Snippet struct {
	ID, Title, Hint, Code string
	Preview               template.HTML
}
