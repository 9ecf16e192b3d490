package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFile checks the writer of output files against what
// os.WriteFile does: a new file, a shorter file over a longer one, an
// empty file, and a missing directory.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.json")
	for _, data := range [][]byte{bytes.Repeat([]byte("x"), 100_000), []byte("short"), nil} {
		if err := writeFile(name, data); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("wrote %d bytes, read back %d (%v)", len(data), len(got), err)
		}
		if fi, _ := os.Stat(name); fi.Mode().Perm()&0o600 != 0o600 || fi.Mode().Perm()&0o111 != 0 {
			t.Errorf("mode %v", fi.Mode())
		}
	}
	err := writeFile(filepath.Join(dir, "missing", "b.json"), []byte("x"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing", "b.json") {
		t.Errorf("missing directory: %v", err)
	}
}
