//go:build unix && !(solaris || illumos || aix)

package publish

import "syscall"

func mkfifo(p string) error { return syscall.Mkfifo(p, 0o644) }
