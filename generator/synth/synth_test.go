package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
)

func TestSiteLoadsWithoutProblems(t *testing.T) {
	root := t.TempDir()
	o := Options{Awards: 600, Badges: 7, Earners: 40, Seed: 3}
	st, err := Write(root, o)
	if err != nil {
		t.Fatal(err)
	}
	// site.toml, issuer + logo, 7 badge classes + images, 40 earners, 600 awards
	if want := 1 + 2 + 2*7 + 40 + 600; st.Files != want {
		t.Errorf("wrote %d files, want %d", st.Files, want)
	}
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Awards) != 600 || len(s.Badges) != 7 || len(s.Earners) != 40 || len(s.Issuers) != 1 {
		t.Fatalf("loaded %d awards, %d badges, %d earners, %d issuers", len(s.Awards), len(s.Badges), len(s.Earners), len(s.Issuers))
	}
	var revoked, expiring, evidence, narrative, noEarner, public int
	for _, a := range s.Awards {
		if a.Revoked {
			revoked++
		}
		if !a.ExpiresAt(s.Badge(a.Badge)).IsZero() {
			expiring++
		}
		if len(a.Evidence) > 0 {
			evidence++
		}
		if a.Narrative != "" {
			narrative++
		}
		if a.Earner == "" {
			noEarner++
		}
	}
	for _, e := range s.Earners {
		if e.Public {
			public++
		}
	}
	for name, n := range map[string]int{"revoked": revoked, "expiring": expiring, "with evidence": evidence,
		"with a narrative": narrative, "without an earner": noEarner, "public earners": public} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}
	for _, b := range s.Badges {
		if b.PNG == nil || b.PNG.Width != b.PNG.Height {
			t.Errorf("badge %s has no square PNG", b.ID)
		}
		if n := len(b.Criteria); n < 350 || n > 800 {
			t.Errorf("badge %s: criteria of %d bytes, want about 500", b.ID, n)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, w := range []struct {
		dir  string
		seed uint64
	}{{a, 1}, {b, 1}, {c, 2}} {
		if _, err := Write(w.dir, Options{Awards: 200, Seed: w.seed}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := tree(t, a), tree(t, b), tree(t, c)
	if len(ta) != len(tb) {
		t.Fatalf("same seed: %d and %d files", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(tb[p], data) {
			t.Errorf("same seed, different %s", p)
		}
	}
	// Award ids are random: another seed gives other award files.
	shared := 0
	for p := range ta {
		if _, ok := tc[p]; ok && strings.HasPrefix(p, "content/awards/") {
			shared++
		}
	}
	if shared > 0 {
		t.Errorf("another seed made %d of the same award files", shared)
	}
}

func TestRefusesExistingContent(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	if _, err := Write(root, Options{Awards: 1}); err == nil {
		t.Error("wrote over an existing content/ directory")
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
