// Package hosting is what rosette tells static hosts about the site: the
// HTTP response headers every URL must be served with, as a _headers file
// (Netlify, Cloudflare Pages) and as netlify.toml tables. rosette serve
// answers with the same headers.
package hosting

import (
	"fmt"
	"strings"
)

// Header is one HTTP response header.
type Header struct{ Name, Value string }

// HeaderRule gives the headers of every URL that Path matches; Path uses
// the pattern syntax of Netlify and Cloudflare Pages ("/*" matches
// everything, "/*.json" every path ending in .json).
type HeaderRule struct {
	Path    string
	Headers []Header
}

// JSONType is the Content-Type of every JSON document. It is
// application/json rather than application/ld+json: every Open Badges
// verifier, backpack and JSON-LD processor accepts it (the documents carry
// their @context inline), browsers show it inline, and it is what Netlify,
// Cloudflare Pages, GitHub Pages, S3 and nginx already send for .json, so
// the site answers the same on every host, in rosette serve too.
const JSONType = "application/json"

// JWSType is the Content-Type of a signed assertion (a .jws file): the
// media type of a JWS in compact serialization (RFC 7515, section 9.2.1).
const JWSType = "application/jose"

// JWTType is the Content-Type of an Open Badges 3.0 VC-JWT (a .jwt file):
// the media type of a Verifiable Credential secured as a JWT (VC-JOSE-COSE,
// section 6.1.1).
const JWTType = "application/vc+jwt"

// SVGPolicy is the Content-Security-Policy of SVG images: an SVG opened on
// its own can run no script, load nothing, and is sandboxed; inline styles
// and embedded data: images, which badge artwork uses, still render.
const SVGPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"

// HeaderRules returns the response headers every host should send: JSON
// (DID documents, at issuers/<id>/did.json, included: did:web resolvers
// read them as application/json), signed assertions, VC-JWTs and images
// readable from any origin (verifiers and
// backpacks fetch them from other sites) with their right Content-Type, a
// strict policy on SVG, no MIME sniffing anywhere, and, for a preview,
// noindex on everything.
func HeaderRules(preview bool) []HeaderRule {
	all := []Header{{"X-Content-Type-Options", "nosniff"}}
	if preview {
		all = append(all, Header{"X-Robots-Tag", "noindex"})
	}
	cors := Header{"Access-Control-Allow-Origin", "*"}
	return []HeaderRule{
		{Path: "/*", Headers: all},
		{Path: "/*.json", Headers: []Header{cors, {"Content-Type", JSONType}}},
		{Path: "/*.jws", Headers: []Header{cors, {"Content-Type", JWSType}}},
		{Path: "/*.jwt", Headers: []Header{cors, {"Content-Type", JWTType}}},
		{Path: "/*.png", Headers: []Header{cors, {"Content-Type", "image/png"}}},
		{Path: "/*.svg", Headers: []Header{cors, {"Content-Type", "image/svg+xml"}, {"Content-Security-Policy", SVGPolicy}}},
	}
}

// HeadersFile renders rules in the _headers format read by Netlify and
// Cloudflare Pages.
func HeadersFile(rules []HeaderRule) []byte {
	var b strings.Builder
	b.WriteString("# Response headers for Netlify and Cloudflare Pages, written by rosette build.\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "%s\n", r.Path)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	return []byte(b.String())
}

// NetlifyHeaders renders rules as the [[headers]] tables of netlify.toml.
func NetlifyHeaders(rules []HeaderRule) string {
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "[[headers]]\n  for = %q\n  [headers.values]\n", r.Path)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "    %s = %q\n", h.Name, h.Value)
		}
		b.WriteString("\n")
	}
	return b.String()
}
