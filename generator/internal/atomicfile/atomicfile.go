// Package atomicfile replaces a file whole or not at all: the data goes to
// a temporary file beside it, which is then renamed over it, so that a
// reader (or a crash) never sees half a file.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to name through a temporary file in the same
// directory (named ".<name>.tmp-…"), with permissions perm, and renames
// it over name. On an error name is as it was, and the temporary file is
// gone.
func Write(name string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
