package generator

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/judges"
)

// browserTools finds node, playwright-core and Chromium (see package
// judges).
func browserTools(t *testing.T) (node, playwright, chromium string) {
	t.Helper()
	node, modules := judges.Node(t, "playwright-core", "axe-core")
	return node, filepath.Join(modules, "playwright-core"), judges.Chromium(t)
}

// runBrowser runs the browser script testdata/browser/<script> (see
// chromium.mjs) on the site served at base, with plan as its
// ROSETTE_PLAN, axe-core, and shots as the directory for screenshots
// ("": none), and decodes the JSON report it prints into rep.
func runBrowser(t *testing.T, script, base string, plan any, shots string, rep any) {
	t.Helper()
	node, playwright, chromium := browserTools(t)
	planJSON, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "browser", script))
	cmd.Env = append(os.Environ(), "ROSETTE_PLAYWRIGHT="+playwright, "ROSETTE_CHROMIUM="+chromium,
		"ROSETTE_SITE="+base, "ROSETTE_AXE="+filepath.Join(judges.Modules(t), "axe-core", "axe.min.js"), "ROSETTE_PLAN="+string(planJSON), "ROSETTE_SHOTS="+shots)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser script %s: %v", script, err)
	}
	if err := json.Unmarshal(stdout, rep); err != nil {
		t.Fatalf("browser report of %s: %v\n%s", script, err, stdout)
	}
}

// serveSite builds the example site for a server on 127.0.0.1 and serves
// it, with 404.html for unknown paths. It returns the base URL and the
// output directory.
func serveSite(t *testing.T) (string, string) {
	t.Helper()
	return serveBuild(t, Options{Source: ".."})
}

// serveSource is serveSite for the site at root.
func serveSource(t *testing.T, root string) (string, string) {
	t.Helper()
	return serveBuild(t, Options{Source: root})
}

// serveBuild builds the site opts names for a server on 127.0.0.1, at the
// clock of the browser tests unless opts has one, and serves it as
// serveSite does.
func serveBuild(t *testing.T, opts Options) (string, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	out := filepath.Join(t.TempDir(), "public")
	opts.Destination, opts.CacheDir, opts.BaseURL = out, t.TempDir(), base
	if opts.Clock.IsZero() {
		opts.Clock = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	serveDir(t, ln, out)
	return base, out
}

// serveDir serves the built site out on ln, with 404.html for unknown
// paths, until the test ends.
func serveDir(t *testing.T, ln net.Listener, out string) {
	t.Helper()
	files := http.FileServer(http.Dir(out))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(out, "404.html"))
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// exampleEmails reads the plaintext recipients of the example site's awards.
func exampleEmails(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "example-recipients.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if id, email, ok := strings.Cut(sc.Text(), " "); ok && !strings.HasPrefix(id, "#") {
			m[id] = email
		}
	}
	return m
}

type browserReport struct {
	Pages map[string]struct {
		Status     int
		Errors     []string
		Outside    []string
		Overflow   int
		Lang       string
		Headings   []int
		NoAlt      []string
		Unlabelled []string
		Axe        []string
	}
	Checks map[string]struct {
		Status, Verdict, Summary string
		Steps                    []string
		Errors, Outside          []string
	}
	Emails   map[string]struct{ ClassName, Text string }
	JWS      map[string]string
	Noscript map[string]struct {
		Verdict        string
		HiddenControls bool
	}
	Embeds map[string]struct {
		Images          []bool
		Wall, Previews  int
		Errors, Outside []string
	}
	States map[string]struct {
		Status, Verdict, Summary, ClassName, Note string
		Steps, Errors                             []string
	}
	Walls  map[string]*struct{ Hidden, Cards, Overflow int }
	Panels map[string]struct {
		LinkedIn, Signature int
		Verified            bool
		HeroFilter          string
		WallStatuses        []string
	}
}

// tamperedJSON is the hosted JSON of an award in out with change applied.
func tamperedJSON(t *testing.T, out, id string, change func(map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "assertions", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	data, _ = json.Marshal(doc)
	return string(data)
}

// TestPagesInBrowser loads every kind of page in headless Chromium: no
// console errors, no request leaving the site, no horizontal scrolling on
// a phone; the in-browser check, the email box and the embed snippets work.
// Set ROSETTE_SCREENSHOTS to a directory to keep screenshots of each page
// at 1280 and 390 px.
func TestPagesInBrowser(t *testing.T) {
	browserTools(t) // skips without them
	base, out := serveSite(t)

	// A tampered award: its hosted JSON no longer names the recipient the
	// page was published for.
	tampered := filepath.Join(out, "assertions", "u0i3xx0bzn1kir0g.json")
	data, err := os.ReadFile(tampered)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["recipient"].(map[string]any)["identity"] = "sha256$" + strings.Repeat("ab", 32)
	data, _ = json.Marshal(doc)
	if err := os.WriteFile(tampered, data, 0o644); err != nil {
		t.Fatal(err)
	}

	emails := exampleEmails(t)
	plan := map[string]any{
		"pages": []map[string]string{
			{"name": "home", "path": "/"},
			{"name": "badge", "path": "/badges/web-accessibility/"},
			{"name": "award", "path": "/assertions/asvmzxej4hlafbt2/"},
			{"name": "award-expired", "path": "/assertions/53pd9varw8tsjkin/"},
			{"name": "award-revoked", "path": "/assertions/zsjqdfbcwxugd95s/"},
			{"name": "award-private", "path": "/assertions/0do4ue11rb4pvp3b/"},
			{"name": "earner", "path": "/earners/ada-okafor/"},
			{"name": "wall", "path": "/earners/ada-okafor/embed/"},
			{"name": "pathway", "path": "/pathways/digital-practitioner/"},
			{"name": "404", "path": "/no/such/page/"},
		},
		"awards": map[string]string{
			"valid":    "/assertions/asvmzxej4hlafbt2/",
			"expired":  "/assertions/53pd9varw8tsjkin/",
			"revoked":  "/assertions/zsjqdfbcwxugd95s/",
			"tampered": "/assertions/u0i3xx0bzn1kir0g/",
		},
		"emails": map[string]any{
			"match":       map[string]string{"path": "/assertions/asvmzxej4hlafbt2/", "email": "  " + strings.ToUpper(emails["asvmzxej4hlafbt2"]) + " "},
			"other":       map[string]string{"path": "/assertions/asvmzxej4hlafbt2/", "email": emails["6pycdybk155oxtz7"]},
			"match-chloe": map[string]string{"path": "/assertions/0do4ue11rb4pvp3b/", "email": emails["0do4ue11rb4pvp3b"]},
		},
		"embeds": map[string]string{"award": "/assertions/asvmzxej4hlafbt2/", "earner": "/earners/ada-okafor/"},
		"print":  "/assertions/asvmzxej4hlafbt2/",
	}
	// The states of an award page whose published data is missing, broken
	// or changed: each serves doc with status and body instead.
	const valid = "/assertions/asvmzxej4hlafbt2/"
	state := func(doc string, status int, body string) map[string]any {
		return map[string]any{"path": valid, "doc": doc, "status": status, "body": body}
	}
	plan["states"] = map[string]any{
		"missing-award":      state("/assertions/asvmzxej4hlafbt2.json", 404, "not found"),
		"broken-award":       state("/assertions/asvmzxej4hlafbt2.json", 200, `{"@context": "https://w3id.org/openbadges/v2", "id": `),
		"missing-badge":      state("/badges/python-data-analysis.json", 404, "not found"),
		"broken-revocations": state("/revocations/riverbend.json", 200, "[1,"),
		"broken-issuer":      state("/issuers/riverbend.json", 200, "<html>"),
		"tampered-narrative": state("/assertions/asvmzxej4hlafbt2.json", 200, tamperedJSON(t, out, "asvmzxej4hlafbt2", func(d map[string]any) { d["narrative"] = "Did something else." })),
		"tampered-evidence": state("/assertions/asvmzxej4hlafbt2.json", 200, tamperedJSON(t, out, "asvmzxej4hlafbt2", func(d map[string]any) {
			d["evidence"].([]any)[0].(map[string]any)["id"] = "https://elsewhere.example/"
		})),
	}
	plan["panels"] = map[string]string{
		"valid": valid, "expired": "/assertions/53pd9varw8tsjkin/", "revoked": "/assertions/zsjqdfbcwxugd95s/",
		"wall": "/earners/diego-ramirez/embed/",
	}
	jws, jwsWant := jwsCases(t, base+"assertions/asvmzxej4hlafbt2.json")
	plan["jws"] = map[string]any{"path": "/assertions/asvmzxej4hlafbt2/", "cases": jws}
	var rep browserReport
	runBrowser(t, "pages.mjs", base, plan, os.Getenv("ROSETTE_SCREENSHOTS"), &rep)

	if len(rep.Pages) != 20 {
		t.Errorf("%d pages loaded, want 20", len(rep.Pages))
	}
	for name, p := range rep.Pages {
		wantStatus := 200
		if strings.HasPrefix(name, "404@") {
			wantStatus = 404
			p.Errors = without404(p.Errors)
		}
		if p.Status != wantStatus {
			t.Errorf("%s: HTTP %d, want %d", name, p.Status, wantStatus)
		}
		if len(p.Errors) > 0 {
			t.Errorf("%s: console errors: %q", name, p.Errors)
		}
		if len(p.Outside) > 0 {
			t.Errorf("%s: requests leaving the site: %q", name, p.Outside)
		}
		if len(p.Axe) > 0 {
			t.Errorf("%s: axe-core violations:\n%s", name, strings.Join(p.Axe, "\n"))
		}
		if p.Overflow > 0 {
			t.Errorf("%s: page is %d px wider than the window", name, p.Overflow)
		}
		if p.Lang == "" || len(p.NoAlt) > 0 || len(p.Unlabelled) > 0 {
			t.Errorf("%s: lang %q, images without alt %q, form fields without a label %q", name, p.Lang, p.NoAlt, p.Unlabelled)
		}
		if len(p.Headings) == 0 || p.Headings[0] != 1 {
			t.Errorf("%s: headings %v do not start with one h1", name, p.Headings)
		}
		for i := 1; i < len(p.Headings); i++ {
			if p.Headings[i] > p.Headings[i-1]+1 || p.Headings[i] == 1 {
				t.Errorf("%s: headings out of order: %v", name, p.Headings)
				break
			}
		}
	}
	for name, want := range map[string]struct{ status, verdict string }{
		"valid":    {"valid", "Valid"},
		"expired":  {"expired", "Expired on 18 April 2025"},
		"revoked":  {"revoked", "Revoked: Awarded in error: the capstone project was submitted by another participant."},
		"tampered": {"invalid", "Not verified"},
	} {
		c, ok := rep.Checks[name]
		if !ok {
			t.Errorf("no check report for the %s award", name)
			continue
		}
		if c.Status != want.status || c.Verdict != want.verdict {
			t.Errorf("%s award: in-browser check says %s %q, want %s %q; steps:\n%s", name, c.Status, c.Verdict, want.status, want.verdict, strings.Join(c.Steps, "\n"))
		}
		if len(c.Errors) > 0 || len(c.Outside) > 0 {
			t.Errorf("%s award: console errors %q, outside requests %q", name, c.Errors, c.Outside)
		}
		// A reason that ends with a period gets no second one.
		for _, s := range append([]string{c.Summary}, c.Steps...) {
			if strings.Contains(s, "..") {
				t.Errorf("%s award: %q has a doubled period", name, s)
			}
		}
	}
	if c := rep.Checks["revoked"]; !slices.Contains(c.Steps, "fail: The issuer has revoked this award: Awarded in error: the capstone project was submitted by another participant.") ||
		c.Summary != "Checked in your browser just now: Revoked: Awarded in error: the capstone project was submitted by another participant." {
		t.Errorf("revoked award: summary %q, steps:\n%s", c.Summary, strings.Join(c.Steps, "\n"))
	}
	for name, want := range map[string]string{"match": "match", "other": "nomatch", "match-chloe": "match"} {
		if got := rep.Emails[name]; got.ClassName != want {
			t.Errorf("email box, %s: got %q (%q), want %q", name, got.ClassName, got.Text, want)
		}
	}
	for name, e := range rep.Embeds {
		if e.Previews != 2 {
			t.Errorf("%s: %d snippet previews, want 2", name, e.Previews)
		}
		for i, ok := range e.Images {
			if !ok {
				t.Errorf("%s: image %d of the snippet previews did not load", name, i)
			}
		}
		if len(e.Errors) > 0 || len(e.Outside) > 0 {
			t.Errorf("%s: console errors %q, outside requests %q", name, e.Errors, e.Outside)
		}
	}
	for name, want := range map[string]string{
		"valid": "Valid", "expired": "Expired on 18 April 2025", "tampered": "Valid",
		"revoked": "Revoked: Awarded in error: the capstone project was submitted by another participant.",
	} {
		if got := rep.Noscript[name]; got.Verdict != want || !got.HiddenControls {
			t.Errorf("%s award without script: says %q (want %q as published), script-only controls hidden: %v", name, got.Verdict, want, got.HiddenControls)
		}
	}
	for name, want := range jwsWant {
		if got := rep.JWS[name]; got != want {
			t.Errorf("signature check, %s: %q, want %q", name, got, want)
		}
	}
	for name, c := range rep.States {
		want, class := "unchecked", "verdict verdict-unchecked"
		if strings.HasPrefix(name, "tampered-") {
			want, class = "invalid", "verdict verdict-revoked"
		}
		if c.Status != want || c.ClassName != class {
			t.Errorf("%s: check says %s (%q, class %q), want %s (%q); steps:\n%s", name, c.Status, c.Verdict, c.ClassName, want, class, strings.Join(c.Steps, "\n"))
		}
		if want == "unchecked" && (c.Verdict != "Could not be checked right now" || !strings.HasPrefix(c.Note, "Status when this page was published: Valid.")) {
			t.Errorf("%s: banner says %q, %q; want that it could not be checked, with the published status", name, c.Verdict, c.Note)
		}
		for _, s := range append([]string{c.Verdict, c.Note, c.Summary}, c.Steps...) {
			for _, jargon := range []string{"JSON", "Unexpected", "undefined", "TypeError", "SyntaxError", "HTTP", "Failed to fetch"} {
				if strings.Contains(s, jargon) {
					t.Errorf("%s: %q says %q to a person", name, s, jargon)
				}
			}
		}
		if len(c.Errors) > 0 {
			t.Errorf("%s: script errors %q", name, c.Errors)
		}
	}
	if len(rep.States) != 7 {
		t.Errorf("%d states checked, want 7", len(rep.States))
	}
	for name, want := range map[string]struct {
		linkedIn, signature int
		grey                bool
	}{"valid": {1, 1, false}, "expired": {0, 0, false}, "revoked": {0, 0, true}} {
		p := rep.Panels[name]
		if p.LinkedIn != want.linkedIn || p.Signature != want.signature || (p.Verified && want.signature == 0) {
			t.Errorf("%s award: %d LinkedIn buttons, %d signatures, a snippet saying Verified: %v", name, p.LinkedIn, p.Signature, p.Verified)
		}
		if grey := strings.Contains(p.HeroFilter, "grayscale"); grey != want.grey {
			t.Errorf("%s award: badge image filter %q", name, p.HeroFilter)
		}
	}
	for _, width := range []string{"1280", "390"} {
		w := rep.Walls[width]
		if w == nil || w.Cards == 0 || w.Hidden > 0 || w.Overflow > 0 {
			t.Errorf("the profile wall in its iframe at %s px: %+v, want every card inside the frame", width, w)
		}
	}
	expired := 0
	for _, li := range rep.Panels["wall"].WallStatuses {
		class, filter, _ := strings.Cut(li, ":")
		switch {
		case strings.Contains(class, "revoked"):
			t.Errorf("the wall shows a revoked award")
		case strings.Contains(class, "expired"):
			expired++
			if !strings.Contains(filter, "grayscale") {
				t.Errorf("the wall shows an expired award in colour (%q)", filter)
			}
		}
	}
	if expired == 0 {
		t.Errorf("the wall shows no expired award: %q", rep.Panels["wall"].WallStatuses)
	}
	if w := rep.Embeds["earner"].Wall; w < 3 {
		t.Errorf("the profile wall preview shows %d badge images, want at least 3", w)
	}
	if n := len(rep.Embeds["award"].Images); n < 2 {
		t.Errorf("award snippets show %d images, want 2", n)
	}
}

// without404 drops the browser's report that the 404 page itself was a 404.
func without404(errs []string) []string {
	var out []string
	for _, e := range errs {
		if !strings.Contains(e, "status of 404") {
			out = append(out, e)
		}
	}
	return out
}
