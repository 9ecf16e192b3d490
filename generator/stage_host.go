package generator

import (
	"fmt"
	"strings"

	"rosette/generator/hosting"
	"rosette/generator/ob"
	"rosette/generator/render"
)

// hostFiles writes _headers and _redirects. The redirects send the
// extensionless URL of each issuer (/issuers/<id>) to its Profile; they are
// static rules, root-relative as the pages' links are, because Cloudflare Pages follows a redirect even where a
// file exists, so a pattern could shadow real files.
func (r *renderer) hostFiles() error {
	if err := r.pub.Write("_headers", hosting.HeadersFile(hosting.HeaderRules(r.site.Config.Preview))); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Redirects for Netlify and Cloudflare Pages, written by rosette build.\n")
	// Under a base URL with a path (https://example.org/badges/), the
	// rules name the site's files by their paths below it.
	root := render.RootPath(r.graph.Base)
	for _, is := range r.site.Issuers {
		p := root + ob.IssuerPath(is.ID)
		fmt.Fprintf(&b, "%s %s 302\n", strings.TrimSuffix(p, ".json"), p)
	}
	return r.pub.Write("_redirects", []byte(b.String()))
}
