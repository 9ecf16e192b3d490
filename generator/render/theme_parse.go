package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/yuin/goldmark"

	"rosette/generator/content"
	"rosette/generator/i18n"
	"rosette/generator/internal/tmplexec"
)

// Theme is a parsed theme: its templates (minified once, when parsed), its
// static files and the markdown renderer. It is safe for concurrent use.
//
// A template is executed by html/template the first time, which escapes
// it, and from then on by its compiled program (package tmplexec), which
// gives the same output several times faster. Every execution is bounded
// by Limits, in both executors (docs/templates-execution.md).
type Theme struct {
	fsys   fs.FS
	pages  map[string]*template.Template // by kind; cloned by each executor, never executed
	parts  *template.Template            // base.html and the partials, for cached
	md     goldmark.Markdown
	min    *minify.M
	bufs   sync.Pool
	mdBufs sync.Pool // *mdWriter
	frags  sync.Map  // fragKey → template.HTML, made by cached
	cat    *i18n.Catalog

	mu    sync.Mutex
	idle  []*executor // executors not in use
	execs []*executor // all of them

	// Exact, when set, executes every template with html/template only
	// and compiles none (rosette build --exact); tests compare its output
	// with the compiled programs'.
	Exact bool

	// Limits bound the execution of the templates of one page; Open sets
	// them to tmplexec.DefaultLimits.
	Limits tmplexec.Limits
}

// fragKey names a fragment that cached keeps: a template and its data.
type fragKey struct {
	name string
	data any
}

// Open parses the templates of a theme, whose messages are those of its
// English catalog (i18n/en.toml).
func Open(fsys fs.FS) (*Theme, error) {
	cat, err := i18n.Load(i18n.Fallback, fsys)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return OpenIn(fsys, cat)
}

// OpenIn parses the templates of a theme, whose pages are written in the
// language of cat (LoadCatalog).
func OpenIn(fsys fs.FS, cat *i18n.Catalog) (*Theme, error) {
	t := &Theme{fsys: fsys, pages: map[string]*template.Template{}, md: goldmark.New(), min: minify.New(), Limits: tmplexec.DefaultLimits, cat: cat}
	funcs := (&executor{t: t}).templateFuncs()
	t.bufs.New = func() any { return new(bytes.Buffer) }
	t.mdBufs.New = newMDWriter
	t.min.Add("text/css", &css.Minifier{})
	t.min.Add("text/javascript", &js.Minifier{})
	t.min.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: html.GoTemplateDelims})

	base := template.New("base.html").Funcs(funcs)
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
	for _, kind := range []string{"home", "badge", "award", "earner", "pathway", "404"} {
		tp, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := t.parse(tp.New(kind+".html"), kind+".html"); err != nil {
			if kind == "pathway" && errors.Is(err, fs.ErrNotExist) {
				continue // optional: a site without pathways needs none
			}
			return nil, err
		}
		t.pages[kind] = tp
	}
	wall := template.New("wall.html").Funcs(funcs)
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
	if err := tmplexec.InsertSteps(tp, name, string(small)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// Markdown renders markdown to safe HTML: raw HTML is dropped and
// dangerous link targets removed. A text beyond the limits of
// content.CheckMarkdown (which Load reports) is not rendered as markdown,
// whose time would grow with the square of some constructs: its first
// content.MaxMarkdownBytes are shown as escaped text.
func (t *Theme) Markdown(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	if content.CheckMarkdown(src) != nil {
		if len(src) > content.MaxMarkdownBytes {
			src = strings.ToValidUTF8(src[:content.MaxMarkdownBytes], "")
		}
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
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
