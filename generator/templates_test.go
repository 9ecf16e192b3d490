package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/render"
	"rosette/generator/synth"
)

// TestCompiledTemplatesMatchHTMLTemplate renders the example site and a
// synthetic one (revoked, expired and private awards, evidence, several
// issuers) twice: with the compiled template programs, and with
// html/template alone. Every file must be the same, and every template
// must have a program.
func TestCompiledTemplatesMatchHTMLTemplate(t *testing.T) {
	synthRoot := t.TempDir()
	if _, err := synth.Write(synthRoot, synth.Options{Awards: 400, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{exampleRoot, synthRoot} {
		render1 := func(exact bool) (map[string][]byte, *render.Theme) {
			var th *render.Theme
			opts := Options{Source: root, Clock: goldenClock, ExactTemplates: exact}
			s, err := Load(opts)
			if err != nil {
				t.Fatal(err)
			}
			pub := newMemPublisher()
			see := func(x *render.Theme) {
				x.Exact = exact
				th = x
			}
			if err := renderWithTheme(s, pub, opts, see); err != nil {
				t.Fatal(err)
			}
			return pub.files, th
		}
		want, exact := render1(true)
		if progs := exact.Programs(); !exact.Exact || len(progs) > 0 {
			t.Errorf("%s: ExactTemplates: Exact %v, compiled programs %q", root, exact.Exact, progs)
		}
		got, th := render1(false)
		for p, w := range want {
			if g, ok := got[p]; !ok {
				t.Errorf("%s: %s missing", root, p)
			} else if !bytes.Equal(g, w) {
				t.Errorf("%s: %s differs:\n got %.300q\nwant %.300q", root, p, g, w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", root, len(got), len(want))
		}
		progs := strings.Join(th.Programs(), " ")
		if want := "404 award badge earner home partials/badge-details.html partials/earner-list.html partials/site-footer.html partials/site-head.html partials/site-header.html wall"; progs != want {
			t.Errorf("%s: compiled programs %q, want %q", root, progs, want)
		}
	}
}

// TestPathologicalTheme builds a site whose theme loops 300,000,000
// times on a badge page: the build must fail within seconds, naming
// the theme file and the limit, and write nothing.
func TestPathologicalTheme(t *testing.T) {
	root := smallSite(t, map[string]string{"themes/default/badge.html": `{{define "main"}}{{range 300000000}}{{end}}{{end}}`})
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	_, err := Build(Options{Source: root, Destination: out, Clock: goldenClock})
	if took := time.Since(start); took > time.Minute {
		t.Errorf("the build took %v", took)
	}
	t.Log(err)
	if err == nil || !strings.Contains(err.Error(), "badge.html:1:") || !strings.Contains(err.Error(), "more than 2000000 steps") {
		t.Errorf("build error %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the failed build wrote %s: %v", out, err)
	}
}
