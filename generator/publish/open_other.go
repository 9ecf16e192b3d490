//go:build !unix

package publish

// The system has no flag that refuses a link when opening, so compareFile
// looks at the file first (see hasNoFollow).
const (
	openFlags   = 0
	hasNoFollow = false
)
