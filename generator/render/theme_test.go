package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/generator/content"
)

func TestThemeFS(t *testing.T) {
	embedded := fstest.MapFS{
		"base.html":          {Data: []byte("embedded base")},
		"home.html":          {Data: []byte("embedded home")},
		"static/a.css":       {Data: []byte("a")},
		"static/img/b.png":   {Data: []byte("b")},
		"partials/x.html":    {Data: []byte("x")},
		"partials/only.html": {Data: []byte("only embedded")},
	}
	site := fstest.MapFS{
		"themes/default/home.html":        {Data: []byte("site home")},
		"themes/default/static/c.txt":     {Data: []byte("c")},
		"themes/default/partials/x.html":  {Data: []byte("site x")},
		"themes/other/home.html":          {Data: []byte("other home")},
		"content/site.toml":               {Data: []byte("")},
		"themes/default/static/img/d.png": {Data: []byte("d")},
	}
	u, err := ThemeFS(embedded, site, "default")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"home.html": "site home", "base.html": "embedded base", "partials/x.html": "site x", "partials/only.html": "only embedded", "static/c.txt": "c"} {
		if got, err := fs.ReadFile(u, name); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	var files []string
	fs.WalkDir(u, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if got, want := strings.Join(files, " "), "static/a.css static/c.txt static/img/b.png static/img/d.png"; got != want {
		t.Errorf("static files %s, want %s", got, want)
	}
	if _, err := fs.ReadFile(u, "nope.html"); err == nil {
		t.Error("reading a missing file succeeded")
	}
	if err := fstest.TestFS(u, "home.html", "base.html", "static/c.txt", "static/img/b.png", "partials/only.html"); err != nil {
		t.Error(err)
	}
	if o, err := ThemeFS(embedded, site, "other"); err != nil {
		t.Error(err)
	} else if got, _ := fs.ReadFile(o, "home.html"); string(got) != "other home" {
		t.Errorf("theme other: home.html = %q", got)
	}
	if _, err := ThemeFS(embedded, site, "missing"); err == nil {
		t.Error("a theme the site does not have: no error")
	}
	if plain, err := ThemeFS(embedded, nil, "default"); err != nil || plain == nil {
		t.Errorf("no site: %v", err)
	}
}

func TestStatus(t *testing.T) {
	clock := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	b := &content.Badge{Validity: content.Duration{Years: 1}}
	tests := []struct {
		a    content.Award
		want string
	}{
		{content.Award{Issued: clock.AddDate(-2, 0, 0)}, "Valid"},
		{content.Award{Issued: clock.AddDate(-1, 0, 0)}, "Expired on 1 June 2026"},
		{content.Award{Issued: clock.AddDate(-1, 0, 1)}, "Valid"},
		{content.Award{Issued: clock.AddDate(-3, 0, 0), Expires: clock.AddDate(0, 0, 1)}, "Valid"},
		{content.Award{Issued: clock, Revoked: true, RevocationReason: "Error."}, "Revoked: Error."},
		{content.Award{Issued: clock}, "Valid"},
		{content.Award{Issued: clock.Add(time.Second)}, "Not yet valid: issued on 1 June 2026"},
		{content.Award{Issued: clock.AddDate(1, 0, 0), Expires: clock.AddDate(0, 0, 1)}, "Not yet valid: issued on 1 June 2027"},
		{content.Award{Issued: clock.AddDate(1, 0, 0), Revoked: true, RevocationReason: "Error."}, "Revoked: Error."},
	}
	for i, tt := range tests {
		bb := b
		if i == 0 {
			bb = &content.Badge{}
		}
		if got := englishPages(t).status(&tt.a, bb, clock).Text; got != tt.want {
			t.Errorf("%d: status %q, want %q", i, got, tt.want)
		}
	}
}

func TestValidFor(t *testing.T) {
	for d, want := range map[content.Duration]string{
		{}: "", {Years: 1}: "1 year", {Years: 2}: "2 years", {Months: 18}: "18 months",
		{Years: 1, Months: 6}: "1 year and 6 months", {Years: 1, Months: 1, Days: 3}: "1 year, 1 month and 3 days",
	} {
		if got := englishPages(t).validFor(d); got != want {
			t.Errorf("validFor(%+v) = %q, want %q", d, got, want)
		}
	}
}

// TestCached checks the cached template function: a partial is rendered
// once per badge class, escaped as it would be inline, and again after
// Forget.
func TestCached(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":           {Data: []byte(`{{block "main" .}}{{end}}`)},
		"partials/count.html": {Data: []byte(`<b>{{.Name}}: {{.Awarded}}</b>`)},
		"home.html":           {Data: []byte(`{{define "main"}}{{cached "partials/count.html" .Badge}}|{{cached "partials/count.html" .Badge}}{{end}}`)},
		"badge.html":          {Data: []byte(`{{define "main"}}{{end}}`)},
		"award.html":          {Data: []byte(`{{define "main"}}{{cached "base.html" .}}{{end}}`)},
		"earner.html":         {Data: []byte(`{{define "main"}}{{end}}`)},
		"404.html":            {Data: []byte(`{{define "main"}}{{end}}`)},
		"pathway.html":        {Data: []byte(`{{define "main"}}{{end}}`)},
		"wall.html":           {Data: []byte(`{{cached "partials/count.html" .Badge}}`)},
	}
	th, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	b := &Badge{Name: "<Git>", Awarded: 1}
	page := &Page{Kind: "home", Badge: b, Site: &Site{}}
	render := func(p *Page) string {
		t.Helper()
		out, err := th.Bytes(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if got, want := render(page), "<b>&lt;Git&gt;: 1</b>|<b>&lt;Git&gt;: 1</b>"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	b.Awarded = 2
	if got := render(page); !strings.Contains(got, ": 1</b>") {
		t.Errorf("a kept fragment was rendered again: %q", got)
	}
	if got := render(&Page{Kind: "wall", Badge: b}); got != "<b>&lt;Git&gt;: 1</b>" {
		t.Errorf("the wall does not share the fragment: %q", got)
	}
	th.Forget()
	if got := render(page); !strings.Contains(got, ": 2</b>") {
		t.Errorf("after Forget the fragment is stale: %q", got)
	}
	if _, err := th.Bytes(&Page{Kind: "award", Site: &Site{}}); err == nil || !strings.Contains(err.Error(), "only partials") {
		t.Errorf("cached a page template: %v", err)
	}
}

// TestCompiledDataError checks that a page whose data makes a compiled
// template fail gets html/template's error, at its position.
func TestCompiledDataError(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":       {Data: []byte(`{{block "main" .}}{{end}}`)},
		"partials/x.html": {},
		"home.html":       {Data: []byte(`{{define "main"}}{{if .Badge.Awarded}}{{.Badge.Image.Path}}{{end}}{{end}}`)},
		"wall.html":       {},
	}
	for _, kind := range []string{"badge", "award", "earner", "pathway", "404"} {
		fsys[kind+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	th, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.Bytes(&Page{Kind: "home", Badge: &Badge{}}); err != nil {
		t.Fatal(err)
	}
	if got := th.Programs(); len(got) != 1 || got[0] != "home" {
		t.Fatalf("programs %q", got)
	}
	_, err = th.Bytes(&Page{Kind: "home", Path: "/", Badge: &Badge{Awarded: 1}})
	if err == nil || !strings.Contains(err.Error(), "home.html:1:") || !strings.Contains(err.Error(), "nil pointer evaluating *render.Image.Path") {
		t.Errorf("error %v, want html/template's", err)
	}
}
