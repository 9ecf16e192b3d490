//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sigcache

import (
	"errors"
	"os"
)

// mapsFiles tells whether readFile maps cache files into memory.
const mapsFiles = false

// mapFile is not used here: the file is read into the heap.
func mapFile(*os.File, int) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmap([]byte) {}
