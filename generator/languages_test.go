package generator

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"rosette/generator/content"
	"rosette/generator/i18n"
	"rosette/generator/internal/sitetest"
	"rosette/themes"
)

// multilingual copies the example site with the languages langs (the
// default first) and the site catalogs given by language, and renders it
// at the golden clock.
func multilingual(t *testing.T, langs []string, catalogs map[string]string) (*content.Site, map[string][]byte) {
	t.Helper()
	root := sitetest.Copy(t)
	conf := filepath.Join(root, "content", "site.toml")
	data, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`(?m)^languages = .*\n`).ReplaceAll(data, nil)
	list := `languages = ["` + strings.Join(langs, `", "`) + `"]`
	data = regexp.MustCompile(`(?m)^language = .*$`).ReplaceAll(data, []byte(`language = "`+langs[0]+`"`+"\n"+list))
	sitetest.WriteFile(t, conf, string(data))
	for lang, src := range catalogs {
		sitetest.WriteFile(t, filepath.Join(root, "i18n", lang+".toml"), src)
	}
	opts := Options{Source: root, Clock: goldenClock}
	s, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	pub := newMemPublisher()
	if err := Render(s, pub, opts); err != nil {
		t.Fatal(err)
	}
	return s, pub.files
}

// pseudo is a catalog of lang that writes every English message with
// accented letters, placeholders kept: a page in it that shows an
// English string got it from somewhere other than the catalog.
func pseudo(t *testing.T, lang string) string {
	en, err := i18n.Load("en", themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	accents := strings.NewReplacer("a", "á", "e", "é", "i", "í", "o", "ó", "u", "ú", "A", "Á", "E", "É", "I", "Í", "O", "Ó", "U", "Ú", "c", "ç", "n", "ñ", "s", "š", "y", "ý")
	placeholder := regexp.MustCompile(`\{\{\.\w+\}\}`)
	var b strings.Builder
	for _, id := range en.IDs() {
		src := en.Source(id)
		var out strings.Builder
		last := 0
		for _, m := range placeholder.FindAllStringIndex(src, -1) {
			out.WriteString(accents.Replace(src[last:m[0]]) + src[m[0]:m[1]])
			last = m[1]
		}
		out.WriteString(accents.Replace(src[last:]))
		b.WriteString("[" + id + "]\nother = " + strings.ReplaceAll(quote(out.String()), "\n", `\n`) + "\n")
	}
	return b.String()
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// shared are words that every language writes alike: names of things.
var shared = map[string]bool{
	"QR": true, "LinkedIn": true, "JSON": true, "JWS": true, "VC-JWT": true, "X": true, "Facebook": true,
	"Mastodon": true, "Open Badges": true, "Open Badge": true, "W3C": true, "Learner Credential Wallet": true,
	"HTML": true, "PNG": true, "SVG": true, "Open Badges JSON": true,
}

// englishPieces are the texts of the English catalog between its
// placeholders that a page in another language must not show.
func englishPieces(t *testing.T) []string { return englishPiecesOf(t, nil) }

// englishPiecesOf is englishPieces of the messages keep keeps (nil: all).
func englishPiecesOf(t *testing.T, keep func(id string) bool) []string {
	en, err := i18n.Load("en", themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, id := range en.IDs() {
		if keep != nil && !keep(id) {
			continue
		}
		for _, p := range regexp.MustCompile(`\{\{\.\w+\}\}`).Split(en.Source(id), -1) {
			p = strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			letters := 0
			for _, r := range p {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			if letters >= 3 && !shared[p] && !strings.HasPrefix(id, "mail_") {
				seen[p] = true
			}
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

var (
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z0-9]+)([^>]*)>`)
	attrRE = regexp.MustCompile(`\b(alt|title|aria-label|content|placeholder|data-text)="([^"]*)"`)
	langRE = regexp.MustCompile(`\slang="([^"]*)"`)
)

// visibleText is what a page shows and says, in the language of the
// page: its text and its attributes meant for people, the messages of
// its script, without the elements that carry a lang of their own (a
// text in the default language), JSON-LD, check data and QR codes.
func visibleText(page []byte, lang string) string {
	var b strings.Builder
	s := string(page)
	skip := "" // the element being skipped, and its depth
	depth := 0
	pos := 0
	for _, m := range tagRE.FindAllStringSubmatchIndex(s, -1) {
		closing, name, attrs := s[m[2]:m[3]] == "/", strings.ToLower(s[m[4]:m[5]]), s[m[6]:m[7]]
		if skip == "" {
			b.WriteString(s[pos:m[0]] + " ")
		}
		pos = m[1]
		switch {
		case skip != "":
			if name == skip && closing {
				depth--
			} else if name == skip && !strings.HasSuffix(attrs, "/") {
				depth++
			}
			if depth == 0 {
				skip = ""
			}
			continue
		case closing:
			continue
		}
		if name == "script" && strings.Contains(attrs, `id="rosette-messages"`) {
			// The messages, not their ids.
			end := strings.Index(s[m[1]:], "</script>")
			var msgs map[string]string
			if end < 0 || json.Unmarshal([]byte(s[m[1]:m[1]+end]), &msgs) != nil {
				b.WriteString(" (unreadable script messages) ")
			}
			for _, v := range msgs {
				b.WriteString(" " + v + " ")
			}
			skip, depth = name, 1
			continue
		}
		l := langRE.FindStringSubmatch(attrs)
		other := l != nil && name != "html" && l[1] != lang
		if other || name == "svg" || name == "style" || name == "textarea" || name == "script" {
			skip, depth = name, 1
			continue
		}
		for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
			if name == "meta" && !strings.Contains(attrs, "description") && !strings.Contains(attrs, "title") && !strings.Contains(attrs, "alt") {
				continue
			}
			b.WriteString(" " + a[2] + " ")
		}
	}
	if skip == "" {
		b.WriteString(s[pos:])
	}
	return html.UnescapeString(b.String())
}

// recordText is the site's own text in its default language, which a
// page may show where a record has no translation (proper names, titles).
func recordText(s *content.Site) []string {
	var out []string
	for _, l := range s.Config.Langs() {
		st := s.Config.In(l)
		out = append(out, st.Title.Value, st.Description.Value)
		for _, is := range s.Issuers {
			it := is.In(l)
			out = append(out, it.Name.Value, plainText(it.Description.Value))
		}
		for _, p := range s.Pathways {
			pt := p.In(l)
			out = append(out, pt.Name.Value, plainText(pt.Description.Value))
		}
		for _, b := range s.Badges {
			bt := b.In(l)
			out = append(out, bt.Name.Value, plainText(bt.Description.Value), plainText(bt.Criteria.Value))
		}
		for _, e := range s.Earners {
			out = append(out, plainText(e.In(l).Bio.Value))
		}
		for _, a := range s.Awards {
			at := a.In(l)
			out = append(out, at.RevocationReason.Value, plainText(at.Narrative.Value))
			for _, e := range at.Evidence {
				out = append(out, e.Name.Value, e.Description.Value, plainText(e.Narrative.Value))
			}
		}
	}
	for _, b := range s.Badges {
		out = append(out, b.Tags...)
		for _, a := range b.Alignment {
			out = append(out, a.Name, a.Description, a.Framework)
		}
	}
	for _, e := range s.Earners {
		out = append(out, e.Name)
		for _, l := range e.Links {
			out = append(out, l.Label)
		}
	}
	for _, a := range s.Awards {
		for _, e := range a.Evidence {
			out = append(out, e.Genre, e.Audience)
		}
	}
	for _, e := range s.Endorsements {
		out = append(out, e.Person, e.Role, e.EndorserName, e.Comment)
	}
	// Markdown shows its paragraphs and list items apart.
	for _, t := range out {
		for _, line := range strings.Split(t, "\n") {
			line = strings.TrimLeft(strings.TrimSpace(line), "-+0123456789. ")
			out = append(out, plainText(line))
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// plainText is markdown as a page shows it in one line, roughly: without
// its marks and link targets.
func plainText(md string) string {
	if strings.Contains(md, "\n") {
		return md // lines are made plain one by one
	}
	md = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(md, "$1")
	md = strings.NewReplacer("*", "", "_", "", "`", "", "#", "", ">", "").Replace(md)
	return strings.Join(strings.Fields(md), " ")
}

// englishLeft lists the English strings that the pages of lang show.
func englishLeft(t *testing.T, s *content.Site, files map[string][]byte, lang string, pieces []string, fallbacks ...string) []string {
	prefix := content.LangPrefix(lang) + "/"
	records := append(recordText(s), fallbacks...)
	sort.Slice(records, func(i, j int) bool { return len(records[i]) > len(records[j]) })
	var alt []string
	for _, p := range pieces {
		alt = append(alt, regexp.QuoteMeta(p))
	}
	re := regexp.MustCompile(`(?:^|[^\pL\pN])(` + strings.Join(alt, "|") + `)(?:[^\pL\pN]|$)`)
	found := map[string]bool{}
	pages := 0
	for path, data := range files {
		if !strings.HasPrefix(path, prefix) || !strings.HasSuffix(path, ".html") {
			continue
		}
		pages++
		if !bytes.Contains(data, []byte(`<html lang="`+lang+`"`)) {
			t.Errorf("%s: not lang=%q: %.80s", path, lang, data)
		}
		text := strings.Join(strings.Fields(visibleText(data, lang)), " ")
		text = regexp.MustCompile(`\{\{\.\w+\}\}`).ReplaceAllString(text, " ")
		for _, r := range records {
			if r != "" {
				text = strings.ReplaceAll(text, r, " ")
			}
		}
		for name := range shared {
			text = strings.ReplaceAll(text, name, " ")
		}
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if !found[m[1]] {
				i := strings.Index(text, m[1])
				t.Logf("%s: %q in …%s…", path, m[1], text[max(0, i-80):min(len(text), i+80)])
			}
			found[m[1]] = true
		}
	}
	if pages < 10 {
		t.Errorf("%s: only %d pages", lang, pages)
	}
	var out []string
	for p := range found {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestEveryStringFromTheCatalog renders the example site in English and
// two pseudo-languages whose catalogs write every message with accented
// letters (one right to left): no English string of the catalog may be
// left on their pages. A string that the templates, the Go code or the
// page script writes without the catalog shows up here.
func TestEveryStringFromTheCatalog(t *testing.T) {
	s, files := multilingual(t, []string{"en", "fr", "ar"}, map[string]string{"fr": pseudo(t, "fr"), "ar": pseudo(t, "ar")})
	pieces := englishPieces(t)
	if len(pieces) < 200 {
		t.Fatalf("only %d English pieces", len(pieces))
	}
	for _, lang := range []string{"fr", "ar"} {
		if left := englishLeft(t, s, files, lang, pieces); len(left) > 0 {
			t.Errorf("%s pages show English: %q", lang, left)
		}
	}
	// The scan finds English where it is.
	if left := englishLeft(t, s, prefixed(files, "en"), "en", pieces); len(left) < 100 {
		t.Errorf("the scan finds only %d English strings on English pages: %q", len(left), left)
	}
}

// prefixed is the files at the root, as if they were under lang/.
func prefixed(files map[string][]byte, lang string) map[string][]byte {
	out := map[string][]byte{}
	for p, d := range files {
		if !strings.Contains(p, "/") || strings.HasPrefix(p, "assertions/") || strings.HasPrefix(p, "badges/") || strings.HasPrefix(p, "earners/") || strings.HasPrefix(p, "pathways/") {
			out[lang+"/"+p] = d
		}
	}
	return out
}

// TestShippedCatalogs renders the example site in every language the
// default theme ships a catalog for: no English string left, no message
// missing, the same placeholders as English.
func TestShippedCatalogs(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "themes", "default", "i18n"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.Load("en", themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en"}
	for _, e := range entries {
		if l := strings.TrimSuffix(e.Name(), ".toml"); l != "en" {
			langs = append(langs, l)
		}
	}
	for _, l := range langs[1:] {
		cat, err := i18n.Load(l, themes.Default())
		if err != nil {
			t.Fatal(err)
		}
		if m := cat.Missing(); len(m) > 0 {
			t.Errorf("%s: %d messages missing: %q", l, len(m), m)
		}
		ph := regexp.MustCompile(`\{\{\.\w+\}\}`)
		for _, id := range en.IDs() {
			want := ph.FindAllString(en.Source(id), -1)
			got := ph.FindAllString(cat.Source(id), -1)
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(want, " ") && cat.TextLang(id) == l {
				t.Errorf("%s: %s has the placeholders %q, English %q", l, id, got, want)
			}
		}
	}
	if len(langs) < 2 {
		t.Skip("the default theme ships only English")
	}
	s, files := multilingual(t, langs, nil)
	for _, lang := range langs[1:] {
		// A message the catalog lacks is reported above, as missing; the
		// scan looks for the English of those it has.
		cat, err := i18n.Load(lang, themes.Default())
		if err != nil {
			t.Fatal(err)
		}
		pieces := englishPiecesOf(t, func(id string) bool { return cat.TextLang(id) == lang })
		var fallbacks []string
		for _, id := range cat.Missing() {
			fallbacks = append(fallbacks, regexp.MustCompile(`\{\{\.\w+\}\}`).Split(en.Source(id), -1)...)
		}
		if left := englishLeft(t, s, files, lang, notOwn(t, lang, pieces), fallbacks...); len(left) > 0 {
			t.Errorf("%s pages show English: %q", lang, left)
		}
	}
}

// notOwn leaves out of the English pieces the words that the catalog of
// lang writes itself: "Status" and "Link" are German too, "Type" French,
// "error" Spanish.
func notOwn(t *testing.T, lang string, pieces []string) []string {
	cat, err := i18n.Load(lang, themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	var own strings.Builder
	for _, id := range cat.IDs() {
		if cat.TextLang(id) == lang {
			own.WriteString(cat.Source(id) + "\n")
		}
	}
	var out []string
	for _, p := range pieces {
		if !regexp.MustCompile(`(?:^|[^\pL\pN])` + regexp.QuoteMeta(p) + `(?:[^\pL\pN]|$)`).MatchString(own.String()) {
			out = append(out, p)
		}
	}
	return out
}
