package content

import (
	"strconv"
	"strings"
)

// keyPos is where a key and its value start in a TOML file.
type keyPos struct {
	Line   int
	KeyCol int
	ValCol int
}

// scanKeys finds the position of every key in a TOML document, by dotted
// path. Elements of arrays of tables get their index ("evidence.0.url"), as
// do tables inside arrays ("alignment.1"). It is a tolerant scanner, not a
// parser: the document has already been parsed by the TOML decoder, and
// scanKeys only recovers the positions the decoder does not expose.
// Columns count bytes, starting at 1.
func scanKeys(src string) map[string]keyPos {
	out := make(map[string]keyPos)
	counts := make(map[string]int)
	prefix := ""
	lines := strings.Split(src, "\n")
	inString := "" // closing delimiter of an open multi-line string
	depth := 0     // open brackets of a multi-line array or inline table
	for i, raw := range lines {
		line := strings.TrimRight(raw, "\r")
		lineNo := i + 1
		if inString != "" {
			if strings.Contains(line, inString) {
				inString = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			if depth < 0 {
				depth = 0
			}
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "[["):
			end := strings.Index(trimmed, "]]")
			if end < 0 {
				continue
			}
			name := joinKey(parseKey(trimmed[2:end]))
			n := counts[name]
			counts[name] = n + 1
			prefix = name + "." + strconv.Itoa(n)
			out[prefix] = keyPos{Line: lineNo, KeyCol: indent + 1, ValCol: indent + 1}
			if _, ok := out[name]; !ok {
				out[name] = keyPos{Line: lineNo, KeyCol: indent + 1, ValCol: indent + 1}
			}
		case trimmed[0] == '[':
			end := strings.IndexByte(trimmed, ']')
			if end < 0 {
				continue
			}
			prefix = joinKey(parseKey(trimmed[1:end]))
			out[prefix] = keyPos{Line: lineNo, KeyCol: indent + 1, ValCol: indent + 1}
		default:
			eq := keyEnd(trimmed)
			if eq < 0 {
				continue
			}
			key := joinKey(parseKey(trimmed[:eq]))
			if key == "" {
				continue
			}
			full := key
			if prefix != "" {
				full = prefix + "." + key
			}
			rest := trimmed[eq+1:]
			valOff := eq + 1 + (len(rest) - len(strings.TrimLeft(rest, " \t")))
			rest = strings.TrimLeft(rest, " \t")
			out[full] = keyPos{Line: lineNo, KeyCol: indent + 1, ValCol: indent + valOff + 1}
			switch {
			case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, "'''"):
				delim := rest[:3]
				if !strings.Contains(rest[3:], delim) {
					inString = delim
				}
			case strings.HasPrefix(rest, "{"):
				scanInline(out, full, rest, lineNo, indent+valOff)
				depth = bracketDelta(rest)
			case strings.HasPrefix(rest, "["):
				scanInlineArray(out, full, rest, lineNo, indent+valOff)
				depth = bracketDelta(rest)
			}
			if depth < 0 {
				depth = 0
			}
		}
	}
	return out
}

// scanInline records the keys of a one-line inline table starting at s[0]=='{'.
func scanInline(out map[string]keyPos, prefix, s string, line, off int) {
	i := 1
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++
		}
		if i >= len(s) || s[i] == '}' {
			return
		}
		eq := keyEnd(s[i:])
		if eq < 0 {
			return
		}
		key := joinKey(parseKey(s[i : i+eq]))
		j := i + eq + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		out[prefix+"."+key] = keyPos{Line: line, KeyCol: off + i + 1, ValCol: off + j + 1}
		i = j + valueEnd(s[j:])
	}
}

// scanInlineArray records the elements of a one-line array that are inline
// tables ("evidence = [{url = …}, {url = …}]").
func scanInlineArray(out map[string]keyPos, prefix, s string, line, off int) {
	i, n := 1, 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++
		}
		if i >= len(s) || s[i] == ']' || s[i] == '#' {
			return
		}
		key := prefix + "." + strconv.Itoa(n)
		out[key] = keyPos{Line: line, KeyCol: off + i + 1, ValCol: off + i + 1}
		if s[i] == '{' {
			scanInline(out, key, s[i:], line, off+i)
		}
		end := valueEnd(s[i:])
		if end == 0 {
			return // a stray closing bracket: malformed, stop here
		}
		i += end
		n++
	}
}

// valueEnd returns the length of the TOML value at the start of s, up to
// (not including) the next separator at the same nesting level.
func valueEnd(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			i = stringEnd(s, i)
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// stringEnd returns the index of the quote closing the string that opens at s[i].
func stringEnd(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if q == '"' && s[j] == '\\' {
			j++
			continue
		}
		if s[j] == q {
			return j
		}
	}
	return len(s) - 1
}

// bracketDelta counts opening minus closing brackets and braces outside
// strings and comments.
func bracketDelta(s string) int {
	d := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = stringEnd(s, i)
		case '#':
			return d
		case '[', '{':
			d++
		case ']', '}':
			d--
		}
	}
	return d
}

// keyEnd returns the index of the '=' that ends the key at the start of s,
// or -1 if s does not start with a key.
func keyEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			i = stringEnd(s, i)
		case c == '=':
			return i
		case c == '#' || c == '{' || c == '[' || c == ',':
			return -1
		}
	}
	return -1
}

// parseKey splits a possibly dotted, possibly quoted TOML key.
func parseKey(s string) []string {
	var parts []string
	s = strings.TrimSpace(s)
	for s != "" {
		var part string
		if s[0] == '"' || s[0] == '\'' {
			end := max(stringEnd(s, 0), 1) // a lone quote ends the text: an empty part
			part = s[1:end]
			if s[0] == '"' {
				if u, err := strconv.Unquote(s[:min(end+1, len(s))]); err == nil {
					part = u
				}
			}
			s = s[min(end+1, len(s)):]
		} else {
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			part = strings.TrimSpace(s[:end])
			s = s[end:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if strings.HasPrefix(s, ".") {
			s = strings.TrimLeft(s[1:], " \t")
		} else {
			break
		}
	}
	return parts
}

func joinKey(parts []string) string { return strings.Join(parts, ".") }
