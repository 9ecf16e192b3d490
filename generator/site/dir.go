// Package site is the only writer of build output. A build is written into
// a fresh temporary directory beside the destination and swapped in only
// when it is complete, so a failed build leaves the previous output as it
// was, and files of earlier builds that are no longer made disappear.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Dir is an output directory being written.
type Dir struct {
	dest string // final destination
	tmp  string // where this build is written

	dirs  sync.Map // directories already created, by slash path
	files atomic.Int64
	bytes atomic.Int64
	done  bool
}

// Create starts a build whose output will replace dest. It refuses a
// destination that holds sources (a content/ directory, a .git directory,
// a go.mod), that contains the site root, or that lies inside the site's
// content/ or themes/ directories.
func Create(dest, root string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if root != "" {
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return nil, err
		}
		if within(absRoot, abs) {
			return nil, fmt.Errorf("destination %s contains the site itself; choose an output directory such as public/", dest)
		}
		for _, src := range []string{"content", "themes"} {
			if within(abs, filepath.Join(absRoot, src)) {
				return nil, fmt.Errorf("destination %s is inside the site's %s/ directory; choose an output directory such as public/", dest, src)
			}
		}
	}
	for _, marker := range []string{"content", ".git", "go.mod"} {
		if _, err := os.Lstat(filepath.Join(abs, marker)); err == nil {
			return nil, fmt.Errorf("destination %s holds %s: it is not a build output directory, and a build replaces its whole contents", dest, marker)
		}
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dest: abs, tmp: tmp}, nil
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// Write writes one output file. p is a slash-separated path relative to
// the site root. It is safe for concurrent use.
func (d *Dir) Write(p string, data []byte) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	if dir := path.Dir(p); dir != "." {
		if _, ok := d.dirs.Load(dir); !ok {
			if err := os.MkdirAll(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
				return err
			}
			d.dirs.Store(dir, true)
		}
	}
	if err := os.WriteFile(filepath.Join(d.tmp, filepath.FromSlash(p)), data, 0o644); err != nil {
		return err
	}
	d.files.Add(1)
	d.bytes.Add(int64(len(data)))
	return nil
}

// Files and Bytes count what was written so far.
func (d *Dir) Files() int64 { return d.files.Load() }

// Bytes counts the bytes written so far.
func (d *Dir) Bytes() int64 { return d.bytes.Load() }

// CheckPath rejects output paths that could escape the output directory.
func CheckPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || path.Clean(p) != p || p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return fmt.Errorf("invalid output path %q", p)
	}
	return nil
}

// Commit swaps the finished build in place of the destination.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("site: build already finished")
	}
	d.done = true
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			os.RemoveAll(d.tmp)
			return fmt.Errorf("replacing %s: %w", d.dest, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		os.RemoveAll(d.tmp)
		return err
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest)
		}
		os.RemoveAll(d.tmp)
		return fmt.Errorf("replacing %s: %w", d.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort discards the build; the destination is untouched.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
}
