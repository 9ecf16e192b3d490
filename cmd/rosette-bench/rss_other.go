//go:build !unix

package main

import "os"

// maxRSS returns 0: the peak resident set size of a child process is not
// known on this system.
func maxRSS(ps *os.ProcessState) int64 { return 0 }
