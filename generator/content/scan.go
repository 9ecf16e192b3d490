package content

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A record of the common shape is read without the TOML decoder, which
// costs ten times more: bare keys that the record knows, each once; basic
// strings without escapes, on one line or as a multi-line string whose
// closing """ is on its own line; true or false; date-times with seconds
// and an explicit offset (2025-03-14T09:00:00Z); the record's [tables] and
// [[arrays]] of tables; blank lines and whole-line comments. For anything
// else — and for everything the decoder would reject — the scan fails and
// the caller decodes the file again with the TOML decoder, which reports
// any problem at its position. Fuzz tests check that both give the same
// record and the same problems.

// shape says which keys and tables a record has and where their values go.
type shape struct {
	tables []string // names of [table]s
	arrays []string // names of [[array]]s of tables
	// set stores the value of key in table ("" for the top level, else a
	// table or array name) and reports whether the key is known and the
	// value has its type. Values that are not strings start with "\x00".
	set func(table, key, value string) bool
	// add starts a new element of an array of tables.
	add func(array string)
	// open, when set, is called at each [table] header.
	open func(table string)
}

// Table and array names of a record's translations hold the language
// tag; a shape names them with "*" in its place: "translations.*",
// "translations.*.evidence".

// pattern returns the name under which a shape lists the table name:
// name itself, or "translations.*…" for a translation's table.
func pattern(name string) string {
	rest, ok := strings.CutPrefix(name, "translations.")
	if !ok {
		return name
	}
	lang, sub, dotted := strings.Cut(rest, ".")
	switch {
	case !langKey(lang) || dotted && sub == "":
		return name
	case !dotted:
		return "translations.*"
	}
	return "translations.*." + sub
}

// langKey reports whether s is a bare TOML key that may be a language
// tag: letters, digits and hyphens.
func langKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// translationTable splits the name of a translation's table,
// "translations.fr" or "translations.fr.evidence", into the language and
// the rest.
func translationTable(table string) (lang, sub string, ok bool) {
	rest, ok := strings.CutPrefix(table, "translations.")
	if !ok {
		return "", "", false
	}
	lang, sub, _ = strings.Cut(rest, ".")
	return lang, sub, true
}

// scanRecord reads text as a record of shape sh. It returns the keys it
// found, or false when the TOML decoder must read the file.
func scanRecord(text string, sh shape) (*scanned, bool) {
	if !utf8.ValidString(text) {
		return nil, false
	}
	m := &scanned{defined: make([]string, 0, 16)}
	table, inArray := "", false
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		t := strings.Trim(line, " \t")
		if t == "" {
			continue
		}
		if !plainText(t) {
			return nil, false
		}
		if t[0] == '#' {
			continue
		}
		if name, ok := header(t, "[[", "]]"); ok {
			if !contains(sh.arrays, pattern(name)) {
				return nil, false
			}
			sh.add(name)
			if !m.has(name) {
				m.add(name)
			}
			m.elementKeys = m.elementKeys[:0]
			table, inArray = name, true
			continue
		}
		if name, ok := header(t, "[", "]"); ok {
			if !contains(sh.tables, pattern(name)) || m.has(name) {
				return nil, false
			}
			m.add(name)
			if sh.open != nil {
				sh.open(name)
			}
			table, inArray = name, false
			continue
		}
		if t[0] == '[' {
			return nil, false
		}
		key, value, ok := strings.Cut(t, "=")
		if !ok {
			return nil, false
		}
		key, value = strings.TrimRight(key, " \t"), strings.TrimLeft(value, " \t")
		if !bareKey(key) {
			return nil, false
		}
		switch {
		case value == `"""`:
			if !strings.HasSuffix(line, `"""`) {
				return nil, false // blanks after the opening """ belong to the string
			}
			value, text, ok = multiline(text)
		case strings.HasPrefix(value, `"`):
			value, ok = basicString(value)
		default:
			value = "\x00" + value
		}
		if !ok || !m.first(table, key, inArray) || !sh.set(table, key, value) {
			return nil, false
		}
	}
	return m, true
}

// header returns the name of a table header such as [name] or [[name]].
func header(t, open, close string) (string, bool) {
	name, ok := strings.CutPrefix(t, open)
	if !ok {
		return "", false
	}
	name, ok = strings.CutSuffix(name, close)
	return name, ok && (bareKey(name) || translationName(name))
}

// translationName reports whether name is that of a translation's table
// in bare keys: "translations.fr", "translations.pt-BR.evidence".
func translationName(name string) bool {
	p := pattern(name)
	if p == name {
		return false
	}
	for _, part := range strings.Split(p, ".") {
		if part != "*" && !bareKey(part) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// plainText reports whether a line holds no control characters but tabs.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

func bareKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return true
}

// basicString returns the content of a one-line basic string without
// escapes or inner quotes.
func basicString(v string) (string, bool) {
	if len(v) < 2 || v[len(v)-1] != '"' {
		return "", false
	}
	body := v[1 : len(v)-1]
	if strings.ContainsAny(body, `"\`) {
		return "", false
	}
	return body, true
}

// multiline reads the lines of a multi-line basic string up to a line that
// is exactly """, and returns the content and the text after it.
func multiline(text string) (value, rest string, ok bool) {
	start := text
	n := 0
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if line == `"""` {
			return start[:n], text, true
		}
		if strings.ContainsAny(line, `"\`) || !plainText(line) {
			return "", "", false
		}
		n += len(line) + 1
	}
	return "", "", false
}

// scanned is what scanRecord found: the keys that were given, as the TOML
// decoder's metadata would tell.
type scanned struct {
	defined     []string // keys and tables, dotted: "badge", "recipient", "recipient.salt"
	elementKeys []string // keys of the current element of an array of tables
}

func (m *scanned) has(key string) bool { return contains(m.defined, key) }

func (m *scanned) add(key string) { m.defined = append(m.defined, key) }

// IsDefined reports whether a key was given, like toml.MetaData.IsDefined.
func (m *scanned) IsDefined(key ...string) bool { return m.has(strings.Join(key, ".")) }

// first records a key of a table and reports whether it is new there.
// Keys of an array of tables are only checked within their element.
func (m *scanned) first(table, key string, inArray bool) bool {
	if inArray {
		if contains(m.elementKeys, key) {
			return false
		}
		m.elementKeys = append(m.elementKeys, key)
		return true
	}
	full := key
	if table != "" {
		full = table + "." + key
	}
	if m.has(full) {
		return false
	}
	m.add(full)
	return true
}

// stringValue reports whether a scanned value is a string.
func stringValue(v string) bool { return !strings.HasPrefix(v, "\x00") }

// boolValue parses a scanned true or false.
func boolValue(v string) (b, ok bool) {
	switch v {
	case "\x00true":
		return true, true
	case "\x00false":
		return false, true
	}
	return false, false
}

// setBool stores a scanned true or false.
func setBool(dst *bool, v string) bool {
	b, ok := boolValue(v)
	if ok {
		*dst = b
	}
	return ok
}

// setIndex stores a scanned decimal integer of at most nine digits,
// without a sign, underscores or a leading zero.
func setIndex(dst *int, v string) bool {
	v, ok := strings.CutPrefix(v, "\x00")
	if !ok || v == "" || len(v) > 9 || v[0] == '0' && len(v) > 1 {
		return false
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
		n = n*10 + int(v[i]-'0')
	}
	*dst = n
	return true
}

// setTime stores a scanned date-time with an offset.
func setTime(dst *time.Time, v string) bool {
	t, ok := zonedTime(v)
	if ok {
		*dst = t
	}
	return ok
}

// setString stores a copy of a scanned string, so that the record does
// not keep the whole text of its file alive.
func setString(dst *string, v string) bool {
	if !stringValue(v) {
		return false
	}
	*dst = strings.Clone(v)
	return true
}

// zonedTime parses a scanned date-time of exactly the form
// 2006-01-02T15:04:05Z or 2006-01-02T15:04:05+07:00.
func zonedTime(v string) (time.Time, bool) {
	v, ok := strings.CutPrefix(v, "\x00")
	if !ok || (len(v) != 20 || v[19] != 'Z') && (len(v) != 25 || v[19] != '+' && v[19] != '-' || v[22] != ':') {
		return time.Time{}, false
	}
	for i := 0; i < len(v); i++ {
		switch i {
		case 4, 7:
			ok = v[i] == '-'
		case 10:
			ok = v[i] == 'T'
		case 13, 16, 22:
			ok = v[i] == ':'
		case 19:
		default:
			ok = v[i] >= '0' && v[i] <= '9'
		}
		if !ok {
			return time.Time{}, false
		}
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, err == nil
}
