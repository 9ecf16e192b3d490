package tmplexec

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
)

// TestLimits runs the same templates with html/template, its trees
// rewritten by InsertSteps, and as programs: both count the same steps
// and stop at the same limits, with errors that name the position.
func TestLimits(t *testing.T) {
	tests := []struct {
		src    string
		data   int
		limits Limits
		limit  string // "" when it must succeed
	}{
		{`{{range .}}{{end}}`, 10, Limits{Steps: 10, Depth: 10, Output: 100}, ""},
		{`{{range .}}{{end}}`, 11, Limits{Steps: 10, Depth: 10, Output: 100}, "steps"},
		{`{{range .}}{{range $}}{{end}}{{end}}`, 3, Limits{Steps: 12, Depth: 10, Output: 100}, ""},
		{`{{range .}}{{range $}}{{end}}{{end}}`, 3, Limits{Steps: 11, Depth: 10, Output: 100}, "steps"},
		{`{{define "r"}}{{if .}}{{template "r" .}}{{end}}{{end}}{{template "r" .}}`, 1, Limits{Steps: 1000, Depth: 10, Output: 100}, "depth"},
		{`{{define "r"}}x{{end}}{{range .}}{{template "r"}}{{end}}`, 5, Limits{Steps: 10, Depth: 10, Output: 100}, ""},
		{`{{define "r"}}x{{end}}{{range .}}{{template "r"}}{{end}}`, 6, Limits{Steps: 10, Depth: 10, Output: 100}, "steps"},
		{`{{range .}}xxxxxxxxxx{{end}}`, 10, Limits{Steps: 100, Depth: 10, Output: 100}, ""},
		{`{{range .}}xxxxxxxxxx{{end}}`, 20, Limits{Steps: 100, Depth: 10, Output: 100}, "output"},
	}
	for _, tt := range tests {
		budget := NewBudget(tt.limits)
		funcs := template.FuncMap{
			StepFunc:  func() (string, error) { return "", budget.Step() },
			EnterFunc: func() (string, error) { return "", budget.Enter() },
			LeaveFunc: func() string { budget.Leave(); return "" },
		}
		set := template.Must(template.New("t.html").Parse(tt.src))
		if err := InsertSteps(set, "t.html", tt.src); err != nil {
			t.Fatal(err)
		}
		set.Funcs(funcs)
		var std bytes.Buffer
		stdErr := set.Execute(&limited{&std, tt.limits.Output}, 0)
		if stdErr != nil {
			t.Fatalf("%s with 0: %v", tt.src, stdErr)
		}
		p, err := Compile(set, "t.html", funcs)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		for _, compiled := range []bool{false, true} {
			budget.Reset()
			var out bytes.Buffer
			if compiled {
				err = p.Execute(&out, tt.data, budget)
			} else {
				err = set.Execute(&limited{&out, tt.limits.Output}, tt.data)
			}
			var le *LimitError
			switch {
			case tt.limit == "" && err != nil:
				t.Errorf("%s with %d (compiled %v): %v", tt.src, tt.data, compiled, err)
			case tt.limit != "" && (!errors.As(err, &le) || le.Limit != tt.limit):
				t.Errorf("%s with %d (compiled %v): error %v, want the %s limit", tt.src, tt.data, compiled, err, tt.limit)
			case tt.limit != "" && tt.limit != "output" && !strings.Contains(err.Error(), "t.html:1:"):
				t.Errorf("%s with %d (compiled %v): error %q names no position", tt.src, tt.data, compiled, err)
			}
		}
	}
}

// limited is html/template's output, failing past max bytes.
type limited struct {
	b   *bytes.Buffer
	max int
}

func (w *limited) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, &LimitError{Limit: "output", Max: int64(w.max)}
	}
	return w.b.Write(p)
}
