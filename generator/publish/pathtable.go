package publish

import (
	"encoding/binary"
	"hash/maphash"
	"sync"
)

// A pathTable finds entries by their path in a run of entries, each a
// uvarint length, the path, and tail bytes of a fixed size: a table of the
// entries' offsets, placed by a hash of the path and kept at most half
// full. Unlike a map of strings it holds no pointers for the garbage
// collector to follow, and 8 bytes per slot, which matters with an entry
// for every file of a site (half a million at 100,000 awards).
type pathTable[T ~string | ~[]byte] struct {
	data  T        // the entries
	tail  int      // bytes after each path
	slots []uint64 // 32 bits of the path's hash, and 1 + the entry's offset in data; 0: empty
	seed  maphash.Seed
	n     int // entries in slots
}

func newPathTable[T ~string | ~[]byte](data T, tail, n int) *pathTable[T] {
	return &pathTable[T]{data: data, tail: tail, slots: make([]uint64, slotsFor(n)), seed: maphash.MakeSeed()}
}

// slotsFor is the size of a table at most half full with n entries. It
// is not rounded up to a power of two (home reduces a hash to a slot
// without a mask), so that a table of 530,000 paths takes 8.5 MB, not 16.
func slotsFor(n int) int {
	return max(8, 2*n+2)
}

// home is the first slot to look at for a path whose hash is h, among
// size slots: h scaled to the size, from its high bits.
func home(h uint32, size int) int {
	return int(uint64(h) * uint64(size) >> 32)
}

// entry returns the path of the entry at off and the offset of its tail,
// or ok false if data holds no whole entry there.
func (t *pathTable[T]) entry(off int) (p T, tail int, ok bool) {
	var b [binary.MaxVarintLen64]byte
	n, w := binary.Uvarint(b[:copy(b[:], t.data[off:])])
	rest := uint64(len(t.data) - off - w)
	if w <= 0 || n == 0 || n > rest || rest-n < uint64(t.tail) {
		return p, 0, false
	}
	start := off + w
	return t.data[start : start+int(n)], start + int(n), true
}

// slot returns the slot that holds the entry of p, or the empty one where
// it would go, and the hash of p.
func (t *pathTable[T]) slot(p string) (int, uint32) {
	h := uint32(maphash.String(t.seed, p))
	for i := home(h, len(t.slots)); ; i++ {
		if i == len(t.slots) {
			i = 0
		}
		s := t.slots[i]
		if s == 0 {
			return i, h
		}
		if uint32(s>>32) == h {
			if q, _, _ := t.entry(int(uint32(s)) - 1); string(q) == p {
				return i, h
			}
		}
	}
}

// lookup returns the offset of the tail of p's entry.
func (t *pathTable[T]) lookup(p string) (tail int, ok bool) {
	i, _ := t.slot(p)
	s := t.slots[i]
	if s == 0 {
		return 0, false
	}
	_, tail, _ = t.entry(int(uint32(s)) - 1)
	return tail, true
}

// insert adds the entry at off in data, whose path is p, to the table, in
// place of an entry of the same path.
func (t *pathTable[T]) insert(off int, p string) {
	i, h := t.slot(p)
	t.place(i, h, off)
}

// place puts the entry at off, whose path hashes to h, in slot i, which
// slot gave for its path.
func (t *pathTable[T]) place(i int, h uint32, off int) {
	isNew := t.slots[i] == 0
	t.slots[i] = uint64(h)<<32 | uint64(off+1)
	if isNew {
		t.n++
		if 2*t.n >= len(t.slots) {
			t.grow()
		}
	}
}

// grow doubles the table.
func (t *pathTable[T]) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := home(uint32(s>>32), len(t.slots))
		for t.slots[i] != 0 {
			if i++; i == len(t.slots) {
				i = 0
			}
		}
		t.slots[i] = s
	}
}

// pathSet is a set of paths, each with a byte of its own, that many
// goroutines use: a pathTable over the paths, under a lock.
type pathSet struct {
	mu sync.Mutex
	t  *pathTable[[]byte] // each path followed by its byte
}

// set adds p with the byte v, or gives p the byte v.
func (s *pathSet) set(p string, v byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t == nil {
		s.t = newPathTable[[]byte](nil, 1, 1024)
	}
	i, h := s.t.slot(p)
	if e := s.t.slots[i]; e != 0 {
		_, tail, _ := s.t.entry(int(uint32(e)) - 1)
		s.t.data[tail] = v
		return
	}
	off := len(s.t.data)
	s.t.data = binary.AppendUvarint(s.t.data, uint64(len(p)))
	s.t.data = append(append(s.t.data, p...), v)
	s.t.place(i, h, off)
}

// reserve makes room for about n paths of size bytes in all, when the set
// is still empty: a set that grows to half a million paths by doubling
// copies its slots and paths several times over.
func (s *pathSet) reserve(n, size int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t == nil && n > 0 && size > 0 {
		s.t = newPathTable(make([]byte, 0, size), 1, n)
	}
}

// or sets the bits of v in the byte of p, if p is in the set.
func (s *pathSet) or(p string, v byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t == nil {
		return
	}
	if off, ok := s.t.lookup(p); ok {
		s.t.data[off] |= v
	}
}

// get returns the byte of p, if p is in the set.
func (s *pathSet) get(p string) (byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t == nil {
		return 0, false
	}
	off, ok := s.t.lookup(p)
	if !ok {
		return 0, false
	}
	return s.t.data[off], true
}

// has reports whether p is in the set.
func (s *pathSet) has(p string) bool {
	_, ok := s.get(p)
	return ok
}

// each calls f with every path and its byte, in the order they were
// added. It must not run at the same time as set.
func (s *pathSet) each(f func(p string, v byte)) {
	if s.t == nil {
		return
	}
	for off := 0; off < len(s.t.data); {
		p, tail, _ := s.t.entry(off)
		f(string(p), s.t.data[tail])
		off = tail + 1
	}
}
