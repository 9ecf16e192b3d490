package generator

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rsa"
	"os"
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
	build := func() int {
		t.Helper()
		c, err := sigcache.Open(cachePath)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := Build(Options{Source: root, Destination: dest, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}, SignatureCache: c}); err != nil {
			t.Fatal(err)
		}
		n := c.Signed()
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		return n
	}
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
	time.Sleep(20 * time.Millisecond) // so that a file written again would show it
	// The second build finds no spare tree; the third reuses the first's.
	for i := 2; i <= 3; i++ {
		if n := build(); n != 0 {
			t.Errorf("warm rebuild %d signed %d payloads again", i, n)
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
}
