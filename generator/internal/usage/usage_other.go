//go:build !unix

// Package usage reports what this process has used of the machine, for
// benchmarks and tests: CPU time beside wall time (which the load of a
// shared machine inflates), and peak memory.
package usage

import "time"

// CPU is 0: the CPU time of this process is not known on this system.
func CPU() time.Duration { return 0 }

// MaxRSS is 0: the peak resident set size is not known on this system.
func MaxRSS() int64 { return 0 }
