package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
)

// privateKeyRE matches the start of a PEM private key block: the BEGIN
// line followed by a line of base64 or a PEM header, also where the line
// breaks are written as \n in a JSON or TOML string.
var privateKeyRE = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----(\r?\n|(\\r)?\\n)[ \t]*(Proc-Type:|[A-Za-z0-9+/=]{16})`)

// privateKeyMarker is what every PEM private key block holds; no output
// file may contain it.
const privateKeyMarker = "PRIVATE KEY-----"

// keyMarkerRE finds the marker of a PEM private key, with its BEGIN or
// END line when it has one.
var keyMarkerRE = regexp.MustCompile(`(-----(BEGIN|END) ([A-Z0-9]+ )*)?PRIVATE KEY-----`)

const keyMarkerMsg = `the text "PRIVATE KEY-----", which marks a PEM private key: the site never publishes it, so reword it`

const privateKeyMsg = "a private key: it must never be in the repository or the site. Remove it, treat it as compromised, and make a new one with rosette keygen (the private key lives outside the repository)"

// FindPrivateKeys walks the site root and reports every file that holds a
// PEM private key block ("-----BEGIN … PRIVATE KEY-----"), at the line of
// the block, and every file under content/ that holds the marker
// "PRIVATE KEY-----" at all. The private signing key must never enter the
// repository or the output. Version control directories (.git), the build
// output (public/, which can be large) and package directories
// (node_modules) are skipped, but never package directories inside
// content/ or themes/, which are published. Symbolic links are not
// followed: the build refuses them.
func FindPrivateKeys(root string) (content.Errors, error) {
	return findPrivateKeys(root, ".")
}

func newKeyScan(root string) *keyScan {
	root = filepath.Clean(root)
	return &keyScan{root: root, fsys: sitefs.New(root)}
}

// findPrivateKeys scans the directory sub of root, naming files relative
// to root.
func findPrivateKeys(root, sub string) (content.Errors, error) {
	ks := newKeyScan(root)
	err := ks.walk(filepath.Join(root, sub))
	ks.errs.Sort()
	return ks.errs, err
}

// keyScan is one walk of FindPrivateKeys.
type keyScan struct {
	root string
	fsys *sitefs.FS // the root
	errs content.Errors

	// With deferred set, the walk only lists the files it would read, in
	// pending; scanPending reads them.
	deferred bool
	pending  []string // paths under root
}

// scanPending scans the files the walk listed, except those for which
// clean reports that their bytes were already seen to hold no marker.
func (ks *keyScan) scanPending(clean func(p string) bool) error {
	files := ks.pending
	ks.pending = nil
	for _, p := range files {
		if clean(p) {
			continue
		}
		if err := ks.file(p); err != nil {
			return err
		}
	}
	ks.errs.Sort()
	return nil
}

// walk scans the directory dir, under root. Links are not followed: the
// site never reads through one (the loader and the theme refuse them), and
// pipes and devices are never opened.
func (ks *keyScan) walk(dir string) error {
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
// (.git), the build output (public/ at the root: rosette writes no private
// key, and rebuilds it from scratch) and packages (node_modules), except
// in content/ and themes/, whose files are published.
func (ks *keyScan) skip(p string) bool {
	rel, err := filepath.Rel(ks.root, p)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	switch path.Base(rel) {
	case ".git":
		return true
	case "public":
		return rel == "public"
	case "node_modules":
		top, _, _ := strings.Cut(rel, "/")
		return top != content.Dir && top != "themes"
	}
	return false
}

// file scans the file p, under root.
func (ks *keyScan) file(p string) error {
	if ks.deferred {
		ks.pending = append(ks.pending, p)
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
	if !bytes.Contains(data, []byte(privateKeyMarker)) {
		return nil
	}
	keys := privateKeyRE.FindAllIndex(data, -1)
	at := func(off int) content.Pos {
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		col := 1 + off - (bytes.LastIndexByte(data[:off], '\n') + 1)
		return content.Pos{File: rel, Line: line, Col: col}
	}
	for _, m := range keys {
		ks.errs = append(ks.errs, &content.Error{Pos: at(m[0]), Msg: privateKeyMsg})
	}
	// Content is published: there even the marker alone is refused, as
	// the build would refuse to publish it.
	if len(keys) > 0 || !strings.HasPrefix(rel, content.Dir+"/") {
		return nil
	}
	for _, m := range keyMarkerRE.FindAllIndex(data, -1) {
		ks.errs = append(ks.errs, &content.Error{Pos: at(m[0]), Msg: keyMarkerMsg})
	}
	return nil
}

// keyGuard is the last check before an output file is written: it refuses
// any file that holds the marker of a PEM private key block, whatever the
// content scan missed.
type keyGuard struct{ next Publisher }

var _ Publisher = keyGuard{}

// Write passes data on unless it holds the private key marker.
func (g keyGuard) Write(path string, data []byte) error {
	if bytes.Contains(data, []byte(privateKeyMarker)) {
		return fmt.Errorf("refusing to publish %s: it holds %q, the marker of a PEM private key; find the record it comes from and remove the key", path, privateKeyMarker)
	}
	return g.next.Write(path, data)
}

// loadChecked loads the site and scans content/ for private keys, and
// returns the problems of both together. The scan does not read again what
// the loader read: while the site loads, it lists the files of content/,
// and the loader notes each file whose bytes do not hold the private key
// marker; then the scan reads only the files left (those the loader did
// not read, or in which it saw the marker, to report where).
func loadChecked(opts Options) (*content.Site, error) {
	root := opts.source()
	ks := newKeyScan(root)
	ks.deferred = true
	walked := make(chan error, 1)
	go func() { walked <- ks.walk(filepath.Join(root, content.Dir)) }()
	clean := new(cleanFiles)
	s, err := load(opts, clean)
	keysErr := <-walked
	if keysErr == nil {
		ks.deferred = false
		keysErr = ks.scanPending(clean.has)
	}
	var errs content.Errors
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	if keysErr != nil && !errors.Is(keysErr, fs.ErrNotExist) {
		return nil, keysErr
	}
	if errs = append(errs, ks.errs...); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return s, nil
}

// cleanFiles is the set of files, by path, whose whole bytes were read and
// found free of the private key marker. It is safe for concurrent use.
type cleanFiles struct {
	mu    sync.Mutex
	paths map[string]struct{}
}

// saw notes the bytes of the file at p.
func (c *cleanFiles) saw(p string, data []byte) {
	if c == nil || bytes.Contains(data, []byte(privateKeyMarker)) {
		return
	}
	c.mu.Lock()
	if c.paths == nil {
		c.paths = make(map[string]struct{})
	}
	c.paths[p] = struct{}{}
	c.mu.Unlock()
}

// has reports whether the file at p was seen clean.
func (c *cleanFiles) has(p string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.paths[p]
	return ok
}
