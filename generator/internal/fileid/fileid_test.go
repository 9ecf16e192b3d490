package fileid

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestIDs checks that Lstat and Of tell the same ID of a file, that the
// ID changes when the file is written again after the clock moved, even
// with the same size and modification time, and the types Lstat reports.
func TestIDs(t *testing.T) {
	if !Supported {
		t.Skip("no file IDs on this system")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "a.html")
	data := []byte("<p>first</p>")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	written, typ, err := Lstat(name)
	if err != nil || !typ.IsRegular() {
		t.Fatal(typ, err)
	}
	if written.Ino == 0 || written.Size != int64(len(data)) || written.Ctime == 0 {
		t.Fatalf("Lstat gave %+v", written)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil || Of(fi) != written {
		t.Errorf("Of(Stat) = %+v, %v; Lstat gave %+v", Of(fi), err, written)
	}

	// The same size, the modification time set back: the ctime still moves.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if err := os.WriteFile(name, []byte("<p>other</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(name, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
		id, _, err := Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		if now, _ := os.Stat(name); !now.ModTime().Equal(fi.ModTime()) {
			t.Fatalf("Chtimes did not set the modification time back: %v, want %v", now.ModTime(), fi.ModTime())
		}
		if id != written {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("rewritten for 5 s, and the ID never changed")
		}
		time.Sleep(time.Millisecond) // still within the clock tick of the first write
	}

	if _, typ, err := Lstat(dir); err != nil || typ != fs.ModeDir {
		t.Errorf("Lstat of a directory: %v, %v", typ, err)
	}
	if _, _, err := Lstat(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Lstat of nothing: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(name, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if id, typ, err := Lstat(link); err != nil || typ != fs.ModeSymlink || id == written {
		t.Errorf("Lstat of a link: %+v, %v, %v", id, typ, err)
	}
}
