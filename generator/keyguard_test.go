package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"rosette/generator/content"
	"rosette/generator/internal/source"
	"rosette/generator/sign"
)

// TestBuildRefusesPrivateKey checks that a private key pasted into a
// record fails the build at its position, and that nothing is written.
func TestBuildRefusesPrivateKey(t *testing.T) {
	root := copyExampleSite(t)
	priv, err := sign.EncodePrivateKey(signingTestKeys(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "content/badges/git-foundations.toml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "description = ") {
			lines[i] = "description = \"\"\"\nThe key:\n" + string(priv) + "\"\"\""
		}
	}
	writeFile(t, file, strings.Join(lines, "\n"))
	_, err = Build(Options{Source: root})
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Build: %v, want content errors", err)
	}
	want := "content/badges/git-foundations.toml:5:1: a private key: it must never be in the repository or the site."
	if !strings.Contains(errs.Error(), want) {
		t.Errorf("Build errors:\n%v\nwant one starting %q", errs, want)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was written: %v", err)
	}
}

// TestKeyMarkerInContent checks that content holding the marker of a PEM
// private key, without a key block, is refused at its position by the
// build, since the build would refuse to publish it; outside content/
// (documentation, code) the marker alone is allowed.
func TestKeyMarkerInContent(t *testing.T) {
	root := copyExampleSite(t)
	file := filepath.Join(root, "content/badges/git-foundations.toml")
	replaceInFile(t, file, "description = \"", "description = \"Starts -----BEGIN RSA PRIVATE KEY----- ")
	writeFile(t, filepath.Join(root, "docs/keys.md"), "Keys start with -----BEGIN PRIVATE KEY-----.\n")
	const want = `content/badges/git-foundations.toml:3:23: the text "PRIVATE KEY-----", which marks a PEM private key: the site never publishes it, so reword it`
	_, err := Build(Options{Source: root})
	if err == nil || err.Error() != want {
		t.Errorf("Build: %v, want %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was written: %v", err)
	}
}

// TestRenderRefusesKeyMarker checks the last line of defence: output that
// holds the marker of a PEM private key is never published, whatever the
// content scan missed.
func TestRenderRefusesKeyMarker(t *testing.T) {
	root := copyExampleSite(t)
	file := filepath.Join(root, "content/badges/git-foundations.toml")
	replaceInFile(t, file, "description = \"", "description = \"-----BEGIN PRIVATE KEY----- ")
	s, err := Load(Options{Source: root}) // Load alone does not scan for keys
	if err != nil {
		t.Fatal(err)
	}
	var pub pathRecorder
	err = Render(s, &pub, Options{Source: root})
	if err == nil || !strings.Contains(err.Error(), "refusing to publish badges/git-foundations.json: it holds \"PRIVATE KEY-----\"") {
		t.Fatalf("Render: %v, want a refusal to publish", err)
	}
	if pub.has("badges/git-foundations.json") {
		t.Errorf("the badge class JSON was published")
	}
}

// pathRecorder records the paths of output files.
type pathRecorder struct {
	mu    sync.Mutex
	paths []string
}

func (m *pathRecorder) Write(path string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.paths = append(m.paths, path)
	return nil
}

func (m *pathRecorder) has(path string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.paths {
		if p == path {
			return true
		}
	}
	return false
}

// TestBuildRefusesLinkedKey checks that the build refuses a link to a
// file that holds a key, and a link loop, as links.
func TestBuildRefusesLinkedKey(t *testing.T) {
	root := copyExampleSite(t)
	priv, err := sign.EncodePrivateKey(signingTestKeys(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "earner.toml")
	writeFile(t, outside, "name = \"\"\"\n"+string(priv)+"\"\"\"\n")
	if err := os.Symlink(outside, filepath.Join(root, "content/earners/linked.toml")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(root, filepath.Join(root, "content/awards/loop")); err != nil {
		t.Fatal(err)
	}
	_, err = Build(Options{Source: root})
	for _, want := range []string{"content/earners/linked.toml: a symbolic link", "content/awards/loop: a symbolic link"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build: %v, want %q", err, want)
		}
	}
}

// TestBuildScansWhatTheLoaderSkips checks that the build's key scan, which
// does not read again the records the loader read clean, still reports
// keys in files the loader does not read (a file that is not a record, a
// record over the size limit) and in records it read.
func TestBuildScansWhatTheLoaderSkips(t *testing.T) {
	root := copyExampleSite(t)
	priv, err := sign.EncodePrivateKey(signingTestKeys(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "content/badges/notes.txt"), "x\n"+string(priv))
	writeFile(t, filepath.Join(root, "content/awards/huge.toml"), string(priv)+strings.Repeat("# padding\n", content.MaxRecordBytes/10+1))
	file := filepath.Join(root, "content/issuers/riverbend.toml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, string(src)+"\nnote = \"\"\"\n"+string(priv)+"\"\"\"\n")
	lines := strings.Count(string(src), "\n") + 3

	_, err = Build(Options{Source: root})
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Build: %v, want content errors", err)
	}
	for _, want := range []string{
		"content/badges/notes.txt:2:1: a private key",
		"content/awards/huge.toml:1:1: a private key",
		"content/issuers/riverbend.toml:" + strconv.Itoa(lines) + ":1: a private key",
	} {
		if !strings.Contains(errs.Error(), want) {
			t.Errorf("Build errors:\n%v\nwant one starting %q", errs, want)
		}
	}
}

// TestLoadNotesCleanFiles checks what the loader tells the key scan: every
// record it read without the marker, and not a record that holds it.
func TestLoadNotesCleanFiles(t *testing.T) {
	root := copyExampleSite(t)
	file := filepath.Join(root, "content/badges/git-foundations.toml")
	replaceInFile(t, file, "description = \"", "description = \"Starts -----BEGIN RSA PRIVATE KEY----- ")
	clean := new(source.Clean)
	if _, err := load(Options{Source: root}, clean); err != nil {
		t.Fatal(err)
	}
	records, err := filepath.Glob(filepath.Join(root, "content", "*", "*.toml"))
	if err != nil || len(records) < 10 {
		t.Fatalf("records: %v %v", records, err)
	}
	for _, r := range records {
		if got, want := clean.Has(r), r != file; got != want {
			t.Errorf("clean %s: %v, want %v", r, got, want)
		}
	}
}

// replaceInFile replaces the first old in the file at path with new.
func replaceInFile(t *testing.T, path, old, new string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	writeFile(t, path, strings.Replace(string(src), old, new, 1))
}
