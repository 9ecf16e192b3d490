//go:build !unix

package render

import "time"

// processCPU is 0: the CPU time of this process is not known on this
// system.
func processCPU() time.Duration { return 0 }
