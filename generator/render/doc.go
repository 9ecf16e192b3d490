// Package render turns the loaded records and the Open Badges graph into
// the pages people see, through a theme of html/template files.
//
// # Themes
//
// A theme is a directory of templates and static files:
//
//	base.html            the page layout; defines the blocks below
//	home.html            the issuer home, /
//	badge.html           a badge class, /badges/<id>/
//	award.html           an award's verification page, /assertions/<id>/
//	earner.html          a public earner profile, /earners/<slug>/
//	pathway.html         a pathway, /pathways/<id>/ (needed only when the site has pathways)
//	wall.html            the embeddable profile wall, /earners/<slug>/embed/
//	404.html             the page for unknown URLs, /404.html
//	partials/*.html      shared templates, available to every page
//	static/**            copied to the site root as they are (CSS and JS minified)
//
// Every page template except wall.html is parsed together with base.html
// and the partials; it defines the block "main" (and may define "head",
// extra tags in <head>). wall.html is a complete document on its own.
// The default theme is embedded in the binary; a site overrides any single
// file by putting a file of the same name under themes/<name>/ in its own
// repository, where <name> is theme in site.toml (default "default"). The
// first file found wins, so a theme need only hold the files it changes.
//
// # Template data
//
// Every template receives a *Page (below). Fields that a page kind does not
// use are nil or empty: Badge is set on badge pages, Award on award pages,
// Earner on earner and wall pages, Pathway on pathway pages. Links inside the site are root-relative
// paths (fields named Path, or Site.Root followed by a path) so that pages
// work on any host; fields named URL are absolute, for sharing, feeds and
// social previews.
//
// Page (every page):
//
//	.Site         *Site   the site
//	.Kind         string  "home", "badge", "award", "earner", "wall", "pathway" or "404"
//	.Path         string  root-relative path of the page, e.g. "/badges/git/"
//	.URL          string  absolute canonical URL
//	.Title        string  the page title (<title>, og:title)
//	.Description  string  one plain-text sentence (meta description, og:description)
//	.Image        *Image  the PNG preview image (og:image), never an SVG: the
//	                      badge PNG, else its issuer's PNG logo; on profiles
//	                      that of a valid award; on site pages (home, 404)
//	                      the first issuer PNG logo; nil when none
//	.JSONLD       template.JS  schema.org JSON-LD of the page
//	.Alternate    string  absolute URL of the page's Open Badges JSON, "" if none
//	.NoIndex      bool    true when search engines should not index the page
//	.Badge        *Badge  badge pages
//	.Award        *Award  award pages
//	.Earner       *Earner earner and wall pages
//	.Share        *Share  award and earner pages
//	.Pathway      *Pathway  pathway pages
//	.Progress     []Progress  earner pages: each pathway the earner started
//	.Bundle       *Bundle earner pages: what "Download all" gathers; nil
//	                      when the earner has no valid award
//	.Translations []Translation  the page in every language of the site, the
//	                      default first: {Lang, Name (in itself), Dir, Path,
//	                      URL, Current}; nil when the site has one language
//
// Site (in the language of the pages): .Title, .Description, .Lang (BCP
// 47), .Dir ("ltr" or "rtl"), .OGLocale ("fr_CA"), .OGAlternates (the
// og:locale of the other languages), .Script (template.JS: the messages
// of the page script, as JSON), .BaseURL (absolute, ends in
// "/"), .Root (URL path of the root of the pages' language, "/" or e.g.
// "/badges/", "/fr/"; prefix of every link to a page), .Assets (root-relative path of the theme's static assets
// directory), .Search (root-relative path of the search index of the
// pages' language, JSON: {"badges": [{name, description, url, image}],
// "earners": [{name, url}]}, url and image root-relative), .Issuers []*Issuer, .Badges []*Badge (by name), .Earners
// []*Earner (public earners, by name), .Pathways []*Pathway (by id).
//
// Issuer: .ID, .Name, .Website (the issuer's own site), .Email,
// .Telephone, .Description (plain text), .Logo *Image, .JSON (URL of the
// Profile), .Feed (path of the Atom feed), .FeedURL, .Badges []*Badge.
//
// Badge: .ID, .Name, .Type ("skill", …), .TypeLabel ("Skill"), .Summary
// (description, plain text), .Description and .Criteria (template.HTML
// from markdown), .CriteriaURL, .Tags []string, .Alignments []Alignment
// {Name, URL, Description, Framework, Code}, .Issuer *Issuer, .ValidFor
// ("2 years", "" when awards do not expire), .Image *Image (PNG, else
// SVG), .PNG *Image (nil without a PNG), .Path, .URL, .JSON, .Awarded (the
// number of awards not revoked), .Holders []*Earner (public earners who
// hold it, by name), .MoreHolders (how many more were left out),
// .Requires []Requirement (what it builds on: every group must be met;
// Requirement{All bool, Need int, Badges []*Badge}: Need of Badges, all
// of them when All), .LeadsTo []*Badge (the badge classes that require
// it, by name), .Pathways []*Pathway (those it is a step or the goal of),
// .Graph template.HTML (an inline SVG drawing of what it builds on and
// leads to, black on white with its description in words; "" when it
// neither builds on nor leads to anything).
//
// Pathway: .ID, .Name, .Description template.HTML, .Path, .URL, .JSON
// (URL of the pathway document), .Steps []*Badge (in order), .Goal *Badge.
//
// Progress: .Pathway *Pathway, .Done (steps held, by valid awards),
// .Total (steps), .Next *Badge (the first step not held, else the goal;
// nil once the goal is held), .Goal bool (the goal is held).
//
// Earner (public earners only): .ID, .Name, .Bio template.HTML, .Links
// []Link{Label, URL}, .Path, .URL, .Wall (path of the profile wall),
// .WallURL, .Awards []*Award (valid first, then expired, then revoked;
// newest first within each).
//
// Bundle: .Archive (file name of the ZIP archive), .Files []BundleFile
// {Path, Name} (the published baked images and JSON of the valid awards,
// and their names in the archive), .Wallet (file name of the Open Badges
// 3.0 credentials file, "" when there are none), .Credentials []string
// (root-relative paths of the signed credentials), .Data template.JS (all
// of it as JSON, for the page's script: {archive, credentials, files,
// wallet}).
//
// Award: .ID, .Path, .URL, .JSON (URL of the Assertion), .Badge, .Issuer,
// .Earner (nil unless the earner has a public profile), .Issued,
// .Expires time.Time (zero: never), .Status Status, .Narrative
// template.HTML, .Evidence []Evidence{Name, URL, Description,
// Narrative template.HTML, Genre, Audience}, .Recipient Recipient{Type,
// Identity, Salt} (empty when revoked), .Downloads []Download{Format,
// Path, URL} (the baked images), .Check template.JS (what the in-browser
// check compares the hosted JSON with: badge, issuer, dates, recipient,
// narrative and evidence; with an Open Badges 3.0 credential also the
// issuer's DID, the subject id, the credential, key and status list URLs
// and the status index the VC-JWT is checked against), .Private (true when the award's
// page is not listed anywhere), .JWS (absolute URL of the award's signed
// compact JWS, "" when it is not signed; the in-browser check verifies it
// with WebCrypto when set), .Key (absolute URL of the public key that
// signs it, "" when it is not signed), .Standards []string (the standards the award
// is published in: "Open Badges 2.0", and "Open Badges 3.0" when its
// issuer publishes 3.0 credentials), .Credential (nil, or the Open Badges
// 3.0 credential of an award that is not revoked: .JSON and .JWT URLs,
// .Downloads []Download of the images with the credential baked in, .QR
// template.HTML, a QR code of the credential's URL for wallets that scan).
//
// Status: .Code ("valid", "not-yet-valid", "expired" or "revoked"),
// .Label ("Valid", "Not yet valid", …), .Text ("Valid", "Not yet valid:
// issued on 3 May 2027", "Expired on 3 May 2025", "Revoked: reason"),
// .Reason,
// .Period ("." to end a sentence after .Text, "" when .Text ends with
// . ! or ?).
// The status is computed against the build clock; the page's script
// recomputes it in the browser.
//
// Share: .URL (what is shared), .LinkedIn (the "Add to profile" URL, award
// pages of valid awards only, else ""), .Embed (HTML to embed the badge or
// the profile wall), .Signature (HTML for an email signature: "" for an
// award that is not valid, and for a profile without a valid award; a
// profile's lists each valid badge class once, four at most), .QR
// template.HTML (an inline SVG QR code of .URL); award pages only: .X,
// .Facebook (share URLs of those sites), .Email (a mailto: URL) and .Text
// (what a post says, for the Mastodon box, which asks for the visitor's
// instance).
// The snippets show the badge PNG, else the issuer's PNG logo, else the
// badge SVG (which mail clients often block).
//
// Image: .URL (absolute), .Path (root-relative), .Format ("png" or "svg"),
// .Width, .Height, .Alt.
//
// Record text is in the language of the pages; a text that has no
// translation falls back to the default language, and says so: fields
// named ...Lang (Badge.NameLang, .SummaryLang, Issuer.DescriptionLang,
// Pathway.NameLang, Evidence.NameLang, .DescriptionLang) hold its
// language, "" when it is the pages'; markdown fields are wrapped in an
// element with lang and dir.
//
// Functions: cached (name, data → template.HTML: renders the partial name
// with data, and when data is .Site, an *Issuer, a *Badge or an *Earner
// keeps the result for the next call with the same data; other data is
// rendered every time. The default theme renders a badge class's details
// once for all its awards, and the site header, footer and earner list
// once per build. In rosette serve, a changed award drops the fragments
// of its badge class and its earner, and any other change drops them
// all: a fragment of the site or an issuer is kept while only awards
// change, so it must not show what awards change, such as award counts
// or holders), t (id, then name and value pairs → template.HTML: a
// message of the catalog of the pages' language, its placeholders filled,
// escaped unless a value is HTML; a fallback to English wrapped in
// <span lang="en" dir="ltr">), ts (the same as plain text, for attributes
// and titles), tn (id, count, pairs: the plural form of count), date
// (time.Time → "2 January 2006", "2 janvier 2006", as the language writes
// it), isodate (→ "2006-01-02"), year (→ "2006", in the language's digits),
// num (an int in the language's digits), timetag (a <time> element),
// link (url, text → an <a> for a message), strong (text → <strong>), snippet (id, title, hint, code → Snippet{ID, Title,
// Hint, Code, Preview}: a copy-paste box for the partial
// partials/snippet.html; code must be one of the Share fields, which the
// renderer builds with every value escaped, because Preview shows it as
// HTML).
//
// Templates are html/template, escaping included. Each one is executed by
// html/template the first time, and from then on by a compiled program
// (package tmplexec) that gives the same bytes several times faster. The
// programs run text, actions, if, with, range, template and block,
// variables, fields, methods, the functions above (t, ts and tn with
// constant arguments are called once, when compiled) and the builtins and,
// or, not, eq, ne and len; a template that uses anything else (print,
// printf, index, …) still works, executed by html/template, only more
// slowly. Theme.Exact (rosette build --exact) executes every template
// with html/template. Every page executes within Theme.Limits: range
// iterations and template calls, their nesting, and the size of the
// output (docs/templates-execution.md).
//
// Markdown goes through goldmark with its safe defaults: raw HTML is
// dropped and links with javascript:, vbscript:, file: or data: URLs lose
// their target.
package render
