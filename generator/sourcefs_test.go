package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
)

// TestSourceFSReadsAsDirFS compares the reads of sourceFS with those of
// os.DirFS: contents, and errors with the same path and cause.
func TestSourceFSReadsAsDirFS(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "awards"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "awards", "a.toml"), []byte("badge = \"x\"\n"), 0o644)
	src, dir := newSourceFS(root), os.DirFS(root)
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

// TestLoadRefusesLargeRecord loads a record over the size limit from disk,
// through sourceFS.
func TestLoadRefusesLargeRecord(t *testing.T) {
	root := copyExample(t)
	big := filepath.Join(root, "content", "earners", "big.toml")
	if err := os.WriteFile(big, []byte("name = \"Big\"\nbio = \""+strings.Repeat("x", content.MaxRecordBytes)+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Options{Source: root})
	if err == nil || !strings.Contains(err.Error(), "content/earners/big.toml: file is larger than the limit of 1048576 bytes (1 MB) for a record") {
		t.Errorf("Load: %v", err)
	}
}
