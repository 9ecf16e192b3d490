//go:build !unix

package generator

// maxRSS is 0: the peak resident set size is not known on this system.
func maxRSS() int64 { return 0 }
