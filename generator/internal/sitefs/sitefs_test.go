package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func write(t *testing.T, name, data string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(name), 0o755)
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRefusesLinks checks every way of reaching a file through a link:
// the file itself, a directory above it, a link that stays inside the
// root, and every operation (Open, ReadFile, ReadDir, Stat).
func TestRefusesLinks(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret"), "secret")
	root := t.TempDir()
	write(t, filepath.Join(root, "a", "file"), "inside")
	for link, target := range map[string]string{
		"a/out":    filepath.Join(outside, "secret"),
		"a/in":     "file",
		"dirlink":  outside,
		"a/dirin":  ".",
		"a/broken": "nothing",
	} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	f := New(root)
	for _, c := range []struct{ name, at string }{
		{"a/out", "a/out"},
		{"a/in", "a/in"},
		{"a/broken", "a/broken"},
		{"dirlink", "dirlink"},
		{"dirlink/secret", "dirlink"},
		{"a/dirin/file", "a/dirin"},
		{"a/dirin", "a/dirin"},
	} {
		ops := map[string]func() error{
			"Open":     func() error { _, err := f.Open(c.name); return err },
			"ReadFile": func() error { _, err := f.ReadFile(c.name); return err },
			"ReadDir":  func() error { _, err := f.ReadDir(c.name); return err },
			"Stat":     func() error { _, err := f.Stat(c.name); return err },
		}
		for op, do := range ops {
			err := do()
			var pe *fs.PathError
			if !errors.Is(err, ErrSymlink) || !errors.As(err, &pe) || pe.Path != c.at {
				t.Errorf("%s(%s): %v; want ErrSymlink at %s", op, c.name, err, c.at)
			}
		}
	}
	if data, err := f.ReadFile("a/file"); err != nil || string(data) != "inside" {
		t.Errorf("ReadFile(a/file) = %q, %v", data, err)
	}
	// WalkDir lists links as links and never descends into one.
	var walked []string
	fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink == 0 {
			walked = append(walked, p)
		}
		return nil
	})
	if len(walked) != 3 { // ., a, a/file
		t.Errorf("walked %v", walked)
	}
}

// TestRootMayBeALink checks that the root itself may be reached through a
// link: that is the caller's choice.
func TestRootMayBeALink(t *testing.T) {
	real := t.TempDir()
	write(t, filepath.Join(real, "x"), "x")
	root := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(real, root); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	f := New(root)
	if _, err := f.Stat("."); err != nil {
		t.Error(err)
	}
	if _, err := f.ReadDir("."); err != nil {
		t.Error(err)
	}
	if data, err := f.ReadFile("x"); err != nil || string(data) != "x" {
		t.Errorf("ReadFile(x) = %q, %v", data, err)
	}
}

// TestReadFileLimit checks the limit, and that errors name paths as
// os.DirFS does.
func TestReadFileLimit(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "d", "ten"), "0123456789")
	f := New(root)
	if _, tooLarge, err := f.ReadFileLimit("d/ten", 9); !tooLarge || !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit 9: %v, %v", tooLarge, err)
	}
	if data, tooLarge, err := f.ReadFileLimit("d/ten", 10); tooLarge || err != nil || string(data) != "0123456789" {
		t.Errorf("limit 10: %q, %v, %v", data, tooLarge, err)
	}
	dir := os.DirFS(root)
	for _, name := range []string{"d/missing", "d", "../x", "/abs", "d/ten/x"} {
		_, got := f.ReadFile(name)
		_, want := fs.ReadFile(dir, name)
		var gp, wp *fs.PathError
		if !errors.As(got, &gp) || !errors.As(want, &wp) || gp.Path != wp.Path || !errors.Is(got, wp.Err) {
			t.Errorf("ReadFile(%s): %v; os.DirFS: %v", name, got, want)
		}
	}
}

// TestFS runs the standard file system checks on a tree without links.
func TestFS(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "a", "b", "c.txt"), "c")
	write(t, filepath.Join(root, "d.txt"), "d")
	if err := fstest.TestFS(New(root), "a/b/c.txt", "d.txt"); err != nil {
		t.Error(err)
	}
}
