package generator

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rsa"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/sigcache"
	"rosette/generator/ob3"
)

// TestRebuildOB3 checks that a warm rebuild reuses the Open Badges 3.0
// outputs as it reuses 2.0's: it signs nothing, leaves every file of the
// tree it reuses untouched (the same modification time as when the first
// build wrote it) and gives the same tree as a cold build; after one
// award is edited, a rebuild signs that award's assertion, credential and
// VC-JWT again and nothing else, changes only that award's files and
// pages, and again gives the tree of a cold build.
func TestRebuildOB3(t *testing.T) {
	root, rk, ek := signed3Site(t)
	writeFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), testSVG)
	dest := filepath.Join(t.TempDir(), "public")
	cachePath := filepath.Join(t.TempDir(), "signatures")
	var kept int64 // by the last build
	var build func() int
	buildInto := func(dest string) int {
		t.Helper()
		c, err := sigcache.Open(cachePath)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		res, err := buildTicked(Options{Source: root, Destination: dest, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}, SignatureCache: c})
		if err != nil {
			t.Fatal(err)
		}
		kept = res.Kept
		n := c.Signed()
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		return n
	}
	build = func() int { t.Helper(); return buildInto(dest) }
	mtimes := func() map[string]time.Time {
		t.Helper()
		out := map[string]time.Time{}
		err := filepath.Walk(dest, func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() {
				out[filepath.ToSlash(strings.TrimPrefix(p, dest+string(filepath.Separator)))] = fi.ModTime()
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if n := build(); n == 0 {
		t.Fatal("the first build signed nothing")
	}
	first, written := readTree(t, dest), mtimes()
	creds := 0
	for p := range first {
		if strings.HasPrefix(p, "credentials/") {
			creds++
		}
	}
	if creds == 0 {
		t.Fatal("no 3.0 credentials in the output")
	}
	// The files kept by key: all four of each award not revoked (whose
	// credential URL serves a revocation notice, made each time).
	creds3 := 0
	for p, data := range first {
		if strings.HasPrefix(p, "credentials/") && !bytes.Contains(data, []byte(`"revoked": true`)) {
			creds3++
		}
	}
	time.Sleep(20 * time.Millisecond) // so that a file written again would show it
	// The second build finds no spare tree; the third reuses the first's.
	for i := 2; i <= 3; i++ {
		if n := build(); n != 0 {
			t.Errorf("warm rebuild %d signed %d payloads again", i, n)
		}
		// Only a build that reuses a tree can keep its files: the third
		// keeps every 3.0 file of every award that is not revoked.
		if want := map[int]int64{2: 0, 3: int64(creds3)}[i]; kept != want {
			t.Errorf("warm rebuild %d kept %d files by key, want %d", i, kept, want)
		}
		if d := diffTrees(readTree(t, dest), first); len(d) > 0 {
			t.Errorf("warm rebuild %d differs from the first build: %v", i, d[:min(len(d), 5)])
		}
	}
	for p, m := range mtimes() {
		if !m.Equal(written[p]) {
			t.Errorf("%s: written again by a rebuild that changed nothing", p)
		}
	}
	if d := diffTrees(build3(t, root, rk, ek, nil), first); len(d) > 0 {
		t.Errorf("a cold build differs from the rebuilt tree: %v", d[:min(len(d), 5)])
	}

	// Edit one award that is not revoked and has no narrative.
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	var edited string
	for _, a := range s.Awards {
		if !a.Revoked && a.Narrative == "" {
			f := filepath.Join(root, filepath.FromSlash(a.File))
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, f, "narrative = \"Edited after the first build.\"\n"+string(src))
			edited = a.ID
			break
		}
	}
	if edited == "" {
		t.Fatal("no award to edit")
	}
	before := readTree(t, dest)
	if n := build(); n != 3 {
		t.Errorf("after one award was edited, a rebuild signed %d payloads, want 3 (its JWS, proof and VC-JWT)", n)
	}
	after := readTree(t, dest)
	for _, p := range diffTrees(after, before) {
		if !strings.Contains(p, edited) && !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".xml") {
			t.Errorf("editing award %s changed %s", edited, p)
		}
	}
	for _, ext := range []string{"json", "jwt", "png", "svg"} {
		p := ob3.CredentialPath(edited, ext)
		if bytes.Equal(after[p], before[p]) {
			t.Errorf("%s: not changed by the edit", p)
		}
	}
	if d := diffTrees(build3(t, root, rk, ek, nil), after); len(d) > 0 {
		t.Errorf("a cold build differs from the tree rebuilt after the edit: %v", d[:min(len(d), 5)])
	}
	// Every other award's 3.0 files were kept.
	of := func(tree map[string][]byte, match func(p string) bool) (n int64) {
		for p := range tree {
			if strings.HasPrefix(p, "credentials/") && match(p) {
				n++
			}
		}
		return n
	}
	if want := int64(creds3) - of(after, func(p string) bool { return strings.Contains(p, edited) }); kept != want {
		t.Errorf("after the edit, a rebuild kept %d files by key, want %d", kept, want)
	}

	// The signatures in the files kept stay in the signature cache: after
	// builds that kept them, a build into a new destination, which keeps
	// nothing, signs nothing.
	build()
	if n := buildInto(filepath.Join(t.TempDir(), "public")); n != 0 || kept != 0 {
		t.Errorf("a build into a new destination after builds that kept files signed %d payloads and kept %d files, want 0 and 0", n, kept)
	}

	// A badge class's name is in its awards' credentials: renaming it makes
	// them again, and keeps the files of the other badge classes' awards.
	badge := filepath.Join(root, "content/badges/git-foundations.toml")
	src, err := os.ReadFile(badge)
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.Replace(string(src), "name = \"", "name = \"Renamed ", 1)
	if renamed == string(src) {
		t.Fatal("the badge class has no name to change")
	}
	writeFile(t, badge, renamed)
	s, err = Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	ofBadge := map[string]bool{}
	for _, a := range s.Awards {
		if a.Badge == "git-foundations" && !a.Revoked {
			ofBadge[a.ID] = true
		}
	}
	if len(ofBadge) == 0 || len(ofBadge) == len(s.Awards) {
		t.Fatalf("%d of %d awards are of the renamed badge class", len(ofBadge), len(s.Awards))
	}
	build()
	renamedTree := readTree(t, dest)
	made := of(renamedTree, func(p string) bool { return ofBadge[strings.TrimSuffix(path.Base(p), path.Ext(p))] })
	if want := int64(creds3) - made; kept != want {
		t.Errorf("after a badge class was renamed, a rebuild kept %d files by key, want %d", kept, want)
	}
	for id := range ofBadge {
		if p := ob3.CredentialPath(id, "json"); !bytes.Contains(renamedTree[p], []byte("Renamed ")) {
			t.Errorf("%s: the credential does not have the badge class's new name", p)
		}
	}
	if d := diffTrees(build3(t, root, rk, ek, nil), renamedTree); len(d) > 0 {
		t.Errorf("a cold build differs from the tree rebuilt after the rename: %v", d[:min(len(d), 5)])
	}
}
