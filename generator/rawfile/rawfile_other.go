//go:build !unix

package rawfile

import "os"

// WriteFile creates or truncates the file name and writes data to it, as
// os.WriteFile does with mode 0644.
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// ReadFile returns the contents of the file name, or an error wrapping
// ErrTooLarge when it is longer than limit bytes.
func ReadFile(name string, limit int64) ([]byte, error) { return readPortable(name, limit) }

// Compare reports whether name is a regular file or nothing (which may be
// written), and whether it holds exactly data, reading it into buf, which
// has room for one byte more than data.
func Compare(name string, data, buf []byte) (regular, same bool) {
	return comparePortable(name, data, buf)
}
