package generator

import (
	"rosette/generator/content"
	"rosette/generator/render"
)

// The hooks tests reach into a build with (see hooks in build.go).

// buildWrapped is Build with every output file passed through wrap, to
// inject write failures.
func buildWrapped(opts Options, wrap func(Publisher) Publisher) (*Result, error) {
	return build(opts, hooks{wrap: wrap})
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
