package content

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"rosette/generator/internal/unescape"
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
// escapes are decoded (unescape.Decode): TOML and JSON \u and \U escapes,
// backslash escapes of punctuation (markdown), HTML character references
// (&#64;, &#x40;, &commat;), percent-encoding (%40) and the full-width at
// signs; invisible characters (soft hyphen, zero-width space and joiners,
// word joiner, byte order mark) are dropped, as a reader never sees them
// either.
func FindAddresses(src []byte) []Address {
	if !mayHoldAddress(src) {
		return nil
	}
	text, offs := unescape.Decode(src)
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
