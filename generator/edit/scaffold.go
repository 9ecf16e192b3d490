package edit

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"path"
	"strings"

	"rosette/generator/artwork"
	"rosette/generator/content"
	"rosette/generator/hosting"
)

// Title turns a slug into a title: "git-foundations" → "Git Foundations".
func Title(slug string) string {
	words := strings.Fields(strings.ReplaceAll(slug, "-", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// BadgeFiles returns a new badge class record, with every key explained
// and the optional ones commented out, and a generated square PNG image
// (256×256) so that the badge checks clean at once.
func BadgeFiles(id, name string) []Planned { return BadgeFilesIn(id, name, "en") }

// BadgeFilesIn is BadgeFiles for a site in the language lang: the
// description and criteria to replace are written in it, when rosette
// has text in that language (StarterLanguages).
func BadgeFilesIn(id, name, lang string) []Planned {
	st := starterIn(lang)
	if name == "" {
		name = Title(id)
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	n := int(h.Sum32())
	img := artwork.Badge(256, artwork.Palette[n%len(artwork.Palette)], artwork.Glyph(n%artwork.Glyphs))
	rec := `# A badge class: what earners of this badge know or can do.
# The file name is the badge id; its image is ` + id + `.png (or .svg) beside it:
# square, 90 to 4096 px, at most 1 MB. Replace the generated one at will.

# Required: the name shown on every award.
name = ` + quote(name) + `

# knowledge, skill, proficiency, certification, participation or other.
type = "skill"

# Required: one or two sentences (markdown).
description = ` + quote(st.badgeDescription) + `

# Required unless criteria_url is set: how the badge is earned (markdown).
criteria = """
` + st.badgeCriteria + `
"""

# A page describing the criteria elsewhere (absolute http(s) URL).
# criteria_url = "https://example.org/courses/` + id + `#criteria"

# Keywords for the badge.
# tags = ["example"]

# The issuer id; needed only when the site has several issuers.
# issuer = "my-org"

# ISO 8601 period after which awards expire, e.g. "P2Y" or "P6M".
# valid_for = "P2Y"

# Image file name in content/badges/; default ` + id + `.png and/or ` + id + `.svg.
# image = "` + id + `.png"

# Alignments to frameworks or standards, any number.
# [[alignment]]
# name = "WCAG 2.2"                     # required
# url = "https://www.w3.org/TR/WCAG22/" # required
# description = "W3C Web Content Accessibility Guidelines."
# framework = "W3C WCAG"
# code = "2.2 AA"

# What this badge builds on (docs/pathways.md): every group must be met,
# each either all of its badge classes or n of them.
# [[requires]]
# all = ["git-foundations"]
# [[requires]]
# n = 2
# of = ["go-basics", "go-testing", "go-tooling"]
`
	dir := path.Join(content.Dir, "badges")
	return []Planned{
		{Path: path.Join(dir, id+".toml"), Data: []byte(rec), ID: id},
		{Path: path.Join(dir, id+".png"), Data: img, ID: id},
	}
}

// EarnerFile returns a new earner record with every key explained. The
// earner has no public profile until public = true.
func EarnerFile(slug, name string) Planned {
	if name == "" {
		name = Title(slug)
	}
	rec := `# An earner: a person who holds awards. The file name is the earner's slug.
# Awards name the earner with earner = "` + slug + `"; the email address is
# never stored here or anywhere in the repository.

# Required: the name shown on the earner's awards and profile.
name = ` + quote(name) + `

# Opt in to a public profile page listing the earner's awards. Only with
# the earner's consent: without it, the name appears nowhere in the site.
public = false

# A short biography for the profile page (markdown).
# bio = ""

# Links on the profile page, any number.
# [[link]]
# label = "Website"
# url = "https://example.net/"
`
	return Planned{Path: path.Join(content.Dir, "earners", slug+".toml"), Data: []byte(rec), ID: slug}
}

// Placeholders of a new site, for the values its maker did not give.
// Their host is under .invalid, a name reserved never to resolve, and
// rosette check reports them until they are replaced.
const (
	PlaceholderIssuerURL = "https://your-organisation.invalid/"
	PlaceholderSource    = "https://git.invalid/your-account/rosette.git"
)

// SourceFile is the file of a new site that holds, on one line, the git
// URL its deployment builds rosette from (netlify.toml and the GitHub
// workflows read it).
const SourceFile = ".rosette-source"

// SiteOptions configure a new site.
type SiteOptions struct {
	BaseURL     string // default https://badges.example.org/
	Title       string
	IssuerID    string // default from IssuerName, else "my-org"
	IssuerName  string
	IssuerURL   string
	IssuerEmail string // default badges@ the host of IssuerURL
	Source      string // git URL of rosette's source, used by CI to build the tool
	Language    string // BCP 47 tag of the site's language, default "en": the records' text is in it
}

func (o *SiteOptions) defaults() {
	if o.Language == "" {
		o.Language = "en"
	}
	st := starterIn(o.Language)
	if o.BaseURL == "" {
		o.BaseURL = "https://badges.example.org/"
	}
	if o.IssuerName == "" {
		o.IssuerName = st.issuerName
	}
	if o.IssuerID == "" {
		o.IssuerID = content.Slugify(o.IssuerName)
		if o.IssuerID == "" {
			o.IssuerID = "my-org"
		}
	}
	if o.IssuerURL == "" {
		o.IssuerURL = PlaceholderIssuerURL
	}
	if o.IssuerEmail == "" {
		host := "example.org"
		if u, err := url.Parse(o.IssuerURL); err == nil && u.Hostname() != "" {
			host = strings.TrimPrefix(u.Hostname(), "www.")
		}
		o.IssuerEmail = "badges@" + host
	}
	if o.Title == "" {
		o.Title = strings.Replace(st.title, "%s", o.IssuerName, 1)
	}
	if o.Source == "" {
		o.Source = PlaceholderSource
	}
}

// SiteFiles returns every file of a new site: site.toml, one issuer, one
// badge class with its image, a README for the issuer, netlify.toml, the
// GitHub Actions workflows and CODEOWNERS.
func SiteFiles(o SiteOptions) []Planned {
	o.defaults()
	st := starterIn(o.Language)
	other := otherLanguage(o.Language)
	c := content.Dir
	files := []Planned{
		{Path: c + "/site.toml", Data: []byte(`# The site: where it is served and how it presents itself.
# Required: the absolute URL the site is served at. Every Open Badges id is
# built from it, so set it before the first award is published.
base_url = ` + quote(o.BaseURL) + `
# Required: the site title.
title = ` + quote(o.Title) + `
# The language of the records' text and of the pages (a BCP 47 tag).
language = ` + quote(o.Language) + `
# Every language of the site, this one first; each other one needs the
# records' text in [translations.<language>] tables (rosette's
# docs/languages-content.md).
# languages = [` + quote(o.Language) + `, ` + quote(other) + `]
description = ` + quote(strings.Replace(st.description, "%s", o.IssuerName, 1)) + `
# The issuer of badge classes that name none.
default_issuer = ` + quote(o.IssuerID) + `

# For "Add to profile" links on LinkedIn (optional).
# [linkedin]
# organization_id = "1234567"
# organization_name = ` + quote(o.IssuerName) + `
`)},
		{Path: c + "/issuers/" + o.IssuerID + ".toml", Data: []byte(`# The issuer: who vouches for every badge. The file name is its id.
# Its logo is ` + o.IssuerID + `.png beside it (or .svg): the preview image of the
# site's pages when shared. Replace the generated one with your own.

name = ` + quote(o.IssuerName) + `     # required
url = ` + quote(o.IssuerURL) + `       # required: the issuer's own website
email = ` + quote(o.IssuerEmail) + `   # required: a public contact address
# telephone = "+44 20 7946 0000"       # international format
# description = ` + quote(st.issuerDescription) + `

# This issuer on LinkedIn, for "Add to profile" links (optional): on a
# site with several issuers, in place of [linkedin] in site.toml.
# [linkedin]
# organization_id = "1234567"
`)},
		{Path: c + "/awards/README.md", Data: []byte(awardsReadme)},
		{Path: "README.md", Data: []byte(siteReadme(o))},
		{Path: "netlify.toml", Data: []byte(siteNetlify(o))},
		{Path: ".github/workflows/check.yml", Data: []byte(Workflows(SourceFile)["check.yml"])},
		{Path: ".github/workflows/deploy.yml", Data: []byte(Workflows(SourceFile)["deploy.yml"])},
		{Path: SourceFile, Data: []byte(o.Source + "\n")},
		{Path: c + "/issuers/" + o.IssuerID + ".png", Data: artwork.Badge(256, artwork.Palette[0], artwork.Glyph(0))},
		{Path: ".github/CODEOWNERS", Data: []byte(codeowners)},
		{Path: ".gitignore", Data: []byte("/public/\n/.public.tmp-*\n/.public.prev/\n/.rosette/\n/.rosette-bin\n/.rosette-cache/\n*.csv\n*.pem\n")},
	}
	files = append(files, BadgeFilesIn("first-badge", st.badgeName, o.Language)...)
	return files
}

const awardsReadme = `# Awards

One file per award, by year: ` + "`<year>/<id>.toml`" + `. Do not write them by hand:

    rosette award --badge first-badge --email someone@example.org
    rosette import awards.csv

write the record with a random id and the salted hash of the address; the
address itself is never stored. An award is never deleted or renamed once
published: revoke it instead (` + "`rosette revoke ID --reason TEXT`" + `).
`

const codeowners = `# Who must review changes (GitHub CODEOWNERS). Replace the examples with
# your GitHub users or teams and remove the leading "# ".
# /content/awards/    @your-org/badge-team
# /content/badges/    @your-org/badge-team
# /.github/           @your-org/maintainers
`

func siteReadme(o SiteOptions) string {
	return fmt.Sprintf(`# %s

The Open Badges of %s, published with rosette as a static site at
%s.

## Before the first push

`+"`rosette check`"+` reports every value that is still a placeholder (a
host under .invalid): the issuer's url and email in content/issuers/, the
base_url in content/site.toml, and the one line of `+"`"+SourceFile+"`"+`,
the git URL of the rosette repository that Netlify and the workflows build
the tool from (your fork or copy of it). `+"`rosette new site`"+` fills them
from --baseURL, --issuer-url, --issuer-email and --rosette.

To run rosette here, install it once from its repository:

    go install ./cmd/rosette    # run in your clone of rosette

## Awarding a badge

    rosette new earner sam-lee --name "Sam Lee"
    rosette award --badge first-badge --email sam@example.org --earner sam-lee
    rosette import awards.csv --badge first-badge
    rosette revoke AWARD-ID --reason "Awarded in error."

The earner record, made once per person, is optional (an award without
--earner names no one); its profile page stays off until public = true.
Open a pull request with the new files. The check workflow runs
`+"`rosette check`"+` on it; merging to main builds and deploys the site.
The plaintext address never enters the repository: only its salted hash.

## New badge classes and earners

    rosette new badge intro-to-git
    rosette new earner ada-okafor

Every key of the new records is explained in a comment.

## Seeing the site locally

    rosette serve        # http://127.0.0.1:1313/, reloads on every change
    rosette check        # every problem, as file:line:col
    rosette build        # the site, in public/

## Languages

The site's records and pages are in `+"`"+`language`+"`"+` of content/site.toml
(%[6]s). To publish the site in more languages, list them all there, this
one first:

    languages = ["%[6]s", "%[7]s"]

and write each record's text in the other languages beside its own, in a
table per language with the same keys:

    [translations.%[7]s]
    name = "…"
    description = "…"

The pages of each other language are under /<language>/. A text without a
translation shows in %[6]s; `+"`"+`rosette check`+"`"+` lists them, and
`+"`"+`rosette check --strict-translations`+"`"+` refuses them. The words of the pages
come from the theme's catalogs; a file i18n/<language>.toml at the root of
the site changes any of them.

## Deploying

- Netlify: netlify.toml is ready; connect the repository.
- GitHub Pages: .github/workflows/deploy.yml builds and deploys on every
  push to main and once a day (so that expiries show). In the repository
  settings choose Pages → Source: GitHub Actions.
- Any other static host: publish public/ after `+"`rosette build`"+`.

Netlify and the workflows build rosette from the git URL in `+"`"+SourceFile+"`"+`
(%[4]s): one line, the only one to change should your copy of rosette move.
`, o.Title, o.IssuerName, o.BaseURL, o.Source, "", o.Language, otherLanguage(o.Language))
}

// otherLanguage is the second language of the examples for a site in lang.
func otherLanguage(lang string) string {
	if lang == "fr" {
		return "en"
	}
	return "fr"
}

func siteNetlify(o SiteOptions) string {
	return `# Netlify: build rosette from source (the git URL in ` + SourceFile + `), then
# the site, and publish public/.
[build]
  command = "git clone --depth 1 \"$(head -n 1 ` + SourceFile + `)\" .rosette && (cd .rosette && go build -o ../.rosette-bin ./cmd/rosette) && ./.rosette-bin build"
  publish = "public"

[build.environment]
  GO_VERSION = "1.26.8"

# Deploy previews and branch deploys are built for their own URL, and kept
# out of search engines.
[context.deploy-preview]
  command = "git clone --depth 1 \"$(head -n 1 ` + SourceFile + `)\" .rosette && (cd .rosette && go build -o ../.rosette-bin ./cmd/rosette) && ./.rosette-bin build --baseURL \"$DEPLOY_PRIME_URL\""

[context.branch-deploy]
  command = "git clone --depth 1 \"$(head -n 1 ` + SourceFile + `)\" .rosette && (cd .rosette && go build -o ../.rosette-bin ./cmd/rosette) && ./.rosette-bin build --baseURL \"$DEPLOY_PRIME_URL\""

` + hosting.NetlifyHeaders(hosting.HeaderRules(false))
}
