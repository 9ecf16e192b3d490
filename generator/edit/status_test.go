package edit

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/generator/content"
)

func statusSite(t *testing.T, awards map[string]string) *content.Site {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range SiteFiles(SiteOptions{}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	for p, data := range awards {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// draws is a reader that yields the given 32-bit draws.
func draws(ns ...uint32) *bytes.Buffer {
	var b bytes.Buffer
	for _, n := range ns {
		binary.Write(&b, binary.BigEndian, n)
	}
	return &b
}

func TestIndexesSkipUsed(t *testing.T) {
	a := &Award{Badge: "first-badge", Email: "a@example.org", Issued: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), StatusIndex: 5, HasStatusIndex: true}
	s := statusSite(t, map[string]string{"content/awards/2025/aaaaaaaaaaaaaaaa.toml": string(a.Encode("00"))})
	issuer := s.Badge("first-badge").Issuer
	x := NewIndexes(s, draws(5, content.StatusListSize+5, 9, 9, 3))
	for _, want := range []int{9, 3} {
		n, err := x.Next(issuer)
		if err != nil || n != want {
			t.Fatalf("Next = %d, %v, want %d", n, err, want)
		}
	}
	if _, err := x.Next(issuer); err == nil {
		t.Error("Next with an exhausted reader gives no error")
	}
}

func TestIndexesNearlyFull(t *testing.T) {
	s := statusSite(t, nil)
	issuer := s.Badge("first-badge").Issuer
	x := NewIndexes(s, rand.Reader)
	used := x.s.UsedStatusIndexes(issuer)
	for n := range content.StatusListSize {
		if n != 77 && n != 131000 {
			used[n] = true
		}
	}
	x.used[issuer] = used
	got := map[int]bool{}
	for range 2 {
		n, err := x.Next(issuer)
		if err != nil {
			t.Fatal(err)
		}
		got[n] = true
	}
	if !got[77] || !got[131000] {
		t.Errorf("drew %v, want the two free indexes", got)
	}
	if _, err := x.Next(issuer); err == nil || !strings.Contains(err.Error(), "is full") {
		t.Errorf("a full list: %v", err)
	}
}

func TestSetStatusIndex(t *testing.T) {
	src := "# awarded at the spring workshop\r\nbadge = \"b\"\r\nissued = 2025-01-02T03:04:05Z\r\nnarrative = \"\"\"\r\n[not a table]\r\n\"\"\"\r\n\r\n# who\r\n[recipient]\r\nidentity = \"sha256$00\"\r\nsalt = \"s\"\r\n"
	out, err := SetStatusIndex([]byte(src), 4242)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "\"\"\"\r\n\r\n# who", "\"\"\"\r\nstatus_index = 4242\r\n\r\n# who", 1)
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	if _, err := SetStatusIndex(out, 1); err == nil || !strings.Contains(err.Error(), "never changes") {
		t.Errorf("a second index: %v", err)
	}
}

func TestAssignStatus(t *testing.T) {
	root := t.TempDir()
	if err := WriteAll(root, SiteFiles(SiteOptions{})); err != nil {
		t.Fatal(err)
	}
	s0 := statusSite(t, nil)
	var planned []Planned
	taken := map[string]bool{}
	for i := range 3 {
		a := &Award{Badge: "first-badge", Email: "a@example.org", Issued: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC)}
		p, err := PlanAward(s0, a, rand.Reader, taken, nil)
		if err != nil {
			t.Fatal(err)
		}
		planned = append(planned, p)
	}
	if err := WriteAll(root, planned); err != nil {
		t.Fatal(err)
	}
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := AssignStatus(root, s, rand.Reader)
	if err != nil || len(as) != 3 {
		t.Fatalf("AssignStatus: %d, %v", len(as), err)
	}
	if err := WriteAssigned(root, as); err != nil {
		t.Fatal(err)
	}
	s, err = content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatalf("after AssignStatus: %v", err)
	}
	seen := map[int]bool{}
	for _, a := range s.Awards {
		if !a.HasStatusIndex || seen[a.StatusIndex] {
			t.Errorf("%s: index %v %d", a.ID, a.HasStatusIndex, a.StatusIndex)
		}
		seen[a.StatusIndex] = true
	}
	if as, err := AssignStatus(root, s, rand.Reader); err != nil || len(as) != 0 {
		t.Errorf("a second run assigns %d, %v", len(as), err)
	}
}
