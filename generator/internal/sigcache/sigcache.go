// Package sigcache remembers signatures so that a build never signs the
// same bytes with the same key twice. An RS256 signature costs about 1.7 ms
// of CPU; at 100,000 awards that is minutes per build, while looking a
// signature up costs well under a microsecond.
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
//	defer c.Close()
//	sig, err := c.Sign(keyID, payload, signRS256) // from many goroutines
//	…
//	err = c.Save() // after the build succeeded: keeps the entries it used
package sigcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"rosette/generator/internal/atomicfile"
)

// DefaultPath is the cache file of the site whose root is siteRoot.
func DefaultPath(siteRoot string) string {
	return filepath.Join(siteRoot, ".rosette-cache", "signatures")
}

// Cache maps (key id, payload) to a signature. It is safe for concurrent
// use.
//
// The file is read whole at Open and kept in memory, with a table of its
// entries (about 430 bytes per entry with a 3072-bit key: 43 MB at
// 100,000 awards), a map from key to offset that holds no pointers for
// the garbage collector to follow. The table does not change until Save,
// so that a signature the file holds is found without a lock and copied
// without a system call; signatures made since Open are kept beside it,
// under a lock.
type Cache struct {
	path  string
	table atomic.Pointer[table] // the file's entries; nil after Close, or when there was none

	mu     sync.Mutex
	added  []byte        // the signatures made since Open or the last Save
	index  map[Key]entry // where each of them is in added
	closed bool          // Close dropped a table in which entries were used
	saved  *table        // the table Save made: exactly what the file holds

	signed atomic.Int64 // payloads signed since Open
}

// entry is where a signature is in Cache.added.
type entry struct{ off, len uint32 }

// Key identifies a payload signed with a key: the SHA-256 of the key id's
// length, the key id and the payload.
type Key [sha256.Size]byte

// KeyOf returns the cache key of payload signed with the key keyID.
func KeyOf(keyID string, payload []byte) Key {
	bp := keyBufs.Get().(*[]byte)
	defer keyBufs.Put(bp)
	b := binary.AppendUvarint((*bp)[:0], uint64(len(keyID)))
	b = append(append(b, keyID...), payload...)
	*bp = b
	return sha256.Sum256(b)
}

// keyBufs hold what KeyOf hashes: SHA-256 in one call allocates nothing.
var keyBufs = sync.Pool{New: func() any { return new([]byte) }}

// Path is the file the cache is kept in.
func (c *Cache) Path() string { return c.path }

// Open reads the cache file at path. A missing or damaged file gives an
// empty cache; only other read errors are returned.
func Open(path string) (*Cache, error) {
	c := &Cache{path: path, index: map[Key]entry{}}
	data, err := readFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, err
	}
	if t, ok := parse(data); ok {
		c.table.Store(t)
	}
	return c, nil
}

// readFile reads the file at path; or gives nil without an error for a
// file too small or too large to be a cache file, or one that got shorter
// while it was read.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size < int64(len(magic)+sha256.Size) || size > math.MaxUint32 || size > math.MaxInt {
		return nil, nil
	}
	data := make([]byte, size)
	switch _, err := io.ReadFull(f, data); {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return data, nil
}

// Close drops the entries read from the file. After Close, a signature
// that only the file held is signed again when it is asked for; Save
// keeps the entries the build used, so call it before Close, and not
// while signatures are still being asked for.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.table.Swap(nil); t != nil && t != c.saved && t.usedCount() > 0 {
		c.closed = true
	}
	return nil
}

// Sign returns the signature of payload with the key keyID: the cached one,
// else the one sign makes, which is then cached.
func (c *Cache) Sign(keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	return c.AppendSign(nil, keyID, payload, sign)
}

// AppendSign appends the signature that Sign returns to dst. A cached
// signature is copied into dst's spare capacity: a caller that signs many
// payloads with one buffer allocates nothing for them.
func (c *Cache) AppendSign(dst []byte, keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	out, _, err := c.AppendSignKey(dst, keyID, payload, sign)
	return out, err
}

// AppendSignKey is AppendSign that also returns the cache key of the
// signature, for Remember.
func (c *Cache) AppendSignKey(dst []byte, keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, Key, error) {
	k := KeyOf(keyID, payload)
	if out, ok := c.lookup(k, dst); ok {
		return out, k, nil
	}
	sig, err := sign(payload)
	if err != nil {
		return nil, k, err
	}
	c.signed.Add(1)
	c.add(k, sig)
	return append(dst, sig...), k, nil
}

// A group names signatures that a build may use again without making
// their payloads: the signatures in files it keeps from an earlier build
// (the Open Badges 3.0 files of an award, kept by the key of what they are
// made from). Save keeps only the entries a build used, so a build that
// keeps such files recalls their group, which counts the signatures as
// used.
//
// Remember records the group name (any bytes; a group is not a signature
// and no payload's key can be a group's) of the signatures whose cache
// keys are keys. A group the cache holds already is counted as used: the
// same name always names the same signatures.
func (c *Cache) Remember(name []byte, keys ...Key) {
	if len(keys) == 0 || len(keys) > maxGroup {
		return
	}
	k := groupKey(name)
	if c.has(k) {
		return
	}
	var buf [maxGroup * sha256.Size]byte
	b := buf[:0]
	for _, k := range keys {
		b = append(b, k[:]...)
	}
	c.add(k, b)
}

// Recall reports whether the cache holds the group name and every
// signature in it, and counts them as used.
func (c *Cache) Recall(name []byte) bool {
	var buf [maxGroup * sha256.Size]byte
	b, ok := c.lookup(groupKey(name), buf[:0])
	if !ok || len(b) == 0 || len(b)%sha256.Size != 0 {
		return false
	}
	var k Key
	for len(b) > 0 {
		copy(k[:], b)
		b = b[sha256.Size:]
		if !c.has(k) {
			return false
		}
	}
	return true
}

// maxGroup bounds the signatures in a group.
const maxGroup = 4

// groupKey is the cache key of the group name: the key of name under a
// key id that no key has.
func groupKey(name []byte) Key { return KeyOf("\x00group", name) }

// Signed counts the payloads signed through the cache since Open: those
// it did not hold.
func (c *Cache) Signed() int { return int(c.signed.Load()) }

// lookup appends the cached signature of k to dst.
func (c *Cache) lookup(k Key, dst []byte) ([]byte, bool) {
	if t := c.table.Load(); t != nil {
		if e, ok := t.index[k]; ok {
			t.use(e)
			return append(dst, t.sig(e)...), true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[k]
	if !ok {
		return nil, false
	}
	return append(dst, c.added[e.off:e.off+e.len]...), true
}

// has reports whether the cache holds a signature under k, and counts it
// as used.
func (c *Cache) has(k Key) bool {
	if t := c.table.Load(); t != nil {
		if e, ok := t.index[k]; ok {
			t.use(e)
			return true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.index[k]
	return ok
}

// add caches sig under k.
func (c *Cache) add(k Key, sig []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.index[k]; ok || len(sig) > maxSig || uint64(len(c.added))+uint64(len(sig)) > math.MaxUint32 {
		return // signed at the same time by another goroutine, or not to be kept
	}
	c.index[k] = entry{off: uint32(len(c.added)), len: uint32(len(sig))}
	c.added = append(c.added, sig...)
}

// Save writes the entries used since Open — and only those, so that the
// signatures of deleted or changed awards do not pile up — unless they are
// exactly what the file already holds. The file is replaced atomically.
// After Save, the cache holds what it wrote, every entry counted as used.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.table.Load()
	if c.closed {
		return fmt.Errorf("saving %s: the cache was closed, and the signatures it read from the file are gone", c.path)
	}
	if len(c.index) == 0 && t.usedCount() == t.count() {
		return nil
	}
	data := c.encode(t)
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(c.path, data, 0o600); err != nil {
		return err
	}
	saved, ok := parse(data)
	if ok {
		saved.useAll()
	} else {
		saved = nil // more than a cache file can index: the next Open ignores it
	}
	c.table.Store(saved)
	c.saved = saved
	c.added, c.index = nil, map[Key]entry{}
	return nil
}

// The file: magic, then per entry the key, the signature length as a
// uvarint and the signature, sorted by key; then the SHA-256 of all that.
const magic = "rosette signature cache 1\n"

// maxSig bounds the length of a signature in the file.
const maxSig = 1 << 16

// encode returns the file of the entries of t used since Open and those
// added (never the same key twice: a signature is added only when t does
// not hold it). The caller holds c.mu.
func (c *Cache) encode(t *table) []byte {
	type kept struct {
		k   Key
		sig []byte
	}
	var entries []kept
	t.eachUsed(func(k Key, sig []byte) { entries = append(entries, kept{k, sig}) })
	for k, e := range c.index {
		entries = append(entries, kept{k, c.added[e.off : e.off+e.len]})
	}
	slices.SortFunc(entries, func(a, b kept) int { return bytes.Compare(a.k[:], b.k[:]) })
	size := len(magic) + sha256.Size
	for _, e := range entries {
		size += len(e.k) + binary.MaxVarintLen16 + len(e.sig)
	}
	buf := make([]byte, 0, size)
	buf = append(buf, magic...)
	for _, e := range entries {
		buf = append(buf, e.k[:]...)
		buf = binary.AppendUvarint(buf, uint64(len(e.sig)))
		buf = append(buf, e.sig...)
	}
	sum := sha256.Sum256(buf)
	return append(buf, sum[:]...)
}

// A table finds the entries of a cache file in its bytes: a map from each
// key to its entry, which holds no pointers. It does not change after
// parse but for the bits that mark the entries used, which are atomic.
type table struct {
	data  []byte
	index map[Key]tableEntry
	used  []atomic.Uint64 // a bit per entry, by its number
}

// tableEntry is the number of an entry (0 for the first key of the file,
// and so on) in its high 32 bits, and the offset of its signature's
// length in the file in its low 32 bits.
type tableEntry uint64

func (e tableEntry) num() int { return int(e >> 32) }
func (e tableEntry) off() int { return int(uint32(e)) }

// parse reads the entries of the cache file data. ok is false for data
// that is not a whole cache file.
func parse(data []byte) (t *table, ok bool) {
	if len(data) < len(magic)+sha256.Size || uint64(len(data)) > math.MaxUint32 || string(data[:len(magic)]) != magic {
		return nil, false
	}
	body := len(data) - sha256.Size
	if sum := sha256.Sum256(data[:body]); string(sum[:]) != string(data[body:]) {
		return nil, false
	}
	// Check every entry and count them, then index them.
	n := 0
	for off := len(magic); off < body; n++ {
		next, ok := entryEnd(data[:body], off)
		if !ok {
			return nil, false
		}
		off = next
	}
	t = &table{data: data, index: make(map[Key]tableEntry, n)}
	for off := len(magic); off < body; {
		k := Key(data[off : off+sha256.Size])
		num := len(t.index)
		if e, found := t.index[k]; found {
			num = e.num() // a later entry of the same key wins
		}
		t.index[k] = tableEntry(uint64(num)<<32 | uint64(off+sha256.Size))
		off, _ = entryEnd(data[:body], off)
	}
	t.used = make([]atomic.Uint64, (len(t.index)+63)/64)
	return t, true
}

// entryEnd returns where the entry at off in body ends, or ok false if
// body holds no whole entry there.
func entryEnd(body []byte, off int) (int, bool) {
	if len(body)-off < sha256.Size {
		return 0, false
	}
	n, w := binary.Uvarint(body[off+sha256.Size:])
	start := off + sha256.Size + w
	if w <= 0 || n > maxSig || uint64(len(body)-start) < n {
		return 0, false
	}
	return start + int(n), true
}

// sig returns the signature of the entry e.
func (t *table) sig(e tableEntry) []byte {
	n, w := binary.Uvarint(t.data[e.off():])
	start := e.off() + w
	end := start + int(n)
	return t.data[start:end:end] // capped: appending cannot write into the file's bytes
}

// use marks the entry e as used.
func (t *table) use(e tableEntry) {
	if i := e.num(); !t.isUsed(i) {
		t.used[i/64].Or(1 << (i % 64))
	}
}

// isUsed reports whether the entry number i was used.
func (t *table) isUsed(i int) bool {
	return t.used[i/64].Load()&(1<<(i%64)) != 0
}

// useAll marks every entry as used.
func (t *table) useAll() {
	for _, e := range t.index {
		t.use(e)
	}
}

// usedCount counts the entries used; count counts all. A nil table has
// none.
func (t *table) usedCount() int {
	if t == nil {
		return 0
	}
	n := 0
	for i := range t.used {
		n += bits.OnesCount64(t.used[i].Load())
	}
	return n
}

func (t *table) count() int {
	if t == nil {
		return 0
	}
	return len(t.index)
}

// eachUsed calls f with the key and signature of every entry used.
func (t *table) eachUsed(f func(k Key, sig []byte)) {
	if t == nil {
		return
	}
	for k, e := range t.index {
		if t.isUsed(e.num()) {
			f(k, t.sig(e))
		}
	}
}
