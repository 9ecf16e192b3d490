package fileid

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// dirHandle is the directory's file descriptor.
type dirHandle struct{ fd int }

func openDir(name string) (dirHandle, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return dirHandle{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return dirHandle{fd: fd}, nil
}

func (h dirHandle) lstat(dir, rel string) (ID, fs.FileMode, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(h.fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ID{}, 0, &fs.PathError{Op: "lstat", Path: joined(dir, rel), Err: err}
		}
		break
	}
	id := ID{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: int64(st.Size), Ctime: int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec)}
	return id, modeType(st.Mode), nil
}

// modeType is the type bits of a file mode as os.Lstat gives them.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

func (h dirHandle) close() error { return unix.Close(h.fd) }
