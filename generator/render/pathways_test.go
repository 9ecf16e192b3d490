package render

import (
	"testing"
	"testing/fstest"
	"time"

	"strings"

	"rosette/generator/artwork"
	"rosette/generator/bake"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/themes"
)

// pathwaySite has badge classes a, b and c; c requires all of a and b,
// and the pathway p leads through a and b to c. Pat holds a, Sam held
// a and b but b is revoked, Kim holds all three.
func pathwaySite(t *testing.T) (*Pages, *content.Site) {
	t.Helper()
	award := func(badge, earner, extra string) []byte {
		salt := "00112233445566778899aabbccddeeff"
		return []byte("badge = \"" + badge + "\"\nearner = \"" + earner + "\"\nissued = 2025-03-14T09:00:00Z\n" + extra + "\n[recipient]\nidentity = \"" +
			ob.Hash(earner+"@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n")
	}
	fsys := fstest.MapFS{
		"content/site.toml":         {Data: []byte("base_url = \"https://badges.example.org/\"\ntitle = \"T\"\n")},
		"content/issuers/acme.toml": {Data: []byte("name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@example.org\"\n")},
		"content/pathways/p.toml":   {Data: []byte("name = \"Route\"\ndescription = \"Two *then* one.\"\nsteps = [\"a\", \"b\"]\ngoal = \"c\"\n")},
		"content/earners/pat.toml":  {Data: []byte("name = \"Pat\"\npublic = true\n")},
		"content/earners/sam.toml":  {Data: []byte("name = \"Sam\"\npublic = true\n")},
		"content/earners/kim.toml":  {Data: []byte("name = \"Kim\"\npublic = true\n")},
		"content/awards/pat1.toml":  {Data: award("a", "pat", "")},
		"content/awards/sam1.toml":  {Data: award("a", "sam", "")},
		"content/awards/sam2.toml":  {Data: award("b", "sam", "revoked = true\nrevocation_reason = \"error\"")},
		"content/awards/kim1.toml":  {Data: award("a", "kim", "")},
		"content/awards/kim2.toml":  {Data: award("b", "kim", "")},
		"content/awards/kim3.toml":  {Data: award("c", "kim", "")},
	}
	for id, extra := range map[string]string{"a": "", "b": "", "c": "[[requires]]\nall = [\"a\", \"b\"]\n"} {
		fsys["content/badges/"+id+".toml"] = &fstest.MapFile{Data: []byte("name = \"Badge " + id + "\"\ndescription = \"d\"\ncriteria = \"c\"\n" + extra)}
		fsys["content/badges/"+id+".png"] = &fstest.MapFile{Data: artwork.Badge(128, artwork.Palette[0], artwork.Star)}
	}
	return pagesOf(t, fsys)
}

// pagesOf loads the site in fsys and makes its page data with the
// default theme, at 1 January 2026.
func pagesOf(t *testing.T, fsys fstest.MapFS) (*Pages, *content.Site) {
	t.Helper()
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	th, err := Open(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	return New(th, s, ob.New(s), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), s
}

func TestPathwayData(t *testing.T) {
	p, s := pathwaySite(t)
	c := p.Badge(s.Badge("c")).Badge
	if len(c.Requires) != 1 || !c.Requires[0].All || c.Requires[0].Need != 2 || len(c.Requires[0].Badges) != 2 || c.Requires[0].Badges[1].ID != "b" {
		t.Errorf("c requires = %+v", c.Requires)
	}
	a := p.Badge(s.Badge("a")).Badge
	if len(a.LeadsTo) != 1 || a.LeadsTo[0].ID != "c" || len(a.Pathways) != 1 || a.Pathways[0].ID != "p" {
		t.Errorf("a leads to %v, pathways %v", a.LeadsTo, a.Pathways)
	}
	pg := p.Pathway(s.Pathways[0])
	if pg.Pathway.Goal.ID != "c" || len(pg.Pathway.Steps) != 2 || pg.Pathway.JSON != "https://badges.example.org/pathways/p.json" || pg.Path != "/pathways/p/" {
		t.Errorf("pathway page = %+v %+v", pg, pg.Pathway)
	}
	for _, tc := range []struct {
		earner string
		done   int
		next   string
		goal   bool
	}{
		{earner: "pat", done: 1, next: "b"},
		{earner: "sam", done: 1, next: "b"}, // the revoked b does not count
		{earner: "kim", done: 2, goal: true},
	} {
		pr := p.Earner(s.Earner(tc.earner)).Progress
		if len(pr) != 1 {
			t.Errorf("%s: progress = %+v", tc.earner, pr)
			continue
		}
		next := ""
		if pr[0].Next != nil {
			next = pr[0].Next.ID
		}
		if pr[0].Done != tc.done || pr[0].Total != 2 || next != tc.next || pr[0].Goal != tc.goal {
			t.Errorf("%s: progress = %+v (next %q)", tc.earner, pr[0], next)
		}
	}
}

func TestBadgeGraph(t *testing.T) {
	p, s := pathwaySite(t)
	for _, id := range []string{"a", "c"} {
		v := p.Badge(s.Badge(id)).Badge
		svg := string(v.Graph)
		if svg == "" {
			t.Fatalf("%s: no graph", id)
		}
		if ps := bake.CheckSVG([]byte(svg)); len(ps) > 0 {
			t.Errorf("%s: the graph fails the SVG allowlist: %+v", id, ps)
		}
		for _, bad := range []string{"<script", "<a ", "onload"} {
			if strings.Contains(svg, bad) {
				t.Errorf("%s: the graph holds %q", id, bad)
			}
		}
	}
	c := string(p.Badge(s.Badge("c")).Badge.Graph)
	for _, want := range []string{`aria-label="Badge c builds on all of Badge a, Badge b."`, `>all of:</text>`, `>Badge a</text>`, `font-weight="bold"`} {
		if !strings.Contains(c, want) {
			t.Errorf("c's graph lacks %q:\n%s", want, c)
		}
	}
	if a := string(p.Badge(s.Badge("a")).Badge.Graph); !strings.Contains(a, "leads to Badge c") {
		t.Errorf("a's graph: %s", a)
	}
	if b := p.Badge(s.Badge("b")).Badge; b.Graph == "" {
		t.Error("b leads to c but has no graph")
	}
}

func TestPathwayPages(t *testing.T) {
	p, s := pathwaySite(t)
	page := func(pg *Page) string {
		var out []byte
		if err := p.Theme.Render(pg, func(data []byte) error { out = append([]byte(nil), data...); return nil }); err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	pw := page(p.Pathway(s.Pathways[0]))
	for _, want := range []string{"<h1>Route</h1>", "<em>then</em>", `href="/badges/a/"`, "Badge b", `href="https://badges.example.org/pathways/p.json"`} {
		if !strings.Contains(pw, want) {
			t.Errorf("pathway page lacks %q", want)
		}
	}
	pat := page(p.Earner(s.Earner("pat")))
	if !strings.Contains(pat, `1 of 2 — next: <a href="/badges/b/">Badge b</a>`) {
		t.Errorf("pat's profile shows no progress:\n%s", pat)
	}
	kim := page(p.Earner(s.Earner("kim")))
	if !strings.Contains(kim, "completed") {
		t.Error("kim's profile does not say the pathway is completed")
	}
	badge := page(p.Badge(s.Badge("c")))
	if !strings.Contains(badge, "<svg") || !strings.Contains(badge, "Builds on and leads to") {
		t.Error("c's page has no graph")
	}
}
