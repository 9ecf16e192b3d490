// Package fileid tells the ID of a file: what the file system says of it
// that changes whenever its contents may have. A build's output manifest
// keeps the IDs of the files it wrote, by which the next build knows the
// files that have not changed without reading them.
package fileid

import (
	"io/fs"
	"os"
)

// ID is a file's device and inode, size, and the time of its last change
// (ctime). The kernel sets a file's ctime to the current time on every
// write and metadata change, and no program can set it back (unlike the
// modification time), so a file whose ID has not changed holds the bytes
// it held — unless it was changed again within the same tick of the file
// system's clock, which is coarse (a few milliseconds). Where Supported
// is false, IDs are zero.
type ID struct {
	Dev, Ino uint64
	Size     int64
	Ctime    int64 // nanoseconds since 1970
}

// Of returns the ID of the file that fi describes, or the zero ID where
// the system gives none.
func Of(fi fs.FileInfo) ID {
	return of(fi)
}

// Lstat returns the ID and the type (fs.ModeDir, fs.ModeSymlink…; 0 for
// a regular file) of the file name, without following a link.
func Lstat(name string) (ID, fs.FileMode, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return ID{}, 0, err
	}
	return Of(fi), fi.Mode().Type(), nil
}
