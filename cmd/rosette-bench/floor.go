package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// outFile is one file of a build's output: its path relative to the
// output directory and its size.
type outFile struct {
	path string
	size int64
}

// listFiles lists every file under dir, in walk order.
func listFiles(dir string) ([]outFile, error) {
	var files []outFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, outFile{rel, fi.Size()})
		return err
	})
	return files, err
}

// floorWriters is how many goroutines write the floor.
const floorWriters = 2

// writeFloor writes files of the given paths and sizes under dest, which
// must not exist, with a plain writer: one directory creation per
// directory, one os.WriteFile per file, two goroutines. It is what any
// build that makes these files must at least do.
func writeFloor(dest string, files []outFile) (time.Duration, error) {
	var largest int64
	for _, f := range files {
		largest = max(largest, f.size)
	}
	data := make([]byte, largest)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	start := time.Now()
	if err := os.Mkdir(dest, 0o755); err != nil {
		return 0, err
	}
	var (
		dirs  sync.Map
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range floorWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f := files[i]
				p := filepath.Join(dest, f.path)
				err := error(nil)
				if dir := filepath.Dir(p); dir != dest {
					if _, ok := dirs.Load(dir); !ok {
						err = os.MkdirAll(dir, 0o755)
						dirs.Store(dir, true)
					}
				}
				if err == nil {
					err = os.WriteFile(p, data[:f.size], 0o644)
				}
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start), first
}
