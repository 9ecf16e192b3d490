//go:build unix

package publish

import "syscall"

// openFlags keep an open from following a link at the last element of a
// path (O_NOFOLLOW) and from blocking on a pipe or device (O_NONBLOCK).
const (
	openFlags   = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	hasNoFollow = true
)
