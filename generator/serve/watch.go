package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// batchDelay is how long the watcher waits after the last change before it
// asks for a rebuild, so that an editor's save (write, rename, attributes)
// or a git checkout of many files makes one rebuild. Events of one save
// or one checkout come well within it.
const batchDelay = 10 * time.Millisecond

// removeDelay is the wait instead of batchDelay once a batch holds a file
// removed or renamed away: editors that save by rename, and git, make the
// new file soon after, and a rebuild in between would show the record as
// gone.
const removeDelay = 100 * time.Millisecond

// changeSet collects the files changed since the last rebuild. The watcher
// adds to it and signals; the rebuild takes everything at once, so changes
// that arrive during a rebuild are batched into the next one.
type changeSet struct {
	mu     sync.Mutex
	files  map[string]bool // slash paths relative to the site root
	all    bool            // something changed that no file list describes
	signal chan struct{}
}

func newChangeSet() *changeSet {
	return &changeSet{files: map[string]bool{}, signal: make(chan struct{}, 1)}
}

// add records changed files, or with all, a change of unknown extent, and
// signals.
func (c *changeSet) add(files []string, all bool) {
	c.mu.Lock()
	for _, f := range files {
		c.files[f] = true
	}
	c.all = c.all || all
	c.mu.Unlock()
	select {
	case c.signal <- struct{}{}:
	default: // a rebuild is already pending
	}
}

// take returns the changed files, sorted, and empties the set; nil means
// a change of unknown extent.
func (c *changeSet) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	if !c.all {
		out = make([]string, 0, len(c.files))
		for f := range c.files {
			out = append(out, f)
		}
		sort.Strings(out)
	}
	c.files, c.all = map[string]bool{}, false
	return out
}

// relSlash makes a watched path a slash path relative to the site root.
func relSlash(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// watchedDirs are the directories under the site root in which a change
// rebuilds the site.
func watchedDirs() []string { return []string{"content", "themes"} }

// watched reports whether a slash path relative to the site root is in a
// watched directory, or is one.
func watched(rel string) bool {
	for _, d := range watchedDirs() {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

// ignored reports whether a file name is an editor's temporary or backup
// file: foo~, .foo.swp, Vim's 4913 probe, Emacs's .#foo and #foo#,
// JetBrains' foo___jb_tmp___.
func ignored(name string) bool {
	base := filepath.Base(name)
	switch {
	case strings.HasSuffix(base, "~"), base == "4913",
		strings.HasPrefix(base, ".#"), strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swpx"),
		strings.HasSuffix(base, ".tmp"), base == ".DS_Store",
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"):
		return true
	}
	return false
}

// watcher reports batched changes under the watched directories.
type watcher struct {
	root string
	stop chan struct{}
	once sync.Once
	fsw  *fsnotify.Watcher
	log  io.Writer

	// partial is set when a directory could not be watched: its changes
	// would go unseen, so every batch then rebuilds everything.
	partial atomic.Bool
}

// newWatcher starts watching root. With poll > 0, or when the system
// watcher cannot start, it polls.
func newWatcher(root string, poll time.Duration, changes *changeSet, log io.Writer) (*watcher, error) {
	w := &watcher{root: root, stop: make(chan struct{}), log: log}
	if poll <= 0 {
		fsw, err := fsnotify.NewWatcher()
		if err == nil {
			w.fsw = fsw
			w.add(root) // for content/ or themes/ made while serving
			for _, d := range watchedDirs() {
				w.addTree(filepath.Join(root, d))
			}
			go w.notifyLoop(changes, log)
			return w, nil
		}
		fmt.Fprintf(log, "Watching files failed (%v); polling every second instead\n", err)
		poll = time.Second
	}
	go w.pollLoop(root, poll, changes)
	return w, nil
}

// Close stops watching.
func (w *watcher) Close() error {
	w.once.Do(func() { close(w.stop) })
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// addTree watches dir and every directory below it.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			w.add(p)
		}
		return nil
	})
}

// add watches one directory, and says so when it cannot.
func (w *watcher) add(dir string) {
	if err := w.fsw.Add(dir); err != nil && !w.partial.Swap(true) {
		fmt.Fprintf(w.log, "Watching %s failed (%v): every change now rebuilds the whole site; use --poll to follow changes file by file\n", dir, err)
	}
}

func (w *watcher) notifyLoop(changes *changeSet, log io.Writer) {
	var timer *time.Timer
	var fire <-chan time.Time
	var batch []string
	all := false
	delay := batchDelay
	wait := func() {
		if timer == nil {
			timer = time.NewTimer(delay)
		} else {
			timer.Reset(delay)
		}
		fire = timer.C
	}
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel, inRoot := relSlash(w.root, ev.Name)
			if ev.Op == fsnotify.Chmod || ignored(ev.Name) || (inRoot && !watched(rel)) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name)
					all = true // files made in it before the watch began have no events
				}
			}
			if inRoot {
				batch = append(batch, rel)
			} else {
				all = true
			}
			if ev.Op.Has(fsnotify.Remove) || ev.Op.Has(fsnotify.Rename) {
				delay = removeDelay
			}
			wait()
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(log, "Watching files: %v\n", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true // events were lost: which files changed is unknown
				wait()
			}
		case <-fire:
			fire = nil
			changes.add(batch, all || w.partial.Load())
			batch, all, delay = nil, false, batchDelay
		}
	}
}

// stamp identifies a file's state for polling.
type stamp struct {
	size int64
	mod  time.Time
}

func (w *watcher) pollLoop(root string, every time.Duration, changes *changeSet) {
	last := scan(root)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			cur := scan(root)
			if diff := changedStamps(last, cur); len(diff) > 0 {
				last = cur
				var files []string
				all := false
				for _, p := range diff {
					if rel, ok := relSlash(root, p); ok {
						files = append(files, rel)
					} else {
						all = true
					}
				}
				changes.add(files, all)
			}
		}
	}
}

func scan(root string) map[string]stamp {
	out := make(map[string]stamp)
	for _, d := range watchedDirs() {
		filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || ignored(p) {
				return nil
			}
			if fi, err := e.Info(); err == nil {
				out[p] = stamp{fi.Size(), fi.ModTime()}
			}
			return nil
		})
	}
	return out
}

// changedStamps lists the files that are new, gone or changed from a to b.
func changedStamps(a, b map[string]stamp) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !w.mod.Equal(v.mod) || w.size != v.size {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
