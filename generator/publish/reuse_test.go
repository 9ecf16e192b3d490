package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// build writes files (path → content) and, as every build does, the
// output marker, as one build of dest and commits it, keeping no
// manifests.
func build(t *testing.T, dest string, files map[string]string) *Dir {
	t.Helper()
	return buildWith(t, dest, "", files)
}

// buildWith is build keeping the manifests of output trees in manifests.
func buildWith(t *testing.T, dest, manifests string, files map[string]string) *Dir {
	t.Helper()
	return buildUsing(t, dest, manifests, files, func(d *Dir, p, data string) error { return d.Write(p, []byte(data)) })
}

// buildUsing is buildWith writing each file with write.
func buildUsing(t *testing.T, dest, manifests string, files map[string]string, write func(d *Dir, p, data string) error) *Dir {
	t.Helper()
	d, err := Create(dest, "", manifests)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write(outputMarker, []byte("/*\n")); err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if err := write(d, p, data); err != nil {
			t.Fatal(err)
		}
	}
	if manifests != "" {
		// A manifest trusts only files older than itself (by the file
		// system's coarse clock), and a test build is quicker than a tick.
		nextTick(t, d.tmp)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// tree lists a directory as "path=content" for files and "path/" for
// directories, sorted, leaving out the output marker.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == outputMarker {
			return nil
		}
		if e.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		data, err := os.ReadFile(p)
		out = append(out, rel+"="+string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestRebuildsReuseTheSpare runs builds whose outputs change in every way a
// reused tree must handle and checks that each output is exactly what its
// build wrote, with and without manifests.
func TestRebuildsReuseTheSpare(t *testing.T) {
	t.Run("compared", func(t *testing.T) { testRebuilds(t, "") })
	t.Run("manifests", func(t *testing.T) { testRebuilds(t, filepath.Join(t.TempDir(), "manifests")) })
}

func testRebuilds(t *testing.T, manifests string) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := []map[string]string{
		{"a/b.json": "1", "a/c.json": "22", "x/y/z.json": "3", "same.json": "s"},
		{"a/b.json": "1", "a/c.json": "23", "x.json": "4", "same.json": "s"},
		{"a/b.json": "one", "a": "", "x/y.json": "5", "same.json": "s"}, // "a" is invalid below
		{"a/b.json": "1", "x": "file where a directory was", "same.json": "s", "deep/er/f.json": "6"},
		{"x/y/z.json": "directory where a file was", "same.json": "s"},
		{"same.json": "s"},
	}
	builds[2] = map[string]string{"a": "file where a directory was", "x/y.json": "5", "same.json": "s"}
	want := func(files map[string]string) string {
		dirs := map[string]bool{}
		var out []string
		for p, c := range files {
			out = append(out, p+"="+c)
			for d := filepath.ToSlash(filepath.Dir(p)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
				dirs[d] = true
			}
		}
		for d := range dirs {
			out = append(out, d+"/")
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	for i, files := range builds {
		d := buildWith(t, dest, manifests, files)
		if got := tree(t, dest); got != want(files) {
			t.Fatalf("build %d:\n got %s\nwant %s", i+1, got, want(files))
		}
		if i >= 2 && !d.reused {
			t.Errorf("build %d did not reuse the spare", i+1)
		}
		if d.Files() != int64(len(files))+1 {
			t.Errorf("build %d counted %d files, want %d", i+1, d.Files(), len(files)+1)
		}
	}
	// Builds 4, 5 and 6 all reuse a tree that held same.json = "s".
	d := buildWith(t, dest, manifests, map[string]string{"same.json": "s", "new.json": "n"})
	if d.Unchanged() != 2 {
		t.Errorf("%d files left as they were, want 2 (the marker and same.json)", d.Unchanged())
	}
}

func TestAbortAfterReuseKeepsOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.json": "1"})
	build(t, dest, map[string]string{"a.json": "2", "b.json": "2"})
	d, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !d.reused {
		t.Fatal("third build did not reuse the spare")
	}
	d.Write("a.json", []byte("3"))
	d.Abort()
	if got := tree(t, dest); got != "a.json=2 b.json=2" {
		t.Errorf("aborted build changed the output: %s", got)
	}
	build(t, dest, map[string]string{"c.json": "4"})
	if got := tree(t, dest); got != "c.json=4" {
		t.Errorf("build after an aborted one: %s", got)
	}
}

func TestSpareHoldingSourcesIsNotReused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	spare := SparePath(dest)
	os.MkdirAll(filepath.Join(spare, "content"), 0o755)
	os.WriteFile(filepath.Join(spare, "content", "keep.toml"), []byte("x"), 0o644)
	build(t, dest, map[string]string{"a.json": "1"})
	build(t, dest, map[string]string{"a.json": "2"})
	if data, err := os.ReadFile(filepath.Join(spare, "content", "keep.toml")); err != nil || string(data) != "x" {
		t.Errorf("a directory holding content/ was used as a spare: %q %v", data, err)
	}
	if got := tree(t, dest); got != "a.json=2" {
		t.Errorf("output: %s", got)
	}
}

func TestReusedTreeDoesNotWriteThroughLinks(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	manifests := filepath.Join(dir, "manifests")
	outside := filepath.Join(dir, "outside.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	buildWith(t, dest, manifests, map[string]string{"a.json": "1"})
	buildWith(t, dest, manifests, map[string]string{"a.json": "1"})
	spare := SparePath(dest)
	os.Remove(filepath.Join(spare, "a.json"))
	if err := os.Symlink(outside, filepath.Join(spare, "a.json")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	buildWith(t, dest, manifests, map[string]string{"a.json": "overwritten"})
	if data, _ := os.ReadFile(outside); string(data) != "secret" {
		t.Errorf("the build wrote through a link: %q", data)
	}
	if got := tree(t, dest); got != "a.json=overwritten" {
		t.Errorf("output: %s", got)
	}
}
