package publish

import (
	"fmt"
	"sync"
	"testing"
)

// TestPathSet adds paths, some twice, from several goroutines, sets bits
// in some, and finds each of them and none of the others.
func TestPathSet(t *testing.T) {
	var s pathSet
	if s.has("a") {
		t.Fatal("an empty set has a path")
	}
	s.or("a", 1) // not in the set: nothing happens
	if s.has("a") {
		t.Fatal("or added a path")
	}
	const n = 20_000
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				s.set(fmt.Sprintf("assertions/%05d/index.html", i), byte(i)&0x7f)
				if i%3 == 0 {
					s.set(fmt.Sprintf("assertions/%05d/index.html", i/2), byte(i/2)&0x7f)
				}
			}
		})
	}
	wg.Wait()
	for i := 0; i < n; i += 5 {
		s.or(fmt.Sprintf("assertions/%05d/index.html", i), 0x80)
	}
	for i := range n {
		want := byte(i) & 0x7f
		if i%5 == 0 {
			want |= 0x80
		}
		if p := fmt.Sprintf("assertions/%05d/index.html", i); !s.has(p) {
			t.Fatalf("%s not found", p)
		} else if v, _ := s.get(p); v != want {
			t.Fatalf("%s has %#x, want %#x", p, v, want)
		}
		if p := fmt.Sprintf("assertions/%05d/index.htm", i); s.has(p) {
			t.Fatalf("%s found", p)
		}
	}
	if s.has("") || s.has("assertions") {
		t.Error("a path never added was found")
	}
	seen := map[string]bool{}
	s.each(func(p string, v byte) {
		if seen[p] {
			t.Fatalf("each gave %s twice", p)
		}
		seen[p] = true
	})
	if len(seen) != n {
		t.Errorf("each gave %d paths, want %d", len(seen), n)
	}
}
