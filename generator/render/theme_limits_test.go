package render

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/generator/internal/tmplexec"
)

// TestTemplateLimits runs pathological templates, which a theme could
// hold, with html/template and with the compiled programs: each must be
// refused with an error naming the theme file and the limit, in
// seconds. The templates are harmless on the first page (.Badge.Awarded
// is 0), which compiles them, and pathological on the second.
func TestTemplateLimits(t *testing.T) {
	tests := []struct {
		name, main, defs, partial string
		awarded                   int
		limits                    tmplexec.Limits
		limit                     string
	}{
		{name: "range", main: `{{range .Badge.Awarded}}{{end}}`, awarded: 300_000_000, limit: "steps"},
		{name: "nested ranges", main: `{{range .Badge.Awarded}}{{range $.Badge.Awarded}}{{range $.Badge.Awarded}}<b>{{end}}{{end}}{{end}}`,
			awarded: 1000, limit: "steps"},
		{name: "recursion", main: `{{template "r" .Badge.Awarded}}`, defs: `{{define "r"}}{{if .}}{{template "r" .}}{{end}}{{end}}`,
			awarded: 1, limit: "depth"},
		{name: "nested calls", main: `{{template "r" .}}`,
			defs:    `{{define "r"}}{{range .Badge.Awarded}}{{template "s" $}}{{end}}{{end}}{{define "s"}}{{range .Badge.Awarded}}{{template "t" $}}{{end}}{{end}}{{define "t"}}{{range .Badge.Awarded}}{{end}}{{end}}`,
			awarded: 200, limit: "steps"},
		{name: "cached recursion", main: `{{cached "partials/loop.html" .Badge.Awarded}}`,
			partial: `{{if .}}{{cached "partials/loop.html" .}}{{end}}`, awarded: 1, limit: "depth"},
		{name: "output", main: `{{range .Badge.Awarded}}{{$.Badge.Name}}{{end}}`, awarded: 1 << 20,
			limits: tmplexec.Limits{Steps: 1 << 30, Depth: 100, Output: 1 << 20}, limit: "output"},
		{name: "output in a partial", main: `{{cached "partials/loop.html" .Badge}}`,
			partial: `{{range .Awarded}}{{$.Name}}{{end}}`, awarded: 1 << 20,
			limits: tmplexec.Limits{Steps: 1 << 30, Depth: 100, Output: 1 << 20}, limit: "output"},
	}
	for _, tt := range tests {
		for _, exact := range []bool{true, false} {
			name := tt.name + "/compiled"
			if exact {
				name = tt.name + "/html-template"
			}
			t.Run(name, func(t *testing.T) {
				fsys := fstest.MapFS{
					"base.html":          {Data: []byte(`{{block "main" .}}{{end}}`)},
					"home.html":          {Data: []byte(`{{define "main"}}` + tt.main + `{{end}}` + tt.defs)},
					"partials/loop.html": {Data: []byte(tt.partial)},
				}
				for _, kind := range []string{"badge", "award", "earner", "pathway", "404"} {
					fsys[kind+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
				}
				fsys["wall.html"] = &fstest.MapFile{}
				th, err := Open(fsys)
				if err != nil {
					t.Fatal(err)
				}
				th.Exact = exact
				if tt.limits != (tmplexec.Limits{}) {
					th.Limits = tt.limits
				}
				if _, err := th.Bytes(&Page{Kind: "home", Site: &Site{}, Badge: &Badge{}}); err != nil {
					t.Fatalf("harmless page: %v", err)
				}
				if progs := strings.Join(th.Programs(), " "); !exact && !strings.HasPrefix(progs, "home") {
					t.Fatalf("compiled programs %q, want home", progs)
				}
				start := time.Now()
				_, err = th.Bytes(&Page{Kind: "home", Path: "/", Site: &Site{}, Badge: &Badge{Awarded: tt.awarded, Name: strings.Repeat("x", 1000)}})
				took := time.Since(start)
				var le *tmplexec.LimitError
				if !errors.As(err, &le) || le.Limit != tt.limit {
					t.Fatalf("error %v; want the %s limit", err, tt.limit)
				}
				if msg := err.Error(); !strings.Contains(msg, "home.html") || !strings.Contains(msg, "limit") {
					t.Errorf("error %q names neither the theme file nor the limit", msg)
				}
				t.Logf("%v: %v", took.Round(time.Millisecond), err)
				if len(err.Error()) > 2000 {
					t.Errorf("an error of %d bytes", len(err.Error()))
				}
				bound := 20 * time.Second
				if raceDetector {
					bound *= 10
				}
				if took > bound {
					t.Errorf("refused after %v", took)
				}
			})
		}
	}
}

// TestStepFuncsReserved checks that a theme cannot call the functions
// that count steps (to undo the count of its calls, say).
func TestStepFuncsReserved(t *testing.T) {
	for _, fn := range []string{tmplexec.StepFunc, tmplexec.EnterFunc, tmplexec.LeaveFunc} {
		fsys := fstest.MapFS{
			"base.html":       {Data: []byte(`{{block "main" .}}{{end}}{{` + fn + `}}`)},
			"partials/x.html": {},
		}
		if _, err := Open(fsys); err == nil || !strings.Contains(err.Error(), "not defined") {
			t.Errorf("a template calling %s: %v", fn, err)
		}
	}
}
