package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"rosette/generator/i18n"
	"rosette/generator/internal/sitetest"
	"rosette/themes"
)

// TestLanguagesInBrowser serves the example site in English, French and
// Arabic to headless Chromium: each language's pages without horizontal
// scrolling and without axe-core violations, the Arabic ones right to
// left and mirrored; every hreflang alternate answers; the switcher
// keeps you on the same award; the page script checks the award in the
// page's language. Set ROSETTE_SCREENSHOTS to keep the screenshots.
func TestLanguagesInBrowser(t *testing.T) {
	browserTools(t) // skips without them
	root := sitetest.Copy(t)
	conf := filepath.Join(root, "content", "site.toml")
	data, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`(?m)^languages = .*$`).ReplaceAll(data, []byte(`languages = ["en", "fr", "ar"]`))
	sitetest.WriteFile(t, conf, string(data))
	if _, err := os.Stat(filepath.Join("..", "themes", "default", "i18n", "ar.toml")); err != nil {
		sitetest.WriteFile(t, filepath.Join(root, "i18n", "ar.toml"), pseudo(t, "ar")) // until the theme ships Arabic
	}
	ar, err := i18n.Load("ar", themes.Default(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := serveSource(t, root)
	const award = "assertions/asvmzxej4hlafbt2/"
	shots := os.Getenv("ROSETTE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	plan := map[string]any{
		"pages": []map[string]string{
			{"name": "ar-award", "path": "/ar/" + award},
			{"name": "ar-home", "path": "/ar/"},
			{"name": "ar-badge", "path": "/ar/badges/web-accessibility/"},
			{"name": "ar-earner", "path": "/ar/earners/ada-okafor/"},
			{"name": "ar-wall", "path": "/ar/earners/ada-okafor/embed/"},
			{"name": "fr-award", "path": "/fr/" + award},
		},
		"switch": map[string]any{"path": "/" + award, "to": []string{"fr", "ar", "en"}},
		"check":  "/ar/" + award,
	}
	var rep struct {
		Pages map[string]struct {
			Status                int
			Errors, Outside, Axe  []string
			Lang, Dir             string
			Overflow              int
			IconRight, ImageRight *bool
			Alternates, Switcher  []string
		}
		Alternates map[string]int
		Switched   []string
		Check      struct {
			Verdict, Summary, Mine string
			Steps, Errors          []string
		}
	}
	runBrowser(t, "languages.mjs", base, plan, shots, &rep)
	if len(rep.Pages) != 12 {
		t.Errorf("%d pages loaded, want 12", len(rep.Pages))
	}
	for name, p := range rep.Pages {
		lang, dir := "ar", "rtl"
		if strings.HasPrefix(name, "fr-") {
			lang, dir = "fr", "ltr"
		}
		if p.Status != 200 || len(p.Errors) > 0 || len(p.Outside) > 0 {
			t.Errorf("%s: HTTP %d, console errors %q, requests leaving the site %q", name, p.Status, p.Errors, p.Outside)
		}
		if p.Lang != lang || p.Dir != dir {
			t.Errorf("%s: lang %q dir %q, want %s %s", name, p.Lang, p.Dir, lang, dir)
		}
		if p.Overflow > 0 {
			t.Errorf("%s: page is %d px wider than the window", name, p.Overflow)
		}
		if len(p.Axe) > 0 {
			t.Errorf("%s: axe-core violations:\n%s", name, strings.Join(p.Axe, "\n"))
		}
		if p.IconRight != nil && *p.IconRight != (dir == "rtl") {
			t.Errorf("%s: the status icon is not on the %s side", name, map[bool]string{true: "right", false: "left"}[dir == "rtl"])
		}
		if p.ImageRight != nil && *p.ImageRight != (dir == "rtl") {
			t.Errorf("%s: the badge image is not on the start side", name)
		}
		if name != "ar-wall@1280" && name != "ar-wall@390" && len(p.Switcher) != 3 {
			t.Errorf("%s: switcher %q", name, p.Switcher)
		}
	}
	if p := rep.Pages["ar-award@1280"]; !slices.Contains(p.Switcher, "ar /ar/"+award+" current") || !slices.Contains(p.Switcher, "en /"+award) {
		t.Errorf("Arabic award page: switcher %q", p.Switcher)
	}
	if len(rep.Alternates) != 3 { // x-default is the English page
		t.Errorf("alternates %v, want three languages", rep.Alternates)
	}
	for href, status := range rep.Alternates {
		if status != 200 {
			t.Errorf("hreflang alternate %s: HTTP %d", href, status)
		}
	}
	if want := []string{"fr /fr/" + award + " fr", "ar /ar/" + award + " ar", "en /" + award + " en"}; !slices.Equal(rep.Switched, want) {
		t.Errorf("switcher went to %q, want %q", rep.Switched, want)
	}
	msg := func(id string, args ...any) string {
		s, err := ar.T(id, args...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	c := rep.Check
	if c.Verdict != msg("status_valid") || !strings.HasPrefix(c.Summary, msg("script_checked_summary", "Status", msg("status_valid"))) {
		t.Errorf("Arabic check: verdict %q, summary %q", c.Verdict, c.Summary)
	}
	if len(c.Steps) == 0 || c.Steps[0] != msg("script_award_at_address") || c.Mine != msg("script_mine_no_match", "Email", "nobody@example.org") || len(c.Errors) > 0 {
		t.Errorf("Arabic check: steps %q, email box %q, errors %q", c.Steps, c.Mine, c.Errors)
	}
	t.Logf("screenshots in %s", shots)
}
