package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"rosette/generator/internal/fileid"
)

// TestWriteFile checks writeFile against what os.WriteFile does: a new
// file, a shorter file over a longer one, an empty file, and a missing
// directory; and that it does not write through a link.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.json")
	for _, data := range [][]byte{bytes.Repeat([]byte("x"), 100_000), []byte("short"), nil} {
		id, err := writeFile(name, data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("wrote %d bytes, read back %d (%v)", len(data), len(got), err)
		}
		if fi, _ := os.Stat(name); fi.Mode().Perm()&0o600 != 0o600 || fi.Mode().Perm()&0o111 != 0 {
			t.Errorf("mode %v", fi.Mode())
		}
		if want, _, _ := fileid.Lstat(name); id != want {
			t.Errorf("writeFile gave the ID %+v, Lstat %+v", id, want)
		}
	}
	_, err := writeFile(filepath.Join(dir, "missing", "b.json"), []byte("x"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing", "b.json") {
		t.Errorf("missing directory: %v", err)
	}
	if !hasNoFollow {
		return
	}
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("kept"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := writeFile(link, []byte("through the link")); err == nil {
		t.Error("wrote through a link")
	}
	if got, _ := os.ReadFile(target); string(got) != "kept" {
		t.Errorf("the link's target holds %q", got)
	}
}

// TestCompareFile checks what compareFile finds against what the os
// package says: nothing, the same bytes, other bytes of the same or
// another length, a link to the same bytes, a directory and a pipe (which
// must not block).
func TestCompareFile(t *testing.T) {
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
		{"empty", put("empty", nil), true, false},
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
		r, s, id := compareFile(c.path, data, buf)
		if r != c.regular || s != c.isSame {
			t.Errorf("%s: compareFile = %v, %v; want %v, %v", c.name, r, s, c.regular, c.isSame)
		}
		if want, _, _ := fileid.Lstat(c.path); s && id != want {
			t.Errorf("%s: compareFile gave the ID %+v, Lstat %+v", c.name, id, want)
		} else if !s && id != (fileid.ID{}) {
			t.Errorf("%s: compareFile gave an ID for other bytes: %+v", c.name, id)
		}
	}
	// An empty file holds exactly no bytes.
	if r, s, _ := compareFile(filepath.Join(dir, "empty"), nil, make([]byte, 1)); !r || !s {
		t.Errorf("empty file against no bytes: %v, %v", r, s)
	}
}
