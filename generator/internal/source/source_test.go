package source

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestSourceFSReadsAsDirFS compares the reads of FS with those of
// os.DirFS: contents, and errors with the same path and cause.
func TestSourceFSReadsAsDirFS(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "awards"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "awards", "a.toml"), []byte("badge = \"x\"\n"), 0o644)
	src, dir := New(root, nil), os.DirFS(root)
	for _, name := range []string{"content/awards/a.toml", "content/awards/missing.toml", "content/awards", "../etc/passwd", "/abs"} {
		got, gotErr := src.ReadFile(name)
		want, wantErr := fs.ReadFile(dir, name)
		if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: read %q, %v; os.DirFS: %q, %v", name, got, gotErr, want, wantErr)
			continue
		}
		var gp, wp *fs.PathError
		if gotErr != nil && (!errors.As(gotErr, &gp) || !errors.As(wantErr, &wp) || gp.Path != wp.Path || !errors.Is(gotErr, wp.Err)) {
			t.Errorf("%s: error %v; os.DirFS: %v", name, gotErr, wantErr)
		}
	}
}

// TestClean checks that FS notes the files it read whole without the
// private key marker, and only those.
func TestClean(t *testing.T) {
	root := t.TempDir()
	for name, data := range map[string]string{
		"clean.toml": "name = \"x\"\n",
		"key.toml":   "k = \"-----BEGIN PRIVATE KEY-----\"\n",
		"big.toml":   "name = \"a larger file\"\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	clean := new(Clean)
	src := New(root, clean)
	for _, name := range []string{"clean.toml", "key.toml", "missing.toml"} {
		src.ReadFile(name)
	}
	if _, tooLarge, err := src.ReadFileLimit("big.toml", 4); !tooLarge {
		t.Fatalf("ReadFileLimit: too large %v, %v", tooLarge, err)
	}
	for name, want := range map[string]bool{"clean.toml": true, "key.toml": false, "missing.toml": false, "big.toml": false, "unread.toml": false} {
		if got := clean.Has(filepath.Join(root, name)); got != want {
			t.Errorf("Has(%s) = %v, want %v", name, got, want)
		}
	}
	New(root, nil).ReadFile("clean.toml") // no set: nothing noted, no panic
}
