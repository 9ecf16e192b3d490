package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"rosette/generator/content"
	"rosette/generator/serve"
)

func serveCommand() *command {
	return &command{
		name:    "serve",
		summary: "serve the site locally, rebuilding and reloading on every change",
		usage: `Usage: rosette serve [-s DIR] [--port N] [--bind ADDR] [--baseURL URL] [--poll DURATION] [--exact]

Builds the site in memory — public/ is never touched — with the base URL
set to the local address, and serves it at http://127.0.0.1:1313/. Every
change under content/ or themes/ rebuilds it, and open pages reload by
themselves: a changed award or badge class re-renders only the pages that
show it, in milliseconds also on large sites; other changes rebuild the
whole site. When a change breaks the build, the last good build stays
served and every page shows the errors, file:line:col, until the files are
fixed. JSON is served as application/json with CORS, like the static hosts
do with the _headers rules.

Flags:
  -s, --source DIR    site root, the directory holding content/ (default .)
  --port N            TCP port (default 1313; 0 picks a free one)
  --bind ADDR         address to listen on (default 127.0.0.1; 0.0.0.0 for
                      other devices on the network)
  --baseURL URL       build for this URL instead of the listening address,
                      e.g. http://192.168.1.20:1313/ for other devices
  --poll DURATION     poll for changes at this interval instead of using
                      file system events (network drives, containers), e.g. 500ms
  --exact             execute the theme's templates with html/template only,
                      not with the faster compiled programs that give the
                      same bytes (docs/templates-execution.md)
  --allow-future      show awards issued in the future as "not yet valid"
                      instead of as errors, as rosette build --allow-future

Examples:
  rosette serve
  rosette serve --port 8080
  rosette serve --bind 0.0.0.0 --baseURL http://192.168.1.20:1313/ --poll 1s
`,
		run: runServe,
	}
}

func runServe(e *env, args []string) error {
	fs := newFlags("serve")
	src := sourceFlag(fs)
	var o serve.Options
	fs.IntVar(&o.Port, "port", 1313, "")
	fs.StringVar(&o.Bind, "bind", "127.0.0.1", "")
	fs.DurationVar(&o.Poll, "poll", 0, "")
	fs.StringVar(&o.BaseURL, "baseURL", "", "")
	fs.StringVar(&o.BaseURL, "baseurl", "", "")
	fs.BoolVar(&o.ExactTemplates, "exact", false, "")
	fs.BoolVar(&o.AllowFuture, "allow-future", false, "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	if o.Port < 0 || o.Port > 65535 {
		return usagef("--port must be between 0 and 65535")
	}
	if o.Poll < 0 || (o.Poll > 0 && o.Poll < 10*time.Millisecond) {
		return usagef("--poll must be at least 10ms")
	}
	if o.BaseURL != "" {
		if o.BaseURL, err = content.CheckBaseURL(o.BaseURL); err != nil {
			return usagef("--baseURL: %v", err)
		}
	}
	if fi, err := os.Stat(*src); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a site directory", *src)
	}
	o.Source, o.Log = *src, e.stderr
	s, err := serve.New(o)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("port %d on %s is in use (another rosette serve?): give another with --port, e.g. --port %d, or --port 0 for any free port", o.Port, o.Bind, o.Port+1)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Serving %s at %s (Ctrl-C to stop)\n", *src, s.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return s.Serve(ctx)
}
