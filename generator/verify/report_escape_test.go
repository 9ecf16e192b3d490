package verify

import (
	"strings"
	"testing"
)

// TestWriteTextEscapes checks that what an assertion or a server said is
// printed with its control characters escaped.
func TestWriteTextEscapes(t *testing.T) {
	r := &Report{
		Verdict:   Invalid,
		Input:     "url",
		Assertion: "https://x.example/a\x1b]0;owned\x07.json",
		Checks:    []Check{{Rule: "id", OK: false, Message: "id \u202egnp.json\r\nVerdict: VALID"}},
	}
	var b strings.Builder
	r.WriteText(&b)
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\u202e\r") || strings.Count(out, "\n") != 3 || !strings.Contains(out, `\x1b]0;owned\x07`) {
		t.Errorf("WriteText printed:\n%q", out)
	}
}
