package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// brokenSite writes a small site with two problems.
func brokenSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"content/site.toml":         "base_url = \"https://b.example.org/\"\ntitle = \"T\"\n",
		"content/issuers/acme.toml": "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@acme.example.org\"\n",
		"content/badges/git.toml":   "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\nimage = \"none.png\"\n",
		"content/earners/ada.toml":  "nmae = \"Ada\"\n",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	return root
}

func TestUsage(t *testing.T) {
	if code, _, stderr := runCmd(t); code != exitUsage || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no arguments: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "frobnicate"); code != exitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "--nope"); code != exitUsage || !strings.Contains(stderr, "flag provided but not defined: -nope") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "check", "--format", "xml"); code != exitUsage || !strings.Contains(stderr, "--format must be text, github or json") {
		t.Errorf("bad format: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "--baseURL", "example.org"); code != exitUsage || !strings.Contains(stderr, "not an absolute http(s) URL") {
		t.Errorf("bad base URL: exit %d, stderr %q", code, stderr)
	}
	for _, c := range commands() {
		code, stdout, _ := runCmd(t, c.name, "--help")
		if code != exitOK || !strings.Contains(stdout, "Usage: rosette "+c.name) {
			t.Errorf("%s --help: exit %d, stdout %q", c.name, code, stdout)
		}
		if c.name != "version" && !strings.Contains(stdout, "Examples:") {
			t.Errorf("%s --help has no examples", c.name)
		}
	}
	if code, stdout, _ := runCmd(t, "help", "build"); code != exitOK || !strings.Contains(stdout, "--destination") {
		t.Errorf("help build: exit %d", code)
	}
}

func TestCheckExample(t *testing.T) {
	code, stdout, stderr := runCmd(t, "check", "-s", "../..")
	// The example site leaves two texts in English on its French pages,
	// so that the fallback shows: two warnings.
	if code != exitOK || !strings.Contains(stdout, "\nok: 2 issuers, 6 badge classes, 6 earners, 16 awards") ||
		strings.Count(stdout, ": warning: no translation into fr of ") != 2 || !strings.Contains(stdout, "\nwarning: missing translations: fr 2 records;") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

func TestCheckFormats(t *testing.T) {
	root := brokenSite(t)
	// Paths are relative to the working directory: the site root joined
	// with the path inside it.
	r := filepath.ToSlash(root) + "/"
	wantText := r + "content/badges/git.toml:4:9: image \"none.png\": no such PNG or SVG file in content/badges/\n" +
		r + "content/earners/ada.toml:1:1: missing required key \"name\"\n" +
		r + "content/earners/ada.toml:1:1: unknown key \"nmae\" (did you mean \"name\"?)\n"
	code, stdout, stderr := runCmd(t, "check", "-s", root)
	if code != exitFailure || stdout != wantText || stderr != "3 problems\n" {
		t.Errorf("text: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	code, stdout, _ = runCmd(t, "check", "--source", root, "--format", "github")
	rp := ghProperty(r)
	wantGitHub := "::error file=" + rp + "content/badges/git.toml,line=4,col=9,title=rosette check::image \"none.png\": no such PNG or SVG file in content/badges/\n" +
		"::error file=" + rp + "content/earners/ada.toml,line=1,col=1,title=rosette check::missing required key \"name\"\n" +
		"::error file=" + rp + "content/earners/ada.toml,line=1,col=1,title=rosette check::unknown key \"nmae\" (did you mean \"name\"?)\n"
	if code != exitFailure || stdout != wantGitHub {
		t.Errorf("github: exit %d\n%s", code, stdout)
	}

	code, stdout, _ = runCmd(t, "check", "-s", root, "--format", "json")
	var rep struct {
		Problems []problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != exitFailure {
		t.Fatalf("json: exit %d, %v\n%s", code, err, stdout)
	}
	if len(rep.Problems) != 3 || rep.Problems[0] != (problem{r + "content/badges/git.toml", 4, 9, `image "none.png": no such PNG or SVG file in content/badges/`}) {
		t.Errorf("json problems = %+v", rep.Problems)
	}

	code, stdout, _ = runCmd(t, "check", "-s", "../..", "--format", "json")
	var clean struct {
		Problems []problem `json:"problems"`
		Warnings []warning `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(stdout), &clean); err != nil || code != exitOK || clean.Problems == nil || len(clean.Problems) != 0 || len(clean.Warnings) != 2 || clean.Warnings[0].Language != "fr" {
		t.Errorf("json of a clean site: exit %d, %v\n%s", code, err, stdout)
	}
}

func TestBuildCommand(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCmd(t, "build", "-s", "../..", "-d", dest, "--cacheDir", t.TempDir())
	if code != exitOK || !strings.HasPrefix(stdout, "Built 16 awards (1 revoked), 6 badge classes, 2 issuers, 6 earners → "+dest+": ") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "assertions", "asvmzxej4hlafbt2.json")); err != nil {
		t.Error(err)
	}

	root := brokenSite(t)
	code, stdout, stderr = runCmd(t, "build", "-s", root)
	if code != exitFailure || stdout != "" || !strings.Contains(stderr, "content/earners/ada.toml:1:1: missing required key \"name\"\n") ||
		!strings.HasSuffix(stderr, "rosette build: 3 problems in the content; nothing was written\n") {
		t.Errorf("broken site: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Error("a failed build wrote public/")
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := ghData("50% done\nnext"); got != "50%25 done%0Anext" {
		t.Errorf("ghData = %q", got)
	}
	if got := ghProperty("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("ghProperty = %q", got)
	}
}
