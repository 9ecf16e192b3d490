//go:build unix

package sitefs

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestPipeDoesNotBlock checks that a named pipe is refused at once.
func TestPipeDoesNotBlock(t *testing.T) {
	root := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(root, "pipe"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	f := New(root)
	done := make(chan error, 1)
	go func() { _, err := f.ReadFile("pipe"); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(pipe): %v, want ErrNotRegular", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ReadFile blocked on a named pipe")
	}
	if _, err := f.Stat("pipe"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Stat(pipe): %v, want ErrNotRegular", err)
	}
}
