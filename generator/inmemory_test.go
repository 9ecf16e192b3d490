package generator

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rosette/generator/internal/source"
	"rosette/generator/synth"
)

// TestSitemapIndex builds a site with more URLs than one sitemap file may
// list: sitemap.xml is an index of parts that together list every page
// once; revoking awards until a part is no longer needed removes it.
func TestSitemapIndex(t *testing.T) {
	root := t.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: root, Clock: goldenClock}
	s, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	m, first, err := renderMemoryLimited(s, opts, 40)
	if err != nil {
		t.Fatal(err)
	}
	out := first.Files
	base := s.Config.BaseURL
	parts := func() []string {
		var index struct {
			Locs []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(out["sitemap.xml"], &index); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, loc := range index.Locs {
			var set struct {
				Locs []string `xml:"url>loc"`
			}
			p := strings.TrimPrefix(loc, base)
			if err := xml.Unmarshal(out[p], &set); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if len(set.Locs) == 0 || len(set.Locs) > 40 {
				t.Errorf("%s lists %d URLs", p, len(set.Locs))
			}
			for _, u := range set.Locs {
				if seen[u] {
					t.Errorf("%s is listed twice", u)
				}
				seen[u] = true
			}
		}
		if !seen[base] {
			t.Error("the home page is not listed")
		}
		return index.Locs
	}
	before := parts()
	if len(before) < 3 {
		t.Fatalf("%d parts: the test needs a larger site", len(before))
	}
	// Revoke public awards until one part fewer is needed.
	var edits []string
	for _, a := range s.Awards {
		if e := s.Earner(a.Earner); e == nil || !e.Public || a.Revoked {
			continue
		}
		f := filepath.Join(root, filepath.FromSlash(a.File))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, f, strings.Replace(string(data), "\n[recipient]", "revoked = true\nrevocation_reason = \"Test.\"\n\n[recipient]", 1))
		edits = append(edits, a.File)
		if len(edits) == 45 {
			break
		}
	}
	removed, added, err := s.UpdateAwards(source.New(root, nil), edits)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := m.AwardsChanged(removed, added, goldenClock)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range ch.Files {
		out[p] = data
	}
	for _, p := range ch.Removed {
		delete(out, p)
	}
	after := parts()
	if len(after) != len(before)-1 {
		t.Errorf("%d parts, then %d", len(before), len(after))
	}
	last := strings.TrimPrefix(before[len(before)-1], base)
	if !slices.Contains(ch.Removed, last) {
		t.Errorf("%s, no longer in the index, was not removed: %v", last, ch.Removed)
	}
	// The same as a whole render of the site as it is now.
	s, err = Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	_, full, err := renderMemoryLimited(s, opts, 40)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(out, full.Files); len(d) > 0 {
		t.Errorf("after the update, the output differs from a whole render:\n%s", strings.Join(d, "\n"))
	}
}
