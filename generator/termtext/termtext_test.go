package termtext

import "testing"

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"content/awards/x.toml": "content/awards/x.toml",
		"naïve ✓ \\ path":       "naïve ✓ \\ path",
		"a\x1b[31mred\x1b[0m":   `a\x1b[31mred\x1b[0m`,
		"two\nlines\r\tand\x00": `two\nlines\r\tand\x00`,
		"c1\u009b31m":           `c1\x9b31m`,
		"bidi\u202egnp.exe":     `bidi\u202egnp.exe`,
		"isolate\u2066x\u2069":  `isolate\u2066x\u2069`,
		"bad\xffutf8":           `bad\xffutf8`,
		"del\x7f":               `del\x7f`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := EscapeMessage("line 1\n\tline 2\x1b]0;title\x07"), "line 1\n\tline 2\\x1b]0;title\\x07"; got != want {
		t.Errorf("EscapeMessage = %q, want %q", got, want)
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("a\x1b[0m\n\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Escape(s), EscapeMessage(s)} {
			for i, r := range out {
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
					t.Fatalf("%q escaped to %q: %U at %d", s, out, r, i)
				}
			}
		}
		for _, r := range Escape(s) {
			if r == '\n' || r == '\t' {
				t.Fatalf("Escape(%q) kept a newline or tab", s)
			}
		}
	})
}

func TestEscapeJSON(t *testing.T) {
	in := "{\n\t\"file\": \"a\u009b1m\u202eb\xff\"\n}"
	want := "{\n\t\"file\": \"a\\u009b1m\\u202eb\\ufffd\"\n}"
	if got := string(EscapeJSON([]byte(in))); got != want {
		t.Errorf("EscapeJSON = %q, want %q", got, want)
	}
}
