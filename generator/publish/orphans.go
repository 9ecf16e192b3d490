package publish

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A build writes its output into a temporary directory beside the
// destination, named .<name>.tmp-<random> (for public/, .public.tmp-…),
// which holds the build stamp (stampName) until Commit, and on which the
// build holds a lock for as long as it runs (where the system has locks:
// see canLock). A build that is killed leaves its directory behind; the
// next build of the same destination removes it before it starts, so
// that disk use stays bounded after any number of crashes. It removes
// only directories of rosette's own: named so, not locked by a running
// build, holding no sources, and holding the stamp, the output marker or
// nothing at all. Where there are no locks, it waits until such a
// directory is a day old.

// stampName is the file at the root of a build's temporary directory
// that says a build is writing it. Commit removes it before the
// directory becomes the output.
const stampName = ".rosette-build"

// stampText is what the stamp holds.
const stampText = "a rosette build is writing this directory; if none is running, it is safe to delete\n"

// orphanAge is how old a directory must be before a build removes it
// where the system has no locks to tell whether its build still runs.
const orphanAge = 24 * time.Hour

// TempPrefix is the name prefix of the temporary directories that builds
// of dest make beside it: .<name>.tmp- (for public/, .public.tmp-).
func TempPrefix(dest string) string {
	return "." + filepath.Base(dest) + ".tmp-"
}

// removeOrphans removes the temporary directories that killed builds of
// dest left beside it.
func removeOrphans(dest string) {
	parent := filepath.Dir(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := TempPrefix(dest)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.IsDir() { // a link is not a directory here
			continue
		}
		p := filepath.Join(parent, e.Name())
		f, err := os.OpenFile(p, os.O_RDONLY|openFlags, 0)
		if err != nil {
			continue
		}
		if lockFile(f) && isOrphan(p) {
			removeTree(p)
		}
		f.Close()
	}
}

// isOrphan reports whether the directory at p, which no running build
// holds a lock on, is the temporary directory of a build that ended
// without removing it.
func isOrphan(p string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.IsDir() {
		return false
	}
	if !canLock && time.Since(fi.ModTime()) < orphanAge {
		return false
	}
	if holdsSources(p) {
		return false
	}
	for _, name := range []string{stampName, outputMarker} {
		if fi, err := os.Lstat(filepath.Join(p, name)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return isEmpty(p)
}

// holdsSources reports whether the directory at p holds what no build
// output does: a content/ directory, a .git directory or a go.mod.
func holdsSources(p string) bool {
	for _, marker := range []string{"content", ".git", "go.mod"} {
		if _, err := os.Lstat(filepath.Join(p, marker)); err == nil {
			return true
		}
	}
	return false
}

// isEmpty reports whether the directory at p holds nothing.
func isEmpty(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	return errors.Is(err, io.EOF)
}

// lockTree opens the directory at p and locks it for this build; where
// locks are not held (see canLock), it returns nil and true. ok is false
// when another build holds the lock.
func lockTree(p string) (f *os.File, ok bool) {
	if !canLock {
		return nil, true
	}
	f, err := os.OpenFile(p, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, false
	}
	if !lockFile(f) {
		f.Close()
		return nil, false
	}
	return f, true
}

// removeTree removes the build tree at p, stamping it first and removing
// the stamp last, so that a build killed meanwhile leaves a tree that the
// next build recognises as one to remove.
func removeTree(p string) error {
	stamp := filepath.Join(p, stampName)
	if fi, err := os.Lstat(stamp); err != nil || !fi.Mode().IsRegular() {
		os.RemoveAll(stamp)
		os.WriteFile(stamp, []byte(stampText), 0o644)
	}
	entries, err := os.ReadDir(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if e.Name() != stampName {
			if err := os.RemoveAll(filepath.Join(p, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.RemoveAll(p)
}
