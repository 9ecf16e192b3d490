// Package themes holds the default theme, embedded in the binary so that
// rosette builds a complete site anywhere.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var files embed.FS

// Default returns the files of the default theme.
func Default() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // "default" is a valid path, so fs.Sub cannot fail
	}
	return sub
}
