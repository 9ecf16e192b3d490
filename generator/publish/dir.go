// Package publish is the only writer of build output. A build is written into
// a temporary directory beside the destination and swapped in only when it
// is complete, so a failed build leaves the previous output as it was, and
// files of earlier builds that are no longer made disappear.
//
// The output that a build replaces is not deleted: it is kept beside the
// destination as .<name>.prev (for public/, .public.prev/) and becomes the
// temporary directory of the next build, which rewrites only the files
// whose bytes changed and removes the files it no longer makes. A rebuild
// of a large site thus creates and deletes almost nothing, which matters
// because on some file systems creating many files where many were just
// deleted is several times slower than writing into a fresh tree.
// .<name>.prev is safe to delete at any time; it only costs the disk space
// of one more copy of the output.
//
// A build also keeps a manifest of the tree it wrote (manifest.go), with
// which the build that reuses the tree knows most unchanged files and
// directories without reading them.
//
// A build that fails removes its tree, so that the next one starts from
// the output and the space is free again (after a full disk, say); a
// build that is killed leaves its tree behind, and the next build
// removes it (orphans.go).
//
// Since a build replaces the whole destination, it only writes into a
// directory that is new, empty or the output of an earlier build (one that
// holds _headers, which every build writes); a directory at .<name>.prev
// that is neither is left alone.
package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"rosette/generator/internal/checksum"
	"rosette/generator/internal/fileid"
)

// Dir is an output directory being written.
type Dir struct {
	dest  string   // final destination
	tmp   string   // where this build is written
	spare string   // where the replaced output is kept for the next build
	lock  *os.File // the directory tmp, locked while the build runs; nil where locks are not held

	// reused is set when tmp is the output of an earlier build: files are
	// then compared before they are written, and Commit removes the files
	// this build did not write.
	reused bool
	// fresh holds the slash paths written by this build, when reused,
	// that the old manifest does not list; those it lists are marked in
	// it (see Dir.written).
	fresh pathSet
	bufs  sync.Pool // *[]byte for reading files to compare

	// handles are the open top directories of the tree (and "." for the
	// tree itself), by slash path, relative to which a reused tree's
	// files are looked at (Dir.lstat); closed at Commit and Abort.
	handles  sync.Map // string → *fileid.Dir
	handleMu sync.Mutex

	// The manifests (manifest.go): of the reused tree, read at Create
	// (nil when there is none), and of this build's tree, written as the
	// files are. Both are nil when manifests are not kept.
	manifests string    // the directory they are kept in
	tree      fileid.ID // of the directory tmp
	old       *manifest
	man       *manifestWriter

	dirs      pathSet // directories already created, by slash path, with their dirState
	files     atomic.Int64
	bytes     atomic.Int64
	unchanged atomic.Int64
	known     atomic.Int64 // unchanged files that the manifest vouched for
	kept      atomic.Int64 // files kept by their key, without their bytes
	read      int          // directories read to find what a reused tree held
	done      bool
}

// outputMarker is the file that every build writes at the root of its output
// (the host's header rules). A directory that holds it is taken to be the
// output of an earlier build, whose files a build may replace and delete.
const outputMarker = "_headers"

// Create starts a build whose output will replace dest. It refuses a
// destination that holds sources (a content/ directory, a .git directory,
// a go.mod), that contains the site root, that lies inside the site's
// content/ or themes/ directories, or that is not empty and not the
// output of a build (it has no _headers): a build replaces the whole
// contents of its destination.
//
// manifests is the directory where the manifests of output trees are
// kept, which spare a rebuild from reading the files it may not need to
// write (see manifest.go); "" keeps none.
func Create(dest, root, manifests string) (*Dir, error) {
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
	if ok, err := isOutput(abs); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("destination %s is not empty and not the output of a rosette build (it has no %s): a build replaces the whole contents of its destination, so choose an empty or new directory", dest, outputMarker)
	}
	removeOrphans(abs)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	d := &Dir{dest: abs, spare: SparePath(abs)}
	if err := d.claim(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(d.tmp, stampName), []byte(stampText), 0o644); err != nil {
		removeTree(d.tmp)
		d.unlock()
		return nil, err
	}
	if manifests != "" && fileid.Supported {
		removeManifestTemps(manifests)
		d.startManifest(manifests)
	}
	return d, nil
}

// claim makes the directory the build writes into, locked: the spare,
// renamed to a fresh temporary name, or else a new directory. The spare
// is locked before it is renamed, so that two builds never write into
// the same tree. A new directory is empty until it is locked and stamped,
// and another build starting at that moment may take it for one left by
// a killed build and remove it: then claim makes another.
func (d *Dir) claim() error {
	for attempt := 1; ; attempt++ {
		tmp, err := os.MkdirTemp(filepath.Dir(d.dest), TempPrefix(d.dest))
		if err != nil {
			return err
		}
		d.tmp = tmp
		if attempt == 1 && isSpare(d.spare) {
			if lock, ok := lockTree(d.spare); ok {
				if os.Remove(tmp) == nil && os.Rename(d.spare, tmp) == nil {
					d.lock, d.reused = lock, true
					return nil
				}
				if lock != nil {
					lock.Close()
				}
				if err := os.Mkdir(tmp, 0o700); err != nil && !os.IsExist(err) {
					return err
				}
			}
		}
		lock, ok := lockTree(tmp)
		if ok && isTree(tmp, lock) {
			if err := os.Chmod(tmp, 0o755); err != nil {
				os.RemoveAll(tmp)
				lock.Close()
				return err
			}
			d.lock = lock
			return nil
		}
		if lock != nil {
			lock.Close()
		}
		if attempt == 3 {
			return fmt.Errorf("making a temporary directory beside %s: other builds kept removing it", d.dest)
		}
	}
}

// isTree reports whether the directory at p is still the one open as f
// (nil where locks are not held: then it is taken to be).
func isTree(p string, f *os.File) bool {
	if f == nil {
		return true
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	li, err := os.Lstat(p)
	return err == nil && os.SameFile(fi, li)
}

// unlock lets go of the build's directory.
func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// startManifest reads the manifest of a reused tree and starts the one of
// this build. Without them a build only runs slower: a problem here is
// not an error.
func (d *Dir) startManifest(dir string) {
	tree, _, err := fileid.Lstat(d.tmp)
	if err != nil {
		return
	}
	man, err := createManifest(dir, d.dest, tree)
	if err != nil {
		return
	}
	d.manifests, d.tree, d.man = dir, tree, man
	if d.reused {
		d.old = readManifest(manifestName(dir, d.dest, tree.Ino), tree)
	}
}

// SparePath is where the output that a build replaces is kept for the
// next build: .<name>.prev beside the destination.
func SparePath(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".prev")
}

// isSpare reports whether p is a directory that may be reused as a build
// directory: a real directory that holds no sources and is empty or the
// output of a build.
func isSpare(p string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.IsDir() || holdsSources(p) {
		return false
	}
	ok, err := isOutput(p)
	return err == nil && ok
}

// isOutput reports whether a build may replace what is at p: nothing, an
// empty directory, or a directory holding _headers as a regular file.
func isOutput(p string) (bool, error) {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, err
	case !fi.IsDir():
		return false, nil
	}
	if mi, err := os.Lstat(filepath.Join(p, outputMarker)); err == nil && mi.Mode().IsRegular() {
		return true, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return len(names) == 0, err
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// Write writes one output file. p is a slash-separated path relative to
// the site root. It is safe for concurrent use.
func (d *Dir) Write(p string, data []byte) error { return d.WriteKeyed(p, data, 0) }

// WriteKeyed is Write for a file made from inputs whose key is key: a
// number that changes whenever anything the file's bytes are made from
// does (0: no key). The manifest records the key, and the next build
// that reuses this tree may keep the file by its key alone (Keep).
func (d *Dir) WriteKeyed(p string, data []byte, key uint64) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	if p == stampName {
		return fmt.Errorf("output path %q is reserved for the build's own use", p)
	}
	if err := d.mkdir(path.Dir(p)); err != nil {
		return err
	}
	full := d.path(p)
	var sum uint64
	if d.man != nil {
		sum = checksum.Sum64(data)
	}
	if d.reused {
		off, listed := d.old.find(p)
		d.markWritten(p, off, listed)
		same, id, err := d.reuse(p, full, data, sum, off, listed)
		if err != nil {
			return err
		}
		if same {
			d.unchanged.Add(1)
			d.wrote(p, int64(len(data)), recordOf(id, sum, key))
			return nil
		}
	}
	d.changed(path.Dir(p))
	id, err := writeFile(full, data)
	if err != nil {
		return err
	}
	d.wrote(p, int64(len(data)), recordOf(id, sum, key))
	return nil
}

// Keep keeps, as if this build had written them again, the files at the
// paths ps of the tree it reuses, if the manifest of that tree says that
// each was written with WriteKeyed and this key (not 0), and each is
// still that file (one lstat each, as for a file the manifest vouches
// for). It keeps all of them or none, and reports which: when it keeps
// none, the caller writes them. It is safe for concurrent use; a path
// must not be both kept and written by one build.
func (d *Dir) Keep(key uint64, ps ...string) (bool, error) {
	if !d.reused || d.old == nil || key == 0 {
		return false, nil
	}
	const most = 8
	if len(ps) > most {
		return false, fmt.Errorf("publish: Keep takes at most %d paths", most)
	}
	var found [most]record
	var offs [most]uint32
	made := "" // the directory made for the path before, the same for most groups
	for i, p := range ps {
		if err := CheckPath(p); err != nil {
			return false, err
		}
		off, listed := uint32(0), false
		if i > 0 { // most often the entry after the last one
			off, listed = d.old.next(offs[i-1], p)
		}
		if !listed {
			off, listed = d.old.find(p)
		}
		if !listed {
			return false, nil
		}
		r, ok := d.old.at(off)
		if !ok || r.key != key {
			return false, nil
		}
		if dir := path.Dir(p); dir != made {
			if err := d.mkdir(dir); err != nil {
				return false, err
			}
			made = dir
		}
		id, typ, err := d.lstat(p)
		if err != nil || !typ.IsRegular() || !r.is(id) {
			return false, nil
		}
		found[i], offs[i] = r, off
	}
	n, size := int64(len(ps)), int64(0)
	for i := range ps {
		d.old.mark(offs[i])
		size += int64(found[i].size)
	}
	d.unchanged.Add(n)
	d.known.Add(n)
	d.kept.Add(n)
	d.files.Add(n)
	d.bytes.Add(size)
	d.man.addAll(ps, found[:len(ps)])
	return true, nil
}

// path is where the slash path p, which CheckPath accepts, is in the
// file system: joined without filepath.Join, which would clean the path
// again for every file.
func (d *Dir) path(p string) string {
	return d.tmp + string(filepath.Separator) + filepath.FromSlash(p)
}

// markWritten notes that the build writes the file at p, whose record is at
// off in the old manifest if listed.
func (d *Dir) markWritten(p string, off uint32, listed bool) {
	if listed {
		d.old.mark(off)
		return
	}
	d.fresh.set(p, 0)
}

// written reports whether the build wrote or kept the file at p.
func (d *Dir) written(p string) bool {
	if off, ok := d.old.find(p); ok && d.old.marked(off) {
		return true
	}
	return d.fresh.has(p)
}

// lstat is fileid.Lstat of the file at the slash path p of the tree,
// relative to the handle of its top directory, which the build made
// (mkdir) before: rebuilds look at half a million files.
func (d *Dir) lstat(p string) (fileid.ID, fs.FileMode, error) {
	top, rest, ok := strings.Cut(p, "/")
	if !ok {
		top, rest = ".", p
	}
	h, err := d.handle(top)
	if err != nil {
		return fileid.Lstat(d.path(p))
	}
	return h.Lstat(rest)
}

// handle returns the open directory top of the tree, opening it once.
func (d *Dir) handle(top string) (*fileid.Dir, error) {
	if h, ok := d.handles.Load(top); ok {
		return h.(*fileid.Dir), nil
	}
	d.handleMu.Lock()
	defer d.handleMu.Unlock()
	if h, ok := d.handles.Load(top); ok {
		return h.(*fileid.Dir), nil
	}
	name := d.tmp
	if top != "." {
		name = d.path(top)
	}
	h, err := fileid.OpenDir(name)
	if err != nil {
		return nil, err
	}
	d.handles.Store(top, h)
	return h, nil
}

// closeHandles closes the handles of the tree's directories.
func (d *Dir) closeHandles() {
	d.handleMu.Lock()
	defer d.handleMu.Unlock()
	d.handles.Range(func(k, h any) bool {
		h.(*fileid.Dir).Close()
		d.handles.Delete(k)
		return true
	})
}

// wrote counts the file at p, of size bytes, and adds it to the manifest.
func (d *Dir) wrote(p string, size int64, r record) {
	d.files.Add(1)
	d.bytes.Add(size)
	d.man.add(p, r)
}

// Files counts the files written so far, unchanged ones included.
func (d *Dir) Files() int64 { return d.files.Load() }

// Unchanged counts the files that a reused tree already held with the
// same bytes, and that were therefore not rewritten.
func (d *Dir) Unchanged() int64 { return d.unchanged.Load() }

// Kept counts the files kept by their key (Keep), whose bytes were not
// made again.
func (d *Dir) Kept() int64 { return d.kept.Load() }

// Bytes counts the bytes written so far.
func (d *Dir) Bytes() int64 { return d.bytes.Load() }

// CheckPath rejects output paths that could escape the output directory.
func CheckPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || path.Clean(p) != p || p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return fmt.Errorf("invalid output path %q", p)
	}
	return nil
}

// Commit swaps the finished build in place of the destination. The
// replaced output is kept as the spare of the next build.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("publish: build already finished")
	}
	d.done = true
	defer d.unlock()
	d.closeHandles()
	if d.reused {
		if err := d.removeUnwritten(); err != nil {
			d.man.discard()
			removeTree(d.tmp)
			return err
		}
	}
	stamp, stampErr := int64(0), error(nil)
	if d.man != nil {
		stamp, stampErr = treeTime(d.tmp)
		d.listDirs()
	}
	d.old = nil
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.spare
		if _, err := os.Lstat(old); err == nil {
			old = d.tmp + ".old" // the spare is taken: a build running beside this one
			if lock, ok := lockTree(d.dest); ok && lock != nil {
				defer lock.Close() // until it is removed below
			}
		}
		if err := os.Rename(d.dest, old); err != nil {
			d.man.discard()
			removeTree(d.tmp)
			return fmt.Errorf("replacing %s: %w", d.dest, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		d.man.discard()
		removeTree(d.tmp)
		return err
	}
	// The stamp goes last: until the tree is the output, it says whose
	// the tree is, should the build be killed (the tree then also holds
	// the output marker, but a build need not have written it).
	err := os.Remove(filepath.Join(d.tmp, stampName))
	if err == nil {
		err = os.Rename(d.tmp, d.dest)
	}
	if err != nil {
		if old != "" {
			os.Rename(old, d.dest)
		}
		d.man.discard()
		removeTree(d.tmp)
		return fmt.Errorf("replacing %s: %w", d.dest, err)
	}
	d.finishManifest(stamp, stampErr)
	if old != "" && old != d.spare {
		return removeTree(old)
	}
	return nil
}

// finishManifest saves the manifest of the committed tree, and removes
// those of the destination's trees other than the output and the spare.
func (d *Dir) finishManifest(stamp int64, err error) {
	if d.man == nil {
		return
	}
	if err != nil {
		d.man.discard()
		return
	}
	keep := []uint64{d.tree.Ino}
	if id, _, err := fileid.Lstat(d.spare); err == nil {
		keep = append(keep, id.Ino)
	}
	if d.man.finish(manifestName(d.manifests, d.dest, d.tree.Ino), stamp) == nil {
		pruneManifests(d.manifests, d.dest, keep...)
	}
}

// Abort discards the build; the destination is untouched. The partly
// written tree is removed, even when it was the spare: a build that
// failed, on a full disk say, leaves the space it took free, and the next
// build starts again from nothing but the output.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	d.closeHandles()
	d.man.discard()
	removeTree(d.tmp)
	d.unlock()
}
