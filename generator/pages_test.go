package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"rosette/generator/artwork"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/synth"
)

// goldenClock is the build clock of the golden pages: after two awards
// expired and before three others expire.
var goldenClock = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func renderExample(t *testing.T) map[string][]byte {
	t.Helper()
	opts := Options{Source: "..", Clock: goldenClock}
	s, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	pub := &memPublisher{}
	if err := Render(s, pub, opts); err != nil {
		t.Fatal(err)
	}
	return pub.files
}

func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	clip := func(b []byte) string { return string(b[max(0, i-60):min(len(b), i+60)]) }
	return "got:  …" + clip(got) + "…\nwant: …" + clip(want) + "…"
}

// TestPagesDeterministic renders the example twice: same bytes.
func TestPagesDeterministic(t *testing.T) {
	a, b := renderExample(t), renderExample(t)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

// TestPrivateEarnersAppearNowhere searches every output file for the
// names of earners who did not opt in — whole or in part, also in URLs
// such as an evidence link — and for every plaintext address.
func TestPrivateEarnersAppearNowhere(t *testing.T) {
	files := renderExample(t)
	needles := []string{"Chloe Nguyen", "Emma Schmidt", "chloe-nguyen", "emma-schmidt"}
	for _, email := range exampleEmails(t) {
		needles = append(needles, email)
	}
	// Each part of the names, as a word: "emma" in github.com/emma-x, not in "dilemma".
	words := regexp.MustCompile(`\b(chloe|nguyen|emma|schmidt)\b`)
	for p, data := range files {
		lower := bytes.ToLower(data)
		for _, n := range needles {
			if bytes.Contains(lower, bytes.ToLower([]byte(n))) {
				t.Errorf("%s contains %q", p, n)
			}
		}
		if m := words.Find(lower); m != nil {
			t.Errorf("%s contains %q, part of a private earner's name", p, m)
		}
	}
	for _, p := range []string{"earners/chloe-nguyen/index.html", "earners/emma-schmidt/index.html", "earners/chloe-nguyen/embed/index.html"} {
		if _, ok := files[p]; ok {
			t.Errorf("%s exists for an earner without a public profile", p)
		}
	}
	if _, ok := files["earners/ada-okafor/index.html"]; !ok {
		t.Error("no profile page for a public earner")
	}
}

// TestPagesStatus checks the status stated on award pages at the golden
// clock, in words (never by colour alone).
func TestPagesStatus(t *testing.T) {
	files := renderExample(t)
	for id, want := range map[string]string{
		"asvmzxej4hlafbt2": `<strong id="verdict-text">Valid</strong>`,
		"nlkpjo871jfunk6k": `<strong id="verdict-text">Valid</strong>`,
		"53pd9varw8tsjkin": `<strong id="verdict-text">Expired on 18 April 2025</strong>`,
		"2mrk3tioy2v4xeb3": `<strong id="verdict-text">Expired on`,
		"zsjqdfbcwxugd95s": `<strong id="verdict-text">Revoked: Awarded in error: the capstone project was submitted by another participant.</strong>`,
	} {
		page := string(files["assertions/"+id+"/index.html"])
		if !strings.Contains(page, want) {
			t.Errorf("award %s: page lacks %s", id, want)
		}
	}
	revoked := string(files["assertions/zsjqdfbcwxugd95s/index.html"])
	// The reason ends with a period: no sentence gets a second one.
	if strings.Contains(revoked, "participant..") || strings.Contains(revoked, "participant.</strong>.") ||
		!strings.Contains(revoked, "published: <strong>Revoked: Awarded in error: the capstone project was submitted by another participant.</strong></p>") {
		t.Errorf("revoked award page doubles or drops the period after the reason")
	}
	if valid := string(files["assertions/asvmzxej4hlafbt2/index.html"]); !strings.Contains(valid, "published: <strong>Valid</strong>.</p>") {
		t.Errorf("valid award page lacks the period after its status")
	}
	for _, banned := range []string{"linkedin.com", "Download baked", `id="mine"`} {
		if strings.Contains(revoked, banned) {
			t.Errorf("revoked award page offers %q", banned)
		}
	}
	valid := string(files["assertions/asvmzxej4hlafbt2/index.html"])
	for _, want := range []string{
		`href="/assertions/asvmzxej4hlafbt2.png" download`, `href="/assertions/asvmzxej4hlafbt2.svg" download`,
		`<link rel="alternate" type="application/ld+json" href="https://badges.riverbend.example.org/assertions/asvmzxej4hlafbt2.json">`,
		`<meta property="og:image" content="https://badges.riverbend.example.org/badges/python-data-analysis.png">`,
		`"@type":"EducationalOccupationalCredential"`, `<svg xmlns="http://www.w3.org/2000/svg" viewBox=`,
	} {
		if want == `href="/assertions/asvmzxej4hlafbt2.svg" download` {
			continue // the example badges have no SVG
		}
		if !strings.Contains(valid, want) {
			t.Errorf("valid award page lacks %s", want)
		}
	}
	for p, data := range files {
		if strings.HasSuffix(p, ".html") && bytes.Contains(data, []byte(`og:image" content="`)) && bytes.Contains(data, []byte(`.svg" `)) && bytes.Contains(data, []byte(`og:image" content="http`)) {
			for _, line := range strings.Split(string(data), "<meta") {
				if strings.Contains(line, `og:image" content=`) && strings.Contains(line, ".svg") {
					t.Errorf("%s: og:image is an SVG", p)
				}
			}
		}
	}
}

// writeSite writes a small site into a directory: files maps paths under
// the root to contents.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, data := range files {
		dst := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const hostileMarkdown = "Text <script>alert(1)</script> and <img src=x onerror=alert(2)> and " +
	"[a link](javascript:alert(3)) and [another](JaVaScRiPt:alert(4)) and <a href=\"javascript:alert(5)\">raw</a> " +
	"<iframe src=\"https://evil.example/\"></iframe> ![img](javascript:alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=)"

// smallSite is a one-badge, one-award site with hostile markdown in the
// badge description, criteria, narrative and evidence.
func smallSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	salt := "00112233445566778899aabbccddeeff"
	files := map[string]string{
		"content/site.toml":         "base_url = \"https://badges.example.org/\"\ntitle = \"Test <b>Badges</b>\"\n",
		"content/issuers/acme.toml": "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@acme.example.org\"\n",
		"content/badges/b.toml": "name = \"B <script>x</script>\"\ndescription = '''" + hostileMarkdown + "'''\n" +
			"criteria = '''" + hostileMarkdown + "'''\ntags = [\"<script>t</script>\"]\n",
		"content/badges/b.png":       string(artwork.Badge(128, artwork.Palette[0], artwork.Star)),
		"content/earners/pat.toml":   "name = \"Pat <img src=x onerror=alert(7)>\"\npublic = true\nbio = '''" + hostileMarkdown + "'''\n",
		"content/awards/a1b2c3.toml": "badge = \"b\"\nearner = \"pat\"\nissued = 2025-01-02T03:04:05Z\nnarrative = '''" + hostileMarkdown + "'''\n\n[recipient]\nidentity = \"" + ob.Hash("pat@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n\n[[evidence]]\nname = \"E <script>y</script>\"\nurl = \"https://evidence.example.org/\"\nnarrative = '''" + hostileMarkdown + "'''\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return writeSite(t, files)
}

// TestHostileMarkdown checks that markdown and text from contributors
// produce no executable HTML.
func TestHostileMarkdown(t *testing.T) {
	root := smallSite(t, nil)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: out, Clock: goldenClock}); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		pages++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", "<script>x", "<script>y", "<script>t", "<img src=x", "javascript:", "<iframe src=\"https://evil", "data:text/html", "<b>badges"} {
			if strings.Contains(lower, bad) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
		for _, tag := range strings.Split(lower, "<")[1:] {
			tag, _, _ = strings.Cut(tag, ">")
			for _, attr := range attrNames(tag) {
				if strings.HasPrefix(attr, "on") {
					t.Errorf("%s: event handler attribute %s in <%s>", path, attr, tag)
				}
			}
		}
		// Every <script> element is one of the theme's: the JSON-LD, the
		// check data, the Download all list, the script's messages, or a theme script.
		for _, s := range strings.Split(lower, "<script")[1:] {
			ok := false
			for _, theme := range []string{` type="application/ld+json">`, ` type="application/json" id="check-data">`, ` type="application/json" id="bundle-data">`, ` type="application/json" id="rosette-messages">`,
				` src="/assets/rosette.js" defer>`, ` src="/assets/search.js" defer>`, ` src="/assets/download.js" defer>`} {
				ok = ok || strings.HasPrefix(s, theme)
			}
			if !ok {
				t.Errorf("%s: unexpected script element <script%s", path, s[:min(len(s), 60)])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 5 {
		t.Fatalf("only %d pages built", pages)
	}
	award, _ := os.ReadFile(filepath.Join(out, "assertions", "a1b2c3", "index.html"))
	if !strings.Contains(string(award), "a link") || !strings.Contains(string(award), "&lt;script&gt;x&lt;/script&gt;") {
		t.Errorf("award page lost the safe text around the hostile markup")
	}
}

// TestThemeOverride puts one template and one static file in the site's
// theme directory: they replace the embedded ones, the rest stay.
func TestThemeOverride(t *testing.T) {
	root := smallSite(t, map[string]string{
		"content/site.toml":             "base_url = \"https://badges.example.org/sub/\"\ntitle = \"T\"\ntheme = \"mine\"\n",
		"themes/mine/404.html":          `{{define "main"}}<h1>Lost in {{.Site.Title}}</h1>{{end}}`,
		"themes/mine/static/extra.txt":  "hello\n",
		"themes/mine/partials/foo.html": `unused`,
	})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: out, Clock: goldenClock}); err != nil {
		t.Fatal(err)
	}
	notFound, _ := os.ReadFile(filepath.Join(out, "404.html"))
	if !strings.Contains(string(notFound), "<h1>Lost in T</h1>") || !strings.Contains(string(notFound), `href="/sub/assets/rosette.css"`) {
		t.Errorf("404.html does not use the site's template inside the default layout:\n%s", notFound)
	}
	if data, err := os.ReadFile(filepath.Join(out, "extra.txt")); err != nil || string(data) != "hello\n" {
		t.Errorf("static file of the site's theme: %q, %v", data, err)
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), `href="/sub/badges/b/"`) {
		t.Errorf("home page does not link the badge under the base path /sub/")
	}

	missing := smallSite(t, map[string]string{"content/site.toml": "base_url = \"https://badges.example.org/\"\ntitle = \"T\"\ntheme = \"nope\"\n"})
	if _, err := Build(Options{Source: missing, Destination: filepath.Join(t.TempDir(), "p"), Clock: goldenClock}); err == nil || !strings.Contains(err.Error(), `theme "nope"`) {
		t.Errorf("a missing theme: got error %v", err)
	}
	broken := smallSite(t, map[string]string{"themes/default/badge.html": `{{define "main"}}{{.Nope}}{{end}}`})
	if _, err := Build(Options{Source: broken, Destination: filepath.Join(t.TempDir(), "p"), Clock: goldenClock}); err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("a template using an unknown field: got error %v", err)
	}
}

// attrNames returns the attribute names of the inside of a start tag
// ("a href=x title='y z'"), skipping quoted and unquoted values.
func attrNames(tag string) []string {
	var names []string
	i := strings.IndexAny(tag, " \t\n/")
	if i < 0 {
		return nil
	}
	for i < len(tag) {
		for i < len(tag) && strings.ContainsRune(" \t\n/", rune(tag[i])) {
			i++
		}
		start := i
		for i < len(tag) && !strings.ContainsRune(" \t\n/=", rune(tag[i])) {
			i++
		}
		if i > start {
			names = append(names, tag[start:i])
		}
		if i < len(tag) && tag[i] == '=' {
			i++
			if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
				end := strings.IndexByte(tag[i+1:], tag[i])
				if end < 0 {
					return names
				}
				i += end + 2
			} else {
				for i < len(tag) && !strings.ContainsRune(" \t\n", rune(tag[i])) {
					i++
				}
			}
		}
	}
	return names
}

func TestAttrNames(t *testing.T) {
	got := strings.Join(attrNames(`img src=x onerror=alert(1) alt="a onload=b" title='c' hidden`), ",")
	if want := "src,onerror,alt,title,hidden"; got != want {
		t.Errorf("attrNames = %s, want %s", got, want)
	}
}

// TestCriteriaLinksToBadgePage: a badge class without criteria_url names
// its page for people as the criteria page, and that page exists.
func TestCriteriaLinksToBadgePage(t *testing.T) {
	files := renderExample(t)
	for id, want := range map[string]string{
		"git-foundations":     "https://badges.riverbend.example.org/badges/git-foundations/",
		"first-aid-certified": "https://riverbend.example.org/volunteer/first-aid",
	} {
		var bc ob.BadgeClass
		if err := json.Unmarshal(files[ob.BadgePath(id)], &bc); err != nil {
			t.Fatal(err)
		}
		if bc.Criteria.ID != want {
			t.Errorf("%s: criteria id %q, want %q", id, bc.Criteria.ID, want)
		}
		if strings.HasPrefix(want, "https://badges.") {
			if _, ok := files[strings.TrimPrefix(want, "https://badges.riverbend.example.org/")+"index.html"]; !ok {
				t.Errorf("%s: no page at the criteria URL", id)
			}
		}
	}
}

// sitePagesOf loads the site at root and renders its site-wide pages at
// the golden clock, into memory, so that award pages can be made.
func sitePagesOf(tb testing.TB, root string) (*content.Site, *renderer) {
	tb.Helper()
	opts := Options{Source: root, Clock: goldenClock}
	s, err := Load(opts)
	if err != nil {
		tb.Fatal(err)
	}
	r := newRenderer(s, &memPublisher{}, opts, hooks{})
	if err := r.sitePages(); err != nil {
		tb.Fatal(err)
	}
	return s, r
}

// BenchmarkAwardPage measures the per-award cost of the pages: the page
// data, its share panel and QR code, and the template.
func BenchmarkAwardPage(b *testing.B) {
	s, r := sitePagesOf(b, "..")
	a := s.Award("asvmzxej4hlafbt2")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.pages.Theme.Bytes(r.pages.Award(a)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSitemapAndFeed parses sitemap.xml and the issuer's feed: public
// pages only, newest award first, dates from the awards.
func TestSitemapAndFeed(t *testing.T) {
	files := renderExample(t)
	var sm struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	base := "https://badges.riverbend.example.org/"
	has := map[string]bool{}
	for _, u := range sm.URLs {
		has[u] = true
	}
	for _, u := range []string{base, base + "badges/git-foundations/", base + "earners/ada-okafor/", base + "assertions/asvmzxej4hlafbt2/"} {
		if !has[u] {
			t.Errorf("sitemap lacks %s", u)
		}
	}
	// Chloe's award, an award with no earner, and a revoked award.
	for _, u := range []string{base + "assertions/0do4ue11rb4pvp3b/", base + "assertions/f3ugnuowr9zloz1p/", base + "assertions/zsjqdfbcwxugd95s/"} {
		if has[u] {
			t.Errorf("sitemap lists %s", u)
		}
	}
	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feeds/riverbend.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) == 0 || feed.Updated != feed.Entries[0].Updated {
		t.Fatalf("feed updated %s, entries %+v", feed.Updated, feed.Entries)
	}
	for i, e := range feed.Entries {
		if i > 0 && e.Updated > feed.Entries[i-1].Updated {
			t.Errorf("feed entry %s is newer than the one before", e.ID)
		}
		if !strings.Contains(e.Title, " earned ") || e.ID == base+"assertions/0do4ue11rb4pvp3b/" {
			t.Errorf("feed entry %q %s", e.Title, e.ID)
		}
	}
}

// TestFeedKeepsNewest checks, on a site with more awards than a feed
// lists, that the feed holds exactly the newest public awards, in order.
func TestFeedKeepsNewest(t *testing.T) {
	root := t.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: 600, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s, r := sitePagesOf(t, root)
	var want []*content.Award
	for _, a := range s.Awards {
		if e := s.Earner(a.Earner); e != nil && e.Public && !a.Revoked {
			want = append(want, a)
		}
	}
	sort.Slice(want, func(i, j int) bool {
		if !want[i].Issued.Equal(want[j].Issued) {
			return want[i].Issued.After(want[j].Issued)
		}
		return want[i].ID < want[j].ID
	})
	if len(want) <= 50 {
		t.Fatalf("only %d public awards: the test needs more than a feed lists", len(want))
	}
	data, err := r.pages.Feed(s.Issuers[0])
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 50 {
		t.Fatalf("%d entries, want 50", len(feed.Entries))
	}
	for i, e := range feed.Entries {
		if w := r.graph.URL("assertions/" + want[i].ID + "/"); e.ID != w {
			t.Fatalf("entry %d is %s, want %s", i, e.ID, w)
		}
	}
}
