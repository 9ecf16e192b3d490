package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"time"

	"rosette/generator/internal/tmplexec"
)

// executor executes the templates of a theme for one page at a time: it
// holds its own copies of the template sets, whose functions count the
// steps of the page in its budget, and the programs compiled from them.
// A theme makes one per page rendered at once.
type executor struct {
	t      *Theme
	pages  map[string]*template.Template
	parts  *template.Template
	funcs  template.FuncMap
	progs  map[progKey]*tmplexec.Program // nil: the template is not compiled
	budget tmplexec.Budget
}

// progKey names a template of an executor: the kind of page whose set
// holds it ("" for the partials of cached), and its name.
type progKey struct {
	kind, name string
}

// acquire returns an executor that no other page uses, with its budget
// full.
func (t *Theme) acquire() (*executor, error) {
	t.mu.Lock()
	if n := len(t.idle); n > 0 {
		ex := t.idle[n-1]
		t.idle = t.idle[:n-1]
		t.mu.Unlock()
		ex.reset()
		return ex, nil
	}
	t.mu.Unlock()
	ex := &executor{t: t, pages: map[string]*template.Template{}, progs: map[progKey]*tmplexec.Program{}}
	ex.funcs = ex.templateFuncs()
	for name, f := range ex.stepFuncs() {
		ex.funcs[name] = f
	}
	var err error
	if ex.parts, err = t.parts.Clone(); err != nil {
		return nil, err
	}
	ex.parts.Funcs(ex.funcs)
	for kind, set := range t.pages {
		if ex.pages[kind], err = set.Clone(); err != nil {
			return nil, err
		}
		ex.pages[kind].Funcs(ex.funcs)
	}
	t.mu.Lock()
	t.execs = append(t.execs, ex)
	t.mu.Unlock()
	ex.reset()
	return ex, nil
}

func (t *Theme) release(ex *executor) {
	t.mu.Lock()
	t.idle = append(t.idle, ex)
	t.mu.Unlock()
}

func (ex *executor) reset() {
	ex.budget.Limits = ex.t.Limits
	ex.budget.Reset()
}

// Bytes renders a page into a new byte slice.
func (t *Theme) Bytes(p *Page) ([]byte, error) {
	var out []byte
	err := t.Render(p, func(data []byte) error {
		out = bytes.Clone(data)
		return nil
	})
	return out, err
}

// Render renders a page into a buffer of the theme's and passes it to
// emit, which must not keep the bytes after it returns: the buffer is
// then reused for another page. It returns emit's error.
func (t *Theme) Render(p *Page, emit func(data []byte) error) error {
	if t.pages[p.Kind] == nil {
		return fmt.Errorf("theme: no template for %q pages", p.Kind)
	}
	name := "base.html"
	if p.Kind == "wall" {
		name = "wall.html"
	}
	ex, err := t.acquire()
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	buf := t.bufs.Get().(*bytes.Buffer)
	defer t.bufs.Put(buf)
	buf.Reset()
	err = ex.run(buf, p.Kind, name, p)
	t.release(ex)
	if err != nil {
		return fmt.Errorf("rendering %s (%s.html): %w", p.Path, p.Kind, err)
	}
	return emit(buf.Bytes())
}

// run appends the template name of the set of kind, executed with data,
// to buf: by its compiled program when there is one, else by
// html/template, after which the template is compiled. Whether a
// template has a program is decided once, when it is compiled: a
// program that fails does not fall back to html/template.
func (ex *executor) run(buf *bytes.Buffer, kind, name string, data any) error {
	set := ex.parts
	if kind != "" {
		set = ex.pages[kind]
	}
	k := progKey{kind, name}
	p, tried := ex.progs[k]
	if p != nil && !ex.t.Exact {
		n, budget := buf.Len(), ex.budget
		err := p.Execute(buf, data, &ex.budget)
		if err == nil {
			return nil
		}
		buf.Truncate(n)
		if !errors.Is(err, tmplexec.ErrData) {
			return fmt.Errorf("template: %w", err) // a limit, or a fault of the program
		}
		// The data makes the template fail: html/template says how and
		// where, with the budget the program had, and must fail too.
		ex.budget = budget
		if err := ex.exec(buf, set, name, data); err != nil {
			return err
		}
		buf.Truncate(n)
		return fmt.Errorf("template %s: the compiled program fails where html/template does not: a fault of rosette, which rosette build --exact avoids", name)
	}
	if err := ex.exec(buf, set, name, data); err != nil {
		return err
	}
	if !tried && !ex.t.Exact {
		p, _ := tmplexec.Compile(set, name, ex.funcs, tmplexec.Pure(pureFuncs...))
		ex.progs[k] = p
	}
	return nil
}

// exec appends the template name of set, executed by html/template with
// data, to buf.
func (ex *executor) exec(buf *bytes.Buffer, set *template.Template, name string, data any) error {
	w := &limitWriter{buf: buf, end: buf.Len() + ex.budget.Limits.Output, limit: ex.budget.Limits.Output}
	err := set.ExecuteTemplate(w, name, data)
	var le *tmplexec.LimitError
	if !errors.As(err, &le) {
		return err
	}
	// The limit, where text/template says it was reached (the step
	// function's call), or in the template executed for the output
	// limit, whose writer fails where text/template names no place.
	if le.Where == "" {
		le.Where = name
		if loc, _, ok := strings.Cut(strings.TrimPrefix(err.Error(), "template: "), ": executing "); ok && !strings.Contains(loc, " ") {
			le.Where = loc
		}
	}
	return fmt.Errorf("template: %w", le)
}

// limitWriter appends to a buffer up to the length end, and fails past
// it: limit bytes after where it started.
type limitWriter struct {
	buf        *bytes.Buffer
	end, limit int
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.end {
		return 0, &tmplexec.LimitError{Limit: "output", Max: int64(w.limit)}
	}
	return w.buf.Write(p)
}

// Programs lists the templates that have a compiled program, by name
// (for the partials that cached renders) or by kind of page. It must not
// run while pages are rendered.
func (t *Theme) Programs() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	seen := map[string]bool{}
	for _, ex := range t.execs {
		for k, p := range ex.progs {
			name := k.kind
			if name == "" {
				name = k.name
			}
			if p != nil {
				seen[name] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// templateFuncs are the template functions; see the package comment.
func (ex *executor) templateFuncs() template.FuncMap {
	funcs := ex.t.messageFuncs()
	funcs["cached"] = ex.cached
	funcs["isodate"] = func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	funcs["snippet"] = func(id, title, hint, code string) Snippet {
		return Snippet{ID: id, Title: title, Hint: hint, Code: code, Preview: template.HTML(code)}
	}
	return funcs
}

// stepFuncs count the steps of html/template's executions in the
// executor's budget (tmplexec.InsertSteps). They are added to the sets
// after parsing, so that a theme cannot call them.
func (ex *executor) stepFuncs() template.FuncMap {
	return template.FuncMap{
		tmplexec.StepFunc:  func() (string, error) { return "", ex.budget.Step() },
		tmplexec.EnterFunc: func() (string, error) { return "", ex.budget.Enter() },
		tmplexec.LeaveFunc: func() string { ex.budget.Leave(); return "" },
	}
}

// cached renders the partial name with data, and when data is the site,
// an issuer, a badge class or an earner (.Site, .Badge, …) keeps the
// result: a later call with the same name and data returns it without
// rendering again. Rendering a badge class's details once for all its
// awards is what it is for. Other data is rendered every time. A call
// is a template call of the page's budget.
func (ex *executor) cached(name string, data any) (template.HTML, error) {
	if err := ex.budget.Enter(); err != nil {
		return "", err
	}
	defer ex.budget.Leave()
	switch d := data.(type) {
	case *Site, *Issuer, *Badge, *Earner:
		if reflect.ValueOf(d).IsNil() {
			return ex.fragment(name, data)
		}
	default:
		return ex.fragment(name, data)
	}
	k := fragKey{name, data}
	if h, ok := ex.t.frags.Load(k); ok {
		return h.(template.HTML), nil
	}
	h, err := ex.fragment(name, data)
	if err != nil {
		return "", err
	}
	got, _ := ex.t.frags.LoadOrStore(k, h)
	return got.(template.HTML), nil
}

func (ex *executor) fragment(name string, data any) (template.HTML, error) {
	h, err := ex.render(name, data)
	var le *tmplexec.LimitError
	if errors.As(err, &le) {
		// The limit alone, where it was reached: the calls of cached that
		// led to it, each wrapped by the next, could make an error of
		// megabytes.
		if le.Where == "" {
			le.Where = name
		}
		return "", le
	}
	return h, err
}

func (ex *executor) render(name string, data any) (template.HTML, error) {
	if !strings.HasPrefix(name, "partials/") {
		return "", fmt.Errorf("cached %q: only partials/*.html can be cached", name)
	}
	buf := ex.t.bufs.Get().(*bytes.Buffer)
	defer ex.t.bufs.Put(buf)
	buf.Reset()
	if err := ex.run(buf, "", name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// Forget drops the fragments that cached keeps for the given data, which
// has changed; with no data, it drops them all. They are few (one per
// badge class, earner, issuer or site, and partial) and rendered again
// when next asked for.
func (t *Theme) Forget(data ...any) {
	if len(data) == 0 {
		t.frags.Clear()
		return
	}
	gone := make(map[any]bool, len(data))
	for _, d := range data {
		gone[d] = true
	}
	t.frags.Range(func(k, _ any) bool {
		if gone[k.(fragKey).data] {
			t.frags.Delete(k)
		}
		return true
	})
}
