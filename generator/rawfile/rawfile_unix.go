//go:build unix

package rawfile

import (
	"bytes"
	"io/fs"
	"syscall"
)

// HasIDs reports whether the file system gives files an ID.
const HasIDs = true

// WriteFile creates or truncates the file name and writes data to it, as
// os.WriteFile does with mode 0644 (before the umask), and returns the ID
// of the file written.
func WriteFile(name string, data []byte) (ID, error) {
	fd, err := open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, 0o644)
	if err != nil {
		return ID{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		var n int
		err = retry(func() (err error) {
			n, err = syscall.Write(fd, data)
			return err
		})
		if err == nil && n == 0 {
			err = syscall.EIO
		}
		if err != nil {
			syscall.Close(fd)
			return ID{}, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		syscall.Close(fd)
		return ID{}, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return ID{}, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return idOf(&st), nil
}

// Lstat returns the ID and the type (fs.ModeDir, fs.ModeSymlink…; 0 for a
// regular file) of the file name, without following a link.
func Lstat(name string) (ID, fs.FileMode, error) {
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Lstat(name, &st) }); err != nil {
		return ID{}, 0, &fs.PathError{Op: "lstat", Path: name, Err: err}
	}
	var typ fs.FileMode
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		typ = fs.ModeDir
	case syscall.S_IFLNK:
		typ = fs.ModeSymlink
	case syscall.S_IFIFO:
		typ = fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		typ = fs.ModeSocket
	case syscall.S_IFCHR:
		typ = fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		typ = fs.ModeDevice
	default:
		typ = fs.ModeIrregular
	}
	return idOf(&st), typ, nil
}

func idOf(st *syscall.Stat_t) ID {
	return ID{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: int64(st.Size), Ctime: ctime(st)}
}

// ReadFile returns the contents of the file name, following links, or an
// error wrapping ErrTooLarge when it is longer than limit bytes.
func ReadFile(name string, limit int64) ([]byte, error) {
	fd, err := open(name, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return readPortable(name, limit) // a directory or a device: the os package's errors
	}
	if st.Size > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	data := make([]byte, 0, st.Size+1) // one more, to see the end of a file that grew
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
			}
			data = append(data, 0)[:len(data)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, data[len(data):cap(data)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

// Compare reports whether name is a regular file or nothing (which may be
// written), and whether it holds exactly data, reading it into buf, which
// has room for one byte more than data; when it holds data, id is its ID.
// It neither follows a link nor blocks on a pipe: both are not regular.
func Compare(name string, data, buf []byte) (regular, same bool, id ID) {
	fd, err := open(name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	switch {
	case err == syscall.ENOENT:
		return true, false, ID{}
	case err != nil:
		regular, same = comparePortable(name, data, buf)
		return regular, same, ID{}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		regular, same = comparePortable(name, data, buf)
		return regular, same, ID{}
	}
	switch {
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return false, false, ID{}
	case st.Size != int64(len(data)):
		return true, false, ID{}
	}
	n := 0
	for n < len(buf) {
		var m int
		err := retry(func() (err error) {
			m, err = syscall.Read(fd, buf[n:])
			return err
		})
		if err != nil {
			return true, false, ID{}
		}
		if m == 0 {
			break
		}
		n += m
	}
	if n != len(data) || !bytes.Equal(buf[:n], data) {
		return true, false, ID{}
	}
	return true, true, idOf(&st)
}

// open opens name with flags and O_CLOEXEC.
func open(name string, flags int, perm uint32) (int, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, flags|syscall.O_CLOEXEC, perm)
		return err
	})
	return fd, err
}

// retry calls f again while it is interrupted by a signal, which Go uses
// to preempt goroutines.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
