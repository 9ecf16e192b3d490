//go:build unix && !(solaris || illumos || aix)

package sigcache

import "syscall"

// alloc returns n bytes of zeroed memory outside the Go heap, and the
// function that frees them; where the system refuses, heap memory.
func alloc(n int) ([]byte, func()) {
	if n > 0 {
		if b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE); err == nil {
			return b, func() { syscall.Munmap(b) }
		}
	}
	return make([]byte, n), func() {}
}
