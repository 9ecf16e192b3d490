package content

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"rosette/generator/termtext"
)

// Pos is a position in a content file. Line and Col start at 1; a zero Line
// means the whole file.
type Pos struct {
	File string // slash-separated path relative to the site root, e.g. "content/awards/x.toml"
	Line int
	Col  int
}

// String is file:line:col, or the file alone for a zero Line. Control
// characters in the file name are escaped (termtext.Escape): the name
// comes from the repository, and is printed on terminals and in CI logs.
func (p Pos) String() string {
	if p.Line == 0 {
		return termtext.Escape(p.File)
	}
	return fmt.Sprintf("%s:%d:%d", termtext.Escape(p.File), p.Line, p.Col)
}

// Error is one problem found in the content, at a position.
type Error struct {
	Pos
	Msg string
}

// Error is the position and the message, with control characters in
// either escaped (termtext.Escape).
func (e *Error) Error() string { return e.Pos.String() + ": " + termtext.Escape(e.Msg) }

// Errors is every problem found by Load, sorted by file, line and column.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders the errors by file, line, column and message, and drops exact
// duplicates.
func (es *Errors) Sort() {
	s := *es
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*es = out
}

func (es *Errors) add(p Pos, format string, args ...any) {
	*es = append(*es, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// RelativeTo makes the file names of content errors in err, which are
// relative to the site root, relative to the working directory, root
// being the site root as a path from there, so that editors and CI
// annotations find the files. It changes the errors in place and returns
// err; any other error is returned as it is.
func RelativeTo(root string, err error) error {
	var errs Errors
	if !errors.As(err, &errs) || filepath.Clean(root) == "." {
		return err
	}
	prefix := filepath.ToSlash(filepath.Clean(root))
	for _, e := range errs {
		e.File = path.Join(prefix, e.File)
	}
	return err
}
