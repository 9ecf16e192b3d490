package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"rosette/generator"
	"rosette/generator/edit"
	"rosette/generator/ob"
)

func importCommand() *command {
	return &command{
		name:    "import",
		summary: "award badges in bulk from a CSV file",
		usage: `Usage: rosette import FILE.csv [--badge ID] [--date-format mdy|dmy] [--no-earners] [-s DIR]

Writes one award per row of FILE.csv, exactly as rosette award does: a
random id, a fresh salt, the salted hash of the address. Every row is
checked first; if any has a problem, all problems are reported as
FILE:line:column: message (the column is the field's number, or the
character's for a CSV syntax error) and nothing is written.

The first line names the columns, in any order, ignoring case and spaces;
the names Credly and Badgr exports use are understood:
  email          email, recipient email, recipient identifier
  name           name, recipient name, full name — or first name + last name
  badge          badge, badge id, badge name (an id or a badge class name)
  issued date    issued date, issue date, issued on, issued at date (default: now)
  expiry         expiry, expiration date, expires, expires at date
  evidence URL   evidence url, evidence
  evidence name  evidence name (of the evidence URL)
  narrative      narrative
  earner         earner (an existing earner slug)
Other columns are ignored and listed; so is Credly's Badge Template ID,
which holds Credly's ids, not badge ids: give --badge. Dates are
2025-03-14, 2025-03-14T09:00:00Z or "Mar 14, 2025"; times without a zone
are UTC. Numeric dates such as 03/04/2025 or 3/4/25 (Credly's) read as
--date-format says, and are refused without it: 03/04/2025 is 4 March
in the United States and 3 April in most other places.
A UTF-8 byte order mark is skipped; ; separators are recognised.

A row whose address already holds its badge class (an award neither
revoked nor expired at the row's issue date) is imported with a warning,
or left out with --skip-duplicates.

A row with a name and no earner is linked to the earner of that exact
name, or gets a new earner record (not public) with a slug made from the
name (ada-okafor, ada-okafor-2, …). Keep the CSV out of the repository:
it holds the plaintext addresses.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --badge ID         badge class of rows whose badge column is empty or absent
  --date-format mdy  numeric dates are month/day/year, as in Credly's exports
  --date-format dmy  numeric dates are day/month/year
  --no-earners       ignore names: create and link no earner records
  --skip-duplicates  leave out rows whose address already holds the badge

Examples:
  rosette import ~/awards-2025-spring.csv --badge git-foundations
  rosette import credly-bulk-issue.csv --badge git-foundations --date-format mdy
`,
		run: runImport,
	}
}

func runImport(e *env, args []string) error {
	fs := newFlags("import")
	src := sourceFlag(fs)
	var opts edit.ImportOptions
	fs.StringVar(&opts.Badge, "badge", "", "")
	fs.BoolVar(&opts.NoEarner, "no-earners", false, "")
	fs.StringVar(&opts.DateOrder, "date-format", "", "")
	fs.BoolVar(&opts.SkipDuplicates, "skip-duplicates", false, "")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if opts.DateOrder != "" && opts.DateOrder != edit.DateMDY && opts.DateOrder != edit.DateDMY {
		return usagef("--date-format %q: give %s (month/day/year) or %s (day/month/year)", opts.DateOrder, edit.DateMDY, edit.DateDMY)
	}
	if len(rest) != 1 {
		return usagef("give exactly one CSV file")
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src})
	if err != nil {
		return err
	}
	if opts.Badge != "" && s.Badge(opts.Badge) == nil {
		return fmt.Errorf("--badge: unknown badge %q; nothing was written", opts.Badge)
	}
	opts.Now = time.Now()
	res, err := edit.Import(s, filepath.ToSlash(rest[0]), data, opts, edit.NewRandom())
	if err != nil {
		return err
	}
	if err := edit.WriteAll(*src, append(append([]edit.Planned(nil), res.Earners...), res.Awards...)); err != nil {
		return err
	}
	for _, d := range res.Duplicates {
		if d.Skipped {
			fmt.Fprintf(e.stdout, "line %d: skipped: %s\n", d.Line, d)
		} else {
			fmt.Fprintf(e.stderr, "rosette import: warning: %s:%d: %s; imported again (--skip-duplicates would skip it)\n", rest[0], d.Line, d)
		}
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(e.stdout, "Ignored columns: %s\n", strings.Join(res.Ignored, ", "))
	}
	for _, f := range res.Earners {
		fmt.Fprintf(e.stdout, "Wrote %s\n", f.Path)
	}
	g := ob.New(s)
	for i, f := range res.Awards {
		fmt.Fprintf(e.stdout, "line %d: %s %s\n", res.Rows[i], f.Path, g.URL("assertions/"+f.ID+"/"))
	}
	fmt.Fprintf(e.stdout, "Imported %s and %s from %s\n", plural(len(res.Awards), "award"), plural(len(res.Earners), "new earner"), rest[0])
	return nil
}
