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
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"rosette/generator/internal/atomicfile"
	"rosette/generator/internal/checksum"
)

// DefaultPath is the cache file of the site whose root is siteRoot.
func DefaultPath(siteRoot string) string {
	return filepath.Join(siteRoot, ".rosette-cache", "signatures")
}

// Cache maps (key id, payload) to a signature. It is safe for concurrent
// use.
//
// The file is mapped into memory at Open, or read whole where the system
// cannot map it (about 420 bytes per entry with a 3072-bit key: 41 MB at
// 100,000 awards of a site that publishes Open Badges 2.0, 103 MB with
// 3.0), with a table of where its entries are that holds no pointers for
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
	data, mapped, err := readFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, err
	}
	var t *table
	ok := false
	faulted(func() { t, ok = parse(data) }) // a fault leaves ok false: a damaged file
	switch {
	case !ok && mapped:
		unmap(data)
	case ok && mapped:
		t.mapped = true
		runtime.AddCleanup(t, unmap, data)
		c.table.Store(t)
	case ok:
		c.table.Store(t)
	}
	return c, nil
}

// readFile reads the file at path; or gives nil without an error for a
// file too small or too large to be a cache file, or one that got shorter
// while it was read. Where the system can, the file is mapped into
// memory (mapped true) rather than read: a cache file is a tenth of a
// gigabyte at 100,000 awards of a site that publishes Open Badges 3.0,
// and reading that much into fresh heap memory took 0.3 s of system time
// (a page fault every 4 KB) where mapping it took milliseconds. The
// mapping is released when the table of its entries is collected.
func readFile(path string) (data []byte, mapped bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() || size < int64(len(magic)+sumSize) || size > math.MaxUint32 || size > math.MaxInt {
		return nil, false, nil
	}
	if data, err := mapFile(f, int(size)); err == nil {
		return data, true, nil
	}
	data = make([]byte, size)
	switch _, err := io.ReadFull(f, data); {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return data, false, nil
}

// faulted runs f, which reads a table's bytes, and reports whether it
// touched memory that was no longer there: a mapped cache file that
// another program truncated during the build. What f did is then lost,
// and the caller treats the file as damaged.
func faulted(f func()) (fault bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(interface{ Addr() uintptr }); !ok {
				panic(r)
			}
			fault = true
		}
	}()
	f()
	return false
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

// Mapped is the size of the cache file as it is mapped into memory, or 0
// when its entries are on the heap (read, or made by this process): memory
// the build holds that the Go runtime does not count. A nil cache maps
// nothing.
func (c *Cache) Mapped() int64 {
	if c == nil {
		return 0
	}
	if t := c.table.Load(); t != nil && t.mapped {
		return int64(len(t.data))
	}
	return 0
}

// Signed counts the payloads signed through the cache since Open: those
// it did not hold.
func (c *Cache) Signed() int { return int(c.signed.Load()) }

// lookup appends the cached signature of k to dst.
func (c *Cache) lookup(k Key, dst []byte) ([]byte, bool) {
	if out, ok := c.fromTable(k, dst, true); ok {
		return out, true
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
	if _, ok := c.fromTable(k, nil, false); ok {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.index[k]
	return ok
}

// fromTable looks k up in the file's entries and counts it as used; if
// sig, it appends the signature to dst. A file that faults (mapped, and
// cut short) is dropped as damaged.
func (c *Cache) fromTable(k Key, dst []byte, sig bool) (out []byte, found bool) {
	t := c.table.Load()
	if t == nil {
		return nil, false
	}
	get := func() {
		var i int
		if i, found = t.find(&k); found {
			t.use(i)
			if sig {
				var b []byte
				if b, found = t.sig(i); found {
					out = append(dst, b...)
				}
			}
		}
	}
	if faulted(get) {
		c.table.CompareAndSwap(t, nil)
		return nil, false
	}
	runtime.KeepAlive(t) // the mapping stays until the signature is copied
	return out, found
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
	if len(c.index) == 0 && t.usedCount() == t.count() && (t == nil || !t.v1) {
		return nil
	}
	var data []byte
	if faulted(func() { data = c.encode(t) }) {
		c.table.CompareAndSwap(t, nil)
		return fmt.Errorf("saving %s: the file was cut short while the build read it, and the signatures it held are gone", c.path)
	}
	runtime.KeepAlive(t) // encode copied the signatures out of a mapped file
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
// uvarint and the signature, in increasing order of the keys; then
// checksum.Sum64 of all that, little-endian, which finds damage at a tenth
// of SHA-256's cost (a cache file is no secret and no defence: whoever can
// write it can write any checksum). Files of version 1 end with the
// SHA-256 instead; they are read, and Save writes them again as version 2.
const (
	magic   = "rosette signature cache 2\n"
	magicV1 = "rosette signature cache 1\n"
	sumSize = 8
)

// maxSig bounds the length of a signature in the file.
const maxSig = 1 << 16

// sum is the checksum of the bytes of a version 2 file before it.
func sum(data []byte) []byte {
	return binary.LittleEndian.AppendUint64(nil, checksum.Sum64(data))
}

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
	size := len(magic) + sumSize
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
	return append(buf, sum(buf)...)
}

// A table finds the entries of a cache file in its bytes. Its keys are
// SHA-256 sums, in increasing order, so the top bits of a key tell where
// in the file it is, give or take an entry or two: a bucket of entry
// numbers for each value of those bits, the first 8 bytes of each key and
// where each entry is. That costs 12 bytes an entry besides the file
// (about 4.7 MB for a 3.0 site of 100,000 awards, against some 18 for a
// Go map of the keys), is made in one pass over the file and holds no
// pointers for the garbage collector to follow; a lookup reads the
// bucket, a few prefixes side by side and the key in the file. The table
// does not change after parse but for the bits that mark the entries
// used, which are atomic.
type table struct {
	data    []byte
	offs    []uint32 // by entry number (file order): the offset of the entry's signature length
	prefix  []uint64 // by entry number: the key's first 8 bytes, big-endian
	buckets []uint32 // the entries whose key's prefix >> shift is b are buckets[b] to buckets[b+1]-1
	shift   uint
	used    []atomic.Uint64 // a bit per entry, by its number
	v1      bool            // read from a version 1 file, which Save replaces
	mapped  bool            // data is the file mapped into memory, unmapped when t is collected
}

// parse reads the entries of the cache file data. ok is false for data
// that is not a whole cache file, or whose keys are not in increasing
// order.
func parse(data []byte) (t *table, ok bool) {
	if uint64(len(data)) > math.MaxUint32 {
		return nil, false
	}
	var body int
	v1 := false
	switch {
	case len(data) >= len(magic)+sumSize && string(data[:len(magic)]) == magic:
		body = len(data) - sumSize
		if string(sum(data[:body])) != string(data[body:]) {
			return nil, false
		}
	case len(data) >= len(magicV1)+sha256.Size && string(data[:len(magicV1)]) == magicV1:
		body, v1 = len(data)-sha256.Size, true
		if sum := sha256.Sum256(data[:body]); string(sum[:]) != string(data[body:]) {
			return nil, false
		}
	default:
		return nil, false
	}
	// Check every entry and the order of the keys, and count them.
	n := 0
	for off, prev := len(magic), -1; off < body; n++ {
		next, ok := entryEnd(data[:body], off)
		if !ok || prev >= 0 && bytes.Compare(data[prev:prev+sha256.Size], data[off:off+sha256.Size]) >= 0 {
			return nil, false
		}
		prev, off = off, next
	}
	bucketBits := min(max(bits.Len(uint(n))-1, 0), 24) // about one or two entries a bucket
	t = &table{
		data: data, offs: make([]uint32, 0, n), prefix: make([]uint64, 0, n),
		buckets: make([]uint32, 1<<bucketBits+1), shift: uint(64 - bucketBits),
		used: make([]atomic.Uint64, (n+63)/64), v1: v1,
	}
	b := 0 // the next bucket whose first entry is to find
	for off := len(magic); off < body; {
		p := binary.BigEndian.Uint64(data[off:])
		for ; uint64(b) <= p>>t.shift; b++ {
			t.buckets[b] = uint32(len(t.offs))
		}
		t.offs = append(t.offs, uint32(off+sha256.Size))
		t.prefix = append(t.prefix, p)
		off, _ = entryEnd(data[:body], off)
	}
	for ; b < len(t.buckets); b++ {
		t.buckets[b] = uint32(n)
	}
	return t, true
}

// find returns the number of the entry of k.
func (t *table) find(k *Key) (int, bool) {
	p := binary.BigEndian.Uint64(k[:])
	b := p >> t.shift // 0 for a table of one bucket, shift 64
	for i := int(t.buckets[b]); i < int(t.buckets[b+1]) && t.prefix[i] <= p; i++ {
		if t.prefix[i] == p {
			if off := int(t.offs[i]); string(t.data[off-sha256.Size:off]) == string(k[:]) {
				return i, true
			}
		}
	}
	return 0, false
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

// sig returns the signature of the entry number i; ok is false if a
// mapped file no longer holds one there (another program rewrote it).
func (t *table) sig(i int) (sig []byte, ok bool) {
	off := int(t.offs[i])
	n, w := binary.Uvarint(t.data[off:])
	start := off + w
	if w <= 0 || n > maxSig || uint64(len(t.data)-start) < n {
		return nil, false
	}
	end := start + int(n)
	return t.data[start:end:end], true // capped: appending cannot write into the file's bytes
}

// use marks the entry number i as used.
func (t *table) use(i int) {
	if !t.isUsed(i) {
		t.used[i/64].Or(1 << (i % 64))
	}
}

// isUsed reports whether the entry number i was used.
func (t *table) isUsed(i int) bool {
	return t.used[i/64].Load()&(1<<(i%64)) != 0
}

// useAll marks every entry as used.
func (t *table) useAll() {
	for i := range t.offs {
		t.use(i)
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
	return len(t.offs)
}

// eachUsed calls f with the key and signature of every entry used.
func (t *table) eachUsed(f func(k Key, sig []byte)) {
	if t == nil {
		return
	}
	for i, off := range t.offs {
		if !t.isUsed(i) {
			continue
		}
		if sig, ok := t.sig(i); ok {
			f(Key(t.data[off-sha256.Size:off]), sig)
		}
	}
}
