package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/sitetest"
)

// start runs a server on a free port until the test ends.
func start(t *testing.T, root string, poll time.Duration) *Server {
	t.Helper()
	s, err := New(Options{Source: root, Port: 0, Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return s
}

// events connects to the event stream and returns the events' names and
// data as they arrive.
func events(t *testing.T, s *Server) <-chan event {
	t.Helper()
	resp, err := http.Get(s.URL() + strings.TrimPrefix(eventsPath, "/"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	ch := make(chan event, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var e event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				if e.data != "" {
					e.data += "\n"
				}
				e.data += line[len("data: "):]
			case line == "":
				if e.name != "" {
					ch <- e
				}
				e = event{}
			}
		}
	}()
	if e := next(t, ch); e.name != "hello" {
		t.Fatalf("first event %+v", e)
	}
	return ch
}

func next(t *testing.T, ch <-chan event) event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("event stream closed")
		}
		return e
	case <-time.After(60 * time.Second): // generous: a loaded machine can be slow to rebuild
		t.Fatal("no event within 60s")
	}
	return event{}
}

// await reads events until one named want arrives for which ok holds.
// A change can reach the watcher as several events (a new directory, then
// the file in it), and each may rebuild: a reload that does not yet show
// the change, or one left over from the step before, is not a failure.
// It fails when no such event comes, naming the last one seen.
func await(t *testing.T, ch <-chan event, want string, ok func(event) bool) event {
	t.Helper()
	deadline := time.After(60 * time.Second) // generous: a loaded machine can be slow to rebuild
	var seen []event
	for {
		select {
		case e, open := <-ch:
			if !open {
				t.Fatalf("event stream closed; seen %+v", seen)
			}
			if e.name == want && (ok == nil || ok(e)) {
				return e
			}
			seen = append(seen, e)
		case <-deadline:
			t.Fatalf("no %s event with the change within 60s; seen %+v", want, seen)
		}
	}
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func issuerName(t *testing.T, s *Server) string {
	t.Helper()
	resp, body := get(t, s.URL()+"issuers/riverbend.json")
	if resp.StatusCode != 200 {
		t.Fatalf("issuer: %s", resp.Status)
	}
	var doc struct{ ID, Name string }
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != s.URL()+"issuers/riverbend.json" {
		t.Errorf("id %q is not the local URL", doc.ID)
	}
	return doc.Name
}

func write(t *testing.T, root, p, data string) {
	t.Helper()
	f := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write beside it and rename, as many editors do, so that a poll never
	// sees a half-written file.
	tmp := f + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f); err != nil {
		t.Fatal(err)
	}
}

func TestServe(t *testing.T) {
	for _, mode := range []struct {
		name string
		poll time.Duration
	}{{"fsnotify", 0}, {"poll", 20 * time.Millisecond}} {
		t.Run(mode.name, func(t *testing.T) { testServe(t, mode.poll) })
	}
}

func testServe(t *testing.T, poll time.Duration) {
	root := sitetest.Copy(t)
	s := start(t, root, poll)
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL())
	}
	resp, _ := get(t, s.URL()+"assertions/6pycdybk155oxtz7.json")
	if resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("JSON headers %v", resp.Header)
	}
	resp, _ = get(t, s.URL()+"badges/git-foundations.png")
	if resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("PNG Content-Type %q", resp.Header.Get("Content-Type"))
	}
	if resp, body := get(t, s.URL()+"nope.json"); resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("missing file: %s, not the site's 404 page:\n%.300s", resp.Status, body)
	}
	if got := issuerName(t, s); got != "Riverbend Code School" {
		t.Fatalf("issuer name %q", got)
	}
	ev := events(t, s)

	// A change rebuilds and reloads.
	issuer := "content/issuers/riverbend.toml"
	orig, _ := os.ReadFile(filepath.Join(root, issuer))
	write(t, root, issuer, strings.Replace(string(orig), `name = "Riverbend Code School"`, `name = "Riverbend School"`, 1))
	await(t, ev, "reload", func(event) bool { return issuerName(t, s) == "Riverbend School" })

	// An award in a new directory is picked up.
	award, _ := os.ReadFile(filepath.Join(root, "content/awards/2024/6pycdybk155oxtz7.toml"))
	write(t, root, "content/awards/2031/spring/newaward00000001.toml", string(award))
	await(t, ev, "reload", func(event) bool {
		resp, _ := get(t, s.URL()+"assertions/newaward00000001.json")
		return resp.StatusCode == 200
	})

	// An award edit re-renders that award; a broken award shows its
	// error; fixing it recovers.
	edited := strings.Replace(string(award), "[recipient]", "narrative = \"Built the **cohort** site.\"\n\n[recipient]", 1)
	write(t, root, "content/awards/2031/spring/newaward00000001.toml", edited)
	await(t, ev, "reload", func(event) bool {
		_, body := get(t, s.URL()+"assertions/newaward00000001.json")
		return strings.Contains(body, "Built the **cohort** site.")
	})
	write(t, root, "content/awards/2031/spring/newaward00000001.toml", strings.Replace(edited, "badge = ", "badge = \"nope\"\n#", 1))
	await(t, ev, "error", func(e event) bool {
		return strings.Contains(e.data, "newaward00000001.toml:1:9: unknown badge \"nope\"")
	})
	if _, body := get(t, s.URL()+"assertions/newaward00000001.json"); !strings.Contains(body, "Built the **cohort** site.") {
		t.Errorf("while the award is broken, its last good JSON is not served:\n%s", body)
	}
	write(t, root, "content/awards/2031/spring/newaward00000001.toml", edited)
	await(t, ev, "reload", nil)

	// A theme made while serving is picked up.
	write(t, root, "themes/default/404.html", `{{define "main"}}<h1>Lost in the badges</h1>{{end}}`)
	await(t, ev, "reload", func(event) bool {
		_, body := get(t, s.URL()+"404.html")
		return strings.Contains(body, "Lost in the badges")
	})

	// A broken file: the error is shown, the last good build still served.
	write(t, root, issuer, "name = \n")
	await(t, ev, "error", func(e event) bool { return strings.Contains(e.data, issuer+":1:") })
	if got := issuerName(t, s); got != "Riverbend School" {
		t.Errorf("while broken the issuer is %q, want the last good build", got)
	}
	_, page := get(t, s.URL())
	if !strings.Contains(page, `id="rosette-error"`) || !strings.Contains(page, issuer+":1:") || !strings.Contains(page, eventsPath) {
		t.Errorf("page while broken has no error overlay:\n%.600s", page)
	}

	// Fixed: it recovers by itself.
	write(t, root, issuer, string(orig))
	await(t, ev, "reload", func(event) bool { return issuerName(t, s) == "Riverbend Code School" })
	_, page = get(t, s.URL())
	if strings.Contains(page, `id="rosette-error"`) || !strings.Contains(page, "issuers/riverbend.json") {
		t.Errorf("page after the fix:\n%.600s", page)
	}

	// Editor temporary files and attribute changes do not rebuild. Let
	// the rebuilds of the steps before settle first.
	for quiet := false; !quiet; {
		select {
		case <-ev:
		case <-time.After(time.Second):
			quiet = true
		}
	}
	write(t, root, "content/issuers/.riverbend.toml.swp", "x")
	write(t, root, "content/issuers/riverbend.toml~", "x")
	write(t, root, "content/issuers/4913", "")
	os.Chmod(filepath.Join(root, issuer), 0o600)
	select {
	case e := <-ev:
		t.Errorf("event %+v after temporary files", e)
	case <-time.After(300 * time.Millisecond):
	}
	if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
		t.Error("serve wrote public/")
	}
}

// TestInjectHTML checks the reload script and the error overlay in an
// HTML output, before </body> when there is one.
func TestInjectHTML(t *testing.T) {
	s := &Server{files: map[string][]byte{
		"assertions/x/index.html": []byte("<!doctype html><html><body><p>hi</p></BODY></html>"),
	}}
	for _, broken := range []bool{false, true} {
		if broken {
			s.lastErr = errString("content/awards/x.toml:3:1: <bad>")
		}
		rec := &recorder{header: http.Header{}}
		req, _ := http.NewRequest("GET", "/assertions/x/", nil)
		s.ServeHTTP(rec, req)
		body := rec.body.String()
		if rec.code != 200 || rec.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("code %d, headers %v", rec.code, rec.header)
		}
		if !strings.Contains(body, "<p>hi</p>") || !strings.HasSuffix(body, "</script></BODY></html>") {
			t.Errorf("body %s", body)
		}
		if got := strings.Contains(body, "content/awards/x.toml:3:1: &lt;bad&gt;"); got != broken {
			t.Errorf("broken=%v: overlay present=%v in %s", broken, got, body)
		}
	}
	rec := &recorder{header: http.Header{}}
	req, _ := http.NewRequest("GET", "/assertions/x", nil)
	s.ServeHTTP(rec, req)
	if rec.code != http.StatusMovedPermanently || rec.header.Get("Location") != "/assertions/x/" {
		t.Errorf("directory without slash: %d %v", rec.code, rec.header)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

type recorder struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(c int)   { r.code = c }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = 200
	}
	return r.body.Write(b)
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/a.toml~": true, "content/.a.toml.swp": true, "content/.a.toml.swx": true, "content/4913": true,
		"content/.#a.toml": true, "content/#a.toml#": true, "content/a.toml___jb_tmp___": true,
		"content/a.toml": false, "content/badges/a.png": false, "content/awards/2025": false, "content/a#b.toml": false,
	} {
		if got := ignored(filepath.FromSlash(name)); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestServeBaseURL(t *testing.T) {
	s, err := New(Options{Source: sitetest.Copy(t), Port: 0, BaseURL: "http://192.0.2.7:1313/"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.ln.Close()
	files, buildErr := s.files, s.lastErr
	if buildErr != nil || s.URL() != "http://192.0.2.7:1313/" || !strings.Contains(string(files["issuers/riverbend.json"]), `"id": "http://192.0.2.7:1313/issuers/riverbend.json"`) {
		t.Errorf("URL %s, error %v, issuer %s", s.URL(), buildErr, files["issuers/riverbend.json"])
	}
}

// TestServeExact serves the example with templates executed by
// html/template only: the same files as with the compiled programs.
func TestServeExact(t *testing.T) {
	root := sitetest.Copy(t)
	files := map[bool]map[string][]byte{}
	for _, exact := range []bool{false, true} {
		s, err := New(Options{Source: root, Port: 0, BaseURL: "http://192.0.2.7:1313/", ExactTemplates: exact})
		if err != nil {
			t.Fatal(err)
		}
		s.ln.Close()
		if s.lastErr != nil {
			t.Fatal(s.lastErr)
		}
		files[exact] = s.files
	}
	if len(files[true]) == 0 || len(files[true]) != len(files[false]) {
		t.Fatalf("%d files with ExactTemplates, %d without", len(files[true]), len(files[false]))
	}
	for p, want := range files[true] {
		if !bytes.Equal(files[false][p], want) {
			t.Errorf("%s differs", p)
		}
	}
}
