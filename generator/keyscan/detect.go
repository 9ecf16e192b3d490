package keyscan

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"rosette/generator/internal/unescape"
)

// finding is a private key, or the marker of one, found in a text.
type finding struct {
	off  int    // where it starts in the text
	key  bool   // a key; else only the marker of a PEM private key
	what string // what it is, for the message: "a private key (…)"
}

// Bounds of the scan, so that no file makes it slow.
const (
	minRun     = 40       // base64 characters a key body starts with, at least
	maxKeyText = 64 << 10 // base64 characters read of one candidate
	maxPEMSpan = 64 << 10 // bytes of a PEM block within which other finds are the same key
	maxFinds   = 1000     // markers and keys reported in one text, at most
)

var (
	// pemBlockRE matches the start of a PEM private key block, in any
	// case: the BEGIN line followed by a line of base64 or a header.
	// markerTailRE, markerHeadRE and pemBodyRE find a PEM private key
	// marker around a "private": the rest of the marker after it, the
	// BEGIN or END before it, and the line of base64 or the header that
	// follows a BEGIN line in a key block. Line breaks may be written \n,
	// as in a JSON or TOML string.
	markerTailRE = regexp.MustCompile(`^(?i)private\s+key(\s+block)?\s*-----`)
	markerHeadRE = regexp.MustCompile(`(?i)-----\s*(begin|end)\s+([a-z0-9]+\s+)*$`)
	pemBodyRE    = regexp.MustCompile(`^(?i)[ \t]*(\r?\n|(\\r)?\\n)[ \t]*((\r?\n|(\\r)?\\n)[ \t]*)?(proc-type:|version:|comment:|[a-z0-9+/=]{16})`)
	// jwkSecretRE finds the members of a JWK that hold a private or
	// secret key ("d", and "k" of a symmetric key), in JSON or TOML.
	jwkSecretRE = regexp.MustCompile(`["']?\b(d|k)["']?\s*[:=]\s*["']([A-Za-z0-9_-]{22,})`)
)

// MayHold reports whether data may hold a private key or its marker, as
// the scan finds them: when it does not, the scan finds nothing in data.
// It is much cheaper than the scan, and false for almost every record;
// the loader notes the files it is false for, which a build's scan then
// does not read again.
func MayHold(data []byte) bool {
	if HasMarker(data) || bytes.HasPrefix(data, []byte(pngSignature)) {
		return true
	}
	return mayHoldText(data) || unescape.MayHide(data)
}

// mayHoldText reports whether text, as it is, has anything detect looks
// for: a "private" in any case, a "kty" or a candidate key body.
func mayHoldText(text []byte) bool {
	return containsFold(text, "private") || bytes.Contains(text, []byte("kty")) || len(candidates(text)) > 0
}

// detect finds the private keys in src, and the markers of PEM private
// keys: PEM blocks and markers in any case, also once escapes are decoded
// (\u002d, \n, &#45;, %2D…); base64 bodies that parse as PKCS#1, PKCS#8
// (RSA, EC, Ed25519, X25519) or SEC 1 EC keys, or that are OpenSSH
// private key files, with or without a marker; JWKs with a "d" member (or
// the "k" of a symmetric key); and multibase secret keys (multicodec
// 0x1300–0x130f: ed25519-priv, secp256k1-priv, x25519-priv, p256-priv…).
// Offsets are in src.
func detect(src []byte) []finding {
	if !MayHold(src) {
		return nil
	}
	text, offs := src, []int(nil)
	// Escapes that stand for no letter, digit or base64 sign (\n, say)
	// are read as they are: the patterns and candidates take \n for a
	// line break.
	if !isBinary(src) && unescape.MayHide(src) {
		text, offs = unescape.Decode(src)
	}
	var out []finding
	var spans [][2]int // PEM blocks: other finds inside are the same key
	// Markers are found from each "private", in any case: small
	// anchored patterns before and after it, so that the work is bounded
	// by the number of places, whatever the file.
	var markers []finding
	for from := 0; len(out)+len(markers) < maxFinds; {
		j := indexFold(text[from:], "private")
		if j < 0 {
			break
		}
		i := from + j
		from = i + len("private")
		m := markerTailRE.FindIndex(text[i:min(i+64, len(text))])
		if m == nil {
			continue
		}
		end := i + m[1]
		start, begin := i, false
		lo := max(i-64, 0)
		if h := markerHeadRE.FindSubmatchIndex(text[lo:i]); h != nil {
			start = lo + h[0]
			begin = indexFold(text[lo+h[2]:lo+h[3]], "begin") == 0
		}
		if begin && pemBodyRE.Match(text[end:min(end+64, len(text))]) {
			out = append(out, finding{off: start, key: true, what: "a private key"})
			spanEnd := start + maxPEMSpan
			if k := indexFold(text[end:], "-----end"); k >= 0 {
				spanEnd = end + k
			}
			spans = append(spans, [2]int{start, spanEnd})
			continue
		}
		markers = append(markers, finding{off: start, what: "marker"})
	}
	if len(out) == 0 {
		out = markers
	}
	inSpan := func(off int) bool {
		for _, s := range spans {
			if off >= s[0] && off <= s[1] {
				return true
			}
		}
		return false
	}
	for _, c := range candidates(text) {
		if inSpan(c.start) {
			continue
		}
		if what := parseCandidate(c.body); what != "" {
			out = append(out, finding{off: c.start, key: true, what: what})
		}
	}
	if bytes.Contains(text, []byte("kty")) {
		for _, m := range jwkSecretRE.FindAllSubmatchIndex(text, -1) {
			if inSpan(m[0]) {
				continue
			}
			if what := jwkSecret(text, m); what != "" {
				out = append(out, finding{off: m[0], key: true, what: what})
			}
		}
	}
	if offs != nil {
		for i := range out {
			out[i].off = offs[out[i].off]
		}
	}
	return out
}

// candidate is a run of base64 or base58 text that could be a key.
type candidate struct {
	start int
	body  []byte // the characters, without the line breaks between runs
}

// b64 marks the characters of base64 and base64url (which include those
// of base58).
var b64 = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_") {
		t[c] = true
	}
	return t
}()

// candidates returns the runs of base64 characters that start a key body:
// at least minRun characters, starting with M (a DER SEQUENCE), b (an
// OpenSSH key file), z (base58btc multibase) or u (base64url multibase),
// joined across line breaks and indentation to the runs that follow.
func candidates(text []byte) []candidate {
	var out []candidate
	for i := 0; i < len(text); {
		if !b64[text[i]] {
			i++
			continue
		}
		j := i
		for j < len(text) && b64[text[j]] {
			j++
		}
		if i > 0 && text[i-1] == '\\' && strings.IndexByte("nrtbf", text[i]) >= 0 {
			i++ // a run after \n: the escape is not part of it
			if i == j {
				continue
			}
		}
		first := text[i]
		if j-i < minRun || (first != 'M' && first != 'b' && first != 'z' && first != 'u') {
			i = j
			continue
		}
		c := candidate{start: i, body: text[i:j:j]}
		if first == 'M' || first == 'b' {
			// A PEM body: lines of base64, perhaps indented.
			for k := j; len(c.body) < maxKeyText; {
				nl := false
				for k < len(text) {
					if c := text[k]; c == '\n' || c == '\r' || c == ' ' || c == '\t' {
						nl = nl || c == '\n'
						k++
					} else if c == '\\' && k+1 < len(text) && (text[k+1] == 'n' || text[k+1] == 'r' || text[k+1] == 't') {
						nl = nl || text[k+1] == 'n' // a line break written \n
						k += 2
					} else {
						break
					}
				}
				if !nl {
					break
				}
				e := k
				for e < len(text) && b64[text[e]] {
					e++
				}
				if e == k {
					break
				}
				c.body = append(c.body, text[k:e]...)
				j, k = e, e
			}
		}
		if len(c.body) > maxKeyText {
			c.body = c.body[:maxKeyText]
		}
		out = append(out, c)
		i = j
	}
	return out
}

// parseCandidate says what key body is, or "" when it is none.
func parseCandidate(body []byte) string {
	switch body[0] {
	case 'z':
		return multibaseSecret(base58Decode(body[1:]))
	case 'u':
		b, _ := base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(body[1:], "=")))
		return multibaseSecret(b)
	}
	der := decodeBase64(body)
	if len(der) == 0 {
		return ""
	}
	if body[0] == 'b' {
		if len(der) > 64 && bytes.HasPrefix(der, []byte("openssh-key-v1\x00")) {
			return "a private key (an OpenSSH private key file, in base64)"
		}
		return ""
	}
	der = derPrefix(der)
	if der == nil {
		return ""
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return "a private key (PKCS#8 " + keyKind(k) + ", in base64)"
	}
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return "a private key (PKCS#1 RSA, in base64)"
	}
	if _, err := x509.ParseECPrivateKey(der); err == nil {
		return "a private key (SEC 1 EC, in base64)"
	}
	return ""
}

// decodeBase64 decodes standard or URL base64, padded or not; text may
// follow the key (the next line of a document), so it returns the longest
// prefix either alphabet decodes.
func decodeBase64(body []byte) []byte {
	body = bytes.TrimRight(body, "=")
	var best []byte
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		dst := make([]byte, enc.DecodedLen(len(body)))
		n, _ := enc.Decode(dst, body)
		if n > len(best) {
			best = dst[:n]
		}
	}
	return best
}

// derPrefix returns the DER SEQUENCE at the start of b, without what
// follows it, or nil.
func derPrefix(b []byte) []byte {
	if len(b) < 2 || b[0] != 0x30 {
		return nil
	}
	n, hdr := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			return nil
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if len(b) < hdr+n {
		return nil
	}
	return b[:hdr+n]
}

func keyKind(k any) string {
	switch k.(type) {
	case *rsa.PrivateKey:
		return "RSA"
	case *ecdsa.PrivateKey:
		return "EC"
	case ed25519.PrivateKey:
		return "Ed25519"
	case *ecdh.PrivateKey:
		return "X25519"
	}
	return fmt.Sprintf("%T", k)
}

// secretCodecs names the multicodec codes of secret keys.
var secretCodecs = map[uint64]string{
	0x1300: "ed25519-priv", 0x1301: "secp256k1-priv", 0x1302: "x25519-priv",
	0x1303: "sr25519-priv", 0x1305: "rsa-priv", 0x1306: "p256-priv",
	0x1307: "p384-priv", 0x1308: "p521-priv", 0x1309: "bls12_381-g1-priv",
	0x130a: "bls12_381-g2-priv", 0x130b: "bls12_381-g1g2-priv",
}

// multibaseSecret says what secret key b (decoded multibase) is, or "".
func multibaseSecret(b []byte) string {
	if len(b) < 2+16 || b[1]&0x80 != 0 {
		return ""
	}
	code := uint64(b[0]&0x7f) | uint64(b[1])<<7
	if b[0]&0x80 == 0 {
		return ""
	}
	name, ok := secretCodecs[code]
	if !ok && code>>8 != 0x13 {
		return ""
	}
	if !ok {
		name = fmt.Sprintf("0x%x", code)
	}
	if name == "ed25519-priv" && len(b) != 2+32 && len(b) != 2+64 {
		return ""
	}
	return "a private key (a multibase secret key, multicodec " + name + ")"
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, c := range []byte(base58Alphabet) {
		t[c] = int8(i)
	}
	return t
}()

// base58Decode decodes base58btc, or returns nil. Only the first 200
// characters are read: a secret key is much shorter.
func base58Decode(s []byte) []byte {
	if len(s) > 200 {
		s = s[:200]
	}
	out := make([]byte, len(s)*733/1000+1) // big-endian; log(58)/log(256) < 0.733
	used := 0                              // bytes of out in use, at its end
	for _, c := range s {
		v := base58Index[c]
		if v < 0 {
			return nil
		}
		carry := int(v)
		i := len(out) - 1
		for ; i >= len(out)-used || carry > 0; i-- {
			carry += int(out[i]) * 58
			out[i] = byte(carry)
			carry >>= 8
		}
		used = len(out) - 1 - i
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	return append(make([]byte, zeros), out[len(out)-used:]...)
}

// jwkSecret says what the JWK member matched by jwkSecretRE at m is, or ""
// when it is not the secret of a JWK: the object around it (within 4 KB)
// must name a key type ("kty"), and the value must be base64url of a
// key's length.
func jwkSecret(text []byte, m []int) string {
	lo, hi := max(m[0]-4096, 0), min(m[1]+4096, len(text))
	open := bytes.LastIndexByte(text[lo:m[0]], '{')
	if open < 0 {
		return ""
	}
	obj := text[lo+open : hi]
	if end := bytes.IndexByte(obj, '}'); end >= 0 {
		obj = obj[:end]
	}
	if !bytes.Contains(obj, []byte("kty")) {
		return ""
	}
	member := string(text[m[2]:m[3]])
	val, err := base64.RawURLEncoding.DecodeString(string(text[m[4]:m[5]]))
	if err != nil || len(val) < 16 {
		return ""
	}
	if member == "k" {
		if !bytes.Contains(obj, []byte("oct")) {
			return ""
		}
		return `a secret key (a JWK with a "k" member)`
	}
	return `a private key (a JWK with a "d" member)`
}

// containsFold reports whether s holds the ASCII lower-case word w in any
// case.
func containsFold(s []byte, w string) bool { return indexFold(s, w) >= 0 }

// indexFold is the index of the ASCII lower-case word w in s, in any
// case, or -1.
func indexFold(s []byte, w string) int {
	first := w[0]
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 != first {
			continue
		}
		j := 1
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return i
		}
	}
	return -1
}

// isBinary reports whether data looks binary: a NUL in its first 8000
// bytes, as git tells.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

const pngSignature = "\x89PNG\r\n\x1a\n"
