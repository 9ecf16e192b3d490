// Package source is a site's directory as a build reads it: regular files
// inside it only, never through a symbolic link and never blocking on a
// pipe (see package sitefs), and, for the build's private-key scan, a note
// of every file read whose bytes hold no private key marker, so that the
// scan need not read it again.
package source

import (
	"io/fs"
	"sync"

	"rosette/generator/internal/sitefs"
	"rosette/generator/keyscan"
)

// FS reads the site's directory. It notes in its Clean set, if it has
// one, the files read that hold no private key marker.
type FS struct {
	*sitefs.FS
	clean *Clean // may be nil
}

var (
	_ fs.ReadFileFS = FS{}
	_ fs.ReadDirFS  = FS{}
	_ fs.StatFS     = FS{}
)

// New returns the directory root; with a non-nil clean, the files read
// clean are noted in it.
func New(root string, clean *Clean) FS { return FS{FS: sitefs.New(root), clean: clean} }

// ReadFile reads the whole file name.
func (s FS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.ReadFileLimit(name, sitefs.NoLimit)
	return data, err
}

// ReadFileLimit reads the whole file name, unless it is longer than limit
// bytes.
func (s FS) ReadFileLimit(name string, limit int64) ([]byte, bool, error) {
	data, tooLarge, err := s.FS.ReadFileLimit(name, limit)
	if err == nil {
		s.clean.saw(s.Path(name), data)
	}
	return data, tooLarge, err
}

// Clean is the set of files, by path (as sitefs.FS.Path makes it), whose
// whole bytes were read and found free of the private key marker. The
// zero value is an empty set. It is safe for concurrent use.
type Clean struct {
	mu    sync.Mutex
	paths map[string]struct{}
}

// saw notes the bytes of the file at p.
func (c *Clean) saw(p string, data []byte) {
	if c == nil || keyscan.MayHold(data) {
		return
	}
	c.mu.Lock()
	if c.paths == nil {
		c.paths = make(map[string]struct{})
	}
	c.paths[p] = struct{}{}
	c.mu.Unlock()
}

// Has reports whether the file at p was seen clean.
func (c *Clean) Has(p string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.paths[p]
	return ok
}
