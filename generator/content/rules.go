package content

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// IsSlug reports whether id is a valid record id: a lowercase slug of 1 to
// 63 letters, digits and hyphens, starting with a letter or digit
// (^[a-z0-9][a-z0-9-]{0,62}$).
func IsSlug(id string) bool {
	if len(id) == 0 || len(id) > 63 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkID reports a file name that is not a valid id.
func checkID(file, kind, id string, errs *Errors) bool {
	if IsSlug(id) {
		return true
	}
	hint := "use lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters"
	if s := Slugify(id); s != "" && s != id {
		hint += fmt.Sprintf(" (rename the file to %s.toml)", s)
	}
	errs.add(Pos{File: file, Line: 1, Col: 1}, "%s id %q is not a lowercase slug: %s", kind, id, hint)
	return false
}

// Slugify turns a name into a record id: lowercase ASCII letters and digits
// joined by single hyphens, at most 63 characters. Accented Latin letters
// lose their accents.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}

var folds = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ß': 's', 'ł': 'l', 'š': 's', 'ž': 'z', 'č': 'c', 'ć': 'c', 'ğ': 'g', 'ş': 's', 'ı': 'i',
}

// CheckBaseURL checks that s is an absolute http(s) URL without query or
// fragment, and returns it in canonical form — lower-case scheme and host,
// no default port, a trailing slash — since every document id is built
// from it and must equal the URL clients fetch.
func CheckBaseURL(s string) (string, error) {
	if err := checkHTTPURL(s); err != nil {
		return "", err
	}
	u, _ := url.Parse(s)
	switch {
	case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?#"):
		return "", fmt.Errorf("base URL %q must not have a query or fragment", s)
	case strings.ContainsAny(s, " \t\n\\"):
		return "", fmt.Errorf("base URL %q must not contain spaces or backslashes (percent-encode them)", s)
	case badSegments(u.EscapedPath()):
		return "", fmt.Errorf("base URL %q has . or .. segments or empty segments in its path", s)
	}
	for _, r := range u.Host {
		if r > 0x7e {
			return "", fmt.Errorf("base URL %q has a non-ASCII host: write it in its ASCII (punycode, xn--…) form", s)
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		u.Host = u.Hostname()
	}
	out := u.String()
	if !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out, nil
}

// badSegments reports a path with ".", ".." or empty segments (other than
// the leading and trailing slash).
func badSegments(p string) bool {
	if p == "" || p == "/" {
		return false
	}
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/")
	for _, seg := range segs {
		if seg == "" || seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// checkHTTPURL checks that s is an absolute http or https URL with a host.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || s != strings.TrimSpace(s) {
		return fmt.Errorf("%q is not a valid URL", s)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	if u.Host == "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute http(s) URL with a host", s)
	}
	return nil
}

var e164RE = regexp.MustCompile(`^\+?[1-9][0-9]{1,14}(;ext=[0-9]+)?$`)

// normalizeTelephone removes the spaces, hyphens, dots and parentheses
// people write in telephone numbers, and checks that what is left is an
// E.164 number (what Open Badges validators accept): "+1 (555) 014-2" →
// "+15550142".
func normalizeTelephone(s string) (string, error) {
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\u00a0':
			return -1
		}
		return r
	}, s)
	if !e164RE.MatchString(t) {
		return s, fmt.Errorf("%q is not an international telephone number such as \"+44 20 7946 0000\"", s)
	}
	return t, nil
}

func checkEmail(s string) error {
	if strings.HasPrefix(strings.ToLower(s), "mailto:") {
		return fmt.Errorf("%q: write the address without the mailto: prefix", s)
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t<>\"") || !strings.Contains(s[at:], ".") {
		return fmt.Errorf("%q is not an email address", s)
	}
	return nil
}

var looksMail = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// isHashedIdentity reports whether s is "sha256$" followed by 64 lowercase
// hex digits (^sha256\$[0-9a-f]{64}$).
func isHashedIdentity(s string) bool {
	hexDigits, ok := strings.CutPrefix(s, "sha256$")
	if !ok || len(hexDigits) != 64 {
		return false
	}
	for i := 0; i < len(hexDigits); i++ {
		if c := hexDigits[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// required reports a missing or empty string key.
func required(d *doc, key, value string, errs *Errors) bool {
	if strings.TrimSpace(value) != "" {
		return true
	}
	parent := ""
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		parent = key[:i]
	}
	name := key[strings.LastIndexByte(key, '.')+1:]
	if d.md.IsDefined(strings.Split(key, ".")...) {
		errs.add(d.pos(key, false), "%s must not be empty", name)
	} else if parent != "" {
		errs.add(d.pos(parent, true), "missing required key %q in [%s]", name, parent)
	} else {
		errs.add(Pos{File: d.file, Line: 1, Col: 1}, "missing required key %q", name)
	}
	return false
}

// checkURLKey reports a non-empty key whose value is not an http(s) URL.
func checkURLKey(d *doc, key, value string, errs *Errors) {
	if value == "" {
		return
	}
	if err := checkHTTPURL(value); err != nil {
		errs.add(d.pos(key, false), "%s: %v", key[strings.LastIndexByte(key, '.')+1:], err)
	}
}
