package generator

import (
	"errors"
	"io/fs"

	"rosette/generator/internal/sitefs"
)

// sourceFS is the site's directory as the build reads it: regular files
// inside it only, never through a symbolic link and never blocking on a
// pipe (see package sitefs). It notes in clean the files read that hold no
// private key marker.
type sourceFS struct {
	*sitefs.FS
	clean *cleanFiles // may be nil
}

var (
	_ fs.ReadFileFS = sourceFS{}
	_ fs.ReadDirFS  = sourceFS{}
	_ fs.StatFS     = sourceFS{}
)

func newSourceFS(root string) sourceFS { return sourceFS{FS: sitefs.New(root)} }

// ReadFile reads the whole file name.
func (s sourceFS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.ReadFileLimit(name, sitefs.NoLimit)
	return data, err
}

// ReadFileLimit reads the whole file name, unless it is longer than limit
// bytes.
func (s sourceFS) ReadFileLimit(name string, limit int64) ([]byte, bool, error) {
	data, tooLarge, err := s.FS.ReadFileLimit(name, limit)
	if err == nil {
		s.clean.saw(s.Path(name), data)
	}
	return data, tooLarge, err
}

// isSiteFileError reports whether err is about a file the site may not
// hold (a link, a pipe…), as opposed to one it lacks.
func isSiteFileError(err error) bool {
	return errors.Is(err, sitefs.ErrSymlink) || errors.Is(err, sitefs.ErrNotRegular)
}
