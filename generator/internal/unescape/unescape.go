// Package unescape decodes text as a reader of the published page would
// see it, for the scans that look for what must not be published (email
// addresses, private keys): escapes of TOML, JSON, Go and JavaScript
// strings, HTML character references, markdown backslash escapes and
// percent-encoding are decoded, and invisible characters dropped. Each
// byte of the result maps back to where it came from, so that a scan
// reports the position in the file.
package unescape

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// May reports whether src holds anything Decode would change: when it does
// not, Decode(src) is src. Checking it first is much cheaper than
// decoding.
func May(src []byte) bool {
	for i, c := range src {
		switch c {
		case '\\', '&', '%':
			return true
		case 0xc2, 0xe2, 0xef: // lead bytes of the characters runeText changes
			if r, _ := utf8.DecodeRune(src[i:]); runeText(r) != string(r) {
				return true
			}
		}
	}
	return false
}

// MayHide reports whether src holds an escape that can stand for a
// letter, a digit or one of + / = - @ (what markers, base64 key bodies
// and addresses are made of): a \u, \U or \x escape or an HTML character
// reference of one, a backslash before + / = -, a percent-encoded
// + / = - @, or a character Decode drops. When it does not, Decode only
// turns \n, \t and the like into the characters they stand for, and
// other escapes into punctuation, which changes no letter or digit.
func MayHide(src []byte) bool {
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\\':
			if i+1 >= len(src) {
				break
			}
			if r, n := escape(src[i:]); n > 2 && hides(r) || strings.IndexByte("+/=-", src[i+1]) >= 0 {
				return true
			}
			i++ // an escaped backslash escapes nothing more
		case '&':
			if s, n := charRef(src[i:]); n > 0 {
				if r, _ := utf8.DecodeRuneInString(s); hides(r) || runeText(r) != string(r) {
					return true
				}
			}
		case '%':
			if i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]) {
				v, _ := strconv.ParseUint(string(src[i+1:i+3]), 16, 8)
				if strings.IndexByte("+/=-@", byte(v)) >= 0 {
					return true
				}
			}
		case 0xc2, 0xe2, 0xef:
			if r, _ := utf8.DecodeRune(src[i:]); runeText(r) != string(r) {
				return true
			}
		}
	}
	return false
}

// hides reports whether an escape of r can hide part of a key or an
// address.
func hides(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=-@", r) || runeText(r) != string(r)
}

// Decode returns src decoded and, for each byte of the result, the offset
// in src of what it came from (one more entry, len(src), ends the list):
//
//   - \uXXXX, \UXXXXXXXX and \xXX escapes; \n, \r, \t, \b, \f; a backslash
//     before punctuation (\", \\, \/, markdown's \@ and \-) gives the
//     punctuation;
//   - HTML character references, named and numeric (numeric ones also
//     without their semicolon, as browsers read them);
//   - %XX percent-encoding;
//   - the full-width and small at signs give @; soft hyphens, zero-width
//     spaces and joiners, word joiners and byte order marks are dropped.
func Decode(src []byte) ([]byte, []int) {
	text := make([]byte, 0, len(src))
	offs := make([]int, 0, len(src)+1)
	emit := func(at int, s string) {
		for i := 0; i < len(s); i++ {
			text = append(text, s[i])
			offs = append(offs, at)
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf && c != '\\' && c != '&' && c != '%' {
			text = append(text, c) // the common case
			offs = append(offs, i)
			i++
			continue
		}
		switch {
		case c == '\\' && i+1 < len(src):
			if r, n := escape(src[i:]); n > 0 {
				emit(i, runeText(r))
				i += n
				continue
			}
		case c == '&':
			if s, n := charRef(src[i:]); n > 0 {
				r, _ := utf8.DecodeRuneInString(s)
				emit(i, runeText(r))
				i += n
				continue
			}
		case c == '%' && i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]):
			v, _ := strconv.ParseUint(string(src[i+1:i+3]), 16, 8)
			emit(i, runeText(rune(v)))
			i += 3
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				emit(i, string([]byte{c}))
			} else {
				emit(i, runeText(r))
			}
			i += n
			continue
		}
		text = append(text, c)
		offs = append(offs, i)
		i++
	}
	offs = append(offs, len(src))
	return text, offs
}

// runeText is what r reads as: full-width and small at signs are at
// signs, invisible characters nothing.
func runeText(r rune) string {
	switch r {
	case '\uff20', '\ufe6b':
		return "@"
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return ""
	}
	return string(r)
}

// escape decodes the backslash escape at the start of b.
func escape(b []byte) (rune, int) {
	n := 0
	switch b[1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	case 'x':
		n = 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	default:
		if c := b[1]; c < utf8.RuneSelf && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0 {
			return rune(c), 2
		}
		return 0, 0
	}
	if len(b) < 2+n {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(b[2:2+n]), 16, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, 0
	}
	return rune(v), 2 + n
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// charRef decodes the HTML character reference at the start of b.
func charRef(b []byte) (string, int) {
	n := 1
	switch {
	case n < len(b) && b[n] == '#':
		n++
		hex := n < len(b) && (b[n] == 'x' || b[n] == 'X')
		if hex {
			n++
		}
		start := n
		for n < len(b) && n-start < 8 && (hex && isHex(b[n]) || !hex && b[n] >= '0' && b[n] <= '9') {
			n++
		}
		if n == start {
			return "", 0
		}
		if n < len(b) && b[n] == ';' {
			n++
		}
	default:
		start := n
		for n < len(b) && n-start < 32 && (b[n] >= 'a' && b[n] <= 'z' || b[n] >= 'A' && b[n] <= 'Z' || n > start && b[n] >= '0' && b[n] <= '9') {
			n++
		}
		if n == start || n >= len(b) || b[n] != ';' {
			return "", 0
		}
		n++
	}
	ref := string(b[:n])
	s := html.UnescapeString(ref)
	if s == ref {
		return "", 0 // not a reference HTML knows
	}
	return s, n
}
