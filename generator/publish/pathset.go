package publish

import (
	"maps"
	"sync"
)

// pathSet is a set of slash paths, each with a byte of its own, that many
// goroutines use: a map under a lock.
type pathSet struct {
	mu sync.Mutex
	m  map[string]byte
}

// set adds p with the byte v, or gives p the byte v.
func (s *pathSet) set(p string, v byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]byte)
	}
	s.m[p] = v
}

// or sets the bits of v in the byte of p, if p is in the set.
func (s *pathSet) or(p string, v byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.m[p]; ok {
		s.m[p] = b | v
	}
}

// get returns the byte of p, if p is in the set.
func (s *pathSet) get(p string) (byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[p]
	return v, ok
}

// has reports whether p is in the set.
func (s *pathSet) has(p string) bool {
	_, ok := s.get(p)
	return ok
}

// each calls f with every path and its byte, in no particular order. It
// must not run at the same time as set.
func (s *pathSet) each(f func(p string, v byte)) {
	for p, v := range maps.All(s.m) {
		f(p, v)
	}
}
