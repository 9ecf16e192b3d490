//go:build !unix

package generator

import "time"

// maxRSS is 0: the peak resident set size is not known on this system.
func maxRSS() int64 { return 0 }

// processCPU is 0: the CPU time of this process is not known on this
// system.
func processCPU() time.Duration { return 0 }
