package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readLocal reads the file a command was given, or standard input for
// "-", refusing more than limit bytes (as downloads are capped) and
// anything but a regular file: a device such as /dev/zero, a pipe (which
// could block for ever) or a directory.
func readLocal(name string, stdin io.Reader, limit int64) ([]byte, error) {
	r := stdin
	if name != "-" {
		fi, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file (a device, pipe or directory): give a file, or - to read standard input", name)
		}
		if fi.Size() > limit {
			return nil, fmt.Errorf("%s is %d bytes, more than the limit of %d MB", name, fi.Size(), limit>>20)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file (it changed while it was opened)", name)
		}
		r = f
	} else if r == nil {
		return nil, errors.New("no standard input")
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is more than the limit of %d MB", displayName(name), limit>>20)
	}
	return data, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}
