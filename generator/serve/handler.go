package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"

	"rosette/generator/hosting"
)

// reloadScript is injected into every HTML page: it listens for rebuilds
// and reloads the page, which then shows the new build or its errors.
const reloadScript = `<script>(function(){var s=new EventSource("` + eventsPath + `");` +
	`s.addEventListener("reload",function(){location.reload()});` +
	`s.addEventListener("error",function(){location.reload()});})();</script>`

// ServeHTTP serves the last good build with the headers of the static
// hosts (hosting.HeaderRules), and the live-reload event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == eventsPath {
		s.serveEvents(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") && p != "" {
		p += "/"
	}
	name := p
	if p == "" || strings.HasSuffix(p, "/") {
		name = p + "index.html"
	}
	s.mu.RLock()
	buildErr := s.lastErr
	data, ok := s.files[name]
	redirect := !ok && name == p && s.files[p+"/index.html"] != nil
	var list string
	var notFound []byte
	has404 := false
	switch {
	case ok:
	case name == "index.html":
		list = listing(s.files)
	default:
		notFound, has404 = s.files["404.html"]
	}
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case redirect:
		http.Redirect(w, r, "/"+p+"/", http.StatusMovedPermanently)
		return
	case !ok && name == "index.html":
		s.writeHTML(w, http.StatusOK, list, buildErr)
		return
	case !ok && has404:
		s.writeHTML(w, http.StatusNotFound, string(notFound), buildErr) // as the static hosts serve it
		return
	case !ok:
		s.writeHTML(w, http.StatusNotFound, "<!doctype html><title>Not found</title><h1>Not found</h1><p><a href=\"/\">All files</a></p>", buildErr)
		return
	}
	for _, rule := range hosting.HeaderRules(false) {
		if matchRule(rule.Path, "/"+name) {
			for _, h := range rule.Headers {
				w.Header().Set(h.Name, h.Value)
			}
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", contentType(name))
	}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		s.writeHTML(w, http.StatusOK, string(data), buildErr)
		return
	}
	if buildErr != nil {
		w.Header().Set("X-Rosette-Build-Error", "the last build failed; this is the last good one")
	}
	w.Write(data)
}

// contentType gives the Content-Type of an output file by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".json":
		return hosting.JSONType
	case ".html":
		return "text/html; charset=utf-8"
	case "":
		return "text/plain; charset=utf-8" // _headers, _redirects
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// matchRule reports whether a host header pattern ("/*", "/*.json")
// matches an URL path.
func matchRule(pattern, p string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, `.*`) + "$"
	ok, _ := regexp.MatchString(re, p)
	return ok
}

// writeHTML sends an HTML page with the reload script and, when the last
// build failed, an overlay with its errors.
func (s *Server) writeHTML(w http.ResponseWriter, code int, page string, buildErr error) {
	var inject strings.Builder
	if buildErr != nil {
		fmt.Fprintf(&inject, `<div id="rosette-error" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff0f0;color:#600;border-bottom:3px solid #c00;font:14px/1.5 ui-monospace,monospace">`+
			`<strong>rosette: the build failed — showing the last good build.</strong> Fix the files and the page reloads by itself.<pre style="white-space:pre-wrap;margin:.5em 0 0">%s</pre></div>`, html.EscapeString(buildErr.Error()))
	}
	inject.WriteString(reloadScript)
	out := page
	if i := lastIndexFold(page, "</body>"); i >= 0 {
		out = page[:i] + inject.String() + page[i:]
	} else {
		out = page + inject.String()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Del("Content-Length")
	w.WriteHeader(code)
	w.Write([]byte(out))
}

func lastIndexFold(s, sub string) int {
	return bytes.LastIndex(bytes.ToLower([]byte(s)), []byte(sub))
}

// listing is the page at / when the build has no index.html: every file.
func listing(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>rosette serve</title></head><body><h1>Files</h1><ul>")
	for _, n := range names {
		fmt.Fprintf(&b, "<li><a href=\"/%s\">%s</a></li>", html.EscapeString(n), html.EscapeString(n))
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}
