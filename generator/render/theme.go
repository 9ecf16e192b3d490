package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
)

// ThemeFS returns the theme a site uses: the files of the site's own
// themes/<name>/ directory (site may be nil) over the embedded default
// theme. A theme other than "default" must exist in the site.
func ThemeFS(embedded, site fs.FS, name string) (fs.FS, error) {
	if site != nil {
		dir := "themes/" + name
		fi, err := fs.Stat(site, dir)
		switch {
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("theme %q: %w", name, err)
		case err == nil && !fi.IsDir():
			return nil, fmt.Errorf("theme %q: themes/%s is not a directory", name, name)
		case err == nil:
			return unionFS{subFS{site, dir}, embedded}, nil
		}
	}
	if name != "" && name != "default" {
		return nil, fmt.Errorf("theme %q: there is no directory themes/%s in the site", name, name)
	}
	return embedded, nil
}

// subFS is the directory dir of fsys. Unlike fs.Sub, its errors name
// files by their path in fsys (themes/x/static/a.css), which is where
// the site's author finds them.
type subFS struct {
	fsys fs.FS
	dir  string
}

var (
	_ fs.ReadDirFS  = subFS{}
	_ fs.ReadFileFS = subFS{}
	_ fs.StatFS     = subFS{}
)

func (s subFS) full(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return path.Join(s.dir, name), nil
}

// Open opens dir/name.
func (s subFS) Open(name string) (fs.File, error) {
	full, err := s.full("open", name)
	if err != nil {
		return nil, err
	}
	return s.fsys.Open(full)
}

// ReadFile reads dir/name.
func (s subFS) ReadFile(name string) ([]byte, error) {
	full, err := s.full("read", name)
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(s.fsys, full)
}

// ReadDir lists dir/name.
func (s subFS) ReadDir(name string) ([]fs.DirEntry, error) {
	full, err := s.full("readdir", name)
	if err != nil {
		return nil, err
	}
	return fs.ReadDir(s.fsys, full)
}

// Stat describes dir/name.
func (s subFS) Stat(name string) (fs.FileInfo, error) {
	full, err := s.full("stat", name)
	if err != nil {
		return nil, err
	}
	return fs.Stat(s.fsys, full)
}

// unionFS layers file systems: the first one that has a file wins, and a
// directory lists the union of its entries.
type unionFS []fs.FS

var (
	_ fs.ReadDirFS  = unionFS{}
	_ fs.ReadFileFS = unionFS{}
)

// Open opens the file from the first layer that has it; a directory
// lists the union of its entries.
func (u unionFS) Open(name string) (fs.File, error) {
	for _, l := range u {
		f, err := l.Open(name)
		if err == nil {
			if fi, err := f.Stat(); err == nil && fi.IsDir() {
				entries, err := u.ReadDir(name)
				if err != nil {
					f.Close()
					return nil, err
				}
				return &unionDir{File: f, entries: entries}, nil
			}
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile reads the file from the first layer that has it.
func (u unionFS) ReadFile(name string) ([]byte, error) {
	for _, l := range u {
		data, err := fs.ReadFile(l, name)
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// ReadDir lists the union of the directory in every layer, sorted by name;
// an entry of an earlier layer hides one of the same name in a later one.
func (u unionFS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, l := range u {
		list, err := fs.ReadDir(l, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = true
		for _, e := range list {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// unionDir is an open directory of a unionFS.
type unionDir struct {
	fs.File
	entries []fs.DirEntry
}

// ReadDir reads the merged entries, as fs.ReadDirFile says.
func (d *unionDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		list := d.entries
		d.entries = nil
		return list, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	list := d.entries[:n]
	d.entries = d.entries[n:]
	return list, nil
}
