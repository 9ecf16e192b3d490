package content

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// doc is one decoded TOML file: its source, metadata and, once an error
// needs them, its key positions.
type doc struct {
	src   string
	file  string
	keys  map[string]keyPos // nil until keyPositions scans src
	md    metadata
	zoned bool // every date-time was read with an explicit offset
}

// metadata tells which keys a file gives; *toml.MetaData is one.
type metadata interface {
	IsDefined(key ...string) bool
}

// keyPositions returns the positions of every key, scanning the source the
// first time. Only error reports need them, so a valid file is never
// scanned.
func (d *doc) keyPositions() map[string]keyPos {
	if d.keys == nil {
		d.keys = scanKeys(d.src)
	}
	return d.keys
}

// pos returns the position of a key's value (or of the key itself when
// atKey), falling back to the nearest enclosing table, then the file start.
func (d *doc) pos(key string, atKey bool) Pos {
	for k := key; ; {
		if kp, ok := d.keyPositions()[k]; ok {
			col := kp.ValCol
			if atKey || k != key {
				col = kp.KeyCol
			}
			return Pos{File: d.file, Line: kp.Line, Col: col}
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			return Pos{File: d.file, Line: 1, Col: 1}
		}
		k = k[:i]
	}
}

// firstPos returns the position of the first key that is key or starts
// with it (the key of a dotted key "key.x = …"), else the file start.
func (d *doc) firstPos(key string) Pos {
	best := Pos{File: d.file, Line: 1, Col: 1}
	found := false
	for k, kp := range d.keyPositions() {
		if k != key && !strings.HasPrefix(k, key+".") {
			continue
		}
		if !found || kp.Line < best.Line || kp.Line == best.Line && kp.KeyCol < best.Col {
			best, found = Pos{File: d.file, Line: kp.Line, Col: kp.KeyCol}, true
		}
	}
	return best
}

// value returns the source text of a key's value, up to a comment or the
// end of the line, trimmed.
func (d *doc) value(key string) string {
	kp, ok := d.keyPositions()[key]
	if !ok {
		return ""
	}
	lines := strings.SplitN(d.src, "\n", kp.Line+1)
	if kp.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[kp.Line-1], "\r")
	if kp.ValCol-1 > len(line) {
		return ""
	}
	v := line[kp.ValCol-1:]
	if i := strings.IndexByte(v, '#'); i >= 0 && !strings.ContainsAny(v[:1], `"'`) {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// decode parses src into v, reporting a file beyond the limits of
// CheckBounds, syntax errors, type errors and unknown keys. It returns nil
// when the file could not be parsed at all.
func decode(file string, src []byte, v any, errs *Errors) *doc {
	if !bounded(file, src, errs) {
		return nil
	}
	return decodeBounded(file, src, v, errs)
}

// bounded reports whether src is within the limits of CheckBounds, and
// the first place where it is not.
func bounded(file string, src []byte, errs *Errors) bool {
	if e := CheckBounds(file, src); e != nil {
		*errs = append(*errs, e)
		return false
	}
	return true
}

// decodeBounded is decode for a file that bounded has accepted.
func decodeBounded(file string, src []byte, v any, errs *Errors) *doc {
	src = bytes.TrimPrefix(src, []byte("\ufeff")) // a byte order mark some editors write
	if !utf8.Valid(src) {
		errs.add(Pos{File: file, Line: 1, Col: 1}, "file is not valid UTF-8")
		return nil
	}
	// Line endings are normalised, so that multi-line strings (and so
	// the output and its signatures) do not depend on how git checked
	// the file out.
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	md, err := toml.Decode(text, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			errs.add(Pos{File: file, Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}, "%s", tomlMessage(pe, keyOnLine(text, pe.Position.Line)))
			return nil
		}
		// Type errors come as plain errors: "toml: line 2 (last key "x"): …".
		d := &doc{file: file, keys: scanKeys(text)}
		if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			key := d.indexedPath(toml.Key(strings.Split(m[2], ".")))
			p := d.pos(key, true)
			if line, _ := strconv.Atoi(m[1]); p.Line != line {
				p = Pos{File: file, Line: line, Col: 1}
			}
			errs.add(p, "TOML: %s: %s", m[2], friendlyTypes(m[3]))
		} else if m := typeErrNoLineRE.FindStringSubmatch(err.Error()); m != nil {
			// A dotted key whose table is an array: evidence.name = ….
			errs.add(d.firstPos(m[1]), "TOML: %s: %s", m[1], friendlyTypes(m[2]))
		} else {
			errs.add(Pos{File: file, Line: 1, Col: 1}, "%s", strings.TrimPrefix(err.Error(), "toml: "))
		}
		return nil
	}
	d := &doc{src: text, file: file, md: &md}
	t := reflect.TypeOf(v).Elem()
	reported := make(map[string]bool)
	for _, k := range md.Undecoded() {
		// Report the outermost unknown part of a key once, at the
		// first key that has it: "recipent" of recipent.identity = …
		// (a dotted key makes no table of its own in the metadata).
		j := len(k) - 1
		for j > 0 && !isKnown(t, k[:j]) {
			j--
		}
		unknown := strings.Join(k[:j+1], ".")
		if reported[unknown] {
			continue
		}
		reported[unknown] = true
		path := d.indexedPath(k)
		name := k[j]
		msg := fmt.Sprintf("unknown key %q", name)
		if s := suggest(name, fieldNames(t, k[:j])); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		} else if j > 0 && slices.Contains(fieldNames(t, nil), name) {
			// A top-level key written after a [table] header belongs
			// to that table in TOML.
			msg += fmt.Sprintf(" in [%s]: top-level keys go before the first [table]; move it above [%s]", k[0], k[0])
		}
		errs.add(d.partPos(d.pos(path, true), len(k), j), "%s", msg)
	}
	return d
}

// partPos moves p, the position of a key of n parts (with those of its
// table), to the start of its part i, when that part is written there:
// "idnetity" in recipient.idnetity = ….
func (d *doc) partPos(p Pos, n, i int) Pos {
	rest := d.src
	for l := 1; l < p.Line; l++ {
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			return p
		}
		rest = rest[nl+1:]
	}
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	if p.Col-1 >= len(rest) || rest[p.Col-1] == '[' {
		return p // a table header is reported at its start
	}
	starts := keyPartStarts(rest[p.Col-1:])
	if j := i - (n - len(starts)); j >= 0 && j < len(starts) {
		p.Col += starts[j]
	}
	return p
}

// keyPartStarts returns the offsets of the parts of the possibly dotted,
// possibly quoted key at the start of s.
func keyPartStarts(s string) []int {
	i := 0
	var starts []int
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return starts
		}
		starts = append(starts, i)
		if s[i] == '"' || s[i] == '\'' {
			i = stringEnd(s, i) + 1
		} else {
			for i < len(s) && bareKeyByte(s[i]) {
				i++
			}
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) || s[i] != '.' {
			return starts
		}
		i++
	}
}

var (
	typeErrRE       = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
	typeErrNoLineRE = regexp.MustCompile(`^toml: \(last key "([^"]*)"\): (.*)$`)
)

// indexedPath finds the scanned key path for a metadata key, which does not
// carry array indices: "evidence.nmae" may be "evidence.1.nmae".
func (d *doc) indexedPath(k toml.Key) string {
	keys := d.keyPositions()
	plain := strings.Join(k, ".")
	if _, ok := keys[plain]; ok {
		return plain
	}
	if len(k) >= 2 {
		for i := 0; ; i++ {
			p := k[0] + "." + strconv.Itoa(i)
			if _, ok := keys[p]; !ok {
				break
			}
			if cand := p + "." + strings.Join(k[1:], "."); keys[cand] != (keyPos{}) {
				return cand
			}
		}
	}
	return plain
}

// tomlMessage turns a decoder error into one line without the "toml:"
// prefix. key is the key written on the error's line, if any: a message
// about a value names its key.
func tomlMessage(pe toml.ParseError, key string) string {
	msg := pe.Message
	msg = strings.TrimPrefix(msg, "toml: ")
	if i := strings.Index(msg, "): "); strings.HasPrefix(msg, "(last key") && i > 0 {
		msg = msg[i+3:]
	}
	if pe.LastKey != "" {
		key = pe.LastKey
	}
	if m := parsingTimeRE.FindStringSubmatch(msg); m != nil && key != "" {
		// A quoted string where a date-time belongs.
		v := m[1]
		if p := DateProblem(v); p != "" {
			return fmt.Sprintf("%s: %q is not a date: %s", key, v, p)
		}
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return fmt.Sprintf("%s: %q is a string: write the date-time without quotes, with a time zone, such as %s", key, v, t.Format(time.RFC3339))
		}
		return fmt.Sprintf("%s: %q is not a date-time such as 2025-03-14T09:00:00Z", key, v)
	}
	if m := invalidDatetimeRE.FindStringSubmatch(msg); m != nil && key != "" {
		if p := DateProblem(m[1]); p != "" {
			return fmt.Sprintf("%s: %s is not a date: %s", key, m[1], p)
		}
		return fmt.Sprintf("%s: %s is not a date-time such as 2025-03-14T09:00:00Z", key, m[1])
	}
	if m := bareWordRE.FindStringSubmatch(msg); m != nil && key != "" {
		switch strings.ToLower(m[1]) {
		case "yes", "no", "on", "off", "true", "false", "y", "n":
			return fmt.Sprintf("%s: %s is not a boolean: write true or false (lower case, without quotes)", key, m[1])
		}
		return fmt.Sprintf("%s: %s is not a TOML value: put text in quotes (\"%s\"), or write true, false, a number or a date", key, m[1], m[1])
	}
	if strings.HasPrefix(msg, "incompatible types:") && pe.LastKey != "" {
		msg = fmt.Sprintf("%s: %s", pe.LastKey, friendlyTypes(msg))
	}
	return "TOML: " + msg
}

var (
	parsingTimeRE     = regexp.MustCompile(`^parsing time "([^"]*)"`)
	invalidDatetimeRE = regexp.MustCompile(`^invalid datetime: "([^"]*)"`)
	bareWordRE        = regexp.MustCompile(`^expected value but found "([^"]*)" instead`)
)

// keyOnLine is the key of a "key = value" line of text (1-based), or "".
func keyOnLine(text string, line int) string {
	lines := strings.SplitN(text, "\n", line+1)
	if line < 1 || line > len(lines) {
		return ""
	}
	k, _, ok := strings.Cut(lines[line-1], "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" || strings.ContainsAny(k, "[]#\"'") {
		return ""
	}
	return k
}

var badTypeRE = regexp.MustCompile(`^incompatible types: TOML value has type (.+); destination has type (.+)$`)

func friendlyTypes(msg string) string {
	if m := badTypeRE.FindStringSubmatch(msg); m != nil {
		msg = "destination has type " + m[2] + ", not TOML value has type " + m[1]
	}
	r := strings.NewReplacer(
		"destination has type time.Time", "expected a date-time such as 2025-03-14T09:00:00Z",
		"destination has type primitive (string-like)", "expected a string",
		"destination has type string", "expected a string",
		"destination has type boolean", "expected true or false",
		"destination has type integer", "expected an integer",
		"destination has type slice", "expected an array",
		"destination has type map", "expected a table",
		"destination has type []string", "expected an array of strings",
		"destination has type ", "expected ",
		"TOML value has type ", "",
		"incompatible types: ", "",
	)
	return r.Replace(msg)
}

// fieldNames lists the TOML keys of the struct reached by path from t.
func fieldNames(t reflect.Type, path []string) []string {
	t = structAt(t, path)
	if t == nil {
		return nil
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag != "" && tag != "-" {
			names = append(names, strings.Split(tag, ",")[0])
		}
	}
	return names
}

func isKnown(t reflect.Type, path []string) bool { return structAt(t, path) != nil }

func structAt(t reflect.Type, path []string) reflect.Type {
	for _, p := range path {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Map { // a table of tables by name: translations.fr
			t = t.Elem()
			continue
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if strings.Split(t.Field(i).Tag.Get("toml"), ",")[0] == p {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// suggest returns the candidate closest to s, if it is close enough to be a
// likely misspelling.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), c)
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > len(s)/2 && bestD > 1 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	// Optimal string alignment distance: insertions, deletions,
	// substitutions and transpositions of adjacent letters.
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
