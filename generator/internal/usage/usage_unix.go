//go:build unix

// Package usage reports what this process has used of the machine, for
// benchmarks and tests: CPU time beside wall time (which the load of a
// shared machine inflates), and peak memory.
package usage

import (
	"runtime"
	"syscall"
	"time"
)

// CPU is the user and system CPU time this process has used, 0 when
// unknown.
func CPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// MaxRSS is the peak resident set size of this process in bytes, 0 when
// unknown.
func MaxRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
