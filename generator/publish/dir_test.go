package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write(outputMarker, nil); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/b.json", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d2, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	d2.Write(outputMarker, nil)
	d2.Write("c.json", []byte("2"))
	d2.Abort()
	if data, err := os.ReadFile(filepath.Join(dest, "a", "b.json")); err != nil || string(data) != "1" {
		t.Fatalf("aborted build changed the output: %q %v", data, err)
	}
	d3, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	d3.Write(outputMarker, nil)
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
	if d3.Files() != 2 || d3.Bytes() != 1 {
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
		if _, err := Create(dest, root, ""); err == nil {
			t.Errorf("Create(%s) accepted", dest)
		}
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module x\n"), 0o644)
	if _, err := Create(other, root, ""); err == nil {
		t.Error("a directory holding go.mod was accepted as destination")
	}
}

// TestRefusesForeignDestination checks that a build never replaces a
// directory that holds files rosette did not make: the user's files stay
// where they were, however many builds are run.
func TestRefusesForeignDestination(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "userdir")
	os.Mkdir(dest, 0o755)
	notes := filepath.Join(dest, "notes.txt")
	os.WriteFile(notes, []byte("precious"), 0o644)
	for i := 0; i < 2; i++ {
		d, err := Create(dest, "", "")
		if err == nil {
			d.Write(outputMarker, nil)
			d.Write("index.html", []byte("x"))
			d.Commit()
			t.Fatalf("build %d into a directory of other files was allowed", i+1)
		}
		if want := "destination " + dest + " is not empty and not the output of a rosette build (it has no _headers): a build replaces the whole contents of its destination, so choose an empty or new directory"; err.Error() != want {
			t.Errorf("error:\n%v\nwant:\n%s", err, want)
		}
	}
	if data, err := os.ReadFile(notes); err != nil || string(data) != "precious" {
		t.Fatalf("the user's file was lost: %q %v", data, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	// A file is not a destination either.
	if _, err := Create(notes, "", ""); err == nil {
		t.Error("a regular file was accepted as destination")
	}

	// An empty directory is, and once built into it is an output.
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	for i := 0; i < 3; i++ {
		d, err := Create(empty, "", "")
		if err != nil {
			t.Fatalf("build %d into an empty directory: %v", i+1, err)
		}
		d.Write(outputMarker, nil)
		d.Write("index.html", []byte("x"))
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if i == 2 && !d.reused {
			t.Error("the third build did not reuse the spare")
		}
	}
}

// TestForeignSpareIsKept checks that a directory at the spare's path that
// is not a build output is neither reused nor deleted.
func TestForeignSpareIsKept(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	spare := SparePath(dest)
	os.Mkdir(spare, 0o755)
	os.WriteFile(filepath.Join(spare, "notes.txt"), []byte("precious"), 0o644)
	for i := 0; i < 3; i++ {
		d, err := Create(dest, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if d.reused {
			t.Fatalf("build %d reused a directory of other files", i+1)
		}
		d.Write(outputMarker, nil)
		if i == 1 {
			d.Abort()
			continue
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(spare, "notes.txt")); err != nil || string(data) != "precious" {
		t.Fatalf("the user's file was lost: %q %v", data, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestAbortedTreeWithoutMarkerIsNotKept checks that a failed build whose
// tree holds files but not yet the marker removes it rather than keeping
// a spare that no later build would take.
func TestAbortedTreeWithoutMarkerIsNotKept(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := Create(dest, "", "")
	if err != nil {
		t.Fatal(err)
	}
	d.Write("a.json", []byte("1"))
	d.Abort()
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
