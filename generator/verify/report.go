package verify

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints a report for people: one line per check, then the
// verdict.
func (r *Report) WriteText(w io.Writer) {
	kind := "hosted"
	if r.Signed {
		kind = "signed"
	}
	switch {
	case r.Assertion != "" && r.Standard == "Open Badges 3.0":
		fmt.Fprintf(w, "Credential %s (Open Badges 3.0, %s, from %s)\n", r.Assertion, kind, orNone(r.Input))
	case r.Assertion != "":
		fmt.Fprintf(w, "Assertion %s (%s, from %s)\n", r.Assertion, kind, orNone(r.Input))
	}
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(c.Rule))
	}
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s  %-*s  %s\n", mark, width, c.Rule, c.Message)
	}
	fmt.Fprintf(w, "Verdict: %s\n", strings.ToUpper(r.Verdict))
}
