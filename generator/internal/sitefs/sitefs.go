// Package sitefs reads a site's directory as rosette must read contributed
// files: only regular files and directories inside it. A symbolic link is
// never followed, wherever it is and wherever it points (even inside the
// site): a link committed in a pull request could otherwise publish
// /proc/self/environ, with the build's secrets, or any file of the build
// machine. Opening never blocks: a pipe, socket or device is refused
// without being read.
//
// The root itself may be reached through a link; it is the caller's
// choice, not the site's.
package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sync"
	"syscall"
)

// ErrSymlink is the cause of the error for a symbolic link in the site.
var ErrSymlink = errors.New("a symbolic link: rosette never follows links in a site, even to a file inside it; put the file itself here")

// ErrNotRegular is the cause of the error for a pipe, socket or device.
var ErrNotRegular = errors.New("not a regular file: pipes, sockets and devices are never read")

// ErrTooLarge is the cause of the error of ReadFileLimit for a file longer
// than its limit.
var ErrTooLarge = errors.New("file too large")

// NoLimit is the limit of ReadFileLimit that reads a file of any length.
const NoLimit = math.MaxInt64 - 1 // one more must not overflow

// FS is the directory tree at a root, read without following links. Paths
// are slash-separated and relative to the root, as io/fs says; errors are
// *fs.PathError naming them so.
type FS struct {
	root string
	dirs sync.Map // slash path → struct{}: directories seen not to be links
}

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// New returns the tree at root.
func New(root string) *FS { return &FS{root: root} }

// Root returns the directory New was given.
func (f *FS) Root() string { return f.root }

// Path returns the operating system's path of the slash path name.
func (f *FS) Path(name string) string { return filepath.Join(f.root, filepath.FromSlash(name)) }

// checkParents checks that every directory above name is a directory and
// not a link. What it has seen is remembered: a site's directories are few.
func (f *FS) checkParents(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return f.checkDirs(op, path.Dir(name), name)
}

// checkDirs checks dir and the directories above it, for the file name.
func (f *FS) checkDirs(op, dir, name string) error {
	if dir == "." {
		return nil
	}
	if _, ok := f.dirs.Load(dir); ok {
		return nil
	}
	if err := f.checkDirs(op, path.Dir(dir), name); err != nil {
		return err
	}
	fi, err := os.Lstat(f.Path(dir))
	switch {
	case err != nil:
		return &fs.PathError{Op: op, Path: name, Err: underlying(err)}
	case fi.Mode()&fs.ModeSymlink != 0:
		return &fs.PathError{Op: op, Path: dir, Err: ErrSymlink}
	case !fi.IsDir():
		return &fs.PathError{Op: op, Path: name, Err: syscall.ENOTDIR}
	}
	f.dirs.Store(dir, struct{}{})
	return nil
}

// underlying is the cause of an *fs.PathError, or err.
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens the regular file or directory name. A link, a pipe, a socket
// or a device is refused without blocking.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.open(name)
	if err != nil {
		return nil, err
	}
	return file, nil
}

func (f *FS) open(name string) (*os.File, error) {
	if err := f.checkParents("open", name); err != nil {
		return nil, err
	}
	full, flags := f.Path(name), openFlags
	switch {
	case name == ".":
		flags &^= noFollow // the root may be a link: the caller's choice
	case !hasNoFollow:
		if err := f.notLink("open", name); err != nil {
			return nil, err
		}
	}
	file, err := os.OpenFile(full, os.O_RDONLY|flags, 0)
	if err != nil {
		if f.notLink("open", name) != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSymlink}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: underlying(err)}
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, &fs.PathError{Op: "stat", Path: name, Err: underlying(err)}
	}
	if m := fi.Mode(); !m.IsRegular() && !m.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: kindError(m)}
	}
	return file, nil
}

// notLink returns an error when name is a symbolic link.
func (f *FS) notLink(op, name string) error {
	if fi, err := os.Lstat(f.Path(name)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
	}
	return nil
}

func kindError(m fs.FileMode) error {
	if m&fs.ModeSymlink != 0 {
		return ErrSymlink
	}
	return ErrNotRegular
}

// ReadFile reads the whole regular file name.
func (f *FS) ReadFile(name string) ([]byte, error) {
	data, _, err := f.ReadFileLimit(name, NoLimit)
	return data, err
}

// ReadFileLimit reads the whole regular file name, unless it is longer
// than limit bytes: then tooLarge is true and the error wraps ErrTooLarge.
func (f *FS) ReadFileLimit(name string, limit int64) (data []byte, tooLarge bool, err error) {
	file, err := f.open(name)
	if err != nil {
		return nil, false, err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, false, &fs.PathError{Op: "stat", Path: name, Err: underlying(err)}
	}
	if fi.Size() > limit && !fi.IsDir() { // reading a directory fails below, as os says

		return nil, true, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	// One byte more than the size, to see the end of a file that grew.
	data = make([]byte, 0, fi.Size()+1)
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, true, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
			}
			data = append(data, 0)[:len(data)]
		}
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			if int64(len(data)) > limit {
				return nil, true, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
			}
			return data, false, nil
		}
		if err != nil {
			return nil, false, &fs.PathError{Op: "read", Path: name, Err: underlying(err)}
		}
	}
}

// ReadDir lists the directory name, sorted by file name. Entries keep
// their own type: a link is listed as a link (and refused when opened).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := f.checkParents("readdir", name); err != nil {
		return nil, err
	}
	if name != "." {
		if _, ok := f.dirs.Load(name); !ok {
			fi, err := os.Lstat(f.Path(name))
			switch {
			case err != nil:
				return nil, &fs.PathError{Op: "readdir", Path: name, Err: underlying(err)}
			case fi.Mode()&fs.ModeSymlink != 0:
				return nil, &fs.PathError{Op: "readdir", Path: name, Err: ErrSymlink}
			case !fi.IsDir():
				return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
			}
			f.dirs.Store(name, struct{}{})
		}
	}
	entries, err := os.ReadDir(f.Path(name))
	if err != nil {
		return entries, &fs.PathError{Op: "readdir", Path: name, Err: underlying(err)}
	}
	return entries, nil
}

// Stat describes the file name itself: a link is refused, not followed.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if err := f.checkParents("stat", name); err != nil {
		return nil, err
	}
	lstat := os.Lstat
	if name == "." {
		lstat = os.Stat // the root may be a link: the caller's choice
	}
	fi, err := lstat(f.Path(name))
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: underlying(err)}
	}
	if m := fi.Mode(); !m.IsRegular() && !m.IsDir() {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: kindError(m)}
	}
	return fi, nil
}
