package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/yuin/goldmark"

	"rosette/generator/internal/tmplexec"
)

// Theme is a parsed theme: its templates (minified once, when parsed), its
// static files and the markdown renderer. It is safe for concurrent use.
//
// A template is executed by html/template the first time, which escapes
// it, and from then on by its compiled program (package tmplexec), which
// gives the same output several times faster; whatever a program does
// not handle is executed by html/template again.
type Theme struct {
	fsys   fs.FS
	pages  map[string]*template.Template
	parts  *template.Template // base.html and the partials, for cached
	funcs  template.FuncMap
	md     goldmark.Markdown
	min    *minify.M
	bufs   sync.Pool
	mdBufs sync.Pool // *mdWriter
	frags  sync.Map  // fragKey → template.HTML, made by cached

	progs     sync.Map // progKey → *compiled
	fallbacks atomic.Int64

	// Exact, when set, executes every template with html/template only
	// and compiles none (rosette build --exact); tests compare its output
	// with the compiled programs'.
	Exact bool
}

// progKey names a compiled template: its set and its name.
type progKey struct {
	set  *template.Template
	name string
}

// compiled is the program of one template, made once html/template has
// executed the template. prog stays nil when the template uses what a
// program does not run.
type compiled struct {
	once sync.Once
	prog atomic.Pointer[tmplexec.Program]
}

// fragKey names a fragment that cached keeps: a template and its data.
type fragKey struct {
	name string
	data any
}

// Open parses the templates of a theme.
func Open(fsys fs.FS) (*Theme, error) {
	t := &Theme{fsys: fsys, pages: map[string]*template.Template{}, md: goldmark.New(), min: minify.New()}
	t.funcs = t.templateFuncs()
	t.bufs.New = func() any { return new(bytes.Buffer) }
	t.mdBufs.New = newMDWriter
	t.min.Add("text/css", &css.Minifier{})
	t.min.Add("text/javascript", &js.Minifier{})
	t.min.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: html.GoTemplateDelims})

	base := template.New("base.html").Funcs(t.funcs)
	if err := t.parse(base, "base.html"); err != nil {
		return nil, err
	}
	partials, err := fs.ReadDir(fsys, "partials")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err) // fs.Glob would hide a link or an unreadable directory
	}
	for _, e := range partials {
		if p := "partials/" + e.Name(); path.Ext(p) == ".html" {
			if err := t.parse(base.New(p), p); err != nil {
				return nil, err
			}
		}
	}
	if t.parts, err = base.Clone(); err != nil {
		return nil, err
	}
	for _, kind := range []string{"home", "badge", "award", "earner", "404"} {
		tp, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := t.parse(tp.New(kind+".html"), kind+".html"); err != nil {
			return nil, err
		}
		t.pages[kind] = tp
	}
	wall := template.New("wall.html").Funcs(t.funcs)
	if err := t.parse(wall, "wall.html"); err != nil {
		return nil, err
	}
	t.pages["wall"] = wall
	return t, nil
}

// parse minifies a template file and parses it into tp.
func (t *Theme) parse(tp *template.Template, name string) error {
	src, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	small, err := t.min.Bytes("text/html", src)
	if err != nil {
		return fmt.Errorf("theme: minifying %s: %w", name, err)
	}
	if _, err := tp.Parse(string(small)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
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
	tp := t.pages[p.Kind]
	if tp == nil {
		return fmt.Errorf("theme: no template for %q pages", p.Kind)
	}
	name := "base.html"
	if p.Kind == "wall" {
		name = "wall.html"
	}
	buf := t.bufs.Get().(*bytes.Buffer)
	defer t.bufs.Put(buf)
	buf.Reset()
	if err := t.run(buf, tp, name, p); err != nil {
		return fmt.Errorf("rendering %s: %w", p.Path, err)
	}
	return emit(buf.Bytes())
}

// run appends the template name of set, executed with data, to buf: by
// its compiled program when there is one and it handles the data, else
// by html/template, after which the template is compiled.
func (t *Theme) run(buf *bytes.Buffer, set *template.Template, name string, data any) error {
	if t.Exact {
		return set.ExecuteTemplate(buf, name, data)
	}
	k := progKey{set, name}
	v, ok := t.progs.Load(k)
	if !ok {
		v, _ = t.progs.LoadOrStore(k, new(compiled))
	}
	c := v.(*compiled)
	if p := c.prog.Load(); p != nil {
		n := buf.Len()
		if p.Execute(buf, data) == nil {
			return nil
		}
		buf.Truncate(n)
		t.fallbacks.Add(1)
	}
	if err := set.ExecuteTemplate(buf, name, data); err != nil {
		return err
	}
	c.once.Do(func() {
		if p, err := tmplexec.Compile(set, name, t.funcs); err == nil {
			c.prog.Store(p)
		}
	})
	return nil
}

// Fallbacks is how many times a compiled program declined to execute a
// template with its data, which html/template then executed.
func (t *Theme) Fallbacks() int64 { return t.fallbacks.Load() }

// Programs lists the templates that have a compiled program, by name
// (for the partials that cached renders) or by kind of page.
func (t *Theme) Programs() []string {
	var names []string
	t.progs.Range(func(k, v any) bool {
		if v.(*compiled).prog.Load() == nil {
			return true
		}
		key := k.(progKey)
		name := key.name
		for kind, set := range t.pages {
			if set == key.set {
				name = kind
			}
		}
		names = append(names, name)
		return true
	})
	sort.Strings(names)
	return names
}

// Markdown renders markdown to safe HTML: raw HTML is dropped and
// dangerous link targets removed.
func (t *Theme) Markdown(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	w := t.mdBufs.Get().(*mdWriter)
	defer t.mdBufs.Put(w)
	w.buf.Reset()
	w.Reset(&w.buf)
	if err := t.md.Convert([]byte(src), w); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	w.Flush()
	out := w.buf.Bytes()
	if bytes.Contains(out, rawHTMLOmitted) {
		out = bytes.ReplaceAll(out, rawHTMLOmitted, nil)
	}
	return template.HTML(out)
}

// rawHTMLOmitted is what goldmark writes in place of raw HTML.
var rawHTMLOmitted = []byte("<!-- raw HTML omitted -->")

// mdWriter is where Markdown renders: a buffered writer (which goldmark
// would otherwise make for every text) over the buffer of the result.
type mdWriter struct {
	*bufio.Writer
	buf bytes.Buffer
}

func newMDWriter() any {
	w := new(mdWriter)
	w.Writer = bufio.NewWriter(&w.buf)
	return w
}

// Static calls f with the site path and contents of every static file of
// the theme, in path order; CSS and JavaScript are minified.
func (t *Theme) Static(f func(path string, data []byte) error) error {
	return fs.WalkDir(t.fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		hidden := strings.HasPrefix(d.Name(), ".") && p != "static"
		switch {
		case d.IsDir() && hidden:
			return fs.SkipDir
		case d.IsDir():
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			// Refused, even when hidden: a link is never part of a site.
			_, err := fs.ReadFile(t.fsys, p)
			if err == nil {
				err = fmt.Errorf("%s: a symbolic link", p) // a file system that follows links
			}
			return fmt.Errorf("theme: %w", err)
		case hidden, !d.Type().IsRegular():
			return nil // hidden files, pipes, sockets and devices are not published
		}
		data, err := fs.ReadFile(t.fsys, p)
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		mediatype := map[string]string{".css": "text/css", ".js": "text/javascript"}[path.Ext(p)]
		if mediatype != "" {
			if data, err = t.min.Bytes(mediatype, data); err != nil {
				return fmt.Errorf("theme: minifying %s: %w", p, err)
			}
		}
		return f(strings.TrimPrefix(p, "static/"), data)
	})
}

// templateFuncs are the template functions; see the package comment.
func (t *Theme) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"cached":  t.cached,
		"date":    func(t time.Time) string { return t.UTC().Format("2 January 2006") },
		"isodate": func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"year":    func(t time.Time) string { return t.UTC().Format("2006") },
		"snippet": func(id, title, hint, code string) Snippet {
			return Snippet{ID: id, Title: title, Hint: hint, Code: code, Preview: template.HTML(code)}
		},
	}
}

// cached renders the partial name with data, and when data is the site,
// an issuer, a badge class or an earner (.Site, .Badge, …) keeps the
// result: a later call with the same name and data returns it without
// rendering again. Rendering a badge class's details once for all its
// awards is what it is for. Other data is rendered every time.
func (t *Theme) cached(name string, data any) (template.HTML, error) {
	switch d := data.(type) {
	case *Site, *Issuer, *Badge, *Earner:
		if reflect.ValueOf(d).IsNil() {
			return t.fragment(name, data)
		}
	default:
		return t.fragment(name, data)
	}
	k := fragKey{name, data}
	if h, ok := t.frags.Load(k); ok {
		return h.(template.HTML), nil
	}
	h, err := t.fragment(name, data)
	if err != nil {
		return "", err
	}
	got, _ := t.frags.LoadOrStore(k, h)
	return got.(template.HTML), nil
}

func (t *Theme) fragment(name string, data any) (template.HTML, error) {
	if !strings.HasPrefix(name, "partials/") {
		return "", fmt.Errorf("cached %q: only partials/*.html can be cached", name)
	}
	buf := t.bufs.Get().(*bytes.Buffer)
	defer t.bufs.Put(buf)
	buf.Reset()
	if err := t.run(buf, t.parts, name, data); err != nil {
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
