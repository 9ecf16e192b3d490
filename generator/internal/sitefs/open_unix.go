//go:build unix

package sitefs

import "syscall"

// noFollow keeps an open from following a link at the last element of a
// path; O_NONBLOCK keeps it from blocking on a pipe or device.
const (
	noFollow    = syscall.O_NOFOLLOW
	openFlags   = noFollow | syscall.O_NONBLOCK
	hasNoFollow = true
)
