package edit

import (
	"strings"
	"testing"
	"testing/fstest"

	"rosette/generator/content"
)

// TestSiteFilesInEveryLanguage checks that a new site in each language
// rosette has starter text in loads clean, in that language, with text
// of its own for every field, and that other tags fall back to English.
func TestSiteFilesInEveryLanguage(t *testing.T) {
	langs := StarterLanguages()
	if len(langs) != 7 {
		t.Errorf("starter languages %q, want the seven shipped catalogs", langs)
	}
	en := starters["en"]
	for _, lang := range append(langs, "fr-CA", "it") {
		fsys := fstest.MapFS{}
		for _, f := range SiteFiles(SiteOptions{Language: lang}) {
			fsys[f.Path] = &fstest.MapFile{Data: f.Data}
		}
		s, err := content.Load(fsys, content.Options{})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		st := starterIn(lang)
		b := s.Badge("first-badge")
		switch {
		case s.Config.Language != lang:
			t.Errorf("%s: site language %q", lang, s.Config.Language)
		case s.Config.Title != strings.Replace(st.title, "%s", st.issuerName, 1):
			t.Errorf("%s: title %q", lang, s.Config.Title)
		case b.Name != st.badgeName || b.Description != st.badgeDescription || strings.TrimSpace(b.Criteria) != st.badgeCriteria:
			t.Errorf("%s: badge %q, %q, %q", lang, b.Name, b.Description, b.Criteria)
		case s.Issuers[0].Name != st.issuerName:
			t.Errorf("%s: issuer %q", lang, s.Issuers[0].Name)
		}
		if lang == "en" || lang == "it" {
			continue
		}
		if HasStarter(lang) != true {
			t.Errorf("HasStarter(%q) = false", lang)
		}
		for field, pair := range map[string][2]string{
			"title": {st.title, en.title}, "description": {st.description, en.description},
			"issuer name": {st.issuerName, en.issuerName}, "issuer description": {st.issuerDescription, en.issuerDescription},
			"badge name": {st.badgeName, en.badgeName}, "badge description": {st.badgeDescription, en.badgeDescription},
			"criteria": {st.badgeCriteria, en.badgeCriteria},
		} {
			if pair[0] == pair[1] || pair[0] == "" {
				t.Errorf("%s: the %s is not translated: %q", lang, field, pair[0])
			}
		}
	}
	if HasStarter("it") || starterIn("it").badgeName != en.badgeName {
		t.Error("a language without starter text does not fall back to English")
	}
}
