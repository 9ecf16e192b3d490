package generator

import (
	"errors"
	"fmt"
	"io/fs"

	"rosette/generator/content"
	"rosette/generator/internal/source"
	"rosette/generator/keyscan"
)

// keyGuard is the last check before an output file is written: it refuses
// any file that holds the marker of a PEM private key block, whatever the
// content scan missed.
type keyGuard struct{ next Publisher }

var _ Publisher = keyGuard{}

// Write passes data on unless it holds the private key marker.
func (g keyGuard) Write(path string, data []byte) error {
	if err := refuseKey(path, data); err != nil {
		return err
	}
	return g.next.Write(path, data)
}

// refuseKey refuses the file data, to be published at path, if it holds
// the private key marker.
func refuseKey(path string, data []byte) error {
	if keyscan.HasMarker(data) {
		return fmt.Errorf("refusing to publish %s: it holds %q, the marker of a PEM private key; find the record it comes from and remove the key", path, keyscan.Marker)
	}
	return nil
}

// keepGuard is keyGuard over a publisher that keeps files by key.
type keepGuard struct {
	keyGuard
	keep keeper
}

// guard returns pub behind a keyGuard, which keeps files by key if pub
// does.
func guard(pub Publisher) Publisher {
	if k, ok := pub.(keeper); ok {
		return keepGuard{keyGuard{pub}, k}
	}
	return keyGuard{pub}
}

// Keep passes on: a kept file was guarded when it was written.
func (g keepGuard) Keep(key uint64, ps ...string) (bool, error) { return g.keep.Keep(key, ps...) }

// WriteKeyed passes data on unless it holds the private key marker.
func (g keepGuard) WriteKeyed(path string, data []byte, key uint64) error {
	if err := refuseKey(path, data); err != nil {
		return err
	}
	return g.keep.WriteKeyed(path, data, key)
}

// loadChecked loads the site and scans content/ for private keys, and
// returns the problems of both together. The scan does not read again what
// the loader read: while the site loads, it lists the files of content/,
// and the loader notes each file whose bytes do not hold the private key
// marker; then the scan reads only the files left (those the loader did
// not read, or in which it saw the marker, to report where).
func loadChecked(opts Options) (*content.Site, error) {
	root := opts.source()
	var listing *keyscan.Listing
	walked := make(chan error, 1)
	go func() {
		var err error
		listing, err = keyscan.List(root, content.Dir)
		walked <- err
	}()
	clean := new(source.Clean)
	s, err := load(opts, clean)
	var keys content.Errors
	keysErr := <-walked
	if keysErr == nil {
		keys, keysErr = listing.Scan(clean.Has)
	}
	var errs content.Errors
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	if keysErr != nil && !errors.Is(keysErr, fs.ErrNotExist) {
		return nil, keysErr
	}
	if errs = append(errs, keys...); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return s, nil
}
