// Package termtext makes untrusted text safe to print on a terminal or in
// a CI log: file names, record values and messages that quote them.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that a terminal would act on
// rather than show written as a Go escape: C0 controls (\n, \r and \t
// included: a file name with a newline must not start a line of its
// own), DEL, C1 controls, the bidirectional overrides and isolates that
// reorder what is shown (U+202A–U+202E, U+2066–U+2069), and bytes that
// are not UTF-8 (\xff). A backslash is left alone; text without any of
// them is returned as it is.
func Escape(s string) string { return escape(s, false) }

// EscapeMessage is Escape for a message of several lines: newlines and
// tabs are kept, everything else Escape escapes is escaped.
func EscapeMessage(s string) string { return escape(s, true) }

func escape(s string, lines bool) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafe(r, n, lines) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafe(r, n, lines):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

func unsafe(r rune, n int, lines bool) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case lines && (r == '\n' || r == '\t'):
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// EscapeJSON returns the JSON text js with every character Escape would
// escape written as a JSON \u escape instead, so that it decodes to the
// same value; a byte that is not UTF-8 becomes \ufffd, as JSON decoders
// read it. Newlines, carriage returns and tabs, which valid JSON holds
// only as white space between tokens, are kept.
func EscapeJSON(js []byte) []byte {
	var b []byte
	last := 0
	for i := 0; i < len(js); {
		r, n := utf8.DecodeRune(js[i:])
		if (r == '\n' || r == '\r' || r == '\t') || !unsafe(r, n, false) {
			i += n
			continue
		}
		b = append(b, js[last:i]...)
		b = fmt.Appendf(b, `\u%04x`, r) // RuneError is U+FFFD
		i += n
		last = i
	}
	if b == nil {
		return js
	}
	return append(b, js[last:]...)
}
