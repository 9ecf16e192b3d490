package main

import (
	"errors"
	"io"

	"rosette/generator/verify"
)

// readLocal reads the file a command was given, or standard input for
// "-", refusing more than limit bytes (as downloads are capped) and
// anything but a regular file: a device such as /dev/zero, a pipe (which
// could block for ever) or a directory.
func readLocal(name string, stdin io.Reader, limit int64) ([]byte, error) {
	if name != "-" {
		return verify.ReadFile(name, limit)
	}
	if stdin == nil {
		return nil, errors.New("no standard input")
	}
	return verify.ReadStdin(stdin, limit)
}
