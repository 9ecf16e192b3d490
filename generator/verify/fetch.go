package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Accept is the Accept header of every fetch.
const Accept = "application/ld+json, application/json"

// maxBody bounds what a fetch reads.
const maxBody = 4 << 20

// MaxLocalFile bounds what rosette verify and unbake read of a local file
// or standard input: a baked image holds an image and one assertion, much
// less than this.
const MaxLocalFile = 16 << 20

// Response is a fetched document.
type Response struct {
	Status int // HTTP status; Map gives 200 or 404
	Body   []byte
}

// Fetcher gets the document at a URL. Verify fetches only through it, so
// tests and offline checks can serve a built site from disk.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (*Response, error)
}

// HTTP fetches over the network, asking for JSON-LD or JSON.
type HTTP struct {
	Client *http.Client // default: a client with a 20 s timeout
}

var _ Fetcher = HTTP{}

// Fetch implements Fetcher.
func (h HTTP) Fetch(ctx context.Context, u string) (*Response, error) {
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 20 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", Accept)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%s: response larger than %d MB", u, maxBody>>20)
	}
	return &Response{Status: resp.StatusCode, Body: body}, nil
}

// Map serves URLs from local directories, without a network: a URL that
// starts with a prefix is read from the file at the rest of its path
// under the prefix's directory. A built site is verified offline with
// Map{{Prefix: base URL, Dir: "public"}}.
type Map []MapEntry

// MapEntry maps one URL prefix to a directory.
type MapEntry struct {
	Prefix string // e.g. "https://badges.example.org/"
	Dir    string
}

var _ Fetcher = Map{}

// ParseMapEntry parses PREFIX=DIR.
func ParseMapEntry(s string) (MapEntry, error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 || i == len(s)-1 {
		return MapEntry{}, fmt.Errorf("%q is not PREFIX=DIR", s)
	}
	prefix, dir := s[:i], s[i+1:]
	u, err := url.Parse(prefix)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return MapEntry{}, fmt.Errorf("%q: the prefix must be an http(s) URL", s)
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return MapEntry{Prefix: prefix, Dir: dir}, nil
}

// Fetch implements Fetcher.
func (m Map) Fetch(ctx context.Context, u string) (*Response, error) {
	for _, e := range m {
		rest, ok := strings.CutPrefix(u, e.Prefix)
		if !ok {
			continue
		}
		if i := strings.IndexAny(rest, "?#"); i >= 0 {
			rest = rest[:i]
		}
		if rest == "" || strings.HasSuffix(rest, "/") {
			rest += "index.html" // as static hosts serve a directory
		}
		p, err := url.PathUnescape(rest)
		if err != nil || strings.Contains(p, "\\") || !filepath.IsLocal(filepath.FromSlash(p)) {
			return &Response{Status: http.StatusNotFound}, nil
		}
		data, err := ReadFile(filepath.Join(e.Dir, filepath.FromSlash(p)), maxBody)
		if errors.Is(err, os.ErrNotExist) {
			return &Response{Status: http.StatusNotFound}, nil
		}
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusOK, Body: data}, nil
	}
	return nil, fmt.Errorf("%s is under no --map prefix, and verification with --map is offline", u)
}

// ReadFile reads the local file name as a fetch reads a response: at
// most limit bytes, and only from a regular file. A device (/dev/zero), a
// pipe (which could block for ever) or a directory is refused before it
// is opened.
func ReadFile(name string, limit int64) ([]byte, error) {
	if fi, err := os.Stat(name); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (a device, pipe or directory)", name)
	} else if fi.Size() > limit {
		return nil, fmt.Errorf("%s is more than the limit of %d MB", name, limit>>20)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (it changed while it was opened)", name)
	}
	return readLimit(f, name, limit)
}

// readLimit reads r to its end, or fails when it holds more than limit
// bytes; name names r in the error.
func readLimit(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is more than the limit of %d MB", name, limit>>20)
	}
	return data, nil
}

// ReadStdin reads standard input (r) as ReadFile reads a file.
func ReadStdin(r io.Reader, limit int64) ([]byte, error) {
	return readLimit(r, "standard input", limit)
}
