package generator

import (
	"strings"
	"testing"

	"rosette/generator/i18n"
	"rosette/themes"
)

// TestLanguagePages builds the example site in English, French and
// Arabic: every page in every language at its address, lang and dir,
// hreflang alternates and the switcher on the same page, og:locale,
// dates as each language writes them, the sitemap's alternates, feeds
// per language, credentials once, in the default language.
func TestLanguagePages(t *testing.T) {
	s, files := multilingual(t, []string{"en", "fr", "ar"}, map[string]string{"fr": pseudo(t, "fr"), "ar": pseudo(t, "ar")})
	base := s.Config.BaseURL
	cats := map[string]*i18n.Catalog{}
	for _, l := range []string{"en", "fr", "ar"} {
		c, err := i18n.Load(l, themes.Default())
		if err != nil {
			t.Fatal(err)
		}
		cats[l] = c
	}
	a := s.Awards[0]
	page := "assertions/" + a.ID + "/"
	for _, c := range []struct{ lang, prefix, dir, locale string }{
		{"en", "", "ltr", s.Config.OGLocale("en")}, {"fr", "fr/", "ltr", s.Config.OGLocale("fr")}, {"ar", "ar/", "rtl", "ar_EG"},
	} {
		html := string(files[c.prefix+page+"index.html"])
		if html == "" {
			t.Fatalf("no %s", c.prefix+page)
		}
		for _, want := range []string{
			`<html lang="` + c.lang + `" dir="` + c.dir + `">`,
			`<link rel="canonical" href="` + base + c.prefix + page + `">`,
			`<link rel="alternate" hreflang="x-default" href="` + base + page + `">`,
			`<link rel="alternate" hreflang="en" href="` + base + page + `">`,
			`<link rel="alternate" hreflang="fr" href="` + base + "fr/" + page + `">`,
			`<link rel="alternate" hreflang="ar" href="` + base + "ar/" + page + `">`,
			`<a href="/fr/` + page + `" lang="fr" dir="ltr" hreflang="fr"`,
			`<a href="/ar/` + page + `" lang="ar" dir="rtl" hreflang="ar"`,
			`<a href="/` + page + `" lang="en" dir="ltr" hreflang="en"`,
			`<meta property="og:locale" content="` + c.locale + `">`,
			`<time datetime="` + a.Issued.UTC().Format("2006-01-02") + `">` + cats[c.lang].Date(a.Issued) + `</time>`,
			`"issuedText":"` + cats[c.lang].Date(a.Issued) + `"`,
			`src="/assets/rosette.js"`, `href="/` + c.prefix + `badges/`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s%s lacks %s", c.prefix, page, want)
			}
		}
		if n := strings.Count(html, `property="og:locale:alternate"`); n != 2 {
			t.Errorf("%s%s: %d og:locale:alternate, want 2", c.prefix, page, n)
		}
		if n := strings.Count(html, `aria-current="page"`); n != 1 {
			t.Errorf("%s%s: %d current languages in the switcher", c.prefix, page, n)
		}
		wall := string(files[c.prefix+"earners/"+s.Earners[0].ID+"/embed/index.html"])
		if s.Earners[0].Public && !strings.Contains(wall, `<html lang="`+c.lang+`" dir="`+c.dir+`">`) {
			t.Errorf("%s wall: %.80s", c.lang, wall)
		}
		feed := string(files[c.prefix+"feeds/riverbend.xml"])
		if !strings.Contains(feed, `xml:lang="`+c.lang+`"`) || !strings.Contains(feed, `href="`+base+c.prefix+"feeds/riverbend.xml") {
			t.Errorf("%s feed: %.300s", c.lang, feed)
		}
		if c.lang != "en" {
			for path := range files {
				if strings.HasPrefix(path, c.prefix) && (strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, "/search.json") || strings.HasSuffix(path, ".png") || strings.HasSuffix(path, ".jwt")) {
					t.Errorf("%s: a credential or image per language", path)
				}
			}
		}
	}
	ar := string(files["ar/"+page+"index.html"])
	if !strings.Contains(ar, `lang="ar" dir="rtl" style=`) {
		t.Errorf("the Arabic embed snippet does not say its language")
	}
	for path := range files {
		if strings.HasSuffix(path, "index.html") && !strings.HasPrefix(path, "fr/") && !strings.HasPrefix(path, "ar/") {
			if files["fr/"+path] == nil || files["ar/"+path] == nil {
				t.Errorf("%s has no French or Arabic page", path)
			}
		}
	}
	sm := string(files["sitemap.xml"])
	if !strings.Contains(sm, `xmlns:xhtml="http://www.w3.org/1999/xhtml"`) ||
		!strings.Contains(sm, `<url><loc>`+base+"ar/badges/") ||
		!strings.Contains(sm, `<xhtml:link rel="alternate" hreflang="fr" href="`+base+`fr/"/>`) {
		t.Errorf("sitemap: %.600s", sm)
	}
	if n, m := strings.Count(sm, "<url>"), strings.Count(sm, "<xhtml:link"); m != 3*n || n%3 != 0 {
		t.Errorf("sitemap: %d urls, %d alternates", n, m)
	}
	cred := string(files["assertions/"+a.ID+".json"])
	if strings.Contains(cred, "fr/") {
		t.Errorf("the assertion names a French page: %s", cred)
	}
}
