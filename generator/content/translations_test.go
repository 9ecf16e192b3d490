package content

import (
	"reflect"
	"strings"
	"testing"
)

const translatedSite = "languages = [\"en\", \"fr\", \"ar\"]\n"

func TestIn(t *testing.T) {
	files := siteWithConfig(translatedSite)
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
			{Text{"Dépôt", fr}, Text{"The code.", en}, Text{"", en}},
			{Text{"", en}, Text{"", en}, Text{"A parlé.", fr}},
		},
	})
	check("award in ar", s.Award("abc123de").In(ar).Narrative, Text{"Did it.", en})
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
