//go:build unix && !(darwin || freebsd || netbsd)

package fileid

import "syscall"

// ctime is the change time of st in nanoseconds since 1970.
func ctime(st *syscall.Stat_t) int64 {
	return int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec)
}
