package content

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const translatedSite = "languages = [\"en\", \"fr\", \"ar\"]\n"

func TestIn(t *testing.T) {
	files := siteWithConfig(translatedSite + "[translations.fr]\ntitle = \"Exemple\"\n")
	files["content/badges/git.toml"] = `name = "Git"
description = "Knows Git."
criteria = "Pass the quiz."

[translations.fr]
name = "Git (fr)"
description = "Connaît Git."
`
	files["content/issuers/acme.toml"] = `name = "Acme"
url = "https://acme.example.org/"
email = "badges@acme.example.org"
description = "A school."

[translations.ar]
description = "مدرسة."
`
	files["content/earners/ada.toml"] = "name = \"Ada\"\nbio = \"Hello.\"\n[translations.fr]\nbio = \"Bonjour.\"\n"
	files["content/awards/2025/abc123de.toml"] = "narrative = \"Did it.\"\n" + baseAward + `

[[evidence]]
url = "https://x.example/"
name = "Repo"
description = "The code."

[[evidence]]
narrative = "Talked."

[translations.fr]
narrative = "L'a fait."

[[translations.fr.evidence]]
name = "Dépôt"

[[translations.fr.evidence]]
narrative = "A parlé."
`
	files["content/badges/go.toml"] = "name = \"Go\"\ndescription = \"d\"\ncriteria = \"c\"\n\n[[requires]]\nall = [\"git\"]\n"
	files["content/badges/go.png"] = string(pngOf(100, 100))
	files["content/pathways/route.toml"] = "name = \"Route\"\ndescription = \"The way.\"\nsteps = [\"git\"]\ngoal = \"go\"\n[translations.fr]\nname = \"Parcours\"\n"
	s, errs := loadWith(t, files)
	if errs != nil {
		t.Fatal(strings.Join(errs, "\n"))
	}
	en, fr, ar := "en", "fr", "ar"
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
		}
	}
	check("badge in fr", s.Badge("git").In(fr), BadgeText{Text{"Git (fr)", fr}, Text{"Connaît Git.", fr}, Text{"Pass the quiz.", en}})
	check("badge in en", s.Badge("git").In(en), BadgeText{Text{"Git", en}, Text{"Knows Git.", en}, Text{"Pass the quiz.", en}})
	check("badge in ar", s.Badge("git").In(ar), BadgeText{Text{"Git", en}, Text{"Knows Git.", en}, Text{"Pass the quiz.", en}})
	check("issuer in ar", s.Issuer("acme").In(ar), IssuerText{Text{"Acme", en}, Text{"مدرسة.", ar}})
	check("earner in fr", s.Earner("ada").In(fr), EarnerText{Text{"Bonjour.", fr}})
	check("award in fr", s.Award("abc123de").In(fr), AwardText{
		Narrative: Text{"L'a fait.", fr},
		Evidence: []EvidenceText{
			{Text{"Dépôt", fr}, Text{"The code.", en}, Text{"", en}, Text{"", en}, Text{"", en}},
			{Text{"", en}, Text{"", en}, Text{"A parlé.", fr}, Text{"", en}, Text{"", en}},
		},
		RevocationReason: Text{"", en},
	})
	check("award in ar", s.Award("abc123de").In(ar).Narrative, Text{"Did it.", en})
	check("site in fr", s.Config.In(fr), SiteText{Text{"Exemple", fr}, Text{"", en}})
	check("pathway in fr", s.Pathways[0].In(fr), PathwayText{Text{"Parcours", fr}, Text{"The way.", en}})
	if got := (Text{"x", fr}).String(); got != "x" {
		t.Errorf("String() = %q", got)
	}
}

func TestTranslationUnknownKey(t *testing.T) {
	files := siteWithConfig(translatedSite)
	files["content/badges/git.toml"] = "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\n\n[translations.fr]\nnmae = \"Git\"\n"
	_, got := loadWith(t, files)
	want := []string{`content/badges/git.toml:6:1: unknown key "nmae" (did you mean "name"?)`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTranslationErrors(t *testing.T) {
	const badge = "name = \"Git\"\ndescription = \"d\"\ncriteria_url = \"https://x.example/\"\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"language not listed",
			map[string]string{"content/badges/git.toml": badge + "\n[translations.de]\nname = \"Git\"\n"},
			[]string{`content/badges/git.toml:5:1: [translations.de] is a translation into "de", which is not one of the site's languages ("en", "fr", "ar"): add it to languages in content/site.toml, or remove the table`}},
		{"language misspelt, in an award read by the scanner",
			map[string]string{"content/awards/2025/abc123de.toml": "narrative = \"n\"\n" + baseAward + "\n[translations.fr-CA]\nnarrative = \"x\"\n"},
			[]string{`content/awards/2025/abc123de.toml:10:1: [translations.fr-CA] is a translation into "fr-CA", which is not one of the site's languages ("en", "fr", "ar"): add it to languages in content/site.toml, or remove the table (did you mean "fr"?)`}},
		{"default language",
			map[string]string{"content/earners/ada.toml": "name = \"Ada\"\nbio = \"b\"\ntranslations.en.bio = \"x\"\n"},
			[]string{`content/earners/ada.toml:3:1: [translations.en] translates into the default language, "en", which is the record's own text: remove the table`}},
		{"empty",
			map[string]string{"content/badges/git.toml": badge + "\n[translations.fr]\nname = \"\"\n"},
			[]string{`content/badges/git.toml:6:8: name must not be empty: leave the key out, and the text in the default language shows`}},
		{"nothing to translate",
			map[string]string{"content/badges/git.toml": badge + "\n[translations.fr]\ncriteria = \"c\"\n"},
			[]string{`content/badges/git.toml:6:1: [translations.fr] translates criteria, which the record does not have in its own text: write it above [translations.fr] first`}},
		{"unknown key, in an award read by the scanner",
			map[string]string{"content/awards/2025/abc123de.toml": baseAward + "\n[translations.fr]\nnarative = \"x\"\n"},
			[]string{`content/awards/2025/abc123de.toml:10:1: unknown key "narative" (did you mean "narrative"?)`}},
		{"more evidence than the award",
			map[string]string{"content/awards/2025/abc123de.toml": baseAward + "\n[[evidence]]\nnarrative = \"n\"\n\n[[translations.fr.evidence]]\nnarrative = \"a\"\n\n[[translations.fr.evidence]]\nnarrative = \"b\"\n"},
			[]string{`content/awards/2025/abc123de.toml:15:1: [translations.fr] has 2 evidence entries, the award 1: translate the award's evidence in the same order, one entry each`}},
		{"markdown limits",
			map[string]string{"content/earners/ada.toml": "name = \"Ada\"\nbio = \"b\"\n[translations.fr]\nbio = \"" + strings.Repeat("[", 1001) + "\"\n"},
			[]string{`content/earners/ada.toml:4:1008: bio: more than 1000 "[" in one markdown text: each may start a link`}},
		{"control character",
			map[string]string{"content/issuers/acme.toml": "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"badges@acme.example.org\"\n[translations.ar]\nname = \"a\\u0007\"\n"},
			[]string{`content/issuers/acme.toml:5:8: translations.ar.name holds the control character U+0007 (at byte 1); remove it`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := siteWithConfig(translatedSite)
			for f, data := range tt.files {
				files[f] = data
			}
			_, got := loadWith(t, files)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestMissingTranslations(t *testing.T) {
	files := siteWithConfig(translatedSite)
	files["content/badges/git.toml"] = "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\n\n[translations.fr]\nname = \"Git\"\ndescription = \"d fr\"\ncriteria = \"c fr\"\n"
	files["content/earners/ada.toml"] = "name = \"Ada\"\nbio = \"b\"\n[translations.ar]\nbio = \"ب\"\n"
	files["content/awards/2025/abc123de.toml"] = baseAward + "\n[[evidence]]\nurl = \"https://x.example/\"\nname = \"Repo\"\n"
	fsys := baseSite()
	for f, data := range files {
		fsys[f] = &fstest.MapFile{Data: []byte(data)}
	}
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range MissingTranslations(fsys, s) {
		got = append(got, m.Pos.String()+": "+m.Lang+": "+m.Message("en"))
	}
	want := []string{
		"content/awards/2025/abc123de.toml:11:1: fr: no translation into fr of evidence.0.name: the text in en shows",
		"content/awards/2025/abc123de.toml:11:1: ar: no translation into ar of evidence.0.name: the text in en shows",
		"content/badges/git.toml:1:1: ar: no translation into ar of name, description, criteria: the text in en shows",
		"content/earners/ada.toml:2:1: fr: no translation into fr of bio: the text in en shows",
		"content/site.toml:2:1: fr: no translation into fr of title: the text in en shows",
		"content/site.toml:2:1: ar: no translation into ar of title: the text in en shows",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("missing:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s.Config.Languages = []string{"en"}
	if m := MissingTranslations(fsys, s); m != nil {
		t.Errorf("a site in one language misses %d translations", len(m))
	}
}

// TestUpdateTranslations checks that rosette serve's incremental reloads
// give awards and badge classes their language and check their
// translations as Load does.
func TestUpdateTranslations(t *testing.T) {
	fsys := baseSite()
	fsys["content/site.toml"] = &fstest.MapFile{Data: []byte(siteWithConfig(translatedSite)["content/site.toml"])}
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := s.ReloadBadges(fsys, Options{}); err != nil || len(changed) != 0 {
		t.Errorf("ReloadBadges of unchanged badge classes: %v, %d changed", err, len(changed))
	}
	const file = "content/awards/2025/abc123de.toml"
	fsys[file] = &fstest.MapFile{Data: []byte("narrative = \"n\"\n" + baseAward + "\n[translations.fr]\nnarrative = \"n fr\"\n")}
	if _, added, err := s.UpdateAwards(fsys, []string{file}); err != nil || len(added) != 1 {
		t.Fatalf("UpdateAwards: %v", err)
	} else if got := added[0].In("fr").Narrative; got != (Text{"n fr", "fr"}) || added[0].Lang != "en" {
		t.Errorf("updated award in fr: %+v, Lang %q", got, added[0].Lang)
	}
	fsys[file] = &fstest.MapFile{Data: []byte("narrative = \"n\"\n" + baseAward + "\n[translations.de]\nnarrative = \"n de\"\n")}
	if _, _, err := s.UpdateAwards(fsys, []string{file}); err == nil || !strings.Contains(err.Error(), `abc123de.toml:10:1: [translations.de] is a translation into "de", which is not one of the site's languages`) {
		t.Errorf("UpdateAwards with a translation into de: %v", err)
	}
	fsys["content/badges/git.toml"] = &fstest.MapFile{Data: []byte("name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\n[translations.ar]\nname = \"جيت\"\n")}
	changed, err := s.ReloadBadges(fsys, Options{})
	if err != nil || len(changed) != 1 || changed[0].Lang != "en" || changed[0].In("ar").Name != (Text{"جيت", "ar"}) {
		t.Errorf("ReloadBadges: %v, %+v", err, changed)
	}
	fsys["content/badges/git.toml"] = &fstest.MapFile{Data: []byte("name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\n[translations.en]\nname = \"Git\"\n")}
	if _, err := s.ReloadBadges(fsys, Options{}); err == nil || !strings.Contains(err.Error(), "translates into the default language") {
		t.Errorf("ReloadBadges with a translation into en: %v", err)
	}
}
