package content

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// addressRE is the shape of an email address: a local part, @, and a
// domain of at least two labels whose last is letters only. Letters and
// digits of any script count, as in internationalised addresses.
var addressRE = regexp.MustCompile(`[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}`)

// Address is an email-shaped string found in a text.
type Address struct {
	Off  int    // byte offset in the text where it starts, before decoding
	Text string // the address as it reads once decoded, in lower case
}

// FindAddresses returns every email-shaped string in src, as it reads once
// escapes are decoded: TOML and JSON \u and \U escapes, backslash escapes
// of punctuation (markdown), HTML character references (&#64;, &#x40;,
// &commat;), percent-encoding (%40) and the full-width at signs; invisible
// characters (soft hyphen, zero-width space and joiners, word joiner,
// byte order mark) are dropped, as a reader never sees them either.
func FindAddresses(src []byte) []Address {
	if !mayHoldAddress(src) {
		return nil
	}
	text, offs := decodeForScan(src)
	var out []Address
	for _, m := range addressRE.FindAllIndex(text, -1) {
		out = append(out, Address{Off: offs[m[0]], Text: strings.ToLower(string(text[m[0]:m[1]]))})
	}
	return out
}

// mayHoldAddress reports whether src holds anything that decodes to an at
// sign: almost every record does not, and is not decoded.
func mayHoldAddress(src []byte) bool {
	if bytes.IndexByte(src, '@') >= 0 {
		return true
	}
	for _, s := range []string{`\u`, `\U`, "&#", "&commat", "%40", "\uff20", "\ufe6b"} {
		if bytes.Contains(src, []byte(s)) {
			return true
		}
	}
	return false
}

// decodeForScan decodes src as FindAddresses reads it, returning the text
// and, for each of its bytes, the offset in src of what it came from.
func decodeForScan(src []byte) ([]byte, []int) {
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
		switch {
		case c == '\\' && i+1 < len(src):
			if r, n := unicodeEscape(src[i:]); n > 0 {
				emit(i, scanRune(r))
				i += n
				continue
			}
			if n := src[i+1]; n < utf8.RuneSelf && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", n) >= 0 {
				emit(i, string(n)) // a markdown escape of punctuation
				i += 2
				continue
			}
		case c == '&':
			if s, n := charRef(src[i:]); n > 0 {
				emit(i, scanRune(firstRune(s)))
				i += n
				continue
			}
		case c == '%' && i+2 < len(src):
			if v, err := strconv.ParseUint(string(src[i+1:i+3]), 16, 8); err == nil {
				emit(i, scanRune(rune(v)))
				i += 3
				continue
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			emit(i, scanRune(r))
			i += n
			continue
		}
		emit(i, string(c))
		i++
	}
	offs = append(offs, len(src))
	return text, offs
}

// scanRune is what r reads as: full-width and small at signs are at
// signs, invisible characters nothing.
func scanRune(r rune) string {
	switch r {
	case '\uff20', '\ufe6b':
		return "@"
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return ""
	}
	return string(r)
}

// unicodeEscape decodes a \uXXXX or \UXXXXXXXX escape at the start of b.
func unicodeEscape(b []byte) (rune, int) {
	n := 0
	switch b[1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
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

// charRefRE matches an HTML character reference; browsers also read the
// numeric ones without their semicolon.
var charRefRE = regexp.MustCompile(`^&(#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};)`)

// charRef decodes the HTML character reference at the start of b.
func charRef(b []byte) (string, int) {
	m := charRefRE.Find(b[:min(len(b), 40)])
	if m == nil {
		return "", 0
	}
	s := html.UnescapeString(string(m))
	if s == string(m) {
		return "", 0 // not a reference HTML knows
	}
	return s, len(m)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// lineCol returns the 1-based line and byte column of off in src.
func lineCol(src []byte, off int) (int, int) {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	return line, 1 + off - (bytes.LastIndexByte(src[:off], '\n') + 1)
}

// addressHit is an address found while loading, kept until the whole site
// is known: whether it is allowed depends on the issuers and site.toml.
type addressHit struct {
	Pos
	addr  string
	where string // for a hit in an image's metadata: where in the file
}

// findAddressHits returns the addresses in src, the bytes of file, at
// their positions.
func findAddressHits(file string, src []byte) []addressHit {
	var hits []addressHit
	for _, a := range FindAddresses(src) {
		line, col := lineCol(src, a.Off)
		hits = append(hits, addressHit{Pos: Pos{File: file, Line: line, Col: col}, addr: a.Text})
	}
	return hits
}

// ImageText is text an image carries besides its pixels, which the
// address scan reads.
type ImageText struct {
	// Text is the text, decoded (decompressed, in UTF-8).
	Text []byte
	// Where says where the image holds it, e.g. `the zTXt chunk "Comment"
	// at byte 57`. Empty means Text is the file itself, and positions in
	// it are lines and columns of the file.
	Where string
}

// AllowedAddresses is the set of addresses the site may publish: the
// issuers' contact addresses and site.toml's allowed_addresses, in lower
// case.
func (s *Site) AllowedAddresses() map[string]bool {
	ok := make(map[string]bool, len(s.Issuers)+len(s.Config.AllowedAddresses))
	for _, is := range s.Issuers {
		ok[strings.ToLower(strings.TrimSpace(is.Email))] = true
	}
	for _, a := range s.Config.AllowedAddresses {
		ok[strings.ToLower(strings.TrimSpace(a))] = true
	}
	return ok
}

// reportAddresses adds an error for every hit that s does not allow,
// except on a line where errs already report an address (a recipient
// identity in plaintext, say): one problem, one message.
func (s *Site) reportAddresses(hits []addressHit, errs *Errors) {
	if len(hits) == 0 {
		return
	}
	ok := s.AllowedAddresses()
	type line struct {
		file string
		n    int
	}
	told := make(map[line]bool)
	for _, e := range *errs {
		if strings.Contains(e.Msg, "address") {
			told[line{e.File, e.Line}] = true
		}
	}
	for _, h := range hits {
		if ok[h.addr] || (h.where == "" && told[line{h.File, h.Line}]) {
			continue
		}
		in := ""
		if h.where != "" {
			in = " in " + h.where
		}
		errs.add(h.Pos, "an email address (%s)%s: the site never publishes a plaintext address. Remove it; an address meant to be public goes in allowed_addresses in content/site.toml (an issuer's email is always allowed)", MaskAddress(h.addr), in)
	}
}

// MaskAddress shows enough of an address to find it, not the whole of it:
// error reports end up in public CI logs.
func MaskAddress(a string) string {
	at := strings.LastIndexByte(a, '@')
	if at < 0 {
		return "…"
	}
	r, _ := utf8.DecodeRuneInString(a)
	return string(r) + "…" + a[at:]
}
