package fileid

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestDirLstat checks that a Dir tells the same ID and type as Lstat of
// the joined name, for a file in it, a file further down, a directory, a
// link (not followed, even to a file) and a missing file; and that it
// refuses to open a link to a directory or a file.
func TestDirLstat(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "top", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(root, "top", "a.json"), []byte(`{"a":1}`), 0o644))
	must(os.WriteFile(filepath.Join(root, "top", "sub", "index.html"), []byte("<p>page</p>"), 0o644))
	links := runtime.GOOS != "windows"
	if links {
		must(os.Symlink("a.json", filepath.Join(root, "top", "link")))
		must(os.Symlink("top", filepath.Join(root, "dirlink")))
	}
	d, err := OpenDir(filepath.Join(root, "top"))
	must(err)
	defer d.Close()
	rels := []string{"a.json", "sub/index.html", "sub", "missing", "sub/missing"}
	if links {
		rels = append(rels, "link")
	}
	for _, rel := range rels {
		want, wantTyp, wantErr := Lstat(filepath.Join(root, "top", filepath.FromSlash(rel)))
		got, typ, err := d.Lstat(rel)
		if got != want || typ != wantTyp || (err == nil) != (wantErr == nil) {
			t.Errorf("Dir.Lstat(%q) = %+v, %v, %v; Lstat gave %+v, %v, %v", rel, got, typ, err, want, wantTyp, wantErr)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Dir.Lstat(%q): %v, want a not-exist error", rel, err)
		}
	}
	if got, _, _ := d.Lstat("a.json"); Supported && (got.Ino == 0 || got.Size != int64(len(`{"a":1}`))) {
		t.Errorf("Dir.Lstat(a.json) = %+v", got)
	}
	if links {
		for _, name := range []string{"dirlink", filepath.Join("top", "a.json"), filepath.Join("top", "link")} {
			if d, err := OpenDir(filepath.Join(root, name)); err == nil {
				d.Close()
				t.Errorf("OpenDir(%s) opened what is not a directory", name)
			}
		}
	}
}
