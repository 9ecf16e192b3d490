//go:build !unix

package sitefs

// The system has no flag that refuses a link when opening, so open looks
// at the file first (see hasNoFollow).
const (
	noFollow    = 0
	openFlags   = 0
	hasNoFollow = false
)
