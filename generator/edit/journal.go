package edit

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"rosette/generator/content"
)

// A write of several records (an import, say) goes through a journal, so
// that a process killed at any moment leaves the content as it was or
// with every file written, never half:
//
//  1. every file is staged in .rosette/journal.new/ (named 0, 1, …) with a
//     manifest of their hashes and target paths, all synced to disk;
//  2. the directory is renamed to .rosette/journal: from here on, the
//     write happens;
//  3. each staged file is linked to its target (which must not exist) and
//     unlinked from the journal;
//  4. the manifest, then the journal directory, is removed.
//
// Recover, which every command runs before anything else, removes a
// journal.new (step 1 interrupted: nothing was written) and finishes a
// journal (steps 3–4 interrupted), or, when a staged file is missing or
// damaged (the disk lost it), rolls it back: it removes the targets that
// hold exactly the journal's bytes, and the journal.
const (
	stateDir    = ".rosette"
	journalDir  = ".rosette/journal"
	stagingDir  = ".rosette/journal.new"
	manifest    = "manifest"
	journalHead = "rosette journal 1"

	// maxJournalFile bounds what is read of a file to compare it with
	// the journal: records and images are much smaller.
	maxJournalFile = 16 << 20
)

// journalEntry is one file of a journal.
type journalEntry struct {
	sum    string // hex SHA-256 of the file's bytes
	staged string // name in the journal directory
	target string // slash path relative to the site root, under content/
}

// WriteAll writes every planned file under root, all or nothing: no file
// is overwritten (it fails before writing anything when one already
// exists), and a process killed while writing leaves a journal that the
// next command completes or rolls back (Recover).
//
// Files outside content/ (those of a new site) are written one by one,
// and removed again when one fails.
func WriteAll(root string, files []Planned) error {
	if _, err := Recover(root); err != nil {
		return err
	}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, content.Dir+"/") {
			return writeDirect(root, files)
		}
	}
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := checkTarget(root, f.Path); err != nil {
			return fmt.Errorf("%v; nothing was written", err)
		}
		if seen[f.Path] {
			return fmt.Errorf("%s is planned twice; nothing was written", f.Path)
		}
		seen[f.Path] = true
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(f.Path))); err == nil {
			return fmt.Errorf("%s already exists; nothing was written", f.Path)
		}
	}
	entries, err := stage(root, files)
	if err != nil {
		os.RemoveAll(filepath.Join(root, filepath.FromSlash(stagingDir)))
		return fmt.Errorf("staging the files: %v; nothing was written", err)
	}
	// The commit point.
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(stagingDir)), filepath.Join(root, filepath.FromSlash(journalDir))); err != nil {
		os.RemoveAll(filepath.Join(root, filepath.FromSlash(stagingDir)))
		return fmt.Errorf("committing the files: %v; nothing was written", err)
	}
	syncDir(filepath.Join(root, stateDir))
	return finish(root, entries)
}

// stage writes the files and the manifest to the staging directory.
func stage(root string, files []Planned) ([]journalEntry, error) {
	dir := filepath.Join(root, filepath.FromSlash(stagingDir))
	if err := os.MkdirAll(filepath.Join(root, stateDir), 0o755); err != nil {
		return nil, err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	var m bytes.Buffer
	m.WriteString(journalHead + "\n")
	entries := make([]journalEntry, len(files))
	for i, f := range files {
		sum := sha256.Sum256(f.Data)
		entries[i] = journalEntry{sum: hex.EncodeToString(sum[:]), staged: strconv.Itoa(i), target: f.Path}
		if err := writeSynced(filepath.Join(dir, entries[i].staged), f.Data); err != nil {
			return nil, err
		}
		fmt.Fprintf(&m, "%s %s %s\n", entries[i].sum, entries[i].staged, entries[i].target)
	}
	if err := writeSynced(filepath.Join(dir, manifest), m.Bytes()); err != nil {
		return nil, err
	}
	syncDir(dir)
	return entries, nil
}

// finish installs the files of the committed journal and removes it.
func finish(root string, entries []journalEntry) error {
	jdir := filepath.Join(root, filepath.FromSlash(journalDir))
	dirs := map[string]bool{}
	for _, e := range entries {
		target := filepath.Join(root, filepath.FromSlash(e.target))
		staged := filepath.Join(jdir, e.staged)
		dirs[filepath.Dir(target)] = true
		if sum, err := fileSum(target); err == nil && sum == e.sum {
			os.Remove(staged) // installed before the process was killed
			continue
		}
		if err := mkdirContent(root, path.Dir(e.target)); err != nil {
			return fmt.Errorf("%s: %v (run any rosette command to finish the write)", e.target, err)
		}
		if err := os.Link(staged, target); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %v (run any rosette command to finish the write)", e.target, err)
		}
		if sum, err := fileSum(target); err != nil || sum != e.sum {
			return fmt.Errorf("%s exists and differs from the file being written: move it away and run any rosette command to finish the write", e.target)
		}
		os.Remove(staged)
	}
	for d := range dirs {
		syncDir(d)
	}
	if err := os.Remove(filepath.Join(jdir, manifest)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.RemoveAll(jdir)
}

// Recover finishes or rolls back a write that a killed process left
// under root, and says what it did ("" when there was nothing to do).
func Recover(root string) (string, error) {
	staging := filepath.Join(root, filepath.FromSlash(stagingDir))
	if _, err := os.Lstat(staging); err == nil {
		if err := os.RemoveAll(staging); err != nil {
			return "", fmt.Errorf("removing an interrupted write's %s: %v", stagingDir, err)
		}
	}
	jdir := filepath.Join(root, filepath.FromSlash(journalDir))
	fi, err := os.Lstat(jdir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory: remove it", journalDir)
	}
	entries, err := readManifest(filepath.Join(jdir, manifest))
	if errors.Is(err, fs.ErrNotExist) {
		// Removed once the write was complete: only the rest is left.
		return "", os.RemoveAll(jdir)
	}
	if err != nil {
		return "", fmt.Errorf("%s/%s: %v; move %s away and check content/ by hand", journalDir, manifest, err, journalDir)
	}
	for _, e := range entries {
		if err := checkTarget(root, e.target); err != nil {
			return "", fmt.Errorf("%s/%s: %v; remove %s", journalDir, manifest, err, journalDir)
		}
	}
	// Roll forward when every file is written or staged intact.
	forward := true
	for _, e := range entries {
		if sum, err := fileSum(filepath.Join(root, filepath.FromSlash(e.target))); err == nil {
			if sum != e.sum {
				return "", fmt.Errorf("%s exists and differs from the file an interrupted write was writing: move it away and run rosette again", e.target)
			}
			continue
		}
		if sum, err := fileSum(filepath.Join(jdir, e.staged)); err != nil || sum != e.sum {
			forward = false
		}
	}
	if forward {
		if err := finish(root, entries); err != nil {
			return "", err
		}
		return fmt.Sprintf("finished an interrupted write of %d files", len(entries)), nil
	}
	var removed int
	for _, e := range entries {
		target := filepath.Join(root, filepath.FromSlash(e.target))
		if sum, err := fileSum(target); err == nil && sum == e.sum {
			if err := os.Remove(target); err != nil {
				return "", err
			}
			removed++
		}
	}
	if err := os.Remove(filepath.Join(jdir, manifest)); err != nil {
		return "", err
	}
	if err := os.RemoveAll(jdir); err != nil {
		return "", err
	}
	return fmt.Sprintf("rolled back an interrupted write of %d files (its staged copies were damaged; %d written files removed)", len(entries), removed), nil
}

// readManifest parses a journal manifest.
func readManifest(p string) ([]journalEntry, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 64<<20))
	if !sc.Scan() || sc.Text() != journalHead {
		return nil, errors.New("not a rosette journal")
	}
	var out []journalEntry
	for n := 2; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || len(fields[0]) != 64 {
			return nil, fmt.Errorf("line %d is not a journal entry", n)
		}
		if _, err := strconv.ParseUint(fields[1], 10, 32); err != nil {
			return nil, fmt.Errorf("line %d is not a journal entry", n)
		}
		out = append(out, journalEntry{sum: fields[0], staged: fields[1], target: fields[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].target < out[j].target })
	return out, nil
}

// checkTarget refuses a path a write must not create: one outside
// content/, not clean, or under a symbolic link.
func checkTarget(root, p string) error {
	if !fs.ValidPath(p) || !strings.HasPrefix(p, content.Dir+"/") || strings.Contains(p, "\\") {
		return fmt.Errorf("%q is not a path under %s/", p, content.Dir)
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(d)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a directory (a symbolic link, say)", d)
		}
	}
	return nil
}

// mkdirContent makes the directory d under root, refusing links on the way.
func mkdirContent(root, d string) error {
	if err := checkTarget(root, d+"/x"); err != nil {
		return err
	}
	return os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755)
}

// writeSynced creates p with data and syncs it to disk, failing if p
// exists.
func writeSynced(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fileSum returns the hex SHA-256 of a regular file's bytes.
func fileSum(p string) (string, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, maxJournalFile)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// syncDir syncs a directory's entries to disk, where the system allows.
func syncDir(d string) {
	if f, err := os.Open(d); err == nil {
		f.Sync()
		f.Close()
	}
}
