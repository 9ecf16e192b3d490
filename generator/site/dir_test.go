package site

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := Create(dest, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/b.json", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d2, _ := Create(dest, "")
	d2.Write("c.json", []byte("2"))
	d2.Abort()
	if data, err := os.ReadFile(filepath.Join(dest, "a", "b.json")); err != nil || string(data) != "1" {
		t.Fatalf("aborted build changed the output: %q %v", data, err)
	}
	d3, _ := Create(dest, "")
	d3.Write("c.json", []byte("3"))
	if err := d3.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a", "b.json")); !os.IsNotExist(err) {
		t.Error("a file of the previous build survived")
	}
	// Only the output and the spare kept for the next build remain.
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 2 || entries[0].Name() != ".public.prev" || entries[1].Name() != "public" {
		t.Errorf("left behind: %v", entries)
	}
	if d3.Files() != 1 || d3.Bytes() != 1 {
		t.Errorf("counted %d files, %d bytes", d3.Files(), d3.Bytes())
	}
}

func TestCheckPath(t *testing.T) {
	for _, p := range []string{"", "/abs", "../up", "a/../../b", "a//b", "a/./b", ".", "..", `a\b`, "a/"} {
		if CheckPath(p) == nil {
			t.Errorf("CheckPath(%q) accepted", p)
		}
	}
	for _, p := range []string{"index.html", "assertions/x.json", ".well-known/x"} {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v", p, err)
		}
	}
}

func TestRefusesSourceDirectories(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content"), 0o755)
	for _, dest := range []string{root, filepath.Join(root, "content"), filepath.Join(root, "themes", "default")} {
		if _, err := Create(dest, root); err == nil {
			t.Errorf("Create(%s) accepted", dest)
		}
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module x\n"), 0o644)
	if _, err := Create(other, root); err == nil {
		t.Error("a directory holding go.mod was accepted as destination")
	}
}
