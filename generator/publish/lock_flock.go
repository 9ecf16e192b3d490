//go:build unix && !(solaris || illumos || aix)

package publish

import (
	"os"
	"syscall"
)

// canLock reports whether a build can hold a lock on its temporary
// directory and manifest, which the system releases when the build ends,
// however it ends: a later build then knows those it may remove.
const canLock = true

// lockFile takes an exclusive lock on f without waiting, and reports
// whether it got it. The lock lasts until f is closed.
func lockFile(f *os.File) bool {
	c, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var lerr error
	err = c.Control(func(fd uintptr) {
		for {
			if lerr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB); lerr != syscall.EINTR {
				return
			}
		}
	})
	return err == nil && lerr == nil
}
