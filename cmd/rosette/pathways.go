package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/termtext"
)

func pathwaysCommand() *command {
	return &command{
		name:    "pathways",
		summary: "list pathways and requirements, or the earners eligible for a badge",
		usage: `Usage: rosette pathways [--eligible] [--clock TIME] [-s DIR]

Lists the badge classes that build on others, with their requirements,
and the pathways of content/pathways/, each with its steps in order.

With --eligible, lists instead the earners who hold every requirement of
a badge class they do not hold yet, one per line: badge class, earner,
name. The issuer decides whether to award it. Only awards that name an
earner count, and only while they are valid at the clock (not revoked,
not expired, not issued later).

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --eligible         list the earners who meet a badge class's requirements
  --clock TIME       the time awards are valid at (default: now, or
                     SOURCE_DATE_EPOCH when set)

Examples:
  rosette pathways
  rosette pathways --eligible
`,
		run: runPathways,
	}
}

func runPathways(e *env, args []string) error {
	fs := newFlags("pathways")
	src := sourceFlag(fs)
	eligible := fs.Bool("eligible", false, "")
	var clockFlag string
	fs.StringVar(&clockFlag, "clock", "", "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	clock, err := buildClock(clockFlag, e.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src, AllowFuture: true}) // dates are checked by check and build
	if err != nil {
		return err
	}
	if *eligible {
		printEligible(e.stdout, s, s.HoldingsAt(clock))
		return nil
	}
	printPathways(e.stdout, s)
	return nil
}

// printPathways prints the requirements of every badge class that has
// some, then every pathway.
func printPathways(w io.Writer, s *content.Site) {
	n := 0
	for _, b := range s.Badges {
		if len(b.Requires) == 0 {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, "Requirements:")
		}
		n++
		var groups []string
		for _, r := range b.Requires {
			groups = append(groups, r.String())
		}
		fmt.Fprintf(w, "  %s (%s) requires %s\n", b.ID, termtext.Escape(b.Name), strings.Join(groups, "; and "))
	}
	if n == 0 {
		fmt.Fprintln(w, "No badge class has requirements.")
	}
	if len(s.Pathways) == 0 {
		fmt.Fprintln(w, "No pathway: add content/pathways/<id>.toml to present a route.")
		return
	}
	fmt.Fprintln(w, "\nPathways:")
	for _, p := range s.Pathways {
		fmt.Fprintf(w, "  %s: %s, leading to %s (%s)\n", p.ID, termtext.Escape(p.Name), p.Goal, termtext.Escape(s.Badge(p.Goal).Name))
		for i, id := range p.Steps {
			fmt.Fprintf(w, "    %d. %s (%s)\n", i+1, id, termtext.Escape(s.Badge(id).Name))
		}
	}
}

// printEligible prints the earners who meet a badge class's requirements
// without holding it.
func printEligible(w io.Writer, s *content.Site, h *content.Holdings) {
	list := h.Eligible()
	if len(list) == 0 {
		fmt.Fprintln(w, "No earner holds every requirement of a badge class they do not hold yet.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BADGE\tEARNER\tNAME")
	for _, el := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", el.Badge, el.Earner, termtext.Escape(s.Earner(el.Earner).Name))
	}
	tw.Flush()
}
