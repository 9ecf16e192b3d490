package content

import "time"

// Config is content/site.toml.
type Config struct {
	BaseURL       string   `toml:"base_url"`       // absolute http(s) URL the site is served at
	Title         string   `toml:"title"`          // site title
	Language      string   `toml:"language"`       // the default language, a BCP 47 tag; default languages[0], else "en"
	Languages     []string `toml:"languages"`      // every language of the site, the default first (languages.go)
	Description   string   `toml:"description"`    // one or two sentences about the site
	Theme         string   `toml:"theme"`          // theme directory under themes/, default "default"
	DefaultIssuer string   `toml:"default_issuer"` // issuer of badges that name none
	LinkedIn      LinkedIn `toml:"linkedin"`

	// Regions give the region of a language's Open Graph locale (fr =
	// "CA" makes fr_CA), for the languages whose likely region is not
	// the one meant.
	Regions map[string]string `toml:"regions"`

	// Translations hold the title and description in the site's other
	// languages, by language tag ([translations.fr]).
	Translations map[string]SiteTranslation `toml:"translations"`

	// AllowedAddresses are email addresses the site may publish besides
	// the issuers' contact addresses (a helpdesk named in a description,
	// say); any other address in a record or an image is an error.
	AllowedAddresses []string `toml:"allowed_addresses"`

	// Preview is true when the base URL was replaced by Options.BaseURL
	// with another URL: the build is a preview or a local copy, not the
	// canonical site, and search engines should not index it.
	Preview bool `toml:"-"`
}

// LinkedIn holds an issuer's LinkedIn organization, used by the "Add to
// profile" links: in site.toml for every issuer, in an issuer's record for
// that issuer's awards.
type LinkedIn struct {
	OrganizationID   string `toml:"organization_id"`
	OrganizationName string `toml:"organization_name"`
}

// Issuer is content/issuers/<id>.toml.
type Issuer struct {
	ID          string `toml:"-"`
	File        string `toml:"-"`
	Name        string `toml:"name"`
	URL         string `toml:"url"`
	Email       string `toml:"email"`
	Description string `toml:"description"`
	Telephone   string `toml:"telephone"`
	Image       string `toml:"image"` // file name in content/issuers/, default <id>.png or <id>.svg if present

	// LinkedIn, when it sets either key, names this issuer on LinkedIn in
	// place of the [linkedin] table of site.toml.
	LinkedIn LinkedIn `toml:"linkedin"`

	Keys   []Key   `toml:"key"`         // public RSA signing keys, oldest first (keys.go)
	EdKeys []EdKey `toml:"ed25519_key"` // public Ed25519 signing keys, oldest first (edkeys.go)

	Logo *Image `toml:"-"` // the resolved image, nil when there is none

	// Translations hold the issuer's text in the site's other languages,
	// by language tag ([translations.fr]); Lang is the language of its
	// own text, the site's default (translations.go).
	Translations map[string]IssuerTranslation `toml:"translations"`
	Lang         string                       `toml:"-"`
}

// Badge types (the `type` key of a badge class).
var BadgeTypes = []string{"knowledge", "skill", "proficiency", "certification", "participation", "other"}

// Badge is content/badges/<id>.toml, a badge class.
type Badge struct {
	ID          string        `toml:"-"`
	File        string        `toml:"-"`
	Name        string        `toml:"name"`
	Type        string        `toml:"type"`
	Description string        `toml:"description"`  // markdown
	Criteria    string        `toml:"criteria"`     // markdown
	CriteriaURL string        `toml:"criteria_url"` // absolute URL of a criteria page elsewhere
	Tags        []string      `toml:"tags"`
	Issuer      string        `toml:"issuer"`
	ValidFor    string        `toml:"valid_for"` // ISO 8601 duration, e.g. "P2Y"
	Image       string        `toml:"image"`     // file name in content/badges/, default <id>.png / <id>.svg
	Alignment   []Alignment   `toml:"alignment"`
	Requires    []Requirement `toml:"requires"` // what the badge class builds on: every group must be met

	Validity Duration `toml:"-"` // parsed ValidFor; zero when awards do not expire by default
	PNG      *Image   `toml:"-"` // the PNG image, if any
	SVG      *Image   `toml:"-"` // the SVG image, if any

	// Translations hold the badge class's text in the site's other
	// languages, by language tag; Lang is the language of its own text.
	Translations map[string]BadgeTranslation `toml:"translations"`
	Lang         string                      `toml:"-"`
}

// Alignment aligns a badge class with a framework, standard or competency.
type Alignment struct {
	Name        string `toml:"name"`
	URL         string `toml:"url"`
	Description string `toml:"description"`
	Framework   string `toml:"framework"`
	Code        string `toml:"code"`
}

// Earner is content/earners/<slug>.toml.
type Earner struct {
	ID     string `toml:"-"`
	File   string `toml:"-"`
	Name   string `toml:"name"`
	Public bool   `toml:"public"` // opt-in to a public profile page
	Bio    string `toml:"bio"`    // markdown
	Links  []Link `toml:"link"`

	// Translations hold the bio in the site's other languages, by
	// language tag; Lang is the language of its own text.
	Translations map[string]EarnerTranslation `toml:"translations"`
	Lang         string                       `toml:"-"`
}

// Link is a labelled link on an earner's profile.
type Link struct {
	Label string `toml:"label"`
	URL   string `toml:"url"`
}

// Award is content/awards/**/<id>.toml, one assertion.
type Award struct {
	ID               string     `toml:"-"`
	File             string     `toml:"-"`
	Badge            string     `toml:"badge"`
	Earner           string     `toml:"earner"`
	Issued           time.Time  `toml:"issued"`
	Expires          time.Time  `toml:"expires"` // zero: from the badge's valid_for, or never
	Narrative        string     `toml:"narrative"`
	Recipient        Recipient  `toml:"recipient"`
	Evidence         []Evidence `toml:"evidence"`
	Revoked          bool       `toml:"revoked"`
	RevocationReason string     `toml:"revocation_reason"`

	// StatusIndex is the award's place in its issuer's status list (Open
	// Badges 3.0), chosen at random among free ones when the award is
	// made; it never changes. HasStatusIndex tells whether it is given.
	StatusIndex    int  `toml:"status_index"`
	HasStatusIndex bool `toml:"-"`

	// Translations hold the narrative and the evidence's text in the
	// site's other languages, by language tag; Lang is the language of
	// its own text. Credentials carry only the award's own text.
	Translations map[string]AwardTranslation `toml:"translations"`
	Lang         string                      `toml:"-"`
}

// Recipient identifies the earner of an award by a salted hash.
type Recipient struct {
	Type     string `toml:"type"`     // "email" (default), "url" or "telephone"
	Identity string `toml:"identity"` // "sha256$" + 64 hex digits
	Salt     string `toml:"salt"`
}

// Evidence is one piece of evidence for an award.
type Evidence struct {
	URL         string `toml:"url"`
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Narrative   string `toml:"narrative"`
	Genre       string `toml:"genre"`
	Audience    string `toml:"audience"`
}

// Image is a checked badge or issuer image.
type Image struct {
	Path   string // slash path relative to content/, e.g. "badges/go.png"
	Format string // "png" or "svg"
	Width  int
	Height int
	Data   []byte
}

// ExpiresAt is when the award expires: its own expires, else the badge's
// validity period after issue, else zero (never).
func (a *Award) ExpiresAt(b *Badge) time.Time {
	if !a.Expires.IsZero() {
		return a.Expires
	}
	if b != nil && !b.Validity.IsZero() {
		return b.Validity.AddTo(a.Issued)
	}
	return time.Time{}
}
