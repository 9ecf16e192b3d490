// Package rawfile reads, writes and compares regular files with the fewest
// system calls: open, fstat, read or write, close; and tells the ID of a
// file, by which a later build knows that it has not changed. On Linux, the os package
// also tries to add every file it opens to the network poller, which a
// regular file refuses, at five more system calls per file; a build reads
// and writes hundreds of thousands of small files. Elsewhere the functions
// use the os package.
package rawfile

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
)

// ID is what the file system says of a file that changes whenever its
// contents may have: device and inode, size, and the time of the last
// change (ctime). The kernel sets a file's ctime to the current time on
// every write and metadata change, and no program can set it back (unlike
// the modification time), so a file whose ID has not changed holds the
// bytes it held — unless it was changed again within the same tick of the
// file system's clock, which is coarse (a few milliseconds). Where HasIDs
// is false, IDs are zero.
type ID struct {
	Dev, Ino uint64
	Size     int64
	Ctime    int64 // nanoseconds since 1970
}

// ErrTooLarge is returned by ReadFile for a file longer than its limit.
var ErrTooLarge = errors.New("file too large")

// NoLimit is the limit of ReadFile that reads a file of any length.
const NoLimit = math.MaxInt64 - 1 // one more must not overflow

// comparePortable is Compare with the os package.
func comparePortable(name string, data, buf []byte) (regular, same bool) {
	fi, err := os.Lstat(name)
	switch {
	case err != nil:
		return true, false // nothing there yet
	case !fi.Mode().IsRegular():
		return false, false
	case fi.Size() != int64(len(data)):
		return true, false
	}
	f, err := os.Open(name)
	if err != nil {
		return true, false
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if err != io.ErrUnexpectedEOF {
		return true, false // longer than data, or unreadable
	}
	return true, bytes.Equal(buf[:n], data)
}

// readPortable is ReadFile with the os package.
func readPortable(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &os.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return data, nil
}
