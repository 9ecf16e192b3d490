//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sigcache

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapsFiles tells whether readFile maps cache files into memory.
const mapsFiles = true

// mapFile maps the first size bytes of f into memory, read-only. The
// mapping outlives f, and holds the file's bytes even after the file is
// replaced or removed; unmap releases it.
func mapFile(f *os.File, size int) ([]byte, error) {
	return unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
}

func unmap(b []byte) { unix.Munmap(b) }
