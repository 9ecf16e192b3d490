//go:build unix

package site

import (
	"bytes"
	"io/fs"
	"syscall"
)

// writeFile creates or truncates the file at name and writes data to it,
// as os.WriteFile does with mode 0644, but with three system calls: on
// Linux, os.OpenFile also tries to add every file to the network poller,
// which a regular file refuses, at five more system calls per file.
func writeFile(name string, data []byte) error {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		var n int
		err = retryEINTR(func() (err error) {
			n, err = syscall.Write(fd, data)
			return err
		})
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		if n == 0 {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: syscall.EIO}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// retryEINTR calls f again while it is interrupted by a signal, which Go
// uses to preempt goroutines.
func retryEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// look reports whether full is a regular file or nothing (which may be
// written), and whether it holds exactly data, reading it into buf, which
// has room for one byte more than data. It opens the file without
// following a link and without blocking on a pipe, and falls back to
// lookPortable for anything but a regular file or nothing.
func look(full string, data, buf []byte) (regular, same bool) {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		return err
	})
	switch {
	case err == syscall.ENOENT:
		return true, false
	case err != nil:
		return lookPortable(full, data, buf)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return lookPortable(full, data, buf)
	}
	switch {
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return false, false
	case st.Size != int64(len(data)):
		return true, false
	}
	n := 0
	for n < len(buf) {
		var m int
		err := retryEINTR(func() (err error) {
			m, err = syscall.Read(fd, buf[n:])
			return err
		})
		if err != nil {
			return true, false
		}
		if m == 0 {
			break
		}
		n += m
	}
	return true, n == len(data) && bytes.Equal(buf[:n], data)
}
