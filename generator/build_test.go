package generator

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// exampleRoot is the repository root: the example site.
const exampleRoot = ".."

// buildExample builds the example site into a fresh directory.
func buildExample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: exampleRoot, Destination: dest, CacheDir: t.TempDir(), Clock: goldenClock}); err != nil {
		t.Fatal(err)
	}
	return dest
}

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffTrees reports files missing from got, extra in got, and different.
func diffTrees(got, want map[string][]byte) []string {
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing: "+p)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "different: "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra: "+p)
		}
	}
	sort.Strings(diffs)
	return diffs
}

func TestGolden(t *testing.T) {
	got := readTree(t, buildExample(t))
	golden := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for p, data := range got {
			f := filepath.Join(golden, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, golden)
	for _, d := range diffTrees(got, want) {
		t.Error(d)
		if p, ok := strings.CutPrefix(d, "different: "); ok {
			t.Log(firstDiff(got[p], want[p]))
		}
	}
	if t.Failed() {
		t.Log("if the change is intended, run: go test ./generator -run TestGolden -update")
	}
}

func TestReproducible(t *testing.T) {
	first := readTree(t, buildExample(t))
	saved := time.Local
	defer func() { time.Local = saved }()
	time.Local = time.FixedZone("UTC+13", 13*3600)
	second := readTree(t, buildExample(t))
	if d := diffTrees(second, first); len(d) > 0 {
		t.Errorf("two builds differ:\n%s", strings.Join(d, "\n"))
	}
}

// TestEveryIDIsItsURL checks that every JSON document's id is the URL it
// is served at.
func TestEveryIDIsItsURL(t *testing.T) {
	dest := buildExample(t)
	n := 0
	for p, data := range readTree(t, dest) {
		if !strings.HasSuffix(p, ".json") || p == render.SearchPath || strings.HasSuffix(p, "/"+render.SearchPath) {
			continue // the search index is the home page's data, not a document
		}
		var doc struct {
			ID string `json:"id"`
		}
		if err := jsonUnmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if want := "https://badges.riverbend.example.org/" + p; doc.ID != want {
			t.Errorf("%s: id %q, want %q", p, doc.ID, want)
		}
		n++
	}
	if n < 16+5+2 {
		t.Errorf("only %d JSON documents", n)
	}
}

func TestFailedBuildLeavesOutputIntact(t *testing.T) {
	root := copyExampleSite(t)
	dest := filepath.Join(root, "public")
	if _, err := Build(Options{Source: root}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)

	// A content error: nothing is written.
	award := filepath.Join(root, "content", "awards", "2025", "asvmzxej4hlafbt2.toml")
	good, _ := os.ReadFile(award)
	os.WriteFile(award, bytes.Replace(good, []byte(`badge = "python-data-analysis"`), []byte(`badge = "nope"`), 1), 0o644)
	_, err := Build(Options{Source: root})
	var ce content.Errors
	if !errors.As(err, &ce) || len(ce) != 1 || !strings.Contains(ce[0].Error(), `asvmzxej4hlafbt2.toml:1:9: unknown badge "nope"`) {
		t.Fatalf("build error = %v", err)
	}
	if d := diffTrees(readTree(t, dest), before); len(d) > 0 {
		t.Fatalf("output changed after a content error:\n%s", strings.Join(d, "\n"))
	}
	os.WriteFile(award, good, 0o644)

	// A write failure halfway through rendering: the output stays as it was
	// and no temporary directory is left behind.
	os.WriteFile(filepath.Join(root, "content", "issuers", "riverbend.toml"), []byte("name = \"Renamed\"\nurl = \"https://riverbend.example.org/\"\nemail = \"b@riverbend.example.org\"\n"), 0o644)
	var writes atomic.Int64
	_, err = buildWrapped(Options{Source: root}, func(p Publisher) Publisher {
		return failAfter{p, &writes, 10}
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("build error = %v, want the injected failure", err)
	}
	if d := diffTrees(readTree(t, dest), before); len(d) > 0 {
		t.Fatalf("output changed after a failed build:\n%s", strings.Join(d, "\n"))
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary directory left behind: %s", e.Name())
		}
	}
}

type failAfter struct {
	Publisher
	n     *atomic.Int64
	limit int64
}

func (f failAfter) Write(p string, data []byte) error {
	if f.n.Add(1) > f.limit {
		return errors.New("write " + p + ": disk full")
	}
	return f.Publisher.Write(p, data)
}

func TestStaleFilesDisappear(t *testing.T) {
	root := copyExampleSite(t)
	dest := filepath.Join(root, "public")
	if _, err := Build(Options{Source: root}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dest, "stray.txt"), []byte("x"), 0o644)
	os.Remove(filepath.Join(root, "content", "awards", "2025", "f3ugnuowr9zloz1p.toml"))
	if _, err := Build(Options{Source: root}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"stray.txt", "assertions/f3ugnuowr9zloz1p.json"} {
		if _, err := os.Stat(filepath.Join(dest, p)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s survived the rebuild", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "assertions", "asvmzxej4hlafbt2.json")); err != nil {
		t.Error(err)
	}
}

func TestDestinationGuards(t *testing.T) {
	root := copyExampleSite(t)
	for _, dest := range []string{root, filepath.Dir(root), filepath.Join(root, "content"), filepath.Join(root, "content", "out"), filepath.Join(root, "themes", "x")} {
		if _, err := Build(Options{Source: root, Destination: dest}); err == nil {
			t.Errorf("build into %s was allowed", dest)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "content", "site.toml")); err != nil {
		t.Fatalf("the site was damaged: %v", err)
	}
	// A directory of the user's own files is never replaced, not even
	// by a second build.
	user := filepath.Join(t.TempDir(), "userdir")
	writeFile(t, filepath.Join(user, "notes.txt"), "precious")
	for i := 0; i < 2; i++ {
		_, err := Build(Options{Source: root, Destination: user})
		if err == nil || !strings.Contains(err.Error(), "choose an empty or new directory") {
			t.Errorf("build %d into a directory of other files: %v", i+1, err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(user, "notes.txt")); err != nil || string(data) != "precious" {
		t.Errorf("the user's file was lost: %q %v", data, err)
	}
}

func TestBaseURLOption(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := Build(Options{Source: exampleRoot, Destination: dest, CacheDir: t.TempDir(), BaseURL: "https://preview.example.net/pr-7"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dest, "issuers", "riverbend.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"id": "https://preview.example.net/pr-7/issuers/riverbend.json"`)) {
		t.Errorf("base URL not applied:\n%s", data)
	}
	if _, err := Build(Options{Source: exampleRoot, Destination: dest, CacheDir: t.TempDir(), BaseURL: "preview.example.net"}); err == nil {
		t.Error("a relative base URL was accepted")
	}
}

// TestBeforeRender checks when Build calls Options.BeforeRender: once the
// site has loaded, before the output is written, and what it returns when
// Build returns; never for a site that does not load.
func TestBeforeRender(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	var calls []string
	opts := Options{Source: exampleRoot, Destination: dest, CacheDir: t.TempDir(), Clock: goldenClock, BeforeRender: func(mapped int64) func() {
		_, err := os.Stat(dest)
		calls = append(calls, fmt.Sprintf("before (output there: %v, mapped %d)", err == nil, mapped))
		return func() { calls = append(calls, "after") }
	}}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(calls, ", "), "before (output there: false, mapped 0), after"; got != want {
		t.Errorf("calls: %s, want %s", got, want)
	}
	calls = nil
	opts.Source = t.TempDir() // no content/
	if _, err := Build(opts); err == nil || len(calls) > 0 {
		t.Errorf("a site that does not load: %v, calls %v", err, calls)
	}
}
