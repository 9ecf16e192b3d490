package serve

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// batchDelay is how long the watcher waits after the last change before it
// asks for a rebuild, so that an editor's save or a git checkout of many
// files makes one rebuild.
const batchDelay = 75 * time.Millisecond

// watchedDirs are the directories under the site root in which a change
// rebuilds the site.
func watchedDirs() []string { return []string{"content", "themes"} }

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
	stop chan struct{}
	once sync.Once
	fsw  *fsnotify.Watcher
}

// newWatcher starts watching root. With poll > 0, or when the system
// watcher cannot start, it polls.
func newWatcher(root string, poll time.Duration, changes chan<- struct{}, log io.Writer) (*watcher, error) {
	w := &watcher{stop: make(chan struct{})}
	if poll <= 0 {
		fsw, err := fsnotify.NewWatcher()
		if err == nil {
			w.fsw = fsw
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
			w.fsw.Add(p)
		}
		return nil
	})
}

func (w *watcher) notifyLoop(changes chan<- struct{}, log io.Writer) {
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || ignored(ev.Name) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name) // files made in it before the watch are picked up by the rebuild
				}
			}
			if timer == nil {
				timer = time.NewTimer(batchDelay)
			} else {
				timer.Reset(batchDelay)
			}
			fire = timer.C
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(log, "Watching files: %v\n", err)
		case <-fire:
			fire = nil
			select {
			case changes <- struct{}{}:
			default: // a rebuild is already pending
			}
		}
	}
}

// stamp identifies a file's state for polling.
type stamp struct {
	size int64
	mod  time.Time
}

func (w *watcher) pollLoop(root string, every time.Duration, changes chan<- struct{}) {
	last := scan(root)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			cur := scan(root)
			if !sameStamps(cur, last) {
				last = cur
				select {
				case changes <- struct{}{}:
				default:
				}
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

func sameStamps(a, b map[string]stamp) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !w.mod.Equal(v.mod) || w.size != v.size {
			return false
		}
	}
	return true
}
