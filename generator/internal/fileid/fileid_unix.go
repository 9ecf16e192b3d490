//go:build unix

package fileid

import (
	"io/fs"
	"syscall"
)

// Supported reports whether the file system gives files an ID.
const Supported = true

func of(fi fs.FileInfo) ID {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ID{}
	}
	return ID{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: int64(st.Size), Ctime: ctime(st)}
}
