package content

import "fmt"

// Limits on the shape of a record, checked before the TOML decoder reads
// it. The decoder's time grows with the square of a key's depth and with
// the number of keys: a file of thousands of dotted key segments or
// deeply nested inline tables took minutes. No real record comes near
// these limits; with them, the decoder reads the worst 1 MB record in a
// few tens of milliseconds (docs/hostile-input.md).
const (
	// MaxKeyParts is the most dotted parts in one key or table header:
	// a.b.c has three.
	MaxKeyParts = 8
	// MaxDepth is the deepest a value may be nested: the parts of its
	// table header and of its key, plus the arrays and inline tables
	// around it. evidence = [{ url = "…" }] puts url at depth 4.
	MaxDepth = 8
	// MaxKeys is the most keys and table headers in one record, inline
	// tables included.
	MaxKeys = 2000
	// MaxValues is the most array elements in one record.
	MaxValues = 10000
	// MaxLineBytes is the longest line, in bytes.
	MaxLineBytes = 32 << 10
)

// boundsScanner walks a TOML file as the decoder would tokenise it, far
// enough to count keys, their parts, nesting and lines. It is not a
// parser: on a syntax error it carries on as best it can and leaves the
// report to the decoder, which stops at the first such error. Everything
// it counts, it counts at least as often as the decoder would see it.
type boundsScanner struct {
	src       []byte
	file      string
	i         int
	line      int // current line, from 1
	lineStart int // offset of the current line
	err       *Error

	keys, values int
	table        int   // parts of the last table header
	levels       []int // depth inside each open '[' and '{'
	open         []byte
	pending      int // depth of the value after a key's '=', until it starts
}

// CheckBounds reports the first place where a TOML record exceeds the
// limits that keep its decoding fast (MaxKeyParts and the others), or
// nil. Load checks every record with it; other readers of records (the
// history check, edits) call it before decoding one.
func CheckBounds(file string, src []byte) *Error {
	s := &boundsScanner{src: src, line: 1, file: file}
	s.run()
	return s.err
}

func (s *boundsScanner) fail(off int, format string, args ...any) {
	if s.err == nil {
		s.err = &Error{Pos: Pos{File: s.file, Line: s.line, Col: off - s.lineStart + 1}, Msg: fmt.Sprintf(format, args...)}
	}
}

// newline moves past the '\n' at s.i, checking the length of the line it ends.
func (s *boundsScanner) newline() {
	s.checkLine(s.i)
	s.i++
	s.line++
	s.lineStart = s.i
}

func (s *boundsScanner) checkLine(end int) {
	if end > s.lineStart && s.src[end-1] == '\r' {
		end-- // a CRLF line ending
	}
	if end-s.lineStart > MaxLineBytes {
		s.fail(s.lineStart+MaxLineBytes, "line is longer than %d bytes (%d KB): split the text over several lines, in a multi-line string", MaxLineBytes, MaxLineBytes>>10)
	}
}

func (s *boundsScanner) run() {
	atKey := true // a key or table header may start here
	for s.i < len(s.src) && s.err == nil {
		c := s.src[s.i]
		switch {
		case c == '\n':
			s.newline()
			if len(s.open) == 0 {
				atKey = true
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
			continue
		case c == '#':
			s.skipComment()
			continue
		}
		if atKey {
			atKey = false
			if len(s.open) == 0 && c == '[' {
				s.header()
				continue
			}
			if len(s.open) == 0 || s.open[len(s.open)-1] == '{' {
				s.key()
				continue
			}
		}
		pending := s.pending
		s.pending = 0
		switch c {
		case '"', '\'':
			s.skipString()
			continue
		case '[', '{':
			d := s.base()
			if pending > 0 {
				d = pending
			}
			s.open = append(s.open, c)
			s.levels = append(s.levels, d+1)
			s.checkDepth(s.i, d+1)
			if c == '[' {
				s.value()
			} else {
				atKey = true
			}
		case ']', '}':
			if n := len(s.open); n > 0 {
				s.open, s.levels = s.open[:n-1], s.levels[:n-1]
			}
		case ',':
			if n := len(s.open); n > 0 && s.open[n-1] == '{' {
				atKey = true
			} else {
				s.value()
			}
		}
		s.i++
	}
	s.checkLine(len(s.src))
}

// base is the depth of the current position: the table header's parts,
// or the depth inside the innermost open bracket.
func (s *boundsScanner) base() int {
	if n := len(s.levels); n > 0 {
		return s.levels[n-1]
	}
	return s.table
}

func (s *boundsScanner) checkDepth(at, d int) {
	if d > MaxDepth {
		s.fail(at, "nested more than %d deep: a record holds tables and arrays a few levels deep at most", MaxDepth)
	}
}

func (s *boundsScanner) value() {
	s.values++
	if s.values > MaxValues {
		s.fail(s.i, "more than %d array elements in one record", MaxValues)
	}
}

func (s *boundsScanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipString moves past the string starting at s.i: basic or literal,
// on one line or multi-line. An unterminated one-line string ends at the
// end of its line.
func (s *boundsScanner) skipString() {
	q := s.src[s.i]
	if s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q {
		s.i += 3
		for s.i < len(s.src) && s.err == nil {
			switch c := s.src[s.i]; {
			case c == '\n':
				s.newline()
				continue
			case c == '\\' && q == '"':
				s.i++
				if s.i < len(s.src) && s.src[s.i] == '\n' {
					continue
				}
			case c == q && s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q:
				s.i += 3
				// Up to two more quotes belong to the string.
				for n := 0; n < 2 && s.i < len(s.src) && s.src[s.i] == q; n++ {
					s.i++
				}
				return
			}
			s.i++
		}
		return
	}
	s.i++
	for s.i < len(s.src) {
		switch c := s.src[s.i]; {
		case c == '\n':
			return
		case c == '\\' && q == '"':
			s.i++
			if s.i < len(s.src) && s.src[s.i] == '\n' {
				return
			}
		case c == q:
			s.i++
			return
		}
		s.i++
	}
}

// keyParts reads a possibly dotted key up to (not including) the '=' or
// ']' after it, and returns how many parts it has, and where the part
// that exceeds MaxKeyParts starts.
func (s *boundsScanner) keyParts() (n, over int) {
	for s.i < len(s.src) {
		for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
			s.i++
		}
		if s.i >= len(s.src) {
			return n, over
		}
		start := s.i
		switch c := s.src[s.i]; {
		case c == '"' || c == '\'':
			s.skipString()
		case bareKeyByte(c):
			for s.i < len(s.src) && bareKeyByte(s.src[s.i]) {
				s.i++
			}
		default:
			return n, over
		}
		n++
		if n == MaxKeyParts+1 {
			over = start
		}
		for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
			s.i++
		}
		if s.i >= len(s.src) || s.src[s.i] != '.' {
			return n, over
		}
		s.i++
	}
	return n, over
}

// bareKeyByte reports whether c may be part of a bare key: ASCII letters,
// digits, - and _, and any byte of a non-ASCII letter (TOML 1.1).
func bareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

func (s *boundsScanner) countKey(at int) {
	s.keys++
	if s.keys > MaxKeys {
		s.fail(at, "more than %d keys in one record", MaxKeys)
	}
}

// header reads a [table] or [[array]] header starting at s.i.
func (s *boundsScanner) header() {
	at := s.i
	s.i++
	if s.i < len(s.src) && s.src[s.i] == '[' {
		s.i++
	}
	s.countKey(at)
	n, over := s.keyParts()
	if over > 0 {
		s.fail(over, "table name has more than %d dotted parts", MaxKeyParts)
	}
	s.table = n
	s.checkDepth(at, n)
	// The rest of the line is "]" or "]]" and a comment, or an error the
	// decoder reports.
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		if c := s.src[s.i]; c == '"' || c == '\'' {
			s.skipString()
			continue
		}
		s.i++
	}
}

// key reads a key and its '=' starting at s.i.
func (s *boundsScanner) key() {
	at := s.i
	n, over := s.keyParts()
	if n == 0 {
		return // no key here: "}" of an empty inline table, or an error
	}
	s.countKey(at)
	if over > 0 {
		s.fail(over, "key has more than %d dotted parts", MaxKeyParts)
	}
	s.pending = s.base() + n
	s.checkDepth(at, s.pending)
	if s.i < len(s.src) && s.src[s.i] == '=' {
		s.i++
	}
}
