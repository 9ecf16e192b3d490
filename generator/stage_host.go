package generator

import (
	"fmt"
	"strings"

	"rosette/generator/hosting"
	"rosette/generator/ob"
)

// hostFiles writes _headers and _redirects. The redirects send the
// extensionless URL of each issuer (/issuers/<id>) to its Profile; they are
// static rules, because Cloudflare Pages follows a redirect even where a
// file exists, so a pattern could shadow real files.
func (r *renderer) hostFiles() error {
	if err := r.pub.Write("_headers", hosting.HeadersFile(hosting.HeaderRules(r.site.Config.Preview))); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Redirects for Netlify and Cloudflare Pages, written by rosette build.\n")
	for _, is := range r.site.Issuers {
		p := "/" + ob.IssuerPath(is.ID)
		fmt.Fprintf(&b, "%s %s 302\n", strings.TrimSuffix(p, ".json"), p)
	}
	return r.pub.Write("_redirects", []byte(b.String()))
}
