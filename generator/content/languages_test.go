package content

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// siteWithConfig returns the files of baseSite with site.toml followed by extra.
func siteWithConfig(extra string) map[string]string {
	return map[string]string{"content/site.toml": "base_url = \"https://badges.example.org/\"\ntitle = \"Example\"\n" + extra}
}

func loadWith(t *testing.T, files map[string]string) (*Site, []string) {
	t.Helper()
	fsys := baseSite()
	for f, data := range files {
		if data == "" {
			delete(fsys, f)
			continue
		}
		fsys[f] = &fstest.MapFile{Data: []byte(data)}
	}
	s, err := Load(fsys, Options{})
	if err == nil {
		return s, nil
	}
	es, ok := err.(Errors)
	if !ok {
		t.Fatalf("Load: %v", err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Error())
	}
	return nil, got
}

func TestLanguagesConfig(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		langs []string
		def   string
	}{
		{"none", "", []string{"en"}, "en"},
		{"language only", "language = \"fr\"\n", []string{"fr"}, "fr"},
		{"languages only", "languages = [\"de\", \"en\"]\n", []string{"de", "en"}, "de"},
		{"both", "language = \"fr\"\nlanguages = [\"fr\", \"en\", \"pt-BR\", \"ar\"]\n", []string{"fr", "en", "pt-BR", "ar"}, "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := loadWith(t, siteWithConfig(tt.extra))
			if errs != nil {
				t.Fatal(strings.Join(errs, "\n"))
			}
			if got := s.Config.Langs(); !reflect.DeepEqual(got, tt.langs) {
				t.Errorf("Langs() = %q, want %q", got, tt.langs)
			}
			if s.Config.Language != tt.def || s.Config.DefaultLang() != tt.def {
				t.Errorf("Language = %q, DefaultLang() = %q, want %q", s.Config.Language, s.Config.DefaultLang(), tt.def)
			}
			if s.Badge("git").Lang != tt.def || s.Award("abc123de").Lang != tt.def || s.Earner("ada").Lang != tt.def || s.Issuer("acme").Lang != tt.def {
				t.Errorf("records' Lang is not %q", tt.def)
			}
		})
	}
}

func TestLanguagesLint(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		want  []string
	}{
		{"malformed language", "language = \"english\"\n",
			[]string{`content/site.toml:3:12: language "english" is not a language tag such as "en", "fr" or "pt-BR"`}},
		{"unknown language", "language = \"xx\"\n",
			[]string{`content/site.toml:3:12: language "xx" is not a known language (a BCP 47 tag such as "en", "fr" or "pt-BR")`}},
		{"spelling", "languages = [\"en\", \"pt-br\"]\n",
			[]string{`content/site.toml:3:20: languages: "pt-br" is written "pt-BR" in BCP 47: write it so`}},
		{"unknown in languages", "languages = [\"en\", \"qq\"]\n",
			[]string{`content/site.toml:3:20: languages: "qq" is not a known language (a BCP 47 tag such as "en", "fr" or "pt-BR")`}},
		{"default not first", "language = \"en\"\nlanguages = [\"fr\", \"en\"]\n",
			[]string{`content/site.toml:4:14: languages starts with "fr", but language (the default) is "en": list the default language first`}},
		{"duplicate", "languages = [\"en\", \"fr\", \"fr\"]\n",
			[]string{`content/site.toml:3:26: languages: "fr" is listed twice`}},
		{"empty", "languages = []\n",
			[]string{`content/site.toml:3:13: languages is empty: list the site's languages, the default first, or leave the key out`}},
		{"region not a region", "languages = [\"en\", \"fr\"]\n[regions]\nfr = \"Canada\"\nen = \"419\"\n",
			[]string{
				`content/site.toml:5:6: regions: "Canada" is not a region: write a two-letter country code such as "CA", "FR" or "BR"`,
				`content/site.toml:6:6: regions: "419" is not a region: write a two-letter country code such as "CA", "FR" or "BR"`,
			}},
		{"region of no language", "[regions]\nde = \"AT\"\n",
			[]string{`content/site.toml:4:1: regions: "de" is not one of the site's languages ("en")`}},
		{"region against the tag", "languages = [\"en\", \"pt-BR\"]\n[regions]\npt-BR = \"PT\"\n",
			[]string{`content/site.toml:5:9: regions: "pt-BR" names its own region, BR, not PT`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadWith(t, siteWithConfig(tt.extra))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestOGLocale(t *testing.T) {
	c := &Config{Language: "en", Languages: []string{"en", "fr", "pt-BR", "ar", "de"}, Regions: map[string]string{"en": "CA", "fr": "CA"}}
	for lang, want := range map[string]string{"en": "en_CA", "fr": "fr_CA", "pt-BR": "pt_BR", "ar": "ar_EG", "de": "de_DE"} {
		if got := c.OGLocale(lang); got != want {
			t.Errorf("OGLocale(%q) = %q, want %q", lang, got, want)
		}
	}
	c = &Config{Language: "en"}
	if got := c.OGLocale("en"); got != "en_US" {
		t.Errorf("OGLocale(en) without regions = %q, want en_US", got)
	}
	if got := LangPrefix("pt-BR"); got != "pt-br" {
		t.Errorf("LangPrefix(pt-BR) = %q", got)
	}
}

func TestRegionsNormalised(t *testing.T) {
	s, errs := loadWith(t, siteWithConfig("languages = [\"en\", \"fr\"]\n[regions]\nfr = \"ca\"\n"))
	if errs != nil {
		t.Fatal(strings.Join(errs, "\n"))
	}
	if got := s.Config.OGLocale("fr"); got != "fr_CA" {
		t.Errorf("OGLocale(fr) = %q, want fr_CA", got)
	}
}
