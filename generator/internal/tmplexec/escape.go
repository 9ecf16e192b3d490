// The escapers in this file repeat, for the cases they accept, the
// run-time escapers of Go's html/template (html.go, url.go, content.go),
// which are:
//
// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in Go's LICENSE file.
//
// TestEscapersMatch and FuzzEscapers compare them with html/template.

package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"unicode/utf8"
)

// contentType is the kind of content a value carries into an escaper:
// a plain value, or one of html/template's typed strings.
type contentType uint8

const (
	contentPlain contentType = iota
	contentHTML
	contentJS
	contentURL
	contentOther // CSS, HTMLAttr, JSStr, Srcset: plain to the escapers here
)

// escaper is one of html/template's escapers. apply returns the escaped
// form of s, which has the given content type, and false when this
// package does not repeat what html/template does with it; then the
// action's value is escaped by a probe. partial marks the escapers
// that may do so.
type escaper struct {
	apply   func(s string, ct contentType) (string, bool)
	partial bool
	// write, when set, appends the escaped form of a plain string to b;
	// it is what the last escaper of an action uses.
	write func(b *bytes.Buffer, s string)
}

// escapers are the escapers this package runs, by the name html/template
// gives them in escaped templates.
var escapers = map[string]*escaper{
	"_html_template_htmlescaper": {
		apply: func(s string, ct contentType) (string, bool) {
			if ct == contentHTML {
				return s, true
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		write: func(b *bytes.Buffer, s string) { writeHTMLReplaced(b, s, htmlReplacementTable) },
	},
	"_html_template_attrescaper": {
		partial: true,
		apply: func(s string, ct contentType) (string, bool) {
			if ct == contentHTML {
				// html/template strips the tags, with its HTML parser.
				return "", false
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		write: func(b *bytes.Buffer, s string) { writeHTMLReplaced(b, s, htmlReplacementTable) },
	},
	"_html_template_rcdataescaper": {
		apply: func(s string, ct contentType) (string, bool) {
			if ct == contentHTML {
				return htmlReplacer(s, htmlNormReplacementTable), true
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		write: func(b *bytes.Buffer, s string) { writeHTMLReplaced(b, s, htmlReplacementTable) },
	},
	"_html_template_urlfilter": {
		apply: func(s string, ct contentType) (string, bool) {
			if ct != contentURL && !isSafeURL(s) {
				return "#ZgotmplZ", true
			}
			return s, true
		},
	},
	"_html_template_urlnormalizer": {
		apply: func(s string, _ contentType) (string, bool) {
			return processURL(s, true), true
		},
	},
	"_html_template_urlescaper": {
		apply: func(s string, ct contentType) (string, bool) {
			return processURL(s, ct == contentURL), true
		},
	},
	"_html_template_jsvalescaper": {
		partial: true,
		apply: func(s string, ct contentType) (string, bool) {
			if ct != contentJS {
				// json.Marshal of the value, with html/template's rules
				// for typed strings, marshalers and stringers.
				return "", false
			}
			return s, true
		},
	},
	"_html_template_commentescaper": {
		apply: func(string, contentType) (string, bool) { return "", true },
	},
}

var (
	stringType    = reflect.TypeFor[string]()
	htmlType      = reflect.TypeFor[template.HTML]()
	jsType        = reflect.TypeFor[template.JS]()
	urlType       = reflect.TypeFor[template.URL]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
	contentTypeOf = map[reflect.Type]contentType{
		htmlType:                             contentHTML,
		jsType:                               contentJS,
		urlType:                              contentURL,
		reflect.TypeFor[template.CSS]():      contentOther,
		reflect.TypeFor[template.HTMLAttr](): contentOther,
		reflect.TypeFor[template.JSStr]():    contentOther,
		reflect.TypeFor[template.Srcset]():   contentOther,
	}
)

// stringify is html/template's stringify for the one value an escaper
// receives: the value's text and content type. An invalid value is the
// untyped nil that html/template skips.
func stringify(v reflect.Value) (string, contentType) {
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", contentPlain
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", contentPlain
	}
	if v.Type() == stringType {
		return v.String(), contentPlain
	}
	// indirect: follow non-nil pointers to the value they point at.
	d := v
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	if d.Type() == stringType {
		return d.String(), contentPlain
	}
	if ct, ok := contentTypeOf[d.Type()]; ok {
		return d.String(), ct
	}
	// indirectToStringerOrError, then fmt.Sprint.
	for !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if !v.CanInterface() {
		return "", contentOther
	}
	return fmt.Sprint(v.Interface()), contentPlain
}

// htmlReplacementTable and htmlNormReplacementTable are html/template's:
// the runes to escape in text and quoted attributes, and the same
// without '&' for content that is already HTML.
var (
	htmlReplacementTable = []string{
		0:    "\uFFFD",
		'"':  "&#34;",
		'&':  "&amp;",
		'\'': "&#39;",
		'+':  "&#43;",
		'<':  "&lt;",
		'>':  "&gt;",
	}
	htmlNormReplacementTable = []string{
		0:    "\uFFFD",
		'"':  "&#34;",
		'\'': "&#39;",
		'+':  "&#43;",
		'<':  "&lt;",
		'>':  "&gt;",
	}
)

// htmlReplacer is html/template's htmlReplacer with badRunes set: s
// with the runes of the table replaced.
func htmlReplacer(s string, table []string) string {
	if !needsReplacing(s, table) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s) + 16)
	writeHTMLReplaced(&b, s, table)
	return b.String()
}

// needsReplacing reports whether s holds a rune of the table.
func needsReplacing(s string, table []string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(table) && table[c] != "" {
			return true
		}
	}
	return false
}

// writeHTMLReplaced appends s to b with the runes of the table replaced.
// Runes are decoded as html/template does, so that invalid UTF-8 passes
// through unchanged.
func writeHTMLReplaced(b *bytes.Buffer, s string, table []string) {
	written := 0
	for i, w := 0, 0; i < len(s); i += w {
		r := rune(s[i])
		w = 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if int(r) < len(table) {
			if repl := table[r]; repl != "" {
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		}
	}
	b.WriteString(s[written:])
}

// isSafeURL is html/template's: a URL with a scheme other than http,
// https or mailto is not safe.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL is html/template's processURLOnto: s with the bytes a URL
// (norm) or a URL part (!norm) may not hold percent-encoded. A URL that
// keeps every byte, as most do, is returned without allocating.
func processURL(s string, norm bool) string {
	for i := 0; i < len(s); i++ {
		if !urlKeeps(s, i, norm) {
			return processURLFrom(s, i, norm)
		}
	}
	return s
}

// processURLFrom is processURL for an s whose byte at i is the first that
// is percent-encoded.
func processURLFrom(s string, i int, norm bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		if urlKeeps(s, i, norm) {
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", s[i])
		written = i + 1
	}
	b.WriteString(s[written:])
	return b.String()
}

// urlKeeps tells whether processURL keeps the byte of s at i as it is.
func urlKeeps(s string, i int, norm bool) bool {
	c := s[i]
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
