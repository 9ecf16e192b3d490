//go:build !unix

package site

import "os"

// writeFile creates or truncates the file at name and writes data to it.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// look reports whether full is a regular file or nothing (which may be
// written), and whether it holds exactly data (see lookPortable).
func look(full string, data, buf []byte) (regular, same bool) { return lookPortable(full, data, buf) }
