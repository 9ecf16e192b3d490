package content

import (
	"fmt"
	"strings"
)

// Limits on the markdown of a field (criteria, descriptions, narratives,
// bios), checked before it is rendered. Some constructs make the markdown
// renderer's time grow with the square of their number: 40,000 link
// openers followed by "(" took 5.5 s, 40,000 nested block quotes or list
// markers on one line 0.5 to 3 s. With these limits, the slowest field
// renders in a few tens of milliseconds (docs/hostile-input.md).
const (
	// MaxMarkdownBytes is the longest markdown field, in bytes.
	MaxMarkdownBytes = 64 << 10
	// MaxMarkdownBrackets is the most "[" in one field: each may open a
	// link or an image.
	MaxMarkdownBrackets = 1000
	// MaxMarkdownNesting is the most block quote and list markers at the
	// start of one line ("> - 1. text" has three).
	MaxMarkdownNesting = 16
)

// MarkdownError is where a markdown text exceeds a limit: Line and Col
// count from 1 in the text, Col in bytes.
type MarkdownError struct {
	Line, Col int
	Msg       string
}

func (e *MarkdownError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// CheckMarkdown reports the first place where the markdown src exceeds
// the limits above, or nil. Load checks every markdown field with it, and
// the renderer does not render a text it refuses.
func CheckMarkdown(src string) *MarkdownError {
	line, lineStart, brackets := 1, 0, 0
	at := func(i int, format string, args ...any) *MarkdownError {
		return &MarkdownError{Line: line, Col: i - lineStart + 1, Msg: fmt.Sprintf(format, args...)}
	}
	if len(src) > MaxMarkdownBytes {
		// Report where the limit falls.
		for i := 0; i < MaxMarkdownBytes; i++ {
			if src[i] == '\n' {
				line, lineStart = line+1, i+1
			}
		}
		return at(MaxMarkdownBytes, "markdown text is longer than %d KB (%d bytes): link to a longer document instead", MaxMarkdownBytes>>10, len(src))
	}
	for i := 0; i < len(src); i++ {
		if i == lineStart {
			if n, where := containerMarkers(src[i:]); n > MaxMarkdownNesting {
				return at(i+where, "more than %d block quotes and lists nested on one line", MaxMarkdownNesting)
			}
		}
		switch src[i] {
		case '\n':
			line, lineStart = line+1, i+1
		case '[':
			brackets++
			if brackets > MaxMarkdownBrackets {
				return at(i, "more than %d \"[\" in one markdown text: each may start a link", MaxMarkdownBrackets)
			}
		}
	}
	return nil
}

// containerMarkers counts the block quote (">") and list item ("-", "+",
// "*", "1." or "1)" followed by a blank) markers at the start of a line,
// and returns where the one past MaxMarkdownNesting starts. A thematic
// break ("* * *") is not a list.
func containerMarkers(s string) (n, where int) {
	i := 0
	for i < len(s) && s[i] != '\n' {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		switch c := s[i]; {
		case c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if !blankAt(s, i+1) || thematicBreak(s[i:]) {
				return n, where
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && j-i < 10 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j-i > 9 || j >= len(s) || (s[j] != '.' && s[j] != ')') || !blankAt(s, j+1) {
				return n, where
			}
			i = j + 1
		default:
			return n, where
		}
		n++
		if n == MaxMarkdownNesting+1 {
			where = start
		}
	}
	return n, where
}

// blankAt reports whether s has a blank, a line end or its end at i.
func blankAt(s string, i int) bool {
	return i >= len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
}

// thematicBreak reports whether the line at the start of s holds only
// "-", "*" or "_" and blanks.
func thematicBreak(s string) bool {
	for i := 0; i < len(s) && s[i] != '\n'; i++ {
		switch s[i] {
		case '-', '*', '_', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// checkMarkdownKey reports a markdown value beyond the limits of
// CheckMarkdown, at its place in the file when the text maps onto the
// source line for line, else at the value with the place in the text.
func checkMarkdownKey(d *doc, key, value string, errs *Errors) {
	e := CheckMarkdown(value)
	if e == nil {
		return
	}
	name := key[strings.LastIndexByte(key, '.')+1:]
	if p, ok := d.textPos(key, e.Line, e.Col); ok {
		errs.add(p, "%s: %s", name, e.Msg)
		return
	}
	errs.add(d.pos(key, false), "%s: line %d, column %d of the text: %s", name, e.Line, e.Col, e.Msg)
}

// textPos maps a line and column in the string value of key to the file,
// when the string's source holds no escapes before its end: a literal
// string, or a basic string without a backslash.
func (d *doc) textPos(key string, line, col int) (Pos, bool) {
	kp, ok := d.keyPositions()[key]
	if !ok || d.src == "" {
		return Pos{}, false
	}
	// The source from the value on.
	off := 0
	for n := 1; n < kp.Line; n++ {
		i := strings.IndexByte(d.src[off:], '\n')
		if i < 0 {
			return Pos{}, false
		}
		off += i + 1
	}
	off += kp.ValCol - 1
	if off >= len(d.src) {
		return Pos{}, false
	}
	v := d.src[off:]
	startLine, startCol := kp.Line, kp.ValCol
	var delim string
	switch {
	case len(v) >= 3 && (v[:3] == `"""` || v[:3] == "'''"):
		delim = v[:3]
		v = v[3:]
		startCol += 3
		if len(v) > 0 && v[0] == '\n' { // the newline after the opening quotes is not part of the text
			v = v[1:]
			startLine, startCol = startLine+1, 1
		}
	case len(v) >= 1 && (v[0] == '"' || v[0] == '\''):
		delim = v[:1]
		v = v[1:]
		startCol++
	default:
		return Pos{}, false
	}
	end := strings.Index(v, delim)
	if end < 0 || delim[0] == '"' && strings.IndexByte(v[:end], '\\') >= 0 {
		return Pos{}, false
	}
	if line == 1 {
		return Pos{File: d.file, Line: startLine, Col: startCol + col - 1}, true
	}
	return Pos{File: d.file, Line: startLine + line - 1, Col: col}, true
}
