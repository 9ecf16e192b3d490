//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
)

// makeFIFO makes a named pipe in dir, with no writer: reading it would
// block for ever.
func makeFIFO(t *testing.T, dir string) string {
	p := filepath.Join(dir, "pipe.png")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
