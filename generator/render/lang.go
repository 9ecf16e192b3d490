package render

import (
	"errors"
	"html"
	"html/template"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"rosette/generator/content"
	"rosette/generator/i18n"
)

// Language is one language of a site's pages.
type Language struct {
	Tag      string // BCP 47, as site.toml writes it: "pt-BR"
	Prefix   string // the path of its pages below the site root: "" for the default language, else "pt-br/"
	Name     string // its name in itself: "português (Brasil)"
	OGLocale string // for og:locale: "pt_BR"
	Dir      string // "ltr" or "rtl"
}

// NewLanguage describes the language tag of a site; def says whether it
// is the default one, at the root of the site. ogLocale may be "", for
// the likely region of the language (en_US, fr_FR, ar_EG).
func NewLanguage(tag string, def bool, ogLocale string) Language {
	l := Language{Tag: tag, Name: tag, Dir: "ltr"}
	if !def {
		l.Prefix = strings.ToLower(tag) + "/"
	}
	t, err := language.Parse(tag)
	if err != nil {
		return l
	}
	if name := display.Self.Name(t); name != "" {
		l.Name = name
	}
	if ogLocale == "" {
		base, _ := t.Base()
		region, _ := t.Region()
		ogLocale = base.String() + "_" + region.String()
	}
	l.OGLocale = ogLocale
	if s, _ := t.Script(); map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true}[s.String()] {
		l.Dir = "rtl"
	}
	return l
}

// Translation is a page in one of the site's languages, for the language
// switcher and hreflang alternates.
type Translation struct {
	Lang, Name, Dir string
	Path, URL       string
	Current         bool // the page itself
}

// LoadCatalog makes the message catalog of lang for a site: the default
// theme's i18n/ (embedded), the site's theme's (themes/<name>/i18n/) and
// the site's own (i18n/ at its root), each overriding the one before,
// message by message. site may be nil.
func LoadCatalog(embedded, site fs.FS, theme, lang string) (*i18n.Catalog, error) {
	layers := []fs.FS{embedded}
	if site != nil {
		if theme == "" {
			theme = "default"
		}
		if fi, err := fs.Stat(site, "themes/"+theme+"/i18n"); err == nil && fi.IsDir() {
			layers = append(layers, subFS{site, "themes/" + theme})
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		layers = append(layers, site)
	}
	return i18n.Load(lang, layers...)
}

// messageFuncs are the template functions of messages and dates; see the
// package comment.
func (t *Theme) messageFuncs() template.FuncMap {
	return template.FuncMap{
		"t":       func(id string, args ...any) (template.HTML, error) { return t.cat.HTML(id, args...) },
		"ts":      func(id string, args ...any) (string, error) { return t.cat.T(id, args...) },
		"tn":      func(id string, n int, args ...any) (template.HTML, error) { return t.cat.NHTML(id, n, args...) },
		"date":    func(d time.Time) string { return t.cat.Date(d) },
		"year":    func(d time.Time) string { return t.cat.Year(d) },
		"num":     func(n int) string { return t.cat.Number(n) },
		"timetag": timeTag(t),
		"link":    link,
		"strong":  func(s string) template.HTML { return template.HTML("<strong>" + html.EscapeString(s) + "</strong>") },
	}
}

// pureFuncs are the template functions that the compiled programs call
// once, with constant arguments: the messages.
var pureFuncs = []string{"t", "ts", "tn"}

func timeTag(t *Theme) func(time.Time) template.HTML {
	return func(d time.Time) template.HTML {
		return template.HTML(`<time datetime="` + d.UTC().Format("2006-01-02") + `">` + html.EscapeString(t.cat.Date(d)) + `</time>`)
	}
}

// link is an HTML link to href with the text, as a value for a message;
// an href that is not http(s), mailto or relative links nowhere, as
// html/template would have it.
func link(href, text string) template.HTML {
	if u, err := url.Parse(href); err != nil || u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto" {
		href = "#ZgotmplZ"
	}
	return template.HTML(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a>`)
}

// Catalog is the message catalog the theme's pages are written with.
func (t *Theme) Catalog() *i18n.Catalog { return t.cat }

// msg is a message of the theme's catalog as plain text; a missing
// message gives its id, which the tests of the catalogs catch.
func (p *Pages) msg(id string, args ...any) string {
	s, err := p.Theme.cat.T(id, args...)
	if err != nil {
		return id
	}
	return s
}

// msgN is msg for a message with a count.
func (p *Pages) msgN(id string, n int, args ...any) string {
	s, err := p.Theme.cat.N(id, n, args...)
	if err != nil {
		return id
	}
	return s
}

// list joins items as a sentence: "A", "A and B", "A, B and C".
func (p *Pages) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	head := strings.Join(items[:len(items)-1], p.msg("list_separator"))
	return p.msg("list_pair", "First", head, "Second", items[len(items)-1])
}

// scriptStatuses are the status messages the page script shows.
var scriptStatuses = []string{"status_valid", "status_text_not_yet_valid", "status_text_expired", "status_text_revoked",
	"status_no_reason", "status_not_verified", "status_unchecked"}

// scriptMessages are the messages the page script shows, as JSON: those
// whose ids start with script_ or script3_, and scriptStatuses.
func (p *Pages) scriptMessages() template.JS {
	cat := p.Theme.cat
	m := map[string]string{}
	for _, id := range cat.IDs() {
		if strings.HasPrefix(id, "script_") || strings.HasPrefix(id, "script3_") {
			m[id] = cat.Source(id)
		}
	}
	for _, id := range scriptStatuses {
		if cat.Has(id) {
			m[id] = cat.Source(id)
		}
	}
	return jsonLD(m)
}

// translations is the page at path (below a language's root) in every
// language of the site; nil for a site of one language.
func (p *Pages) translations(path string) []Translation {
	if len(p.Langs) < 2 {
		return nil
	}
	out := make([]Translation, len(p.Langs))
	for i, l := range p.Langs {
		out[i] = Translation{Lang: l.Tag, Name: l.Name, Dir: l.Dir, Path: p.root + l.Prefix + path, URL: p.graph.URL(l.Prefix + path), Current: l.Tag == p.Lang.Tag}
	}
	return out
}

// langAttrs are the lang and dir attributes of HTML that the pages give
// to other sites (embed, email signature): it says which language it is
// in wherever it is pasted.
func (p *Pages) langAttrs() string {
	return ` lang="` + html.EscapeString(p.Lang.Tag) + `" dir="` + p.Lang.Dir + `"`
}

// other is the language of a record's text when it is not the pages'
// (the text fell back to the default language), else "".
func (p *Pages) other(t content.Text) string {
	if t.Lang == "" || strings.EqualFold(t.Lang, p.Lang.Tag) {
		return ""
	}
	return t.Lang
}

// markdown renders a record's markdown text; a text that fell back to
// the default language is wrapped in an element that says so.
func (p *Pages) markdown(t content.Text) template.HTML {
	h := p.Theme.Markdown(t.Value)
	if l := p.other(t); l != "" && h != "" {
		return template.HTML(`<div lang="`+html.EscapeString(l)+`" dir="auto">`) + h + "</div>"
	}
	return h
}
