package content_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/synth"
)

// TestScanStatusIndex checks that award records with a status index, as
// rosette assign-status and rosette award write them, are read by the fast
// award scanner and not by the TOML decoder it falls back to.
func TestScanStatusIndex(t *testing.T) {
	root := t.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: 400, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, a := range s.Awards {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(a.File)))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := content.ScanAward(src); !ok {
			before++
		}
	}
	as, err := edit.AssignStatus(root, s, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(s.Awards) {
		t.Fatalf("assign-status gave %d of %d awards an index", len(as), len(s.Awards))
	}
	fallbacks := 0
	for _, x := range as {
		a, ok := content.ScanAward(x.Data)
		if !ok {
			fallbacks++
			continue
		}
		if a.StatusIndex != x.Index {
			t.Errorf("%s: the scanner read status_index %d, assign-status wrote %d", x.File, a.StatusIndex, x.Index)
		}
	}
	if fallbacks != before {
		t.Errorf("%d of %d awards with a status index fall back to the decoder (%d without one)", fallbacks, len(as), before)
	}
	if before != 0 {
		t.Errorf("%d synthetic awards fall back to the decoder even without a status index", before)
	}

	// The awards of the example site, whatever their layout (comments,
	// multi-line strings, CRLF): one that the scanner reads keeps being
	// read by it once it has an index.
	files, err := filepath.Glob(filepath.Join("..", "..", "content", "awards", "*", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example awards: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(src, []byte("status_index")) {
			continue
		}
		for _, nl := range []string{"\n", "\r\n"} {
			in := src
			if nl == "\r\n" {
				in = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
			}
			if _, ok := content.ScanAward(in); !ok {
				continue
			}
			out, err := edit.SetStatusIndex(in, 4242)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if a, ok := content.ScanAward(out); !ok {
				t.Errorf("%s (%q line ends): with a status index it falls back to the decoder:\n%s", f, nl, out)
			} else if a.StatusIndex != 4242 {
				t.Errorf("%s: the scanner read status_index %d, want 4242", f, a.StatusIndex)
			}
		}
	}

	// A new award as rosette award writes it.
	award := edit.Award{Badge: "b", Email: "ada@example.org", Issued: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Narrative: "Two lines.", Evidence: "https://e.example/x"}
	if _, ok := content.ScanAward(award.Encode("salt")); !ok {
		t.Fatalf("a new award falls back to the decoder:\n%s", award.Encode("salt"))
	}
	award.HasStatusIndex, award.StatusIndex = true, 131071
	rec := award.Encode("salt")
	if a, ok := content.ScanAward(rec); !ok {
		t.Errorf("a new award with a status index falls back to the decoder:\n%s", rec)
	} else if a.StatusIndex != 131071 {
		t.Errorf("the scanner read status_index %d of a new award, want 131071", a.StatusIndex)
	}
}
