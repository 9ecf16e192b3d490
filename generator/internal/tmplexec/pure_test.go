package tmplexec

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
)

// TestPure: a pure function called with constant arguments is called
// once, by Compile; with other arguments, or fed by a previous command,
// on every execution; the output is html/template's.
func TestPure(t *testing.T) {
	calls := map[string]int{}
	funcs := template.FuncMap{"msg": func(id string, args ...any) (template.HTML, error) {
		calls[id]++
		if id == "bad" {
			return "", errTest
		}
		return template.HTML("<b>" + template.HTMLEscapeString(id) + "</b>"), nil
	}}
	src := `<p title="{{msg "a&b"}}">{{msg "a&b"}} {{msg .X}} {{"c" | msg}} {{msg "d" "N" 1}}</p>{{if .Bad}}{{msg "bad"}}{{end}}`
	set := template.Must(template.New("t").Funcs(funcs).Parse(src))
	var want bytes.Buffer
	if err := set.Execute(&want, map[string]any{"X": "x", "Bad": false}); err != nil {
		t.Fatal(err)
	}
	clear(calls)
	p, err := Compile(set, "t", funcs, Pure("msg"))
	if err != nil {
		t.Fatal(err)
	}
	if calls["a&b"] != 2 || calls["d"] != 1 || calls["x"] != 0 || calls["c"] != 0 || calls["bad"] != 1 {
		t.Errorf("calls when compiled: %v", calls)
	}
	clear(calls)
	for range 3 {
		var got bytes.Buffer
		if err := p.Execute(&got, map[string]any{"X": "x", "Bad": false}, nil); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("got %s\nwant %s", got.String(), want.String())
		}
	}
	if calls["a&b"] != 0 || calls["d"] != 0 || calls["x"] != 3 || calls["c"] != 3 {
		t.Errorf("calls when run: %v", calls)
	}
	var got bytes.Buffer
	if err := p.Execute(&got, map[string]any{"X": "x", "Bad": true}, nil); err != ErrData {
		t.Errorf("a failing pure call: %v", err)
	}
	if !strings.Contains(want.String(), "&lt;b&gt;a&amp;b&lt;/b&gt;") && !strings.Contains(want.String(), `title="a&amp;b"`) {
		t.Logf("output %s", want.String())
	}
}

var errTest = errors.New("no such message")
