package publish

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"

	"rosette/generator/internal/fileid"
)

// writeFile creates or truncates the file name and writes data to it, as
// os.WriteFile does with mode 0644 (before the umask), and returns the ID
// of the file written. It neither follows a link nor blocks on a pipe
// where the system has flags for that: the open fails instead.
func writeFile(name string, data []byte) (fileid.ID, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|openFlags, 0o644)
	if err != nil {
		return fileid.ID{}, err
	}
	_, err = f.Write(data)
	var fi fs.FileInfo
	if err == nil {
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fileid.ID{}, err
	}
	return fileid.Of(fi), nil
}

// compareFile reports whether name is a regular file or nothing (which
// may be written), and whether it holds exactly data, reading it into
// buf, which has room for one byte more than data; when it holds data, id
// is its ID. It neither follows a link nor blocks on a pipe: both are not
// regular.
func compareFile(name string, data, buf []byte) (regular, same bool, id fileid.ID) {
	if !hasNoFollow {
		// No flag refuses a link when opening: look first.
		fi, err := os.Lstat(name)
		switch {
		case err != nil:
			return true, false, fileid.ID{}
		case !fi.Mode().IsRegular():
			return false, false, fileid.ID{}
		}
	}
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, false, fileid.ID{}
	case err != nil:
		// A link (which the open refused), or a file that cannot be
		// read: it is regular if lstat says so.
		fi, err := os.Lstat(name)
		return err != nil || fi.Mode().IsRegular(), false, fileid.ID{}
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return true, false, fileid.ID{}
	case !fi.Mode().IsRegular():
		return false, false, fileid.ID{}
	case fi.Size() != int64(len(data)):
		return true, false, fileid.ID{}
	}
	n, err := io.ReadFull(f, buf)
	if (err != io.ErrUnexpectedEOF && err != io.EOF) || n != len(data) || !bytes.Equal(buf[:n], data) {
		return true, false, fileid.ID{} // longer than data, other bytes, or unreadable
	}
	return true, true, fileid.Of(fi)
}
