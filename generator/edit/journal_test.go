package edit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func journalFiles() []Planned {
	return []Planned{
		{Path: "content/earners/ada.toml", Data: []byte("name = \"Ada\"\n")},
		{Path: "content/awards/2025/abc.toml", Data: []byte("badge = \"x\"\n")},
	}
}

// stageOnly leaves a committed journal for files, as a process killed
// right after the commit point would.
func stageOnly(t *testing.T, root string, files []Planned) []journalEntry {
	t.Helper()
	entries, err := stage(root, files)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(root, stagingDir), filepath.Join(root, journalDir)); err != nil {
		t.Fatal(err)
	}
	return entries
}

func exists(root, p string) bool {
	_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
	return err == nil
}

func TestRecoverFinishes(t *testing.T) {
	root := t.TempDir()
	stageOnly(t, root, journalFiles())
	// One file was written before the process died.
	os.MkdirAll(filepath.Join(root, "content/earners"), 0o755)
	os.Link(filepath.Join(root, journalDir, "0"), filepath.Join(root, "content/earners/ada.toml"))
	msg, err := Recover(root)
	if err != nil || !strings.Contains(msg, "finished an interrupted write of 2 files") {
		t.Fatalf("Recover = %q, %v", msg, err)
	}
	for _, f := range journalFiles() {
		if data, err := os.ReadFile(filepath.Join(root, f.Path)); err != nil || string(data) != string(f.Data) {
			t.Errorf("%s = %q, %v", f.Path, data, err)
		}
	}
	if exists(root, journalDir) {
		t.Error("journal left behind")
	}
	if msg, err := Recover(root); msg != "" || err != nil {
		t.Errorf("second Recover = %q, %v", msg, err)
	}
}

func TestRecoverRollsBackDamagedJournal(t *testing.T) {
	root := t.TempDir()
	stageOnly(t, root, journalFiles())
	os.MkdirAll(filepath.Join(root, "content/earners"), 0o755)
	os.Link(filepath.Join(root, journalDir, "0"), filepath.Join(root, "content/earners/ada.toml"))
	os.WriteFile(filepath.Join(root, journalDir, "1"), nil, 0o644) // lost by the disk
	msg, err := Recover(root)
	if err != nil || !strings.Contains(msg, "rolled back") {
		t.Fatalf("Recover = %q, %v", msg, err)
	}
	for _, f := range journalFiles() {
		if exists(root, f.Path) {
			t.Errorf("%s kept", f.Path)
		}
	}
	if exists(root, journalDir) {
		t.Error("journal left behind")
	}
}

func TestRecoverRemovesStaging(t *testing.T) {
	root := t.TempDir()
	if _, err := stage(root, journalFiles()); err != nil {
		t.Fatal(err)
	}
	if msg, err := Recover(root); msg != "" || err != nil {
		t.Fatalf("Recover = %q, %v", msg, err)
	}
	if exists(root, stagingDir) || exists(root, "content") {
		t.Error("staging not removed, or content written")
	}
}

// TestRecoverRefusesPlantedJournal: a journal committed to the repository
// cannot make a command write outside content/, nor through a link.
func TestRecoverRefusesPlantedJournal(t *testing.T) {
	for _, target := range []string{".github/workflows/x.yml", "content/../x", "/etc/x", "content/linked/x.toml"} {
		root := t.TempDir()
		os.MkdirAll(filepath.Join(root, "content"), 0o755)
		os.Symlink(t.TempDir(), filepath.Join(root, "content/linked"))
		os.MkdirAll(filepath.Join(root, journalDir), 0o755)
		os.WriteFile(filepath.Join(root, journalDir, "0"), []byte("x"), 0o644)
		m := journalHead + "\n2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 0 " + target + "\n"
		os.WriteFile(filepath.Join(root, journalDir, manifest), []byte(m), 0o644)
		if msg, err := Recover(root); err == nil {
			t.Errorf("%s: Recover = %q, want an error", target, msg)
		}
		if err := WriteAll(root, journalFiles()); err == nil {
			t.Errorf("%s: WriteAll ran past a bad journal", target)
		}
	}
}

func TestWriteAllRefusesExisting(t *testing.T) {
	root := t.TempDir()
	files := journalFiles()
	os.MkdirAll(filepath.Join(root, "content/awards/2025"), 0o755)
	os.WriteFile(filepath.Join(root, files[1].Path), []byte("mine"), 0o644)
	if err := WriteAll(root, files); err == nil || !strings.Contains(err.Error(), "already exists; nothing was written") {
		t.Fatalf("WriteAll = %v", err)
	}
	if exists(root, files[0].Path) || exists(root, ".rosette/journal") {
		t.Error("something was written")
	}
}
