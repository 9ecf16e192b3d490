//go:build !unix

package rawfile

import (
	"io/fs"
	"os"
)

// HasIDs reports whether the file system gives files an ID.
const HasIDs = false

// WriteFile creates or truncates the file name and writes data to it, as
// os.WriteFile does with mode 0644. The ID is zero: there are none here.
func WriteFile(name string, data []byte) (ID, error) {
	return ID{}, os.WriteFile(name, data, 0o644)
}

// Lstat returns the type (fs.ModeDir, fs.ModeSymlink…; 0 for a regular
// file) of the file name, without following a link. The ID is zero: there
// are none here.
func Lstat(name string) (ID, fs.FileMode, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return ID{}, 0, err
	}
	return ID{}, fi.Mode().Type(), nil
}

// ReadFile returns the contents of the file name, or an error wrapping
// ErrTooLarge when it is longer than limit bytes.
func ReadFile(name string, limit int64) ([]byte, error) { return readPortable(name, limit) }

// Compare reports whether name is a regular file or nothing (which may be
// written), and whether it holds exactly data, reading it into buf, which
// has room for one byte more than data. The ID is zero: there are none
// here.
func Compare(name string, data, buf []byte) (regular, same bool, id ID) {
	regular, same = comparePortable(name, data, buf)
	return regular, same, ID{}
}
