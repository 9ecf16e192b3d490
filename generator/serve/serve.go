// Package serve runs rosette's local preview server: it builds the site in
// memory (never touching public/), serves it with the same headers as the
// static hosts, watches content/ and themes/ for changes, rebuilds, and
// reloads open browser tabs through server-sent events. When a change
// breaks the build it keeps serving the last good build and shows the
// positioned errors on every page until the files are fixed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"rosette/generator"
)

// Options configure a server.
type Options struct {
	Source string        // site root holding content/; default "."
	Bind   string        // address to listen on; default 127.0.0.1
	Port   int           // TCP port; 0 picks a free one
	Poll   time.Duration // when > 0, poll for changes at this interval instead of using fsnotify
	// BaseURL, when set, is the URL the site is built for instead of the
	// listening address, e.g. the machine's address on the network. It
	// must already be checked with content.CheckBaseURL.
	BaseURL string
	Log     io.Writer // progress and errors; default io.Discard
	// ExactTemplates executes the theme's templates with html/template
	// only (generator.Options.ExactTemplates).
	ExactTemplates bool
	// AllowFuture shows awards issued after the clock as not yet valid
	// (generator.Options.AllowFuture).
	AllowFuture bool
}

// Server is a running preview server.
type Server struct {
	opts    Options
	ln      net.Listener
	baseURL string

	mu      sync.RWMutex
	inc     *Incremental      // the site in memory; used by the rebuild goroutine only
	files   map[string][]byte // the last good build
	lastErr error             // the error of the last build, nil when it succeeded
	version int               // counts finished builds

	events broker
}

// New listens on the configured address and makes the first build. A
// first build that fails is not an error: the server shows it.
func New(opts Options) (*Server, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, err
	}
	host := opts.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	port := ln.Addr().(*net.TCPAddr).Port
	s := &Server{opts: opts, ln: ln, baseURL: "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/"}
	if opts.BaseURL != "" {
		s.baseURL = opts.BaseURL
	}
	s.rebuild(nil)
	return s, nil
}

// URL is the base URL the site is served and built at.
func (s *Server) URL() string { return s.baseURL }

// Serve serves and watches until ctx is done.
func (s *Server) Serve(ctx context.Context) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	changes := newChangeSet()
	w, err := newWatcher(s.opts.Source, s.opts.Poll, changes, s.opts.Log)
	if err != nil {
		return err
	}
	defer w.Close()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-changes.signal:
				if files := changes.take(); files == nil || len(files) > 0 {
					s.rebuild(files) // none: the signal of changes a rebuild already took
				}
			}
		}
	}()
	go func() {
		<-ctx.Done()
		s.events.close()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rebuild follows a change of the given files (slash paths relative to
// the site root; nil: unknown, render everything). On success it updates
// the served files; on failure it keeps them and records the error. Either
// way open pages are told.
func (s *Server) rebuild(changed []string) {
	start := time.Now()
	var ch *Change
	var err error
	if s.inc == nil {
		s.inc, ch, err = NewIncremental(generator.Options{Source: s.opts.Source, BaseURL: s.baseURL, ExactTemplates: s.opts.ExactTemplates, AllowFuture: s.opts.AllowFuture})
	} else {
		ch, err = s.inc.Update(changed)
	}
	s.mu.Lock()
	s.version++
	s.lastErr = err
	if err == nil {
		if ch.Full {
			s.files = ch.Files
		} else {
			for p, data := range ch.Files {
				s.files[p] = data
			}
			for _, p := range ch.Removed {
				delete(s.files, p)
			}
		}
	}
	n := len(s.files)
	s.mu.Unlock()
	if err != nil {
		fmt.Fprintf(s.opts.Log, "Build failed; serving the last good build:\n%v\n", err)
		s.events.send(event{name: "error", data: err.Error()})
		return
	}
	took := time.Since(start).Round(100 * time.Microsecond)
	switch {
	case ch.Full:
		fmt.Fprintf(s.opts.Log, "Built %d files in %v\n", n, took)
	case len(ch.Files) == 0 && len(ch.Removed) == 0:
		return // nothing the site is made of changed
	case ch.Badges > 0:
		fmt.Fprintf(s.opts.Log, "Rebuilt %d badge class(es) and their %d award(s): %d files written, %d removed, in %v\n", ch.Badges, ch.Awards, len(ch.Files), len(ch.Removed), took)
	default:
		fmt.Fprintf(s.opts.Log, "Rebuilt: %d files written, %d removed (%d award(s) rendered), in %v\n", len(ch.Files), len(ch.Removed), ch.Awards, took)
	}
	s.events.send(event{name: "reload", data: strconv.Itoa(n)})
}
