package content

import (
	"strings"
	"time"
	"unicode/utf8"
)

// scanAward decodes an award file of the common shape without the TOML
// decoder, which costs ten times more: bare keys that Award knows, each
// once; basic strings without escapes, on one line or as a multi-line
// string whose closing """ is on its own line; true or false; date-times
// with seconds and an explicit offset (2025-03-14T09:00:00Z); the tables
// [recipient] and [[evidence]]; blank lines and whole-line comments. It
// reports false for anything else — and for everything the decoder would
// reject — and the caller then decodes the file again with the TOML
// decoder, which reports any problem at its position. A fuzz test checks
// that both give the same award and the same problems.
func scanAward(text string, a *Award) (*scanned, bool) {
	if !utf8.ValidString(text) {
		return nil, false
	}
	m := &scanned{}
	table := ""
	var ev *Evidence
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
		switch {
		case t[0] == '#':
			continue
		case t == "[recipient]":
			if m.has("recipient") {
				return nil, false
			}
			m.add("recipient")
			table = "recipient"
			continue
		case t == "[[evidence]]":
			a.Evidence = append(a.Evidence, Evidence{})
			ev = &a.Evidence[len(a.Evidence)-1]
			if !m.has("evidence") {
				m.add("evidence")
			}
			m.evidenceKeys = m.evidenceKeys[:0]
			table = "evidence"
			continue
		case t[0] == '[':
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
		if value == `"""` {
			if !strings.HasSuffix(line, `"""`) {
				return nil, false // blanks after the opening """ belong to the string
			}
			value, text, ok = multiline(text)
			if !ok {
				return nil, false
			}
		} else if strings.HasPrefix(value, `"`) {
			if value, ok = basicString(value); !ok {
				return nil, false
			}
		} else {
			value = "\x00" + value // not a string: marked so that string keys refuse it
		}
		var set bool
		switch table {
		case "":
			set = m.setTop(a, key, value)
		case "recipient":
			set = m.setRecipient(&a.Recipient, key, value)
		case "evidence":
			set = m.setEvidence(ev, key, value)
		}
		if !set {
			return nil, false
		}
	}
	return m, true
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

// scanned is what scanAward found: the keys that were given, as the TOML
// decoder's metadata would tell.
type scanned struct {
	defined      []string
	evidenceKeys []string // keys of the current [[evidence]] table
}

func (m *scanned) has(key string) bool {
	for _, k := range m.defined {
		if k == key {
			return true
		}
	}
	return false
}

func (m *scanned) add(key string) { m.defined = append(m.defined, key) }

// IsDefined reports whether a key was given, like toml.MetaData.IsDefined.
func (m *scanned) IsDefined(key ...string) bool { return m.has(strings.Join(key, ".")) }

// first records a key of a table and reports whether it is new.
func (m *scanned) first(key string) bool {
	if m.has(key) {
		return false
	}
	m.add(key)
	return true
}

// stringValue reports whether a scanned value is a string.
func stringValue(v string) bool { return !strings.HasPrefix(v, "\x00") }

func (m *scanned) setTop(a *Award, key, v string) bool {
	var s *string
	switch key {
	case "badge":
		s = &a.Badge
	case "earner":
		s = &a.Earner
	case "narrative":
		s = &a.Narrative
	case "revocation_reason":
		s = &a.RevocationReason
	case "issued", "expires":
		t, ok := zonedTime(v)
		if !ok || !m.first(key) {
			return false
		}
		if key == "issued" {
			a.Issued = t
		} else {
			a.Expires = t
		}
		return true
	case "revoked":
		if (v != "\x00true" && v != "\x00false") || !m.first(key) {
			return false
		}
		a.Revoked = v == "\x00true"
		return true
	default:
		return false
	}
	if !stringValue(v) || !m.first(key) {
		return false
	}
	*s = v
	return true
}

func (m *scanned) setRecipient(r *Recipient, key, v string) bool {
	var s *string
	switch key {
	case "type":
		s = &r.Type
	case "identity":
		s = &r.Identity
	case "salt":
		s = &r.Salt
	default:
		return false
	}
	if !stringValue(v) || !m.first("recipient."+key) {
		return false
	}
	*s = v
	return true
}

func (m *scanned) setEvidence(e *Evidence, key, v string) bool {
	var s *string
	switch key {
	case "url":
		s = &e.URL
	case "name":
		s = &e.Name
	case "description":
		s = &e.Description
	case "narrative":
		s = &e.Narrative
	case "genre":
		s = &e.Genre
	case "audience":
		s = &e.Audience
	default:
		return false
	}
	if !stringValue(v) {
		return false
	}
	for _, k := range m.evidenceKeys {
		if k == key {
			return false
		}
	}
	m.evidenceKeys = append(m.evidenceKeys, key)
	*s = v
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
