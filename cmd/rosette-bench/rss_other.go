//go:build !unix

package main

import (
	"os"
	"time"
)

// maxRSS returns 0: the peak resident set size of a child process is not
// known on this system.
func maxRSS(ps *os.ProcessState) int64 { return 0 }

// cpuTime returns the user plus system CPU time of a finished child
// process.
func cpuTime(ps *os.ProcessState) time.Duration { return ps.UserTime() + ps.SystemTime() }

// selfCPU returns 0: the CPU time of this process is not known here.
func selfCPU() time.Duration { return 0 }
