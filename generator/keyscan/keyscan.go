// Package keyscan finds private keys where they must never be: in the
// files of a site's repository and in what the site publishes.
//
// Find scans a whole repository, as rosette check does. A build scans
// content/ in two steps, so that it does not read again what the loader
// read: List walks the directory while the site loads, and Listing.Scan
// then reads only the files the loader did not see clean (MayHold).
// HasMarker is the test every output file passes before it is written.
package keyscan

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"rosette/generator/bake"
	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
	"rosette/generator/publish"
)

// Marker is what every PEM private key block holds; no output file may
// contain it.
const Marker = "PRIVATE KEY-----"

// HasMarker reports whether data holds Marker.
func HasMarker(data []byte) bool { return bytes.Contains(data, []byte(Marker)) }

const keyMarkerMsg = `the text "PRIVATE KEY-----", which marks a PEM private key: the site never publishes it, so reword it`

const privateKeyAdvice = ": it must never be in the repository or the site. Remove it, treat it as compromised, and make a new one with rosette keygen (the private key lives outside the repository)"

// Find walks the site root and reports every file that holds a PEM
// private key block ("-----BEGIN … PRIVATE KEY-----"), at the line of the
// block, and every file under content/ that holds the marker
// "PRIVATE KEY-----" at all. The private signing key must never enter the
// repository or the output. Version control directories (.git), what
// builds write at the root (public/, .public.prev/, .public.tmp-…,
// .rosette-cache/: large, and rosette writes no key into them) and package
// directories (node_modules) are skipped, but never package directories
// inside content/ or themes/, which are published. Symbolic links are not
// followed: the build refuses them.
func Find(root string) (content.Errors, error) {
	ks := newScan(root)
	err := ks.walk(ks.root)
	ks.errs.Sort()
	return ks.errs, err
}

// A Listing is the files of a directory that a scan reads, listed but not
// read yet.
type Listing struct {
	scan  *scan
	files []string // paths under root
}

// List walks the directory dir (a slash-separated path relative to root)
// and lists the files Find would read there, without reading them.
func List(root, dir string) (*Listing, error) {
	ks := newScan(root)
	l := &Listing{scan: ks}
	ks.list = &l.files
	err := ks.walk(filepath.Join(ks.root, filepath.FromSlash(dir)))
	ks.list = nil
	return l, err
}

// Scan reads the files of the listing and reports what Find would,
// except in the files for which clean reports that their bytes were
// already seen to hold no marker. clean is called with each file's path
// under root, as filepath.Join(root, name) makes it.
func (l *Listing) Scan(clean func(path string) bool) (content.Errors, error) {
	ks := l.scan
	for _, p := range l.files {
		if clean(p) {
			continue
		}
		if err := ks.file(p); err != nil {
			return nil, err
		}
	}
	ks.errs.Sort()
	return ks.errs, nil
}

func newScan(root string) *scan {
	root = filepath.Clean(root)
	return &scan{root: root, fsys: sitefs.New(root)}
}

// scan is one walk of Find or List.
type scan struct {
	root string
	fsys *sitefs.FS // the root
	errs content.Errors

	// With list set, the walk only lists the files it would read.
	list *[]string
}

// walk scans the directory dir, under root. Links are not followed: the
// site never reads through one (the loader and the theme refuse them), and
// pipes and devices are never opened.
func (ks *scan) walk(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			if p != dir && ks.skip(p) {
				return fs.SkipDir
			}
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		return ks.file(p)
	})
}

// skip reports whether the directory p is not scanned: version control
// (.git), the directories that builds write at the root (see buildOwn)
// and packages (node_modules), except in content/ and themes/, whose files
// are published.
func (ks *scan) skip(p string) bool {
	rel, err := filepath.Rel(ks.root, p)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	if buildOwn(rel) {
		return true
	}
	switch path.Base(rel) {
	case ".git":
		return true
	case "node_modules":
		top, _, _ := strings.Cut(rel, "/")
		return top != content.Dir && top != "themes"
	}
	return false
}

// buildOwn reports whether rel, a directory at the root, is one that
// builds with the default options write there: the output (public/), the
// output a build replaced, which the next build reuses (.public.prev/),
// the trees of builds that are running or were killed (.public.tmp-…),
// the last two as package publish names them; and the caches of
// signatures and output manifests (.rosette-cache/). Rosette writes no private key
// into them, the site's .gitignore keeps them out of the repository, and
// they are large: after a few builds of a site of 100,000 awards they
// hold two copies of its output and caches of hundreds of megabytes.
func buildOwn(rel string) bool {
	const out = content.OutputDir
	switch {
	case strings.Contains(rel, "/"):
		return false
	case rel == out, rel == path.Base(publish.SparePath(out)), rel == content.CacheDir:
		return true
	}
	return strings.HasPrefix(rel, publish.TempPrefix(out))
}

// report adds the findings of a file: every key; in content/, which is
// published, also the marker alone, when the file holds no key. With
// where set (a PNG chunk), positions are 1:1 and where says where.
func (ks *scan) report(rel string, data []byte, fs []finding, where string) {
	keys := 0
	for _, f := range fs {
		if f.key {
			keys++
		}
	}
	inContent := strings.HasPrefix(rel, content.Dir+"/")
	for _, f := range fs {
		if !f.key && (keys > 0 || !inContent) {
			continue
		}
		pos := content.Pos{File: rel, Line: 1, Col: 1}
		if where == "" {
			pos.Line = 1 + bytes.Count(data[:f.off], []byte("\n"))
			pos.Col = 1 + f.off - (bytes.LastIndexByte(data[:f.off], '\n') + 1)
		}
		msg := keyMarkerMsg
		if f.key {
			msg = f.what + privateKeyAdvice
		}
		if where != "" {
			msg = strings.Replace(msg, ":", where+":", 1)
		}
		ks.errs = append(ks.errs, &content.Error{Pos: pos, Msg: msg})
	}
}

// file scans the file p, under root.
func (ks *scan) file(p string) error {
	if ks.list != nil {
		*ks.list = append(*ks.list, p)
		return nil
	}
	rel, err := filepath.Rel(ks.root, p)
	if err != nil {
		return err
	}
	rel = filepath.ToSlash(rel)
	data, err := ks.fsys.ReadFile(rel)
	if errors.Is(err, sitefs.ErrSymlink) || errors.Is(err, sitefs.ErrNotRegular) {
		return nil // replaced since the walk listed it: not read
	}
	if err != nil {
		return err
	}
	ks.report(rel, data, detect(data), "")
	if bytes.HasPrefix(data, []byte(pngSignature)) {
		// Compressed and ancillary chunks, inflated (capped).
		md, _ := bake.PNGMetadata(data)
		for _, m := range md {
			ks.report(rel, nil, detect(m.Text), " in the "+m.Where)
		}
	}
	return nil
}
