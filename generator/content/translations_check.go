package content

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// trField is one translatable text of a record: its key (relative to the
// record, or to its translation table), its own text and its translation
// into one language.
type trField struct {
	key      string
	own, tr  string
	markdown bool
	optional bool // a proper name: a missing translation is not listed
}

func (c *Config) trFields(lang string) []trField {
	t := c.Translations[lang]
	return []trField{
		{key: "title", own: c.Title, tr: t.Title},
		{key: "description", own: c.Description, tr: t.Description},
	}
}

func (b *Badge) trFields(lang string) []trField {
	t := b.Translations[lang]
	return []trField{
		{key: "name", own: b.Name, tr: t.Name},
		{key: "description", own: b.Description, tr: t.Description, markdown: true},
		{key: "criteria", own: b.Criteria, tr: t.Criteria, markdown: true},
	}
}

func (is *Issuer) trFields(lang string) []trField {
	t := is.Translations[lang]
	return []trField{
		{key: "name", own: is.Name, tr: t.Name, optional: true},
		{key: "description", own: is.Description, tr: t.Description},
	}
}

func (e *Earner) trFields(lang string) []trField {
	return []trField{{key: "bio", own: e.Bio, tr: e.Translations[lang].Bio, markdown: true}}
}

func (p *Pathway) trFields(lang string) []trField {
	t := p.Translations[lang]
	return []trField{
		{key: "name", own: p.Name, tr: t.Name},
		{key: "description", own: p.Description, tr: t.Description, markdown: true},
	}
}

func (a *Award) trFields(lang string) []trField {
	t := a.Translations[lang]
	fs := []trField{
		{key: "narrative", own: a.Narrative, tr: t.Narrative, markdown: true},
		{key: "revocation_reason", own: a.RevocationReason, tr: t.RevocationReason},
	}
	for i, ev := range a.Evidence {
		var te EvidenceTranslation
		if i < len(t.Evidence) {
			te = t.Evidence[i]
		}
		k := "evidence." + strconv.Itoa(i) + "."
		fs = append(fs,
			trField{key: k + "name", own: ev.Name, tr: te.Name},
			trField{key: k + "description", own: ev.Description, tr: te.Description},
			trField{key: k + "narrative", own: ev.Narrative, tr: te.Narrative, markdown: true},
			trField{key: k + "genre", own: ev.Genre, tr: te.Genre},
			trField{key: k + "audience", own: ev.Audience, tr: te.Audience},
		)
	}
	return fs
}

// checkTranslations checks the translation tables of a record as its own
// text is checked: no empty value, nothing that the record does not have
// in its own text, markdown within limits, no control characters. The
// languages are checked against the site's in crossCheck.
func checkTranslations(d *doc, langs []string, fields func(lang string) []trField, errs *Errors) {
	for _, lang := range langs {
		table := "translations." + lang
		for _, f := range fields(lang) {
			key := table + "." + f.key
			name := f.key[strings.LastIndexByte(f.key, '.')+1:]
			if f.tr == "" {
				if !strings.HasPrefix(f.key, "evidence.") && d.md.IsDefined("translations", lang, f.key) {
					errs.add(d.pos(key, false), "%s must not be empty: leave the key out, and the text in the default language shows", name)
				}
				continue
			}
			if strings.TrimSpace(f.own) == "" {
				errs.add(d.pos(key, true), "[%s] translates %s, which the record does not have in its own text: write it above [%s] first", table, f.key, table)
				continue
			}
			pageText(d, key, f.tr, errs)
			if f.markdown {
				checkMarkdownKey(d, key, f.tr, errs)
			}
		}
	}
}

// checkAwardTranslations checks an award's translations: those of every
// record, and no more translated evidence than the award has.
func checkAwardTranslations(d *doc, a *Award, errs *Errors) {
	if len(a.Translations) == 0 {
		return
	}
	langs := keys(a.Translations)
	checkTranslations(d, langs, a.trFields, errs)
	for _, lang := range langs {
		if t := a.Translations[lang]; len(t.Evidence) > len(a.Evidence) {
			key := "translations." + lang + ".evidence." + strconv.Itoa(len(a.Evidence))
			errs.add(d.pos(key, true), "[translations.%s] has %d evidence entries, the award %d: translate the award's evidence in the same order, one entry each", lang, len(t.Evidence), len(a.Evidence))
		}
	}
}

// pageText reports a control character in a text the pages show.
func pageText(d *doc, key, s string, errs *Errors) {
	for i, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			errs.add(d.pos(key, false), "%s holds the control character U+%04X (at byte %d); remove it", key, r, i)
			return
		}
	}
}

// translated is a record with translations, as crossCheck sees it.
type translated interface {
	file() string
	translationLangs() []string
	trFields(lang string) []trField
}

func (c *Config) file() string                { return path.Join(Dir, "site.toml") }
func (b *Badge) file() string                 { return b.File }
func (is *Issuer) file() string               { return is.File }
func (e *Earner) file() string                { return e.File }
func (a *Award) file() string                 { return a.File }
func (p *Pathway) file() string               { return p.File }
func (c *Config) translationLangs() []string  { return keys(c.Translations) }
func (b *Badge) translationLangs() []string   { return keys(b.Translations) }
func (is *Issuer) translationLangs() []string { return keys(is.Translations) }
func (e *Earner) translationLangs() []string  { return keys(e.Translations) }
func (a *Award) translationLangs() []string   { return keys(a.Translations) }
func (p *Pathway) translationLangs() []string { return keys(p.Translations) }

// records returns every record of the site that may have translations,
// in the order of the site's slices.
func (s *Site) records() []translated {
	out := []translated{&s.Config}
	for _, x := range s.Issuers {
		out = append(out, x)
	}
	for _, x := range s.Badges {
		out = append(out, x)
	}
	for _, x := range s.Earners {
		out = append(out, x)
	}
	for _, x := range s.Awards {
		out = append(out, x)
	}
	for _, x := range s.Pathways {
		out = append(out, x)
	}
	return out
}

// checkTranslationLangs reports a record's translations into a language
// that is not one of the site's other languages.
func (l *loader) checkTranslationLangs(c *Config, r translated, errs *Errors) {
	langs := r.translationLangs()
	if len(langs) == 0 {
		return
	}
	var d *doc
	for _, lang := range langs {
		var msg string
		switch {
		case lang == c.DefaultLang():
			msg = fmt.Sprintf("[translations.%s] translates into the default language, %q, which is the record's own text: remove the table", lang, lang)
		case !c.HasLang(lang):
			msg = fmt.Sprintf("[translations.%s] is a translation into %q, which is not one of the site's languages (%s): add it to languages in content/site.toml, or remove the table%s",
				lang, lang, quoteList(c.Langs()), suggestLang(lang, c.Langs()[1:]))
		default:
			continue
		}
		if d == nil {
			d = l.reread(r.file())
		}
		errs.add(d.firstPos("translations."+lang), "%s", msg)
	}
}

// suggestLang suggests the site language meant by lang: the same tag in
// another case, the same base language, or a close spelling.
func suggestLang(lang string, langs []string) string {
	base := func(s string) string { b, _, _ := strings.Cut(strings.ToLower(s), "-"); return b }
	for _, l := range langs {
		if strings.EqualFold(l, lang) {
			return " (did you mean \"" + l + "\"?)"
		}
	}
	for _, l := range langs {
		if base(l) == base(lang) {
			return " (did you mean \"" + l + "\"?)"
		}
	}
	return didYouMean(lang, langs)
}

// reread reads a record again for the positions of its keys, on the path
// of an error.
func (l *loader) reread(file string) *doc {
	src, err := readRecordFile(l.fsys, file)
	if err != nil {
		return &doc{file: file, keys: map[string]keyPos{}}
	}
	return &doc{file: file, src: string(src), keys: scanKeys(string(src))}
}

// Missing is a record's text that has no translation into one of the
// site's languages: the keys of its own text, at the first of them.
type Missing struct {
	Pos
	Lang string
	Keys []string // dotted keys of the record, "narrative", "evidence.0.name"
}

// Message says what is missing and what shows in its place.
func (m *Missing) Message(def string) string {
	return fmt.Sprintf("no translation into %s of %s: the text in %s shows", m.Lang, strings.Join(m.Keys, ", "), def)
}

// MissingTranslations lists, for every record and each of the site's
// languages but the default, the texts of the record that have no
// translation into it; proper names (an issuer's name) are not listed.
// fsys is the site root, read again for the positions. The list is in
// the order of the files, then of the languages.
func MissingTranslations(fsys fs.FS, s *Site) []*Missing {
	langs := s.Config.Langs()[1:]
	if len(langs) == 0 {
		return nil
	}
	l := &loader{fsys: fsys}
	var out []*Missing
	for _, r := range s.records() {
		var d *doc
		for _, lang := range langs {
			var miss []string
			for _, f := range r.trFields(lang) {
				if !f.optional && f.tr == "" && strings.TrimSpace(f.own) != "" {
					miss = append(miss, f.key)
				}
			}
			if len(miss) == 0 {
				continue
			}
			if d == nil {
				d = l.reread(r.file())
			}
			out = append(out, &Missing{Pos: d.pos(miss[0], true), Lang: lang, Keys: miss})
		}
	}
	sortMissing(out)
	return out
}

func sortMissing(ms []*Missing) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
