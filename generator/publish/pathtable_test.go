package publish

import (
	"fmt"
	"testing"
)

// TestPathSet adds paths through several growths of the table, some twice,
// and finds each of them and none of the others.
func TestPathSet(t *testing.T) {
	var s pathSet
	if s.has("a") {
		t.Fatal("an empty set has a path")
	}
	const n = 20_000
	for i := range n {
		s.set(fmt.Sprintf("assertions/%05d/index.html", i), byte(i))
		if i%3 == 0 {
			s.set(fmt.Sprintf("assertions/%05d/index.html", i/2), byte(i/2))
		}
	}
	if s.t.n != n {
		t.Errorf("%d paths in the table, want %d", s.t.n, n)
	}
	if 2*s.t.n >= len(s.t.slots) {
		t.Errorf("%d paths in %d slots: more than half full", s.t.n, len(s.t.slots))
	}
	for i := range n {
		if p := fmt.Sprintf("assertions/%05d/index.html", i); !s.has(p) {
			t.Fatalf("%s not found", p)
		} else if v, _ := s.get(p); v != byte(i) {
			t.Fatalf("%s has %d, want %d", p, v, byte(i))
		}
		if p := fmt.Sprintf("assertions/%05d/index.htm", i); s.has(p) {
			t.Fatalf("%s found", p)
		}
	}
	if s.has("") || s.has("assertions") {
		t.Error("a path never added was found")
	}
	seen := 0
	s.each(func(p string, v byte) {
		if want := fmt.Sprintf("assertions/%05d/index.html", seen); p != want || v != byte(seen) {
			t.Fatalf("entry %d: %s %d, want %s %d", seen, p, v, want, byte(seen))
		}
		seen++
	})
	if seen != n {
		t.Errorf("each gave %d paths, want %d", seen, n)
	}
}

// TestPathSetReserve fills a set reserved for its paths without moving its
// slots or its paths, and finds them all.
func TestPathSetReserve(t *testing.T) {
	var s pathSet
	var paths []string
	size := 0
	for i := range 1000 {
		p := fmt.Sprintf("assertions/%05d.json", i)
		paths = append(paths, p)
		size += 1 + len(p) + 1
	}
	s.reserve(len(paths), size)
	slots, data := &s.t.slots[0], cap(s.t.data)
	for i, p := range paths {
		s.set(p, byte(i))
	}
	if &s.t.slots[0] != slots || cap(s.t.data) != data {
		t.Error("the reserved set grew")
	}
	for i, p := range paths {
		if v, ok := s.get(p); !ok || v != byte(i) {
			t.Fatalf("%s: %d, %v", p, v, ok)
		}
	}
	s.reserve(5, 5) // too late: changes nothing
	if s.t.n != len(paths) {
		t.Errorf("%d paths after a late reserve, want %d", s.t.n, len(paths))
	}
}
