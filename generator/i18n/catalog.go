// Package i18n holds the interface strings of a site in each of its
// languages: message catalogs (go-i18n's TOML format), their CLDR plural
// rules, and dates and numbers written as each language writes them.
//
// A catalog of a language is made of layers, each a file system that may
// hold i18n/en.toml and i18n/<lang>.toml: the default theme, a site's
// theme, the site itself. A later layer overrides a message of an earlier
// one, message by message. English is complete in the default theme; a
// message missing in another language falls back to English, and says so
// (Lang), so that a page can mark the fallback with its own lang.
//
// A message's text may hold placeholders, {{.Name}}, and only those: they
// are filled by plain substitution, not by a template engine, so that a
// message costs a map lookup and a few appends. A message with a count
// has the CLDR plural forms of its language (zero, one, two, few, many,
// other), chosen by go-i18n's CLDR rules; its count is {{.Count}}.
package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Fallback is the language every catalog falls back to: the default
// theme's English catalog is complete.
const Fallback = "en"

// MaxFile is the size limit of a catalog file.
const MaxFile = 1 << 20

// Catalog is the messages of one language, with its plural rules and
// date format. It is safe for concurrent use.
type Catalog struct {
	lang  string // BCP 47, as the site writes it
	tag   language.Tag
	dir   string
	msgs  map[string]*message
	forms *pluralForms
	dates *dateFormat
}

// message is a message of a catalog: its text for each plural form, cut
// at its placeholders.
type message struct {
	lang  string              // the language the text is in
	forms [numForms][]segment // by pluralForm; nil when absent
	plain [numForms]string    // the text, when it has no placeholder
	args  [numForms]bool      // the form has placeholders
	desc  string              // for translators
}

// segment is literal text, or a placeholder (arg set).
type segment struct {
	text, arg string
}

// Load makes the catalog of lang from the layers, lowest first.
func Load(lang string, layers ...fs.FS) (*Catalog, error) {
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("language %q: %w", lang, err)
	}
	c := &Catalog{lang: lang, tag: tag, dir: direction(tag), msgs: map[string]*message{}}
	names := []string{Fallback}
	if !strings.EqualFold(lang, Fallback) {
		names = append(names, lang)
	}
	for _, name := range names {
		for _, l := range layers {
			if err := c.loadFile(l, "i18n/"+name+".toml", name); err != nil {
				return nil, err
			}
		}
	}
	if c.forms, err = newPluralForms(tag); err != nil {
		return nil, err
	}
	c.dates = datesOf(tag)
	return c, nil
}

// loadFile adds the messages of one file, which may be absent.
func (c *Catalog) loadFile(fsys fs.FS, name, lang string) error {
	data, err := readLimited(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	mf, err := goi18n.ParseMessageFileBytes(data, path.Base(name), map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%d:%d: %s", name, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, m := range mf.Messages {
		msg := &message{lang: lang, desc: m.Description}
		for f, src := range [numForms]string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
			if src == "" {
				continue
			}
			segs, err := cut(src)
			if err != nil {
				return fmt.Errorf("%s: message %q: %w", name, m.ID, err)
			}
			msg.forms[f] = segs
			if len(segs) == 1 && segs[0].arg == "" {
				msg.plain[f] = segs[0].text
			} else {
				msg.args[f] = true
			}
		}
		if msg.forms[formOther] == nil {
			return fmt.Errorf("%s: message %q has no text (other)", name, m.ID)
		}
		c.msgs[m.ID] = msg
	}
	return nil
}

// readLimited reads a file of at most MaxFile bytes.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFile {
		return nil, fmt.Errorf("%s: larger than %d KiB", name, MaxFile>>10)
	}
	return data, nil
}

// cut splits a message text at its placeholders, {{.Name}}; any other
// template action is an error.
func cut(src string) ([]segment, error) {
	if !strings.Contains(src, "{{") {
		return []segment{{text: src}}, nil
	}
	trees, err := parse.Parse("m", src, "{{", "}}")
	if err != nil {
		return nil, err
	}
	var segs []segment
	for _, n := range trees["m"].Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			segs = append(segs, segment{text: string(n.Text)})
			continue
		case *parse.ActionNode:
			if len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
				if f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode); ok && len(f.Ident) == 1 {
					segs = append(segs, segment{arg: f.Ident[0]})
					continue
				}
			}
		}
		return nil, fmt.Errorf("%s: only placeholders such as {{.Name}} are allowed", n)
	}
	return segs, nil
}

// rtlScripts are the scripts written from right to left.
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Mend": true}

// direction is "rtl" for a language written right to left (its script,
// given or likely), else "ltr".
func direction(tag language.Tag) string {
	if s, _ := tag.Script(); rtlScripts[s.String()] {
		return "rtl"
	}
	return "ltr"
}

// datesOf is the date format of a language: its own, else its base
// language's, else English; the u-nu-latn extension asks for Latin digits.
func datesOf(tag language.Tag) *dateFormat {
	base, _ := tag.Base()
	f := dateFormats[base.String()]
	if f == nil {
		f = dateFormats[Fallback]
	}
	if nu := tag.TypeForKey("nu"); nu == "latn" && f.digits != "" {
		g := *f
		g.digits = ""
		f = &g
	}
	return f
}

// Lang is the catalog's language, as the site writes it.
func (c *Catalog) Lang() string { return c.lang }

// Dir is "rtl" for a language written right to left, else "ltr".
func (c *Catalog) Dir() string { return c.dir }

// Has reports whether the catalog has a message.
func (c *Catalog) Has(id string) bool { return c.msgs[id] != nil }

// IDs lists the catalog's message ids, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.msgs))
	for id := range c.msgs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// TextLang is the language the text of a message is in: the catalog's,
// or Fallback when the catalog lacks it; "" for an unknown message.
func (c *Catalog) TextLang(id string) string {
	if m := c.msgs[id]; m != nil {
		if m.lang == Fallback && c.lang != Fallback && !strings.EqualFold(c.lang, Fallback) {
			return Fallback
		}
		return c.lang
	}
	return ""
}

// Missing lists the ids of the messages that fall back to English.
func (c *Catalog) Missing() []string {
	var ids []string
	for _, id := range c.IDs() {
		if c.TextLang(id) != c.lang {
			ids = append(ids, id)
		}
	}
	return ids
}

// Date writes a date (its UTC day) as the language does: "15 January 2026",
// "15. Januar 2026", "١٥ يناير ٢٠٢٦".
func (c *Catalog) Date(t time.Time) string { return c.dates.format(t) }

// Year writes the year of a date in the language's digits.
func (c *Catalog) Year(t time.Time) string { return c.dates.number(strconv.Itoa(t.UTC().Year())) }

// Number writes an integer in the language's digits.
func (c *Catalog) Number(n int) string { return c.dates.number(strconv.Itoa(n)) }

// T is the text of a message, its placeholders filled from args: pairs of
// a name and a value (a string, an int, written with Number, a time.Time,
// written with Date, or a template.HTML). An unknown message is an error.
func (c *Catalog) T(id string, args ...any) (string, error) {
	return c.text(id, formOther, false, args)
}

// N is the text of a message with a count, in the plural form the
// language uses for count, which fills {{.Count}}.
func (c *Catalog) N(id string, count int, args ...any) (string, error) {
	return c.text(id, c.forms.of(count), false, append([]any{"Count", count}, args...))
}

// HTML is T as HTML: the text and the values escaped, except values of
// type template.HTML; a message that falls back to English is wrapped in
// <span lang="en" dir="ltr">.
func (c *Catalog) HTML(id string, args ...any) (template.HTML, error) {
	s, err := c.text(id, formOther, true, args)
	return template.HTML(s), err
}

// NHTML is N as HTML (see HTML).
func (c *Catalog) NHTML(id string, count int, args ...any) (template.HTML, error) {
	s, err := c.text(id, c.forms.of(count), true, append([]any{"Count", count}, args...))
	return template.HTML(s), err
}

// MissingError is the error of an unknown message.
type MissingError struct{ ID, Lang string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("no message %q in the %s catalog (nor in English)", e.ID, e.Lang)
}

func (c *Catalog) text(id string, form pluralForm, html bool, args []any) (string, error) {
	m := c.msgs[id]
	if m == nil {
		return "", &MissingError{ID: id, Lang: c.lang}
	}
	if m.forms[form] == nil {
		form = formOther
	}
	var b strings.Builder
	wrap := html && c.TextLang(id) != c.lang
	if wrap {
		b.WriteString(`<span lang="` + Fallback + `" dir="ltr">`)
	}
	if !m.args[form] {
		if html {
			template.HTMLEscape(&b, []byte(m.plain[form]))
		} else {
			b.WriteString(m.plain[form])
		}
	} else {
		for _, s := range m.forms[form] {
			if s.arg == "" {
				if html {
					template.HTMLEscape(&b, []byte(s.text))
				} else {
					b.WriteString(s.text)
				}
				continue
			}
			v, ok := c.arg(args, s.arg, html)
			if !ok {
				return "", fmt.Errorf("message %q: no value for {{.%s}}", id, s.arg)
			}
			b.WriteString(v)
		}
	}
	if wrap {
		b.WriteString("</span>")
	}
	return b.String(), nil
}

// arg is the value named name in args, written as text (html: escaped).
func (c *Catalog) arg(args []any, name string, html bool) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k != name {
			continue
		}
		var s string
		switch v := args[i+1].(type) {
		case template.HTML:
			if html {
				return string(v), true
			}
			s = string(v)
		case string:
			s = v
		case int:
			s = c.Number(v)
		case time.Time:
			s = c.Date(v)
		default:
			s = fmt.Sprint(v)
		}
		if html {
			s = template.HTMLEscapeString(s)
		}
		return s, true
	}
	return "", false
}

// Source is the text of a message (its form other) with its
// placeholders as written, {{.Name}}, for a script that fills them; ""
// for an unknown message.
func (c *Catalog) Source(id string) string {
	m := c.msgs[id]
	if m == nil {
		return ""
	}
	var b strings.Builder
	for _, s := range m.forms[formOther] {
		if s.arg != "" {
			b.WriteString("{{." + s.arg + "}}")
		} else {
			b.WriteString(s.text)
		}
	}
	return b.String()
}
