// Package sigcache remembers signatures so that a build never signs the
// same bytes with the same key twice. An RS256 signature costs about 1.7 ms
// of CPU; at 100,000 awards that is minutes per build, while looking a
// signature up costs microseconds.
//
// A cache is one file, by default .rosette-cache/signatures under the site
// root (outside content/ and public/; keep it out of version control). Its
// entries are keyed by the SHA-256 of the key id and the exact payload, so
// a changed award, a changed badge class or a new signing key simply misses
// the cache. The file holds no secret (signatures are published anyway)
// and is safe to delete at any time: the next build signs everything again.
// A damaged file is ignored as a whole.
//
// Usage, in a build:
//
//	c, err := sigcache.Open(sigcache.DefaultPath(root))
//	…
//	sig, err := c.Sign(keyID, payload, signRS256) // from many goroutines
//	…
//	err = c.Save() // after the build succeeded: keeps the entries it used
package sigcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// DefaultPath is the cache file of the site whose root is siteRoot.
func DefaultPath(siteRoot string) string {
	return filepath.Join(siteRoot, ".rosette-cache", "signatures")
}

// Cache maps (key id, payload) to a signature. It is safe for concurrent
// use.
//
// The signatures are kept in one byte slice and the maps hold where each
// one is, so that a cache of many entries holds no pointers for the
// garbage collector to follow.
type Cache struct {
	path string

	mu      sync.Mutex
	sigs    []byte        // the signatures: those read from the file, then those added
	stored  map[Key]entry // entries read from the file
	used    map[Key]entry // entries looked up or added since Open
	changed bool          // used differs from stored
}

// entry is where a signature is in Cache.sigs.
type entry struct{ off, len uint32 }

// sig returns the signature of e, capped so that appending to it cannot
// write into the cache. The caller holds c.mu.
func (c *Cache) sig(e entry) []byte {
	end := e.off + e.len
	return c.sigs[e.off:end:end]
}

// Key identifies a payload signed with a key: the SHA-256 of the key id's
// length, the key id and the payload.
type Key [sha256.Size]byte

// KeyOf returns the cache key of payload signed with the key keyID.
func KeyOf(keyID string, payload []byte) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(keyID)))])
	io.WriteString(h, keyID)
	h.Write(payload)
	var k Key
	h.Sum(k[:0])
	return k
}

// Path is the file the cache is kept in.
func (c *Cache) Path() string { return c.path }

// Open reads the cache file at path. A missing or damaged file gives an
// empty cache; only other read errors are returned.
func Open(path string) (*Cache, error) {
	c := &Cache{path: path, stored: map[Key]entry{}, used: map[Key]entry{}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, err
	}
	if entries, ok := decode(data); ok {
		c.sigs, c.stored = data, entries
	}
	return c, nil
}

// Sign returns the signature of payload with the key keyID: the cached one,
// else the one sign makes, which is then cached. The cache keeps the
// signature it returns: callers must not change it.
func (c *Cache) Sign(keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	k := KeyOf(keyID, payload)
	if sig, ok := c.lookup(k); ok {
		return sig, nil
	}
	sig, err := sign(payload)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if uint64(len(c.sigs))+uint64(len(sig)) > math.MaxUint32 {
		return sig, nil // too much to index: signed, not cached
	}
	e := entry{off: uint32(len(c.sigs)), len: uint32(len(sig))}
	c.sigs = append(c.sigs, sig...)
	c.used[k] = e
	c.changed = true
	return c.sig(e), nil
}

func (c *Cache) lookup(k Key) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.used[k]
	if !ok {
		if e, ok = c.stored[k]; ok {
			c.used[k] = e
		}
	}
	if !ok {
		return nil, false
	}
	return c.sig(e), true
}

// Save writes the entries used since Open — and only those, so that the
// signatures of deleted or changed awards do not pile up — unless they are
// exactly what the file already holds. The file is replaced atomically.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed && len(c.used) == len(c.stored) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), "."+filepath.Base(c.path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(c.encode(c.used)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return err
	}
	c.stored, c.used, c.changed = c.used, maps.Clone(c.used), false
	return nil
}

// The file: magic, then per entry the key, the signature length as a
// uvarint and the signature, sorted by key; then the SHA-256 of all that.
const magic = "rosette signature cache 1\n"

func (c *Cache) encode(entries map[Key]entry) []byte {
	keys := slices.SortedFunc(maps.Keys(entries), func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	var buf bytes.Buffer
	buf.WriteString(magic)
	var n [binary.MaxVarintLen64]byte
	for _, k := range keys {
		sig := c.sig(entries[k])
		buf.Write(k[:])
		buf.Write(n[:binary.PutUvarint(n[:], uint64(len(sig)))])
		buf.Write(sig)
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes()
}

// decode reads the entries of a cache file; each one says where its
// signature is in data.
func decode(data []byte) (map[Key]entry, bool) {
	if len(data) < len(magic)+sha256.Size || string(data[:len(magic)]) != magic || uint64(len(data)) > math.MaxUint32 {
		return nil, false
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(want[:], sum) {
		return nil, false
	}
	entries := make(map[Key]entry)
	for off := len(magic); off < len(body); {
		if len(body)-off < sha256.Size {
			return nil, false
		}
		k := Key(body[off : off+sha256.Size])
		off += sha256.Size
		n, w := binary.Uvarint(body[off:])
		if w <= 0 || n > 1<<16 || uint64(len(body)-off-w) < n {
			return nil, false
		}
		off += w
		entries[k] = entry{off: uint32(off), len: uint32(n)}
		off += int(n)
	}
	return entries, true
}
