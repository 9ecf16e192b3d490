package bake

import (
	"regexp"
	"strings"
)

// CSS in a badge SVG — a <style> sheet, a style attribute, or a
// presentation attribute, which browsers parse as CSS too — may refer only
// to this file: every url(…) must be url(#id), and nothing else that loads
// a resource or runs script is allowed.
var (
	cssURL       = regexp.MustCompile(`(?i)url\s*\(`)
	cssComment   = regexp.MustCompile(`(?s)/\*.*?(\*/|$)`)
	cssForbidden = regexp.MustCompile(`(?i)@import|(image-set|image|cross-fade|expression|element|src|paint)\s*\(|javascript\s*:|-moz-binding|behavior\s*:`)
)

// cssProblem returns why a piece of CSS is refused and the byte offset in
// s where the problem starts, or "" when it is allowed.
func cssProblem(s string) (msg string, at int) {
	if i := strings.IndexByte(s, '\\'); i >= 0 {
		return "uses a backslash escape, which could hide a URL or a keyword", i
	}
	// Comments separate tokens in CSS: blank them out, keeping offsets.
	// A comment inside a keyword (ur/**/l, @imp/**/ort) is harmless to a
	// browser, but a tool that drops comments would join the keyword, so
	// it is refused too.
	if c := cssComment.FindStringIndex(s); c != nil {
		if msg, _ := cssProblem(cssComment.ReplaceAllString(s, "")); msg != "" {
			return msg + " (once its comments are removed)", c[0]
		}
	}
	s = cssComment.ReplaceAllStringFunc(s, func(c string) string { return strings.Repeat(" ", len(c)) })
	if m := cssForbidden.FindStringIndex(s); m != nil {
		return "uses " + strings.Join(strings.Fields(s[m[0]:m[1]]), "") + ": not allowed in a badge SVG (it loads a resource or runs script)", m[0]
	}
	for _, m := range cssURL.FindAllStringIndex(s, -1) {
		if !localRef(s[m[1]:]) {
			return "uses " + shorten(urlToken(s[m[0]:])) + ": only url(#id), a reference into this file, is allowed", m[0]
		}
	}
	return "", 0
}

// localRef reports whether rest, the text after "url(", is a reference
// into this file: optional space, an optionally quoted "#id", optional
// space and ")".
func localRef(rest string) bool {
	rest = strings.TrimLeft(rest, " \t\r\n\f")
	var ref string
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return false
		}
		ref, rest = rest[1:1+end], rest[2+end:]
	} else {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return false
		}
		ref, rest = strings.TrimRight(rest[:end], " \t\r\n\f"), rest[end:]
	}
	rest = strings.TrimLeft(rest, " \t\r\n\f")
	return strings.HasPrefix(ref, "#") && !strings.ContainsAny(ref, " \t\r\n\f\"'()") && strings.HasPrefix(rest, ")")
}

// urlToken returns s up to and including its first ")", or all of s.
func urlToken(s string) string {
	if i := strings.IndexByte(s, ')'); i >= 0 {
		return s[:i+1]
	}
	return s
}
