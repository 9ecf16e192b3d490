package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/hosting"
)

// TestHostFiles checks the _headers and _redirects files of a build.
func TestHostFiles(t *testing.T) {
	dest := buildExample(t)
	data, err := os.ReadFile(filepath.Join(dest, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	if want := hosting.HeadersFile(hosting.HeaderRules(false)); !bytes.Equal(data, want) {
		t.Errorf("_headers:\n%s\nwant\n%s", data, want)
	}
	redirects, err := os.ReadFile(filepath.Join(dest, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "/issuers/riverbend /issuers/riverbend.json 302\n"; !strings.HasSuffix(string(redirects), "\n"+want) {
		t.Errorf("_redirects:\n%s", redirects)
	}
}

// TestPreviewHeaders: a build for another base URL than site.toml's is a
// preview, kept out of search engines; one for the same URL is not.
func TestPreviewHeaders(t *testing.T) {
	for _, c := range []struct {
		baseURL string
		preview bool
	}{
		{"", false},
		{"https://badges.riverbend.example.org", false},
		{"https://deploy-preview-7--riverbend.netlify.app", true},
	} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: exampleRoot, Destination: dest, CacheDir: t.TempDir(), BaseURL: c.baseURL}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dest, "_headers"))
		if err != nil {
			t.Fatal(err)
		}
		if want := hosting.HeadersFile(hosting.HeaderRules(c.preview)); !bytes.Equal(data, want) {
			t.Errorf("base URL %q: _headers\n%s\nwant (preview = %v)\n%s", c.baseURL, data, c.preview, want)
		}
	}
}
