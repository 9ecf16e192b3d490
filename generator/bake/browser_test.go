package bake

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"rosette/generator/internal/judges"
)

// nearMisses pass the allowlist although they hold URLs and keywords in
// places where a browser does not load them.
func nearMisses() []string {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	return []string{
		head + `<title>http://evil.example/title.png</title><text>@import "http://evil.example/text.css"; url(http://evil.example/text.png)</text></svg>`,
		head + `<rect fill="url(#evil.example/fill)"/><use href="#http://evil.example/use"/></svg>`,
		head + `<style>@font-face{font-family:x;src:local(Arial)} .a{fill:url( #g )}</style><text class="a">x</text></svg>`,
		head + `<style><![CDATA[rect{fill:red} /* url(http://evil.example/comment.png) */]]></style><rect width="5" height="5"/></svg>`,
	}
}

// TestBrowserLoadsNothing shows every SVG that passes the allowlist —
// the bypass cases that now fail it are left out — to Chromium, as a
// document of its own and inline in a page, source and minified, and
// checks that the browser requests none of the URLs in them. A control
// SVG that is not checked proves that requests would be seen.
func TestBrowserLoadsNothing(t *testing.T) {
	bin := judges.Chromium(t)
	var (
		mu      sync.Mutex
		fetched []string
		svgs    [][]byte
		page    string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		var i int
		switch {
		case r.URL.Path == "/page.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		case r.URL.Path == "/control.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg"><image href="http://%s/evil/control.png" width="9" height="9"/></svg>`, r.Host)
		case sscanf(r.URL.Path, "/svg/%d.svg", &i) && i < len(svgs):
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Write(svgs[i])
		default:
			if strings.HasPrefix(r.URL.Path, "/evil/") {
				fetched = append(fetched, r.URL.Path)
			}
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	var inputs []string
	for _, c := range bypassCases() {
		inputs = append(inputs, c.in)
	}
	inputs = append(append(inputs, allowedSVGs()...), nearMisses()...)
	mu.Lock() // the pages are made while the server runs
	var body strings.Builder
	for n, in := range inputs {
		in = strings.ReplaceAll(in, "http://evil.example/", fmt.Sprintf("%s/evil/%d/", srv.URL, n))
		if len(CheckSVG([]byte(in))) > 0 {
			continue
		}
		min, err := MinifySVG([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		for _, img := range [][]byte{[]byte(in), min} {
			fmt.Fprintf(&body, "<iframe src=\"/svg/%d.svg\"></iframe>\n", len(svgs))
			svgs = append(svgs, img)
			body.Write(img[strings.Index(string(img), "<svg"):])
			body.WriteString("\n")
		}
	}
	if len(svgs) < 2*(len(allowedSVGs())+len(nearMisses())) {
		t.Fatalf("only %d SVGs passed the allowlist", len(svgs))
	}
	page = "<!doctype html><title>badges</title>\n<iframe src=\"/control.svg\"></iframe>\n" + body.String()
	mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// A browser that dies of a signal (it has crashed so while starting on
	// busy CI machines) is run again, twice at most, in a fresh profile.
	var out []byte
	for attempt := 1; ; attempt++ {
		cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
			"--user-data-dir="+filepath.Join(t.TempDir(), "profile"), "--virtual-time-budget=5000",
			"--dump-dom", srv.URL+"/page.html")
		var err error
		out, err = cmd.Output()
		if err == nil {
			break
		}
		var exit *exec.ExitError
		if attempt == 3 || ctx.Err() != nil || !errors.As(err, &exit) || exit.ProcessState.ExitCode() != -1 {
			t.Fatalf("chromium: %v", err)
		}
		t.Logf("chromium died (%v, attempt %d of 3); running it again", err, attempt)
	}
	if !strings.Contains(string(out), "control.svg") {
		t.Fatalf("chromium did not load the page:\n%.500s", out)
	}
	mu.Lock()
	defer mu.Unlock()
	sort.Strings(fetched)
	control := false
	for i, p := range fetched {
		if p == "/evil/control.png" {
			control = true
			continue
		}
		if i > 0 && fetched[i-1] == p {
			continue
		}
		t.Errorf("the browser requested %s from an SVG that passed the allowlist", p)
	}
	if !control {
		t.Errorf("the control SVG's image was not requested: the test cannot see requests (got %v)", fetched)
	}
}

func sscanf(s, format string, i *int) bool {
	n, err := fmt.Sscanf(s, format, i)
	return err == nil && n == 1
}
