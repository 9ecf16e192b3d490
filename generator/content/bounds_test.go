package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func repeatLines(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

func TestCheckBounds(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "" when the file is within the limits
	}{
		{"dotted key", "x" + strings.Repeat(".a", 5000) + " = 1\n", "x.toml:1:17: key has more than 8 dotted parts"},
		{"dotted key with spaces and quotes", `a . "b.c" . 'd' . e . f . g . h . i . j = 1`, "x.toml:1:39: key has more than 8 dotted parts"},
		{"dotted key in an inline table", "x = {" + "a" + strings.Repeat(".a", 9) + " = 1}\n", "x.toml:1:22: key has more than 8 dotted parts"},
		{"table header", "[x" + strings.Repeat(".a", 5000) + "]\n", "x.toml:1:18: table name has more than 8 dotted parts"},
		{"array of tables header", "\n[[ x" + strings.Repeat(" . a", 8) + " ]]\n", "x.toml:2:36: table name has more than 8 dotted parts"},
		{"nested inline tables", "x = " + strings.Repeat("{a=", 4000) + "1" + strings.Repeat("}", 4000), "x.toml:1:15: nested more than 8 deep"},
		{"nested arrays", "x = " + strings.Repeat("[", 4000) + strings.Repeat("]", 4000), "x.toml:1:12: nested more than 8 deep"},
		{"nested over lines", "x = [\n [\n  [\n   [\n    [\n     [\n      [\n       [\n        [\n", "x.toml:8:8: nested more than 8 deep"},
		{"deep key under a deep table", "[a.b.c.d.e.f.g]\nh.i = 1\n", "x.toml:2:1: nested more than 8 deep"},
		{"many keys", repeatLines(MaxKeys+1, "k%d = 1\n"), fmt.Sprintf("x.toml:%d:1: more than 2000 keys in one record", MaxKeys+1)},
		{"many tables", strings.Repeat("[[evidence]]\n", MaxKeys+1), "x.toml:2001:1: more than 2000 keys"},
		{"many inline keys", "x = {" + repeatLines(MaxKeys, "k%d = 1, ") + "}", "more than 2000 keys"},
		{"many array elements", "tags = [" + strings.Repeat(`"t", `, MaxValues+1) + "]", "x.toml:1:50007: more than 10000 array elements"},
		{"many nested arrays", "x = [" + strings.Repeat(`[], `, MaxValues) + "]", "more than 10000 array elements"},
		{"long line", "narrative = \"" + strings.Repeat("a", MaxLineBytes) + "\"\n", "x.toml:1:32769: line is longer than 32768 bytes"},
		{"long line in a multi-line string", "narrative = \"\"\"\nok\n" + strings.Repeat("é", MaxLineBytes) + "\n\"\"\"\n", "x.toml:3:32769: line is longer"},
		{"long last line", "x = 1\n#" + strings.Repeat("#", MaxLineBytes), "x.toml:2:32769: line is longer"},

		// Within the limits, and what is in strings and comments does not count.
		{"eight parts", "a.b.c.d.e.f.g.h = 1\n", ""},
		{"eight deep", "[a.b]\nd = [{e = {f = 1}}]\n", ""},
		{"dots in strings", "x = \"" + strings.Repeat(".a", 5000) + "\"\n\"a.b.c.d.e.f.g.h.i.j\" = 1\n'a.b.c.d.e.f.g.h.i.j' = 2\n", ""},
		{"brackets in strings", "x = \"" + strings.Repeat("[{", 5000) + "\"\ny = '''\n" + strings.Repeat("[", 5000) + "\n'''\nz = \"\"\"\\\"\"\"[[[[[[[[[[\"\"\"\n", ""},
		{"brackets in comments", "x = [ # [[[[[[[[[[[[\n 1, # {{{{{{{{{{\n]\n" + strings.Repeat("# a.b.c.d.e.f.g.h.i.j = [[[[[[[[[[\n", 3), ""},
		{"escaped quote", `x = "\"[[[[[[[[[[[[[["` + "\n", ""},
		{"multi-line string with quotes at the end", "x = \"\"\"a\"\"\"\"\"\ny = [[[[1]]]]\n", ""},
		{"keys in a multi-line string", "narrative = \"\"\"\n" + repeatLines(MaxKeys+10, "k%d.a.b.c.d.e.f.g.h.i = 1\n") + "\"\"\"\n", ""},
		{"array elements", "tags = [\n" + strings.Repeat(`"t",`+"\n", MaxValues-1) + "]", ""},
		{"keys", repeatLines(MaxKeys, "k%d = 1\n"), ""},
		{"longest line", "narrative = \"" + strings.Repeat("a", MaxLineBytes-14) + "\"\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msg string
			if e := CheckBounds("x.toml", []byte(tt.src)); e != nil {
				msg = e.Error()
			}
			checkRefusal(t, msg, tt.want)
		})
	}
}

// checkRefusal checks a check's error message (empty when it accepted)
// against want (empty when it must accept).
func checkRefusal(t *testing.T, msg, want string) {
	t.Helper()
	switch {
	case want == "" && msg != "":
		t.Fatalf("refused: %s", msg)
	case want != "" && msg == "":
		t.Fatalf("accepted, want %q", want)
	case !strings.Contains(msg, want):
		t.Fatalf("got %q, want %q", msg, want)
	}
}

// TestCheckBoundsAcceptsExample checks every record of the example site
// against the limits, with room to spare.
func TestCheckBoundsAcceptsExample(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("..", "..", "content", "awards", "*", "*.toml"))
	files = append(files, filepath.Join("..", "..", "content", "site.toml"))
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("only %d example records", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if e := CheckBounds(f, data); e != nil {
			t.Errorf("example record refused: %v", e)
		}
	}
}

// TestBoundsKeepDecodingFast decodes the slowest records within the
// limits found so far. Each takes under 0.1 s of CPU; the bound here is
// generous for a busy machine, and far below the minutes such files took
// without the limits.
func TestBoundsKeepDecodingFast(t *testing.T) {
	worst := map[string]string{
		"2000 keys of 8 parts":    repeatLines(MaxKeys, "a%07d.b.c.d.e.f.g.h = 1\n"),
		"2000 tables of 8 parts":  repeatLines(MaxKeys, "[a%07d.b.c.d.e.f.g.h]\n"),
		"nested inline tables":    repeatLines(MaxKeys/4, "a%07d = {b={c={d=1}}}\n"),
		"inline tables in arrays": "x = [\n" + strings.Repeat("{},\n", MaxValues-1) + "]\n",
		"1 MB of comments":        strings.Repeat("#\n", MaxRecordBytes/2),
	}
	for name, src := range worst {
		if e := CheckBounds("x.toml", []byte(src)); e != nil {
			t.Fatalf("%s: refused: %v", name, e)
		}
		start := time.Now()
		var errs Errors
		parseAward("content/awards/x.toml", []byte(src), &errs, true)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: %v", name, d)
		}
	}
}

// FuzzCheckBounds checks that a file within the limits never holds a key
// with more parts, or more keys, than the limits allow, as the TOML
// decoder reads it.
func FuzzCheckBounds(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Add("a.b.c.d.e.f.g.h = 1\n[x.y]\nz = [{a = {b = [1]}}]\n")
	f.Add("x = \"\"\"a\\\"\"\"\"\"\ny = [[[[1]]]]\n")
	f.Add("x = {a.b = 1, c = [{d.e = 2}]}\n")
	f.Fuzz(func(t *testing.T, src string) {
		if CheckBounds("x.toml", []byte(src)) != nil {
			return
		}
		var v any
		md, err := toml.Decode(src, &v)
		if err != nil {
			return
		}
		keys := md.Keys()
		if len(keys) > MaxKeys {
			t.Fatalf("%d keys", len(keys))
		}
		for _, k := range keys {
			if len(k) > MaxDepth {
				t.Fatalf("key %q is %d deep", k, len(k))
			}
		}
	})
}
