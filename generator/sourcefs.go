package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"rosette/generator/rawfile"
)

// sourceFS is the site's directory as the content loader reads it: an
// os.DirFS whose whole-file reads take the fewest system calls (see
// package rawfile), since a large site has a file per award.
type sourceFS struct {
	fs.FS
	root  string
	clean *cleanFiles // notes the files read that hold no private key marker; may be nil
}

var (
	_ fs.ReadFileFS = sourceFS{}
	_ fs.ReadDirFS  = sourceFS{}
	_ fs.StatFS     = sourceFS{}
)

func newSourceFS(root string) sourceFS { return sourceFS{FS: os.DirFS(root), root: root} }

// ReadFile reads the whole file name.
func (s sourceFS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.ReadFileLimit(name, rawfile.NoLimit)
	return data, err
}

// ReadFileLimit reads the whole file name, unless it is longer than limit
// bytes.
func (s sourceFS) ReadFileLimit(name string, limit int64) ([]byte, bool, error) {
	if !fs.ValidPath(name) {
		return nil, false, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(s.root, filepath.FromSlash(name))
	data, err := rawfile.ReadFile(full, limit)
	if err == nil {
		s.clean.saw(full, data)
	}
	if errors.Is(err, rawfile.ErrTooLarge) {
		return nil, true, err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = name // as os.DirFS names it
	}
	return data, false, err
}

// ReadDir reads the directory name, as os.DirFS does.
func (s sourceFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.FS, name) }

// Stat describes the file name, as os.DirFS does.
func (s sourceFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.FS, name) }
