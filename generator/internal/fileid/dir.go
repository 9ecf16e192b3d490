package fileid

import (
	"io/fs"
	"path/filepath"
)

// Dir is an open directory, relative to which the IDs of the files under
// it are read: on Linux with one fstatat each, which walks only the path
// below the directory, not the whole path from the root, and allocates
// nothing. Elsewhere it is Lstat of the joined path. A Dir is safe for
// concurrent use until it is closed.
type Dir struct {
	name string
	h    dirHandle
}

// OpenDir opens the directory name, which must be a directory and not a
// link to one.
func OpenDir(name string) (*Dir, error) {
	h, err := openDir(name)
	if err != nil {
		return nil, err
	}
	return &Dir{name: name, h: h}, nil
}

// Lstat is Lstat of the file at the slash path rel below the directory.
func (d *Dir) Lstat(rel string) (ID, fs.FileMode, error) {
	return d.h.lstat(d.name, rel)
}

// Close closes the directory.
func (d *Dir) Close() error { return d.h.close() }

// joined is the file name of rel below dir, for the systems that read
// IDs by name.
func joined(dir, rel string) string {
	return dir + string(filepath.Separator) + filepath.FromSlash(rel)
}
