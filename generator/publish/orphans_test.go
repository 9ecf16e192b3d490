package publish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// kill leaves d as a build killed while it wrote: its tree, its
// unfinished manifest, and no lock.
func kill(d *Dir) {
	d.done = true
	d.unlock()
	if d.man != nil {
		d.man.f.Close()
	}
}

// names lists the entries of dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// TestKilledBuildsAreRemoved kills builds, fresh and reusing the spare,
// and checks that the next build removes what they left: their trees and
// their unfinished manifests.
func TestKilledBuildsAreRemoved(t *testing.T) {
	if !canLock {
		t.Skip("no locks here: killed builds are removed after a day")
	}
	work := t.TempDir()
	dest, manifests := filepath.Join(work, "out", "public"), filepath.Join(work, "manifests")
	files := map[string]string{"a.json": "1", "b/c.html": "2"}
	buildWith(t, dest, manifests, files)
	buildWith(t, dest, manifests, files) // a spare for the first killed build
	for i := range 3 {
		d, err := Create(dest, "", manifests)
		if err != nil {
			t.Fatal(err)
		}
		if reused := i == 0; d.reused != reused {
			t.Errorf("killed build %d: reused %v, want %v", i, d.reused, reused)
		}
		// Only the output and this build's tree: the last killed build's is gone.
		if got, want := names(t, filepath.Dir(dest)), []string{filepath.Base(d.tmp), "public"}; !slices.Equal(got, want) {
			t.Errorf("killed build %d: beside the output %v, want %v", i, got, want)
		}
		temps := 0
		for _, n := range names(t, manifests) {
			if strings.HasPrefix(n, manifestTemp) {
				temps++
			}
		}
		if temps != 1 {
			t.Errorf("killed build %d: %d unfinished manifests, want its own", i, temps)
		}
		if i < 2 {
			d.Write(outputMarker, []byte("/*\n"))
			d.Write("a.json", []byte("killed"))
		} // the last is killed before it writes anything
		kill(d)
	}
	buildWith(t, dest, manifests, files)
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{".public.prev", "public"}) {
		t.Errorf("left beside the output: %v", got)
	}
	for _, n := range names(t, manifests) {
		if strings.HasPrefix(n, manifestTemp) {
			t.Errorf("unfinished manifest left: %s", n)
		}
	}
	if got := tree(t, dest); got != "a.json=1 b/ b/c.html=2" {
		t.Errorf("output: %s", got)
	}
}

// TestRunningBuildIsKept starts two builds at once: neither removes the
// other's tree, and both commit.
func TestRunningBuildIsKept(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.json": "0"})
	build(t, dest, map[string]string{"a.json": "0"}) // a spare for the first of the two
	d1, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	d1.Write(outputMarker, []byte("/*\n"))
	d1.Write("a.json", []byte("1"))
	d2, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !d1.reused || d2.reused {
		t.Errorf("reused: %v, %v; want the first build only", d1.reused, d2.reused)
	}
	d2.Write(outputMarker, []byte("/*\n"))
	if err := d1.Write("b.json", []byte("1")); err != nil {
		t.Fatal("the first build after the second started:", err)
	}
	if err := d1.Commit(); err != nil {
		t.Fatal(err)
	}
	d2.Write("a.json", []byte("2"))
	if err := d2.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got != "a.json=2" {
		t.Errorf("output: %s", got)
	}
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{".public.prev", "public"}) {
		t.Errorf("left beside the output: %v", got)
	}
}

// TestForeignTemporaryDirectoriesAreKept checks that directories named
// as a build's temporary directory but not of a build are left alone:
// one of other files, one holding sources and a link; while an empty
// one and a stamped one go.
func TestForeignTemporaryDirectoriesAreKept(t *testing.T) {
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	mk := func(name string, files ...string) {
		os.Mkdir(filepath.Join(out, name), 0o755)
		for _, f := range files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(out, name, f)), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(out, name, f), []byte("precious"), 0o644)
		}
	}
	mk(".public.tmp-notes", "notes.txt")
	mk(".public.tmp-sources", "_headers", "content/site.toml")
	mk(".public.tmp-empty")
	mk(".public.tmp-stamped", stampName, "a/b.json")
	mk("elsewhere", stampName)
	if err := os.Symlink(filepath.Join(out, "elsewhere"), filepath.Join(out, ".public.tmp-link")); err != nil {
		t.Log("no symbolic links here:", err)
	}
	old := time.Now().Add(-48 * time.Hour)
	for _, n := range []string{".public.tmp-notes", ".public.tmp-sources"} {
		os.Chtimes(filepath.Join(out, n), old, old)
	}
	build(t, dest, map[string]string{"a.json": "1"})
	got := names(t, out)
	for _, want := range []string{".public.tmp-notes", ".public.tmp-sources", "elsewhere"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s was removed", want)
		}
	}
	for _, gone := range []string{".public.tmp-empty", ".public.tmp-stamped"} {
		if canLock && slices.Contains(got, gone) {
			t.Errorf("%s was kept", gone)
		}
	}
	if data, err := os.ReadFile(filepath.Join(out, "elsewhere", stampName)); err != nil || string(data) != "precious" {
		t.Errorf("the link's target changed: %q, %v", data, err)
	}
}

// TestAbortRemovesTheTree checks that a failed build removes its tree,
// also when it was the spare, and that the next build writes the whole
// output again.
func TestAbortRemovesTheTree(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.json": "1"})
	build(t, dest, map[string]string{"a.json": "2", "b.json": "2"})
	d, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !d.reused {
		t.Fatal("the build did not reuse the spare")
	}
	d.Write("a.json", []byte("3"))
	d.Abort()
	if got := names(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("left beside the output after a failed build: %v", got)
	}
	if got := tree(t, dest); got != "a.json=2 b.json=2" {
		t.Errorf("the failed build changed the output: %s", got)
	}
	if d := build(t, dest, map[string]string{"c.json": "4"}); d.reused {
		t.Error("the build after a failed one reused a tree")
	}
	if got := tree(t, dest); got != "c.json=4" {
		t.Errorf("build after a failed one: %s", got)
	}
}

// TestStampIsNotPublished checks that the stamp of a build in progress is
// not in the output, and that no build may write it.
func TestStampIsNotPublished(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d.tmp, stampName)); err != nil {
		t.Errorf("no stamp in the build's tree: %v", err)
	}
	if err := d.Write(stampName, []byte("x")); err == nil {
		t.Error("wrote the stamp's path")
	}
	d.Write(outputMarker, []byte("/*\n"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dest, stampName)); !os.IsNotExist(err) {
		t.Errorf("the stamp is in the output: %v", err)
	}
}
