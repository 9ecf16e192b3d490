package content

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// A site's languages are in site.toml:
//
//	language = "en"             # the default language
//	languages = ["en", "fr"]    # every language of the site, the default first
//	[regions]                   # the region of og:locale, per language
//	fr = "CA"
//
// Tags are BCP 47, written as BCP 47 spells them ("pt-BR", not "pt-br").
// The default language is that of the records' own text, of the pages at
// the site's root and of the credentials; each other language has its
// pages under /<tag in lower case>/ and its text in the records'
// [translations.<tag>] tables.

// Langs returns the site's languages, the default first; never empty.
func (c *Config) Langs() []string {
	if len(c.Languages) > 0 {
		return c.Languages
	}
	if c.Language == "" {
		return []string{"en"}
	}
	return []string{c.Language}
}

// DefaultLang returns the site's default language: that of the records'
// own text and of the pages at the site's root.
func (c *Config) DefaultLang() string { return c.Langs()[0] }

// HasLang reports whether lang is one of the site's languages, as written.
func (c *Config) HasLang(lang string) bool {
	for _, l := range c.Langs() {
		if l == lang {
			return true
		}
	}
	return false
}

// LangPrefix returns the URL path segment of a language's pages: the tag
// in lower case ("pt-br").
func LangPrefix(lang string) string { return strings.ToLower(lang) }

// OGLocale returns the Open Graph locale of a language, ll_CC: its base
// language and a region, from [regions] in site.toml, else from the tag
// itself (pt-BR → pt_BR), else the language's likely region (en → en_US,
// fr → fr_FR, ar → ar_EG).
func (c *Config) OGLocale(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return strings.ReplaceAll(lang, "-", "_")
	}
	base, _ := tag.Base()
	region := c.Regions[lang]
	if region == "" {
		r, _ := tag.Region()
		region = r.String()
	}
	return base.String() + "_" + strings.ToUpper(region)
}

// CheckLang returns an error when s is not a known BCP 47 language tag
// spelt as BCP 47 spells it ("pt-BR").
func CheckLang(s string) error {
	if p := parseLang(s); p != "" {
		return fmt.Errorf("%q %s", s, p)
	}
	return nil
}

// parseLang parses a language tag as a site names it, and returns a
// problem, or "" when s is a known BCP 47 tag in its canonical spelling.
func parseLang(s string) string {
	tag, err := language.Parse(s)
	switch {
	case err != nil && strings.Contains(err.Error(), "well-formed but unknown"):
		return "is not a known language (a BCP 47 tag such as \"en\", \"fr\" or \"pt-BR\")"
	case err != nil:
		return "is not a language tag such as \"en\", \"fr\" or \"pt-BR\""
	case tag.String() != s:
		return "is written " + strconv.Quote(tag.String()) + " in BCP 47: write it so"
	}
	return ""
}

// checkLanguages checks language, languages and [regions] of site.toml,
// and fills in the defaults.
func (l *loader) checkLanguages(d *doc, c *Config) {
	langOK := true
	if c.Language != "" {
		if p := parseLang(c.Language); p != "" {
			l.errs.add(d.pos("language", false), "language %q %s", c.Language, p)
			langOK = false
		}
	}
	if len(c.Languages) == 0 && d.md.IsDefined("languages") {
		l.errs.add(d.pos("languages", false), "languages is empty: list the site's languages, the default first, or leave the key out")
	}
	seen := make(map[string]string) // lower case → as written
	var langs []string
	for i, lang := range c.Languages {
		at := d.pos("languages."+strconv.Itoa(i), false)
		if p := parseLang(lang); p != "" {
			l.errs.add(at, "languages: %q %s", lang, p)
			continue
		}
		if prev, ok := seen[strings.ToLower(lang)]; ok {
			l.errs.add(at, "languages: %q is listed twice", prev)
			continue
		}
		seen[strings.ToLower(lang)] = lang
		langs = append(langs, lang)
	}
	switch {
	case len(c.Languages) > 0 && c.Language != "" && c.Languages[0] != c.Language:
		if langOK {
			l.errs.add(d.pos("languages.0", false), "languages starts with %q, but language (the default) is %q: list the default language first", c.Languages[0], c.Language)
		}
	case c.Language == "" && len(langs) > 0 && langs[0] == c.Languages[0]:
		c.Language = langs[0]
	case c.Language == "":
		c.Language = "en"
	}
	c.Languages = langs
	if len(c.Languages) == 0 {
		c.Languages = []string{c.Language}
	}
	for _, lang := range keys(c.Regions) {
		region := c.Regions[lang]
		at := d.pos("regions."+lang, false)
		if !c.HasLang(lang) {
			l.errs.add(d.pos("regions."+lang, true), "regions: %q is not one of the site's languages (%s)", lang, quoteList(c.Langs()))
			continue
		}
		r, err := language.ParseRegion(region)
		if err != nil || !r.IsCountry() || len(region) != 2 {
			l.errs.add(at, "regions: %q is not a region: write a two-letter country code such as \"CA\", \"FR\" or \"BR\"", region)
			continue
		}
		if tag, err := language.Parse(lang); err == nil {
			if own, conf := tag.Region(); conf == language.Exact && own != r {
				l.errs.add(at, "regions: %q names its own region, %s, not %s", lang, own, r)
				continue
			}
		}
		c.Regions[lang] = r.String()
	}
}
