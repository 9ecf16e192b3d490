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
}

// Server is a running preview server.
type Server struct {
	opts    Options
	ln      net.Listener
	baseURL string

	mu      sync.RWMutex
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
	s.rebuild()
	return s, nil
}

// URL is the base URL the site is served and built at.
func (s *Server) URL() string { return s.baseURL }

// Serve serves and watches until ctx is done.
func (s *Server) Serve(ctx context.Context) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	changes := make(chan struct{}, 1)
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
			case <-changes:
				s.rebuild()
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

// rebuild builds the whole site in memory. On success it replaces the
// served files; on failure it keeps them and records the error. Either way
// open pages are told. Everything about how a change becomes new output is
// behind this one method, so that it can become incremental.
func (s *Server) rebuild() {
	start := time.Now()
	files, err := build(s.opts.Source, s.baseURL)
	s.mu.Lock()
	s.version++
	s.lastErr = err
	if err == nil {
		s.files = files
	}
	s.mu.Unlock()
	if err != nil {
		fmt.Fprintf(s.opts.Log, "Build failed; serving the last good build:\n%v\n", err)
		s.events.send(event{name: "error", data: err.Error()})
		return
	}
	fmt.Fprintf(s.opts.Log, "Built %d files in %d ms\n", len(files), time.Since(start).Milliseconds())
	s.events.send(event{name: "reload", data: strconv.Itoa(len(files))})
}

// build loads and renders the site at root for baseURL into memory.
func build(root, baseURL string) (map[string][]byte, error) {
	opts := generator.Options{Source: root, BaseURL: baseURL}
	site, err := generator.Load(opts)
	if err != nil {
		return nil, err
	}
	pub := &memPublisher{files: make(map[string][]byte)}
	if err := generator.Render(site, pub, opts); err != nil {
		return nil, err
	}
	return pub.files, nil
}

// memPublisher keeps a build's output in memory.
type memPublisher struct {
	mu    sync.Mutex
	files map[string][]byte
}

var _ generator.Publisher = (*memPublisher)(nil)

func (p *memPublisher) Write(path string, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.files[path]; dup {
		return fmt.Errorf("output %s written twice", path)
	}
	p.files[path] = data
	return nil
}

// snapshot returns the served files and the current build error.
func (s *Server) snapshot() (map[string][]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files, s.lastErr
}
