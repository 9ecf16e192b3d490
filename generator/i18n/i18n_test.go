package i18n

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestDates is the table of long dates per language, as CLDR writes them.
func TestDates(t *testing.T) {
	day := time.Date(2026, 1, 15, 23, 30, 0, 0, time.UTC)
	may := time.Date(2027, 5, 3, 0, 0, 0, 0, time.FixedZone("x", -5*3600)) // 3 May 05:00 UTC
	for _, c := range []struct{ lang, jan, may, year string }{
		{"en", "15 January 2026", "3 May 2027", "2026"},
		{"fr", "15 janvier 2026", "3 mai 2027", "2026"},
		{"fr-CA", "15 janvier 2026", "3 mai 2027", "2026"},
		{"de", "15. Januar 2026", "3. Mai 2027", "2026"},
		{"es", "15 de enero de 2026", "3 de mayo de 2027", "2026"},
		{"pt-BR", "15 de janeiro de 2026", "3 de maio de 2027", "2026"},
		{"nl", "15 januari 2026", "3 mei 2027", "2026"},
		{"ar", "١٥ يناير ٢٠٢٦", "٣ مايو ٢٠٢٧", "٢٠٢٦"},
		{"ar-u-nu-latn", "15 يناير 2026", "3 مايو 2027", "2026"},
		{"sw", "15 January 2026", "3 May 2027", "2026"}, // no table: English
	} {
		cat, err := Load(c.lang, testLayer)
		if err != nil {
			t.Fatal(err)
		}
		if got := cat.Date(day); got != c.jan {
			t.Errorf("%s: Date %q, want %q", c.lang, got, c.jan)
		}
		if got := cat.Date(may); got != c.may {
			t.Errorf("%s: Date %q, want %q", c.lang, got, c.may)
		}
		if got := cat.Year(day); got != c.year {
			t.Errorf("%s: Year %q, want %q", c.lang, got, c.year)
		}
	}
}

// TestPluralForms is the table of CLDR plural categories per language.
func TestPluralForms(t *testing.T) {
	for _, c := range []struct {
		lang string
		want map[int]string
	}{
		{"en", map[int]string{0: "other", 1: "one", 2: "other", 5: "other", 21: "other"}},
		{"fr", map[int]string{0: "one", 1: "one", 2: "other", 1000000: "many"}},
		{"de", map[int]string{0: "other", 1: "one", 2: "other"}},
		{"es", map[int]string{0: "other", 1: "one", 2: "other", 1000000: "many"}},
		{"pt-BR", map[int]string{0: "one", 1: "one", 2: "other"}},
		{"nl", map[int]string{0: "other", 1: "one", 2: "other"}},
		{"ar", map[int]string{0: "zero", 1: "one", 2: "two", 3: "few", 10: "few", 11: "many", 99: "many", 100: "other", 102: "other", 103: "few", 111: "many", 1011: "many"}},
	} {
		cat, err := Load(c.lang, testLayer)
		if err != nil {
			t.Fatal(err)
		}
		for n, want := range c.want {
			if got := cat.PluralForm(n); got != want {
				t.Errorf("%s: PluralForm(%d) = %s, want %s", c.lang, n, got, want)
			}
		}
	}
}

var testLayer = fstest.MapFS{
	"i18n/en.toml": {Data: []byte(`
[badge_awarded]
description = "How many times a badge class was awarded"
one = "Awarded {{.Count}} time"
other = "Awarded {{.Count}} times"

[badge_count]
one = "{{.Count}} badge"
other = "{{.Count}} badges"

[status_valid]
other = "Valid"

[issued_by]
other = "Issued by {{.Name}} on {{.Date}}"

[only_english]
other = "Only <English>"
`)},
	"i18n/ar.toml": {Data: []byte(`
[badge_count]
zero = "لا شارات"
one = "شارة واحدة"
two = "شارتان"
few = "{{.Count}} شارات"
many = "{{.Count}} شارة"
other = "{{.Count}} شارة"

[status_valid]
other = "صالحة"

[issued_by]
other = "أصدرتها {{.Name}} في {{.Date}}"
`)},
	"i18n/fr.toml": {Data: []byte(`
[badge_count]
one = "{{.Count}} badge"
other = "{{.Count}} badges"
`)},
}

// TestMessages: plurals, placeholders, escaping and the English fallback.
func TestMessages(t *testing.T) {
	en, err := Load("en", testLayer)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := Load("ar", testLayer)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := Load("fr", testLayer)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cat  *Catalog
		n    int
		want string
	}{
		{en, 1, "1 badge"}, {en, 2, "2 badges"}, {en, 0, "0 badges"},
		{fr, 0, "0 badge"}, {fr, 1, "1 badge"}, {fr, 2, "2 badges"},
		{ar, 0, "لا شارات"}, {ar, 1, "شارة واحدة"}, {ar, 2, "شارتان"},
		{ar, 3, "٣ شارات"}, {ar, 11, "١١ شارة"}, {ar, 100, "١٠٠ شارة"},
	} {
		if got, err := c.cat.N("badge_count", c.n); err != nil || got != c.want {
			t.Errorf("%s: N(badge_count, %d) = %q, %v; want %q", c.cat.Lang(), c.n, got, err, c.want)
		}
	}
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	if got, _ := ar.T("issued_by", "Name", "A&B", "Date", day); got != "أصدرتها A&B في ١٥ يناير ٢٠٢٦" {
		t.Errorf("ar T = %q", got)
	}
	if got, _ := en.HTML("issued_by", "Name", "A&B", "Date", day); got != "Issued by A&amp;B on 15 January 2026" {
		t.Errorf("en HTML = %q", got)
	}
	if got, _ := en.HTML("issued_by", "Name", template.HTML("<b>A</b>"), "Date", day); got != "Issued by <b>A</b> on 15 January 2026" {
		t.Errorf("en HTML with HTML value = %q", got)
	}
	if got, _ := fr.HTML("only_english"); got != `<span lang="en" dir="ltr">Only &lt;English&gt;</span>` {
		t.Errorf("fr fallback = %q", got)
	}
	if got := fr.TextLang("only_english"); got != "en" {
		t.Errorf("fr TextLang = %q", got)
	}
	if got := strings.Join(fr.Missing(), " "); got != "badge_awarded issued_by only_english status_valid" {
		t.Errorf("fr Missing = %q", got)
	}
	if _, err := en.T("nope"); err == nil {
		t.Error("an unknown message is no error")
	}
	if _, err := en.T("issued_by", "Name", "x"); err == nil {
		t.Error("a missing value is no error")
	}
	if ar.Dir() != "rtl" || fr.Dir() != "ltr" {
		t.Errorf("Dir: ar %s, fr %s", ar.Dir(), fr.Dir())
	}
}

// TestOverride: a later layer replaces a message, and bad files are
// errors that name the file and the position.
func TestOverride(t *testing.T) {
	site := fstest.MapFS{"i18n/en.toml": {Data: []byte("[status_valid]\nother = \"Good\"\n")}}
	en, err := Load("en", testLayer, site)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := en.T("status_valid"); got != "Good" {
		t.Errorf("override: %q", got)
	}
	if got, _ := en.T("badge_count"); got != "{{.Count}} badges" && got != "" {
		t.Logf("badge_count without count: %q", got)
	}
	for src, want := range map[string]string{
		"[a]\nother = \"x\n":                            "i18n/en.toml:2:",
		"[a]\nother = \"{{if .X}}y{{end}}\"\n":          "only placeholders",
		"[a]\ndescription = \"no text\"\none = \"x\"\n": "has no text",
	} {
		_, err := Load("en", fstest.MapFS{"i18n/en.toml": {Data: []byte(src)}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
	big := fstest.MapFS{"i18n/en.toml": {Data: make([]byte, MaxFile+1)}}
	if _, err := Load("en", big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file too large: %v", err)
	}
}
