package publish

import (
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"rosette/generator/internal/fileid"
)

// dirState is what a build knows of the entries of a directory of its
// tree, for removing at Commit what the build did not write.
type dirState uint8

const (
	dirUnknown dirState = iota // it was there before: its entries are read at Commit
	dirFresh                   // this build made it: it holds only what the build wrote
	dirListed                  // unchanged since the manifest listed its entries
)

// dirChanged is set in the byte of a directory in Dir.dirs, beside its
// dirState, once the build may have added or removed an entry of it.
const dirChanged byte = 0x80

// changed notes that the build may have added or removed an entry of the
// directory dir of a reused tree.
func (d *Dir) changed(dir string) {
	if d.reused {
		d.dirs.or(dir, dirChanged)
	}
}

// mkdir creates the directory dir (a slash path, "." for the root) of the
// build once. In a reused tree, a file or link where a directory must be
// is removed first.
func (d *Dir) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if d.dirs.has(dir) {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	full := d.path(dir)
	if d.reused {
		id, typ, err := fileid.Lstat(full)
		switch {
		case err == nil && typ.IsDir():
			state := dirUnknown
			if r, ok := d.old.get(dir + "/"); ok && r.is(id) {
				state = dirListed
			}
			d.dirs.set(dir, byte(state))
			return nil
		case err == nil:
			if err := os.Remove(full); err != nil {
				return err
			}
		}
	}
	d.changed(path.Dir(dir))
	if err := os.Mkdir(full, 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	d.dirs.set(dir, byte(dirFresh))
	return nil
}

// state is what the build knows of the directory dir ("." for the root,
// which is never listed).
func (d *Dir) state(dir string) dirState {
	if s, ok := d.dirs.get(dir); ok {
		return dirState(s &^ dirChanged)
	}
	return dirUnknown
}

// reuse looks at what a reused tree holds at the path p (full in the file
// system): it reports whether that is a regular file with exactly data,
// with its ID, and removes whatever is there if it is not a regular file,
// so that writing cannot follow a link. A file that the manifest vouches
// for costs one lstat; others are read and compared.
func (d *Dir) reuse(p, full string, data []byte, sum uint64, off uint32, listed bool) (bool, fileid.ID, error) {
	if listed {
		if r, ok := d.old.at(off); ok {
			if id, typ, err := d.lstat(p); err == nil && typ.IsRegular() && r.is(id) {
				if same := r.sum == sum && r.size == uint64(len(data)); same {
					d.known.Add(1)
					return true, id, nil
				}
				return false, fileid.ID{}, nil // a regular file with other bytes
			}
		}
	}
	return d.compare(full, data)
}

// compare reads what a reused tree holds at full and compares it with
// data, as reuse does.
func (d *Dir) compare(full string, data []byte) (bool, fileid.ID, error) {
	bp, _ := d.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer d.bufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	regular, same, id := compareFile(full, data, (*bp)[:len(data)+1])
	if !regular {
		return false, fileid.ID{}, os.RemoveAll(full)
	}
	return same, id, nil
}

// removeUnwritten removes from a reused tree every file and directory that
// this build did not write. The entries of a directory that has not
// changed since the manifest listed them are known; other directories
// that were there before the build are read.
func (d *Dir) removeUnwritten() error {
	// What the tree held at p is stale unless this build wrote a file or
	// made a directory there — of either kind: inside a listed directory,
	// the manifest tells what was there before the build, which may have
	// put a directory where a file was, or the reverse.
	var stale []string
	unwritten := func(p string) {
		if p != stampName && !d.written(p) && !d.dirs.has(p) {
			stale = append(stale, p)
		}
	}
	if d.old != nil {
		// The manifest lists a directory's files one after another: the
		// state of the last directory looked up serves the next file.
		lastDir, lastState := "", dirUnknown
		d.old.paths(func(p string, off uint32) {
			name, isDir := strings.CutSuffix(p, "/")
			dir := path.Dir(name)
			if dir != lastDir {
				lastDir, lastState = dir, d.state(dir)
			}
			if lastState != dirListed {
				return
			}
			// A file the build wrote or kept again is marked in the
			// manifest: only the others need a look.
			if isDir || !d.old.marked(off) {
				unwritten(name)
			}
		})
	}
	read := []string{"."}
	d.dirs.each(func(dir string, s byte) {
		if dirState(s&^dirChanged) == dirUnknown {
			read = append(read, dir)
		}
	})
	d.read = len(read)
	for _, dir := range read {
		entries, err := os.ReadDir(filepath.Join(d.tmp, filepath.FromSlash(dir)))
		if err != nil {
			return err
		}
		for _, e := range entries {
			unwritten(path.Join(dir, e.Name()))
		}
	}
	for _, p := range stale {
		d.changed(path.Dir(p))
		if err := os.RemoveAll(filepath.Join(d.tmp, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	return nil
}

// listDirs adds the directories of the tree to its manifest, after the
// last change to them, on all cores. A directory that the old manifest
// lists and in which the build added and removed nothing keeps its
// record: it is the directory's ID as the build found it, unchanged since
// the old manifest was made. That record holds even if the directory did
// change since all the same (by another program, say, or a change the
// build did not note): the directory then no longer has that ID, and the
// next build reads it.
func (d *Dir) listDirs() {
	var dirs []string
	d.dirs.each(func(dir string, s byte) {
		if dirState(s) == dirListed { // and not changed
			if r, ok := d.old.get(dir + "/"); ok {
				d.man.add(dir+"/", r)
				return
			}
		}
		dirs = append(dirs, dir)
	})
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(dirs); i += workers {
				if id, typ, err := fileid.Lstat(d.path(dirs[i])); err == nil && typ.IsDir() {
					d.man.add(dirs[i]+"/", recordOf(id, 0, 0))
				}
			}
		})
	}
	wg.Wait()
}
