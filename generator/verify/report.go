package verify

import (
	"fmt"
	"io"
	"strings"

	"rosette/generator/termtext"
)

// WriteText prints a report for people: one line per check, then the
// verdict. What came from the assertion or a server (ids, messages that
// quote them) is printed with its control characters escaped
// (termtext.Escape).
func (r *Report) WriteText(w io.Writer) {
	kind := "hosted"
	if r.Signed {
		kind = "signed"
	}
	switch {
	case r.Assertion != "" && r.Standard == "Open Badges 3.0":
		fmt.Fprintf(w, "Credential %s (Open Badges 3.0, %s, from %s)\n", termtext.Escape(r.Assertion), kind, termtext.Escape(orNone(r.Input)))
	case r.Endorsement != "":
		fmt.Fprintf(w, "Endorsement %s of %s (hosted, from %s)\n", termtext.Escape(r.Endorsement), termtext.Escape(orNone(r.Claim)), termtext.Escape(orNone(r.Input)))
	case r.Assertion != "":
		fmt.Fprintf(w, "Assertion %s (%s, from %s)\n", termtext.Escape(r.Assertion), kind, termtext.Escape(orNone(r.Input)))
	}
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(termtext.Escape(c.Rule)))
	}
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s  %-*s  %s\n", mark, width, termtext.Escape(c.Rule), termtext.Escape(c.Message))
	}
	fmt.Fprintf(w, "Verdict: %s\n", termtext.Escape(strings.ToUpper(r.Verdict)))
}
