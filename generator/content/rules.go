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
	if s := slugify(id); s != "" && s != id {
		hint += fmt.Sprintf(" (rename the file to %s.toml)", s)
	}
	errs.add(Pos{File: file, Line: 1, Col: 1}, "%s id %q is not a lowercase slug: %s", kind, id, hint)
	return false
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
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

// CheckBaseURL checks that s is an absolute http(s) URL without query or
// fragment, and returns it with a trailing slash.
func CheckBaseURL(s string) (string, error) {
	if err := checkHTTPURL(s); err != nil {
		return "", err
	}
	u, _ := url.Parse(s)
	if u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		return "", fmt.Errorf("base URL %q must not have a query or fragment", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
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

func checkEmail(s string) error {
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
