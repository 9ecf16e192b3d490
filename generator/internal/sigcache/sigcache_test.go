package sigcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// signer is a stand-in for RS256 that counts its calls: the signature is
// the SHA-256 of key id and payload, so a wrong cached value shows.
type signer struct {
	keyID string
	calls atomic.Int64
}

func (s *signer) sign(payload []byte) ([]byte, error) {
	s.calls.Add(1)
	sum := sha256.Sum256(append([]byte(s.keyID+"|"), payload...))
	return sum[:], nil
}

func (s *signer) want(payload []byte) []byte {
	sum := sha256.Sum256(append([]byte(s.keyID+"|"), payload...))
	return sum[:]
}

// signAwards signs "award i" through c for each i in ids and checks each
// signature.
func (s *signer) signAwards(t *testing.T, c *Cache, ids ...int) {
	t.Helper()
	for _, i := range ids {
		p := fmt.Appendf(nil, "award %d", i)
		if sig, err := c.Sign(s.keyID, p, s.sign); err != nil || !bytes.Equal(sig, s.want(p)) {
			t.Fatalf("%s: %v, wrong signature", p, err)
		}
	}
}

// savedCache is the path of a cache file that holds the signatures of
// "award 0" to "award n-1" made by s, which has signed each once.
func savedCache(t *testing.T, n int) (path string, s *signer) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "sigs")
	s = &signer{keyID: "k"}
	c := open(t, path)
	s.signAwards(t, c, upTo(n)...)
	save(t, c)
	return path, s
}

// signConcurrently starts goroutines that each sign n of the payloads
// "award 0" to "award 299" through c, goroutine g from award g*step on,
// and check every signature; wait waits for them.
func (s *signer) signConcurrently(t *testing.T, c *Cache, goroutines, n, step int) (wait func()) {
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				p := fmt.Appendf(nil, "award %d", (i+g*step)%300)
				if sig, err := c.Sign(s.keyID, p, s.sign); err != nil || !bytes.Equal(sig, s.want(p)) {
					t.Errorf("wrong signature for %q", p)
					return
				}
			}
		}()
	}
	return wg.Wait
}

// upTo is 0, 1, …, n-1.
func upTo(n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	return ids
}

func open(t *testing.T, path string) *Cache {
	t.Helper()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// save saves c, failing the test on an error.
func save(t *testing.T, c *Cache) {
	t.Helper()
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// entries counts the entries c read from its file or saved.
func entries(c *Cache) int { return c.table.Load().count() }

func TestSignedOnceAcrossBuilds(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s := &signer{keyID: "key-1"}
	payloads := [][]byte{[]byte("award a"), []byte("award b"), []byte("award c")}
	for build := 1; build <= 3; build++ {
		c := open(t, path)
		for _, p := range payloads {
			sig, err := c.Sign(s.keyID, p, s.sign)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sig, s.want(p)) {
				t.Fatalf("build %d: wrong signature for %q", build, p)
			}
		}
		save(t, c)
		if s.calls.Load() != 3 {
			t.Fatalf("build %d: signed %d times in all, want 3", build, s.calls.Load())
		}
	}
}

// TestAppendSign appends signatures made now, and signatures read from the
// file, to a buffer: the one from the file goes into the buffer's spare
// memory, and what the buffer held stays.
func TestAppendSign(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s := &signer{keyID: "k"}
	c := open(t, path)
	buf := make([]byte, 0, 100)
	out, err := c.AppendSign(append(buf, "head:"...), s.keyID, []byte("a"), s.sign)
	if err != nil || string(out) != "head:"+string(s.want([]byte("a"))) {
		t.Fatalf("new signature: %q, %v", out, err)
	}
	c.Save()
	c.Close()
	c = open(t, path)
	defer c.Close()
	out, err = c.AppendSign(append(buf, "head:"...), s.keyID, []byte("a"), s.sign)
	if err != nil || string(out) != "head:"+string(s.want([]byte("a"))) || &out[0] != &buf[:1][0] {
		t.Fatalf("signature from the file: %q, %v (in the buffer: %v)", out, err, &out[0] == &buf[:1][0])
	}
	// The cache keeps no part of the buffer.
	clear(out)
	if again, _ := c.Sign(s.keyID, []byte("a"), s.sign); !bytes.Equal(again, s.want([]byte("a"))) || s.calls.Load() != 1 {
		t.Errorf("after the buffer was cleared: %x, signed %d times", again, s.calls.Load())
	}
}

func TestChangedPayloadOrKeyMisses(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s1, s2 := &signer{keyID: "key-1"}, &signer{keyID: "key-2"}
	c := open(t, path)
	c.Sign(s1.keyID, []byte("award"), s1.sign)
	c.Save()
	c = open(t, path)
	if sig, _ := c.Sign(s2.keyID, []byte("award"), s2.sign); !bytes.Equal(sig, s2.want([]byte("award"))) || s2.calls.Load() != 1 {
		t.Error("a new key id reused the old key's signature")
	}
	if c.Sign(s1.keyID, []byte("award, changed"), s1.sign); s1.calls.Load() != 2 {
		t.Error("a changed payload was not signed again")
	}
	// Key ids and payloads are not confused at their boundary.
	if KeyOf("ab", []byte("c")) == KeyOf("a", []byte("bc")) {
		t.Error("KeyOf is ambiguous")
	}
}

func TestSaveKeepsOnlyUsedEntries(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s := &signer{keyID: "k"}
	c := open(t, path)
	for i := range 10 {
		c.Sign(s.keyID, fmt.Appendf(nil, "award %d", i), s.sign)
	}
	c.Save()
	c = open(t, path)
	c.Sign(s.keyID, []byte("award 3"), s.sign)
	c.Save()
	c = open(t, path)
	if entries(c) != 1 {
		t.Errorf("cache holds %d entries after a build that used 1", entries(c))
	}
	if s.calls.Load() != 10 {
		t.Errorf("signed %d times, want 10", s.calls.Load())
	}
}

func TestDamagedFileIsIgnored(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s := &signer{keyID: "k"}
	c := open(t, path)
	c.Sign(s.keyID, []byte("award"), s.sign)
	c.Save()
	data, _ := os.ReadFile(path)
	for _, bad := range [][]byte{data[:len(data)-1], append(bytes.Clone(data[:len(data)-40]), bytes.Repeat([]byte{7}, 40)...), []byte("junk"), nil} {
		os.WriteFile(path, bad, 0o644)
		c := open(t, path)
		if entries(c) != 0 {
			t.Errorf("damaged file (%d bytes) gave %d entries", len(bad), entries(c))
		}
		if sig, _ := c.Sign(s.keyID, []byte("award"), s.sign); !bytes.Equal(sig, s.want([]byte("award"))) {
			t.Error("wrong signature after a damaged file")
		}
	}
}

func TestConcurrentSign(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	s := &signer{keyID: "k"}
	c := open(t, path)
	s.signConcurrently(t, c, 8, 200, 7)()
	save(t, c)
	if c = open(t, path); entries(c) == 0 {
		t.Error("nothing saved")
	}
}

func TestSignErrorIsNotCached(t *testing.T) {
	c := open(t, filepath.Join(t.TempDir(), "sigs"))
	fail := func([]byte) ([]byte, error) { return nil, fmt.Errorf("no key") }
	if _, err := c.Sign("k", []byte("x"), fail); err == nil {
		t.Fatal("error lost")
	}
	s := &signer{keyID: "k"}
	if sig, _ := c.Sign("k", []byte("x"), s.sign); !bytes.Equal(sig, s.want([]byte("x"))) {
		t.Error("a failed signature was cached")
	}
}

// FuzzDecode feeds cache files with a valid checksum to Open: it must not
// panic, it must find exactly the entries a plain reading of the format
// finds, or none when their keys are not in increasing order, and a file
// it accepts must encode to the same entries again.
func FuzzDecode(f *testing.F) {
	path := filepath.Join(f.TempDir(), "sigs")
	c, _ := Open(path)
	for i := range 3 {
		c.Sign("k", []byte(fmt.Sprint("award ", i)), func(p []byte) ([]byte, error) { return bytes.Repeat(p[:1], 10+i), nil })
	}
	if err := c.Save(); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	body := data[len(magic) : len(data)-sumSize]
	f.Add(body)
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 40))
	f.Add(append(bytes.Clone(body), body...))
	f.Add(sharedPrefixes(5))
	f.Fuzz(func(t *testing.T, body []byte) {
		file := append([]byte(magic), body...)
		file = append(file, sum(file)...)
		path := filepath.Join(t.TempDir(), "sigs")
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		want, ok := plainDecode(body)
		if got := entries(c); !ok && got != 0 || ok && got != len(want) {
			t.Fatalf("Open found %d entries; a plain reading: %d, ok %v", got, len(want), ok)
		}
		for k, sig := range want {
			if got, ok := c.lookup(k, nil); !ok || !bytes.Equal(got, sig) {
				t.Fatalf("entry %x: lookup %x, %v, want %x", k, got, ok, sig)
			}
			k[31] ^= 1
			if _, ok := want[k]; !ok && c.has(k) {
				t.Fatalf("key %x found, which the file does not hold", k)
			}
		}
		c.mu.Lock()
		again := c.encode(c.table.Load())
		c.mu.Unlock()
		got, ok := plainDecode(again[len(magic) : len(again)-sumSize])
		if s := sum(again[:len(again)-sumSize]); !ok || string(s) != string(again[len(again)-sumSize:]) || !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("re-encoded cache: ok %v, %d entries, want %d", ok, len(got), len(want))
		}
	})
}

// plainDecode reads the entries of a cache file's body, between the magic
// and the checksum, one after the other; ok is false unless each key is
// greater than the one before it.
func plainDecode(body []byte) (map[Key][]byte, bool) {
	r := bytes.NewReader(body)
	entries := map[Key][]byte{}
	var prev *Key
	for r.Len() > 0 {
		var k Key
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return nil, false
		}
		if prev != nil && bytes.Compare(prev[:], k[:]) >= 0 {
			return nil, false
		}
		prev = &k
		n, err := binary.ReadUvarint(r)
		if err != nil || n > maxSig || n > uint64(r.Len()) {
			return nil, false
		}
		sig := make([]byte, n)
		io.ReadFull(r, sig)
		entries[k] = sig
	}
	return entries, true
}

// sharedPrefixes is the body of a cache file of n entries whose keys
// share their first 8 bytes (and so their bucket), in increasing order.
func sharedPrefixes(n int) []byte {
	var b []byte
	for i := range n {
		var k Key
		copy(k[:], "prefix!!")
		k[20] = byte(i * 3)
		b = append(b, k[:]...)
		b = append(b, 2, 'a', byte(i))
	}
	return b
}

// TestSharedPrefixes checks lookups among keys whose first 8 bytes are
// the same, and of keys between and beside them.
func TestSharedPrefixes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	file := append([]byte(magic), sharedPrefixes(6)...)
	if err := os.WriteFile(path, append(file, sum(file)...), 0o644); err != nil {
		t.Fatal(err)
	}
	c := open(t, path)
	if n := entries(c); n != 6 {
		t.Fatalf("%d entries, want 6", n)
	}
	for i := range 19 {
		var k Key
		copy(k[:], "prefix!!")
		k[20] = byte(i)
		sig, ok := c.lookup(k, nil)
		if want := i%3 == 0 && i/3 < 6; ok != want || ok && !bytes.Equal(sig, []byte{'a', byte(i / 3)}) {
			t.Errorf("key %d: %q, %v; want found %v", i, sig, ok, want)
		}
	}
}

// TestVersion1 reads a cache file of the earlier format, which ends with
// the SHA-256 of what is before it, and checks that Save replaces it with
// the current format even when the build used every entry, signing
// nothing again.
func TestVersion1(t *testing.T) {
	path, s := savedCache(t, 50)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v1 := append([]byte(magicV1), data[len(magic):len(data)-sumSize]...)
	digest := sha256.Sum256(v1)
	if err := os.WriteFile(path, append(v1, digest[:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	c := open(t, path)
	if n := entries(c); n != 50 {
		t.Fatalf("version 1 file: %d entries, want 50", n)
	}
	s.signAwards(t, c, upTo(50)...)
	if s.calls.Load() != 50 {
		t.Fatalf("signed %d times in all, want 50: the version 1 entries were not used", s.calls.Load())
	}
	save(t, c)
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Errorf("Save wrote %d bytes, want the version 2 file of %d bytes", len(again), len(data))
	}
}

// TestUnsortedFileIsIgnored: a file whose keys are out of order, or
// repeated, is not one Save writes, and is ignored as a whole.
func TestUnsortedFileIsIgnored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	body := sharedPrefixes(3)
	entry := len(body) / 3
	swapped := append(append(bytes.Clone(body[entry:2*entry]), body[:entry]...), body[2*entry:]...)
	repeated := append(bytes.Clone(body), body[2*entry:]...)
	for _, b := range [][]byte{swapped, repeated} {
		file := append([]byte(magic), b...)
		if err := os.WriteFile(path, append(file, sum(file)...), 0o644); err != nil {
			t.Fatal(err)
		}
		if n := entries(open(t, path)); n != 0 {
			t.Errorf("%d entries from a file out of order", n)
		}
	}
}

// TestClose checks that a closed cache still answers what it made since
// Open and signs again what it would have read from the file.
func TestClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	s := &signer{keyID: "k"}
	c := open(t, path)
	c.Sign(s.keyID, []byte("old"), s.sign)
	save(t, c)
	c = open(t, path)
	c.Sign(s.keyID, []byte("new"), s.sign)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	before := s.calls.Load()
	for _, p := range []string{"old", "new"} {
		if sig, err := c.Sign(s.keyID, []byte(p), s.sign); err != nil || !bytes.Equal(sig, s.want([]byte(p))) {
			t.Errorf("%s after Close: %x, %v", p, sig, err)
		}
	}
	if got := s.calls.Load() - before; got != 1 {
		t.Errorf("signed %d times after Close, want 1 (the entry of the closed file)", got)
	}
	save(t, c)
	if c := open(t, path); entries(c) != 2 {
		t.Errorf("saved %d entries, want 2", entries(c))
	}
}

// TestSaveAfterClose refuses to save a cache whose entries from the file
// were used and then dropped by Close: saving without them would make the
// next build sign them all again.
func TestSaveAfterClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	s := &signer{keyID: "k"}
	c := open(t, path)
	c.Sign(s.keyID, []byte("old"), s.sign)
	save(t, c)
	before, _ := os.ReadFile(path)
	c = open(t, path)
	c.Sign(s.keyID, []byte("old"), s.sign)
	c.Sign(s.keyID, []byte("new"), s.sign)
	c.Close()
	if err := c.Save(); err == nil {
		t.Error("Save after Close dropped the used entries without an error")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the failed Save changed the file")
	}
}

// TestManyEntries fills a table well past its first size, with entries
// used in any order, and saves exactly the ones used.
func TestManyEntries(t *testing.T) {
	path, s := savedCache(t, 5000)
	c := open(t, path)
	if n := entries(c); n != 5000 {
		t.Fatalf("%d entries, want 5000", n)
	}
	var every3 []int
	for i := 4999; i >= 0; i -= 3 {
		every3 = append(every3, i)
	}
	s.signAwards(t, c, every3...)
	if s.calls.Load() != 5000 {
		t.Fatalf("signed %d times, want 5000", s.calls.Load())
	}
	save(t, c)
	if c = open(t, path); entries(c) != 1667 {
		t.Errorf("saved %d entries, want the 1667 used", entries(c))
	}
}

// TestSaveCloseSave: closing a cache right after Save loses nothing, so a
// second Save succeeds and leaves the file as it is.
func TestSaveCloseSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	s := &signer{keyID: "k"}
	c := open(t, path)
	c.Sign(s.keyID, []byte("a"), s.sign)
	save(t, c)
	before, _ := os.ReadFile(path)
	c.Close()
	if err := c.Save(); err != nil {
		t.Errorf("Save after Save and Close: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the second Save changed the file")
	}
}

// TestOversizedSignatureIsNotCached: a signature longer than the file
// format allows is returned but not kept, and Save still works.
func TestOversizedSignatureIsNotCached(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigs")
	c := open(t, path)
	big := func([]byte) ([]byte, error) { return bytes.Repeat([]byte{1}, maxSig+1), nil }
	if sig, err := c.Sign("k", []byte("x"), big); err != nil || len(sig) != maxSig+1 {
		t.Fatalf("got %d bytes, %v", len(sig), err)
	}
	save(t, c)
	if c := open(t, path); entries(c) != 0 {
		t.Error("an oversized signature was saved")
	}
}

// TestGroupsKeepTheirSignatures checks that a build that recalls a group
// keeps its signatures in the file without asking for them, that a build
// that neither recalls nor asks drops them, and that a group whose
// signatures are gone is not recalled.
func TestGroupsKeepTheirSignatures(t *testing.T) {
	path := DefaultPath(t.TempDir())
	s := &signer{keyID: "key-1"}
	a, b := []byte("proof payload"), []byte("jwt payload")
	c := open(t, path)
	if c.Recall([]byte("award 1")) {
		t.Error("an empty cache recalled a group")
	}
	_, ka, err := c.AppendSignKey(nil, s.keyID, a, s.sign)
	if err != nil {
		t.Fatal(err)
	}
	_, kb, err := c.AppendSignKey(nil, s.keyID, b, s.sign)
	if err != nil {
		t.Fatal(err)
	}
	if ka != KeyOf(s.keyID, a) || kb != KeyOf(s.keyID, b) {
		t.Fatal("AppendSignKey returned other keys than KeyOf")
	}
	c.Remember([]byte("award 1"), ka, kb)
	if !c.Recall([]byte("award 1")) {
		t.Error("a group remembered in this build is not recalled")
	}
	save(t, c)
	c.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	size := fi.Size()

	// Builds that only recall the group keep it and its signatures; one
	// that remembers it again (it made the files again) adds no entry.
	for i := range 2 {
		c = open(t, path)
		if !c.Recall([]byte("award 1")) {
			t.Fatal("the group is not recalled from the file")
		}
		if i == 1 {
			c.Remember([]byte("award 1"), ka, kb)
		}
		if c.Recall([]byte("award 2")) {
			t.Error("a group never remembered is recalled")
		}
		save(t, c)
		c.Close()
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != size {
		t.Errorf("the file changed size from %d bytes to %v (%v): a group remembered twice?", size, fi.Size(), err)
	}
	c = open(t, path)
	if n := entries(c); n != 3 {
		t.Errorf("the file holds %d entries, want 3 (two signatures and their group)", n)
	}
	for _, p := range [][]byte{a, b} {
		if sig, err := c.Sign(s.keyID, p, s.sign); err != nil || !bytes.Equal(sig, s.want(p)) {
			t.Errorf("Sign(%q) = %x, %v", p, sig, err)
		}
	}
	if s.calls.Load() != 2 {
		t.Errorf("signed %d times, want 2", s.calls.Load())
	}
	// A build that uses the signatures without the group drops the group.
	save(t, c)
	c.Close()
	c = open(t, path)
	if c.Recall([]byte("award 1")) {
		t.Error("a group that the last build did not use is still recalled")
	}
	c.Close()

	// A group whose signature was dropped is not recalled.
	c = open(t, path)
	c.Remember([]byte("award 3"), ka, KeyOf(s.keyID, []byte("never signed")))
	if c.Recall([]byte("award 3")) {
		t.Error("a group with a signature the cache does not hold is recalled")
	}
	c.Close()
}
