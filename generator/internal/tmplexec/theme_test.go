package tmplexec_test

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"time"

	"rosette/generator/render"
	"rosette/themes"
)

// The tests in this file run the default theme on every kind of page,
// with hostile data in every string field, through the compiled programs
// and through html/template alone, and require the same bytes: a
// program never falls back to html/template once compiled, so any
// difference is a fault of the program.

// hostile are the strings the page data is filled with: quotes, markup,
// dangerous URLs, line separators, NUL, invalid UTF-8, a long string.
var hostile = []string{
	"", "valid", "expired", "revoked",
	`Tom & "Jerry" <3 'quotes' + ` + "`backticks`",
	"<script>alert(1)</script>", "</script><script>alert(1)</script>", "</textarea><b>x</b>", "</title><i>",
	"javascript:alert(1)", " JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
	`" onmouseover="alert(1)`, `' onload='alert(1)`, "x\" ><img src=x onerror=alert(1)>",
	"<!-- comment -->", "]]><![CDATA[", "{{.Site.Title}}", "${alert(1)}",
	"line\u2028separator\u2029paragraph", "nul\x00byte", "\xff\xfe invalid \xc0 UTF-8", "\ufeffbom \ufffd \ufdd0",
	"é € 𝄞 עברית العربية", "\t\r\n\f\v controls \x1b[31m", "%41%zz %%", "?a=b&c=d#frag",
	"https://example.org/a b?c=\"d\"&e=<f>", "HTTPS://EXAMPLE.ORG/", "mailto:a@example.org?subject=<x>", "//evil.example/", "/relative/../path",
	strings.Repeat("long <&>\"' ", 3000),
}

// hostileMarkdown is what the HTML fields are rendered from, as the
// renderer makes them: markdown with every construct a contributor may
// try.
var hostileMarkdown = []string{
	"",
	"# Heading <script>alert(1)</script>\n\n*emphasis* **strong** `code <x>`",
	"[click](javascript:alert(1)) [v](vbscript:x) [d](data:text/html,x) ![img](javascript:alert(2) \"t\")",
	"<div onclick=\"alert(1)\">raw html</div>\n\n<script>alert(1)</script>\n\n<iframe src=x></iframe>",
	"<a href=\"javascript:alert(1)\">a</a> <img src=x onerror=alert(1)> <!-- c -->",
	"```html\n<script>code</script>\n```\n\n    indented <b>",
	"* item\n* [link](https://example.org/\"onmouseover=\"x)\n1. one\n> quote <q>",
	"&amp; &lt; &#0; &#x0; &nonsense; \u2028 \x00 \xff",
	strings.Repeat("[", 300) + strings.Repeat("*a", 300),
	"<https://example.org/?a=\"b\"> <javascript:alert(1)> <mailto:x@example.org> www.example.org",
	"| a | b |\n|---|---|\n| <x> | [y](javascript:z) |",
	"[ref]\n\n[ref]: javascript:alert(1) \"title\"",
	strings.Repeat("long paragraph <&> ", 2000),
}

// filler gives the values the page data is filled with, round by round.
type filler struct {
	theme   *render.Theme
	strs    []string
	mds     []string
	ints    []int
	times   []time.Time
	i, j, k int
}

func (f *filler) str() string { f.i++; return f.strs[f.i%len(f.strs)] }
func (f *filler) md() string  { f.j++; return f.mds[f.j%len(f.mds)] }
func (f *filler) num() int    { f.k++; return f.ints[f.k%len(f.ints)] }
func (f *filler) when() time.Time {
	f.k++
	return f.times[f.k%len(f.times)]
}

var (
	htmlType = reflect.TypeFor[template.HTML]()
	timeType = reflect.TypeFor[time.Time]()
)

// fill sets every exported string, HTML, JS, number and time field
// reachable from v, once per pointer: strings from f.str, HTML from
// markdown rendered by the theme, as the renderer makes it. The
// unexported fields, from which the renderer makes the QR codes and the
// check data, stay empty: render's tests compare those.
func (f *filler) fill(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		f.fill(v.Elem(), seen)
	case reflect.Slice:
		for i := range v.Len() {
			f.fill(v.Index(i), seen)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(f.when()))
			return
		}
		for i := range v.NumField() {
			if sf := v.Type().Field(i); sf.Name == "Kind" || !sf.IsExported() {
				continue // which template renders the page; what the renderer sets
			}
			f.fill(v.Field(i), seen)
		}
	case reflect.String:
		if v.Type() == htmlType {
			v.SetString(string(f.theme.Markdown(f.md())))
		} else {
			v.SetString(f.str())
		}
	case reflect.Int:
		v.SetInt(int64(f.num()))
	case reflect.Bool:
		v.SetBool(f.num()%2 == 0)
	}
}

// hostilePages makes every kind of page of a site whose every field f
// fills: a home page, two badge pages, award pages (public, private,
// revoked), a profile and its wall, and the 404 page.
func hostilePages(f *filler) []*render.Page {
	logo := &render.Image{Format: "png"}
	issuers := []*render.Issuer{{Logo: logo}, {}}
	badges := []*render.Badge{
		{Issuer: issuers[0], Image: &render.Image{}, PNG: &render.Image{}, Tags: []string{"", ""},
			Alignments: []render.Alignment{{}, {}}},
		{Issuer: issuers[1], Image: &render.Image{}},
	}
	issuers[0].Badges, issuers[1].Badges = badges[:1], badges[1:]
	earner := &render.Earner{Links: []render.Link{{}, {}}}
	badges[0].Holders = []*render.Earner{earner}
	awards := []*render.Award{
		{Badge: badges[0], Issuer: issuers[0], Earner: earner, Status: render.Status{Code: "valid"},
			Evidence:  []render.Evidence{{}, {URL: "x"}},
			Downloads: []render.Download{{}, {}}},
		{Badge: badges[1], Issuer: issuers[1], Status: render.Status{Code: "expired"}, Private: true},
		{Badge: badges[0], Issuer: issuers[0], Earner: earner, Status: render.Status{Code: "revoked"}},
	}
	earner.Awards = awards
	site := &render.Site{Issuers: issuers, Badges: badges, Earners: []*render.Earner{earner}}
	share := func() *render.Share { return &render.Share{} }
	pages := []*render.Page{
		{Kind: "home", Site: site, Image: logo},
		{Kind: "badge", Site: site, Badge: badges[0], Image: badges[0].PNG},
		{Kind: "badge", Site: site, Badge: badges[1]},
		{Kind: "award", Site: site, Award: awards[0], Share: share(), Image: &render.Image{}},
		{Kind: "award", Site: site, Award: awards[1], Share: share()},
		{Kind: "award", Site: site, Award: awards[2]},
		{Kind: "earner", Site: site, Earner: earner, Share: share()},
		{Kind: "404", Site: site},
	}
	seen := map[uintptr]bool{}
	for _, p := range pages {
		f.fill(reflect.ValueOf(p), seen)
	}
	return append(pages, render.WallOf(pages[6]))
}

// pair is the default theme opened twice: once executed by html/template
// alone, once by the compiled programs.
type pair struct{ exact, fast *render.Theme }

func openPair(t testing.TB) pair {
	t.Helper()
	var p pair
	for _, th := range []**render.Theme{&p.exact, &p.fast} {
		var err error
		if *th, err = render.Open(themes.Default()); err != nil {
			t.Fatal(err)
		}
	}
	p.exact.Exact = true
	return p
}

// compare renders the pages with both themes and requires the same
// bytes, or an error from both.
func (p pair) compare(t testing.TB, pages []*render.Page) {
	t.Helper()
	for _, pg := range pages {
		want, wantErr := p.exact.Bytes(pg)
		got, err := p.fast.Bytes(pg)
		switch {
		case (err == nil) != (wantErr == nil):
			t.Fatalf("%s page: compiled error %v, html/template error %v", pg.Kind, err, wantErr)
		case !bytes.Equal(got, want):
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("%s page differs at byte %d:\n got %.200q\nwant %.200q", pg.Kind, i, got[max(0, i-40):], want[max(0, i-40):])
		}
	}
}

// warm renders every kind of page once with benign data, after which
// every template of the theme must have a compiled program.
func (p pair) warm(t testing.TB) {
	t.Helper()
	f := &filler{theme: p.fast, strs: []string{"a"}, mds: []string{"b"}, ints: []int{1}, times: []time.Time{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	p.compare(t, hostilePages(f))
	want := "404 award badge earner home partials/badge-details.html partials/earner-list.html partials/site-footer.html partials/site-head.html partials/site-header.html wall"
	if got := strings.Join(p.fast.Programs(), " "); got != want {
		t.Fatalf("compiled programs %q, want %q", got, want)
	}
}

var (
	hostileInts  = []int{0, 1, 2, -1, 1 << 62, -1 << 63}
	hostileTimes = []time.Time{
		{}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.FixedZone("x", -11*3600)),
	}
)

// TestDefaultThemeHostileData renders every kind of page once per
// hostile string, each field getting a different one in each round, so
// that every field meets every string.
func TestDefaultThemeHostileData(t *testing.T) {
	p := openPair(t)
	p.warm(t)
	for round := range hostile {
		f := &filler{theme: p.fast, strs: hostile, mds: hostileMarkdown, ints: hostileInts, times: hostileTimes,
			i: round, j: round, k: round}
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			p.compare(t, hostilePages(f))
		})
	}
}

// FuzzDefaultTheme fills the page data with the fuzzer's strings and
// markdown and compares the compiled programs with html/template on
// every kind of page.
func FuzzDefaultTheme(f *testing.F) {
	short := func(s string) string { return s[:min(len(s), 300)] } // the long cases are the test's
	for i := range hostile {
		f.Add(short(hostile[i]), short(hostile[(i+7)%len(hostile)]), short(hostile[(i+13)%len(hostile)]),
			short(hostileMarkdown[i%len(hostileMarkdown)]), uint8(i))
	}
	p := openPair(f)
	p.warm(f)
	f.Fuzz(func(t *testing.T, s1, s2, s3, md string, n uint8) {
		fl := &filler{theme: p.fast, strs: []string{s1, s2, s3}, mds: []string{md, s1}, ints: hostileInts, times: hostileTimes,
			i: int(n), j: int(n), k: int(n)}
		p.compare(t, hostilePages(fl))
		p.exact.Forget()
		p.fast.Forget()
	})
}
