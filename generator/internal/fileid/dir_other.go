//go:build !linux

package fileid

import (
	"fmt"
	"io/fs"
	"os"
)

// dirHandle is nothing: IDs are read by name.
type dirHandle struct{}

func openDir(name string) (dirHandle, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return dirHandle{}, err
	}
	if !fi.IsDir() {
		return dirHandle{}, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("not a directory")}
	}
	return dirHandle{}, nil
}

func (dirHandle) lstat(dir, rel string) (ID, fs.FileMode, error) {
	return Lstat(joined(dir, rel))
}

func (dirHandle) close() error { return nil }
