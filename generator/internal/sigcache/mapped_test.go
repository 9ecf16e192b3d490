package sigcache

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// mappedCache saves n signatures to a cache file and opens it again; on
// systems that map the file, the table must be mapped.
func mappedCache(t *testing.T, n int) (path string, s *signer, c *Cache) {
	t.Helper()
	path, s = savedCache(t, n)
	c = open(t, path)
	if tb := c.table.Load(); tb == nil || tb.count() != n {
		t.Fatalf("the cache file did not open with %d entries", n)
	}
	if c.table.Load().mapped != mapsFiles {
		t.Fatalf("the table is mapped: %v, want %v", c.table.Load().mapped, mapsFiles)
	}
	return path, s, c
}

// TestMappedFileCutShort cuts the cache file short while it is in use:
// lookups find nothing more (the pages are gone), signatures are made
// again, and Save says what was lost instead of crashing.
func TestMappedFileCutShort(t *testing.T) {
	path, s, c := mappedCache(t, 500)
	if !c.table.Load().mapped {
		t.Skip("the cache file is not mapped on this system")
	}
	p := []byte("award 499")
	if sig, _ := c.Sign(s.keyID, p, s.sign); !bytes.Equal(sig, s.want(p)) || s.calls.Load() != 500 {
		t.Fatal("the mapped file did not give the signature")
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err == nil {
		t.Error("Save of a cache whose file was cut short gave no error")
	}
	s.signAwards(t, c, upTo(500)...)
	if got := s.calls.Load(); got != 1000 {
		t.Errorf("signed %d times, want 1000: each signature again", got)
	}
	save(t, c)
	if c := open(t, path); entries(c) != 500 {
		t.Errorf("saved %d entries, want 500", entries(c))
	}
}

// TestMappedFileRewritten overwrites the cache file in place, keeping its
// size, while it is in use: no key matches any more, so every signature
// is made again rather than read from bytes that changed.
func TestMappedFileRewritten(t *testing.T) {
	path, s, c := mappedCache(t, 200)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.Repeat([]byte{0xa5}, len(data)), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signAwards(t, c, upTo(200)...)
	want := int64(400)
	if !c.table.Load().mapped {
		want = 200 // read into memory: the file's later bytes do not matter
	}
	if got := s.calls.Load(); got != want {
		t.Errorf("signed %d times, want %d", got, want)
	}
}

// TestMappedTableCollected looks signatures up from many goroutines while
// Save replaces the mapped table and the collector runs: a mapping
// released while a signature is still being copied out of it would crash
// the test.
func TestMappedTableCollected(t *testing.T) {
	path, s, _ := mappedCache(t, 300)
	for range 20 {
		c := open(t, path)
		wait := s.signConcurrently(t, c, 4, 300, 75)
		for range 5 {
			runtime.GC()
		}
		wait()
		save(t, c)
		c.Close()
		runtime.GC()
	}
	if got := s.calls.Load(); got != 300 {
		t.Errorf("signed %d times, want 300", got)
	}
	// Every mapping is released once its table is collected.
	maps := func() int {
		b, err := os.ReadFile("/proc/self/maps")
		if err != nil {
			t.Skip("no /proc/self/maps to count the mappings in")
		}
		return bytes.Count(b, []byte(filepath.Dir(path)))
	}
	n := maps()
	for deadline := time.Now().Add(10 * time.Second); n > 0 && time.Now().Before(deadline); n = maps() {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n > 0 {
		t.Errorf("%d mappings of cache files left after their caches were closed and collected", n)
	}
}

// TestMappedSize checks what Mapped reports: the file's size while its
// mapping is in use, 0 once Save has put the entries on the heap, and 0
// for a nil cache or one whose file is read.
func TestMappedSize(t *testing.T) {
	path, _, c := mappedCache(t, 20)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	want := fi.Size()
	if !mapsFiles {
		want = 0
	}
	if got := c.Mapped(); got != want {
		t.Errorf("Mapped = %d, want %d", got, want)
	}
	c.table.Load().useAll()
	c.Sign("k", []byte("one more"), (&signer{keyID: "k"}).sign)
	save(t, c)
	if got := c.Mapped(); got != 0 {
		t.Errorf("after Save, Mapped = %d, want 0", got)
	}
	if got := (*Cache)(nil).Mapped(); got != 0 {
		t.Errorf("a nil cache maps %d bytes", got)
	}
}
