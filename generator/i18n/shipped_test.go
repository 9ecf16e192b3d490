package i18n

import (
	"testing"
	"time"

	"rosette/themes"
)

// TestShippedPlurals is the table of counts and dates in the catalogs
// the default theme ships: each language's plural forms, its digits,
// its long dates.
func TestShippedPlurals(t *testing.T) {
	day := time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang    string
		awarded map[int]string
		date    string
	}{
		{"en", map[int]string{0: "Awarded 0 times", 1: "Awarded once", 2: "Awarded 2 times", 21: "Awarded 21 times"}, "14 February 2025"},
		{"fr", map[int]string{0: "Décerné 0 fois", 1: "Décerné 1 fois", 2: "Décerné 2 fois", 1000000: "Décerné 1000000 de fois"}, "14 février 2025"},
		{"de", map[int]string{1: "Einmal verliehen", 2: "2-mal verliehen", 0: "0-mal verliehen"}, "14. Februar 2025"},
		{"es", map[int]string{1: "Otorgada una vez", 2: "Otorgada 2 veces", 1000000: "Otorgada 1000000 de veces"}, "14 de febrero de 2025"},
		{"pt-BR", map[int]string{0: "Concedido 0 vez", 1: "Concedido 1 vez", 2: "Concedido 2 vezes"}, "14 de fevereiro de 2025"},
		{"nl", map[int]string{1: "Eén keer toegekend", 2: "2 keer toegekend"}, "14 februari 2025"},
		{"ar", map[int]string{0: "لم تُمنح لأحد بعد", 1: "مُنحت مرة واحدة", 2: "مُنحت مرتين", 3: "مُنحت ٣ مرات", 10: "مُنحت ١٠ مرات", 11: "مُنحت ١١ مرة", 99: "مُنحت ٩٩ مرة", 100: "مُنحت ١٠٠ مرة", 103: "مُنحت ١٠٣ مرات"}, "١٤ فبراير ٢٠٢٥"},
	} {
		cat, err := Load(c.lang, themes.Default())
		if err != nil {
			t.Fatal(err)
		}
		for n, want := range c.awarded {
			if got, err := cat.N("badge_awarded", n); err != nil || got != want {
				t.Errorf("%s: badge_awarded %d = %q, %v; want %q", c.lang, n, got, err, want)
			}
		}
		if got := cat.Date(day); got != c.date {
			t.Errorf("%s: date %q, want %q", c.lang, got, c.date)
		}
	}
	en, err := Load("en", themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{1: "Ada holds 1 valid badge from S.", 2: "Ada holds 2 valid badges from S."} {
		if got, _ := en.N("earner_description", n, "Earner", "Ada", "Site", "S"); got != want {
			t.Errorf("en: earner_description %d = %q, want %q", n, got, want)
		}
	}
}
