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
//	defer c.Close()
//	sig, err := c.Sign(keyID, payload, signRS256) // from many goroutines
//	…
//	err = c.Save() // after the build succeeded: keeps the entries it used
package sigcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
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
// Only the index of the file is kept in memory, in maps without pointers
// for the garbage collector to follow; a signature is read from the file
// when it is used. Signatures made since Open are kept in one slice.
type Cache struct {
	path string
	file *os.File // the file read at Open; nil when there was none

	mu      sync.Mutex
	added   []byte        // the signatures made since Open
	stored  map[Key]entry // entries of the file
	used    map[Key]entry // entries looked up or added since Open
	changed bool          // used differs from stored
}

// entry is where a signature is: in the file, or in Cache.added.
type entry struct {
	off, len uint32
	inFile   bool
}

// sig returns the signature of e. The caller holds c.mu.
func (c *Cache) sig(e entry) ([]byte, error) {
	if !e.inFile {
		end := e.off + e.len
		return c.added[e.off:end:end], nil // capped: appending cannot write into the cache
	}
	return readSig(nil, c.file, e)
}

// readSig appends the signature of e, read from the cache file f, to dst.
func readSig(dst []byte, f *os.File, e entry) ([]byte, error) {
	if f == nil {
		return nil, os.ErrClosed
	}
	dst = slices.Grow(dst, int(e.len))
	sig := dst[len(dst) : len(dst)+int(e.len)]
	if _, err := f.ReadAt(sig, int64(e.off)); err != nil {
		return nil, err
	}
	return dst[:len(dst)+len(sig)], nil
}

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

// Open reads the index of the cache file at path, and keeps the file open
// to read signatures from; Close closes it. A missing or damaged file
// gives an empty cache; only other read errors are returned.
func Open(path string) (*Cache, error) {
	c := &Cache{path: path, stored: map[Key]entry{}, used: map[Key]entry{}}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	entries, ok, err := decode(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	if ok {
		c.file, c.stored, c.used = f, entries, make(map[Key]entry, len(entries))
	} else {
		f.Close()
	}
	return c, nil
}

// Close closes the cache file. Save reads the signatures it keeps from
// the file: call it before Close. After Close, a signature that is only
// in the file is signed again when it is asked for.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return nil
	}
	err := c.file.Close()
	c.file = nil
	return err
}

// Sign returns the signature of payload with the key keyID: the cached one,
// else the one sign makes, which is then cached.
func (c *Cache) Sign(keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	return c.AppendSign(nil, keyID, payload, sign)
}

// AppendSign appends the signature that Sign returns to dst. A signature
// in the cache's file is read straight into dst's spare capacity: a caller
// that signs many payloads with one buffer allocates nothing for them.
func (c *Cache) AppendSign(dst []byte, keyID string, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	k := KeyOf(keyID, payload)
	if out, ok := c.lookup(k, dst); ok {
		return out, nil
	}
	sig, err := c.add(k, payload, sign)
	if err != nil {
		return nil, err
	}
	return append(dst, sig...), nil
}

// add signs payload with sign and caches the signature under k.
func (c *Cache) add(k Key, payload []byte, sign func(payload []byte) ([]byte, error)) ([]byte, error) {
	sig, err := sign(payload)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if uint64(len(c.added))+uint64(len(sig)) > math.MaxUint32 {
		return sig, nil // too much to index: signed, not cached
	}
	e := entry{off: uint32(len(c.added)), len: uint32(len(sig))}
	c.added = append(c.added, sig...)
	c.used[k] = e
	c.changed = true
	return c.sig(e)
}

// lookup appends the cached signature of k to dst. A signature that
// cannot be read from the file is a miss: the payload is signed again.
func (c *Cache) lookup(k Key, dst []byte) ([]byte, bool) {
	c.mu.Lock()
	e, ok := c.used[k]
	if !ok {
		e, ok = c.stored[k]
	}
	out := dst
	if ok && !e.inFile {
		sig, _ := c.sig(e)
		out = append(dst, sig...)
	}
	f := c.file
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	if e.inFile {
		var err error
		if out, err = readSig(dst, f, e); err != nil { // outside the lock: reads run side by side
			return nil, false
		}
	}
	c.mu.Lock()
	c.used[k] = e
	c.mu.Unlock()
	return out, true
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
	data, err := c.encode(c.used)
	if err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
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

// encode returns the file of the entries. The caller holds c.mu.
func (c *Cache) encode(entries map[Key]entry) ([]byte, error) {
	keys := slices.SortedFunc(maps.Keys(entries), func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	var buf bytes.Buffer
	buf.WriteString(magic)
	var n [binary.MaxVarintLen64]byte
	for _, k := range keys {
		sig, err := c.sig(entries[k])
		if err != nil {
			return nil, err
		}
		buf.Write(k[:])
		buf.Write(n[:binary.PutUvarint(n[:], uint64(len(sig)))])
		buf.Write(sig)
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes(), nil
}

// decode reads the entries of a cache file of size bytes from r; each one
// says where its signature is in the file. It reads the file as a stream,
// so that only the index is ever held in memory. ok is false for a file
// that is not a whole cache file; err is an error reading it.
func decode(r io.Reader, size int64) (entries map[Key]entry, ok bool, err error) {
	if size < int64(len(magic)+sha256.Size) || size > math.MaxUint32 {
		return nil, false, nil
	}
	h := &hashingReader{r: bufio.NewReaderSize(io.LimitReader(r, size-sha256.Size), 64<<10), h: sha256.New()}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(h, head); err != nil || string(head) != magic {
		return nil, false, h.err
	}
	entries = make(map[Key]entry)
	body := size - sha256.Size
	for h.n < body {
		var k Key
		if _, err := io.ReadFull(h, k[:]); err != nil {
			return nil, false, h.err
		}
		n, err := binary.ReadUvarint(h)
		if err != nil || n > 1<<16 || uint64(body-h.n) < n {
			return nil, false, h.err
		}
		entries[k] = entry{off: uint32(h.n), len: uint32(n), inFile: true}
		if _, err := io.CopyN(io.Discard, h, int64(n)); err != nil {
			return nil, false, h.err
		}
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = nil // a file shorter than it was: damaged
		}
		return nil, false, err
	}
	if !bytes.Equal(h.h.Sum(nil), sum[:]) {
		return nil, false, nil
	}
	return entries, true, nil
}

// hashingReader hashes and counts what is read through it, and keeps the
// first error of the reader below other than its end.
type hashingReader struct {
	r   *bufio.Reader
	h   hash.Hash
	n   int64
	err error
	b   [1]byte
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	hr.h.Write(p[:n])
	hr.n += int64(n)
	hr.keep(err)
	return n, err
}

func (hr *hashingReader) ReadByte() (byte, error) {
	b, err := hr.r.ReadByte()
	if err == nil {
		hr.b[0] = b
		hr.h.Write(hr.b[:])
		hr.n++
	}
	hr.keep(err)
	return b, err
}

func (hr *hashingReader) keep(err error) {
	if err != nil && err != io.EOF && hr.err == nil {
		hr.err = err
	}
}
