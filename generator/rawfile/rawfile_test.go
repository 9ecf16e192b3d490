package rawfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteFile checks WriteFile against what os.WriteFile does: a new file, a shorter file over a longer one, an
// empty file, and a missing directory.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.json")
	for _, data := range [][]byte{bytes.Repeat([]byte("x"), 100_000), []byte("short"), nil} {
		if _, err := WriteFile(name, data); err != nil {
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
	_, err := WriteFile(filepath.Join(dir, "missing", "b.json"), []byte("x"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing", "b.json") {
		t.Errorf("missing directory: %v", err)
	}
}

// TestCompare checks what Compare finds against comparePortable,
// the os package's answer: nothing, the same bytes, other bytes of the same
// or another length, a link to the same bytes, a directory and a pipe.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	data := []byte("<p>the same bytes</p>")
	put := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	same := put("same", data)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(same, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	sub := filepath.Join(dir, "dir")
	os.Mkdir(sub, 0o755)
	type lookCase struct {
		name            string
		path            string
		regular, isSame bool
	}
	cases := []lookCase{
		{"nothing", filepath.Join(dir, "missing"), true, false},
		{"same bytes", same, true, true},
		{"other bytes", put("other", []byte("<p>the sane bytes</p>")), true, false},
		{"shorter", put("shorter", data[:5]), true, false},
		{"longer", put("longer", append(bytes.Clone(data), '\n')), true, false},
		{"link", link, false, false},
		{"directory", sub, false, false},
	}
	if fifo := filepath.Join(dir, "fifo"); mkfifo(fifo) == nil {
		cases = append(cases, lookCase{"pipe", fifo, false, false})
	}
	for _, c := range cases {
		buf := make([]byte, len(data)+1)
		if r, s, _ := Compare(c.path, data, buf); r != c.regular || s != c.isSame {
			t.Errorf("%s: Compare = %v, %v; want %v, %v", c.name, r, s, c.regular, c.isSame)
		}
		if r, s := comparePortable(c.path, data, buf); r != c.regular || s != c.isSame {
			t.Errorf("%s: comparePortable = %v, %v; want %v, %v", c.name, r, s, c.regular, c.isSame)
		}
	}
}

// TestIDs checks that WriteFile, Compare and Lstat tell the same ID of a
// file, that the ID changes when the file is written again after the clock
// moved, even with the same size and modification time, and that a link is
// not a regular file.
func TestIDs(t *testing.T) {
	if !HasIDs {
		t.Skip("no file IDs on this system")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "a.html")
	data := []byte("<p>first</p>")
	written, err := WriteFile(name, data)
	if err != nil {
		t.Fatal(err)
	}
	if written.Ino == 0 || written.Size != int64(len(data)) || written.Ctime == 0 {
		t.Fatalf("WriteFile gave %+v", written)
	}
	if id, typ, err := Lstat(name); err != nil || !typ.IsRegular() || id != written {
		t.Errorf("Lstat = %+v, %v, %v; WriteFile gave %+v", id, typ, err, written)
	}
	if r, s, id := Compare(name, data, make([]byte, len(data)+1)); !r || !s || id != written {
		t.Errorf("Compare = %v, %v, %+v; WriteFile gave %+v", r, s, id, written)
	}
	if _, _, id := Compare(name, []byte("<p>other</p>"), make([]byte, 13)); id != (ID{}) {
		t.Errorf("Compare of other bytes gave an ID: %+v", id)
	}

	// The same size, the modification time set back: the ctime still moves.
	fi, _ := os.Stat(name)
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

	link := filepath.Join(dir, "link")
	if err := os.Symlink(name, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, typ, err := Lstat(link); err != nil || typ != fs.ModeSymlink {
		t.Errorf("Lstat of a link: %v, %v", typ, err)
	}
	if _, typ, err := Lstat(dir); err != nil || typ != fs.ModeDir {
		t.Errorf("Lstat of a directory: %v, %v", typ, err)
	}
	if _, _, err := Lstat(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Lstat of nothing: %v", err)
	}
}

// TestReadFile reads files of several sizes, one at its limit and one over
// it, a directory and a missing file.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 70_000} {
		data := bytes.Repeat([]byte{'a' + byte(n%26)}, n)
		name := filepath.Join(dir, "f")
		os.WriteFile(name, data, 0o644)
		got, err := ReadFile(name, int64(n))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: read %d, %v", n, len(got), err)
		}
		if n > 0 {
			if _, err := ReadFile(name, int64(n-1)); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes with a limit of %d: %v, want ErrTooLarge", n, n-1, err)
			}
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(dir, 10); err == nil {
		t.Error("read a directory")
	}
}
