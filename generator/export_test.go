package generator

import (
	"time"

	"rosette/generator/content"
	"rosette/generator/render"
)

// The hooks tests reach into a build with (see hooks in build.go).

// buildWrapped is Build with every output file passed through wrap, to
// inject write failures.
func buildWrapped(opts Options, wrap func(Publisher) Publisher) (*Result, error) {
	return build(opts, hooks{wrap: wrap})
}

// buildTicked is Build that waits, before it commits, until the clock
// that gives output files their change time has moved on: a manifest
// trusts only files older than itself, and a test build can write the
// last of them within the same tick.
func buildTicked(opts Options) (*Result, error) {
	return build(opts, hooks{beforeCommit: func() { time.Sleep(20 * time.Millisecond) }})
}

// renderWithTheme is Render with see called on the theme before any page
// is rendered.
func renderWithTheme(s *content.Site, pub Publisher, opts Options, see func(*render.Theme)) error {
	return renderWith(s, pub, opts, hooks{themeHook: see})
}

// renderMemoryLimited is RenderMemory with at most n URLs in a sitemap
// file.
func renderMemoryLimited(s *content.Site, opts Options, n int) (*Memory, *Update, error) {
	return renderMemory(s, opts, hooks{sitemapLimit: n})
}
