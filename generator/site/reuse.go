package site

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"rosette/generator/rawfile"
)

// mkdir creates the directory dir (a slash path, "." for the root) of the
// build once. In a reused tree, a file or link where a directory must be
// is removed first.
func (d *Dir) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := d.dirs.Load(dir); ok {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(dir))
	if d.reused {
		fi, err := os.Lstat(full)
		switch {
		case err == nil && fi.IsDir():
			d.dirs.Store(dir, true)
			return nil
		case err == nil:
			if err := os.Remove(full); err != nil {
				return err
			}
		}
	}
	if err := os.Mkdir(full, 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

// reuse looks at what a reused tree holds at the path p (full in the file
// system): it reports whether that is a regular file with exactly data,
// with its ID, and removes whatever is there if it is not a regular file,
// so that writing cannot follow a link. A file that the manifest vouches
// for costs one lstat; others are read and compared.
func (d *Dir) reuse(p, full string, data []byte, sum uint64) (bool, rawfile.ID, error) {
	if r, ok := d.old.get(p); ok {
		if id, regular, err := rawfile.Lstat(full); err == nil && regular && id == r.id {
			if same := r.sum == sum && r.id.Size == int64(len(data)); same {
				d.known.Add(1)
				return true, id, nil
			}
			return false, rawfile.ID{}, nil // a regular file with other bytes
		}
	}
	return d.compare(full, data)
}

// compare reads what a reused tree holds at full and compares it with
// data, as reuse does.
func (d *Dir) compare(full string, data []byte) (bool, rawfile.ID, error) {
	bp, _ := d.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer d.bufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	regular, same, id := rawfile.Compare(full, data, (*bp)[:len(data)+1])
	if !regular {
		return false, rawfile.ID{}, os.RemoveAll(full)
	}
	return same, id, nil
}

// removeUnwritten removes from a reused tree every file and directory that
// this build did not write.
func (d *Dir) removeUnwritten() error {
	root := os.DirFS(d.tmp)
	var stale []string
	err := fs.WalkDir(root, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if e.IsDir() {
			if _, ok := d.dirs.Load(p); !ok {
				stale = append(stale, p)
				return fs.SkipDir
			}
			return nil
		}
		if !d.written.has(p) {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.RemoveAll(filepath.Join(d.tmp, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	return nil
}
