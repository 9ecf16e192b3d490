package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"rosette/generator"
	"rosette/generator/edit"
	"rosette/generator/notify"
	"rosette/generator/ob"
)

func importCommand() *command {
	return &command{
		name:    "import",
		summary: "award badges in bulk from a CSV file",
		usage: `Usage: rosette import FILE.csv [--badge ID] [--map-badge FOREIGN=ID]… [--date-format mdy|dmy]
                      [--names | --no-earners] [--ignore-column NAME]… [--skip-duplicates] [-s DIR]

Writes one award per row of FILE.csv, exactly as rosette award does: a
random id, a fresh salt, the salted hash of the address. Every row is
checked first; if any has a problem, all problems are reported as
FILE:line:column: message (the column is the field's number, or the
character's for a CSV syntax error) and nothing is written.

The first line names the columns, in any order, ignoring case and spaces:
  email          email, recipient email, recipient identifier
  name           name, recipient name, full name — or first name + last name
  badge          badge, badge id, badge name (an id or a badge class name)
  issued date    issued date, issue date, issued on, issued at date (default: now)
  expiry         expiry, expiration date, expires, expires at date
  evidence URL   evidence url, evidence
  evidence name  evidence name (of the evidence URL)
  evidence narrative, evidence description
  narrative      narrative
  earner         earner (an existing earner slug)
The files of Badgr / Canvas Credentials (its export and its bulk-award
template), Credly (its bulk-issue template), Accredible (its spreadsheet
template) and Open Badge Factory (its bulk-issuing CSV and its API's
fields) are recognised by their header, with their own column names
(Identifier, Text Evidence Name, Group Name, Criteria_add, …); see
docs/workflow.md. Their badge column holds
the platform's ids or names: a value that is neither a badge class id nor
a badge class name here is read as --map-badge says, else as --badge
(when the file has one such value), else refused. Their columns of
platform ids, settings and earner data that rosette does not publish
(Credly's Issuer Earner ID, Country, Locale, …) are ignored and listed
with the reason. Any other column that holds data (an Accredible custom
attribute such as Grade) stops the import, named, unless --ignore-column
names it: nothing in the file is dropped unseen. Dates are
2025-03-14, 2025-03-14T09:00:00Z or "Mar 14, 2025"; times without a zone
are UTC. Numeric dates such as 03/04/2025 or 3/4/25 read as
--date-format says; without it, a Credly file's are mm/dd/yy (its
template's form: 03/04/25 is 4 March) and any other file's are refused:
03/04/2025 is 4 March in the United States and 3 April in most other
places.
A UTF-8 byte order mark is skipped; ; separators are recognised.

A row whose address already holds its badge class (an award neither
revoked nor expired at the row's issue date) is imported with a warning,
or left out with --skip-duplicates.

A row with a name and no earner is linked to the earner of that exact
name. A name that no earner has yet is written only with --names, as a new
earner record (not public) with a slug made from the name (ada-okafor,
ada-okafor-2, …): the record puts the name in the repository, which a
public repository publishes, and the earner has not opted in. Without
--names those awards are written without an earner, and rosette says how
many names it left out. Keep the CSV out of the repository: it holds the
plaintext addresses.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --badge ID         badge class of rows whose badge column is empty or absent,
                     or holds a platform's id that no --map-badge maps
  --map-badge F=ID   read the platform's badge id or name F as badge class ID
                     (repeatable)
  --ignore-column N  leave out the column N and its data (repeatable)
  --names            write new earner records with the file's names
  --delivery FILE    the private delivery file for rosette notify, outside
                     the site (default: as rosette award's)
  --date-format mdy  numeric dates are month/day/year (a Credly file's default)
  --date-format dmy  numeric dates are day/month/year
  --no-earners       ignore names: create and link no earner records
  --skip-duplicates  leave out rows whose address already holds the badge

Examples:
  rosette import ~/awards-2025-spring.csv --badge git-foundations
  rosette import credly-bulk-issue.csv --badge git-foundations
  rosette import badgr-export.csv --map-badge Vb_dDr7UQ6yOqxv0u3QH4Q=git-foundations --names
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
	fs.BoolVar(&opts.Names, "names", false, "")
	delivery := deliveryFlag(fs)
	fs.Func("ignore-column", "", func(v string) error { opts.IgnoreColumns = append(opts.IgnoreColumns, v); return nil })
	fs.Func("map-badge", "", func(v string) error {
		foreign, id, ok := strings.Cut(v, "=")
		foreign, id = strings.TrimSpace(foreign), strings.TrimSpace(id)
		if !ok || foreign == "" || id == "" {
			return fmt.Errorf("want FOREIGN=ID, the platform's badge id or name and a badge class id, not %q", v)
		}
		if opts.MapBadge == nil {
			opts.MapBadge = map[string]string{}
		}
		if prev, dup := opts.MapBadge[foreign]; dup && prev != id {
			return fmt.Errorf("%s is mapped twice, to %s and %s", foreign, prev, id)
		}
		opts.MapBadge[foreign] = id
		return nil
	})
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if opts.DateOrder != "" && opts.DateOrder != edit.DateMDY && opts.DateOrder != edit.DateDMY {
		return usagef("--date-format %q: give %s (month/day/year) or %s (day/month/year)", opts.DateOrder, edit.DateMDY, edit.DateDMY)
	}
	if len(rest) != 1 {
		return usagef("give exactly one CSV file")
	}
	if opts.Names && opts.NoEarner {
		return usagef("--names writes earner records and --no-earners writes none: give one of them")
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src, AllowFuture: true}) // dates are checked by check and build
	if err != nil {
		return err
	}
	if opts.Badge != "" && s.Badge(opts.Badge) == nil {
		return fmt.Errorf("--badge: unknown badge %q; nothing was written", opts.Badge)
	}
	dpath, err := deliveryPath(e, s, *src, *delivery)
	if err != nil {
		return err
	}
	opts.Now = time.Now()
	res, err := edit.Import(s, filepath.ToSlash(rest[0]), data, opts, edit.NewRandom())
	if err != nil {
		return err
	}
	ds := make([]notify.Delivery, len(res.Awards))
	for i, p := range res.Awards {
		ds[i] = notify.Delivery{Award: p.ID, Email: res.Recipients[i].Email, Name: res.Recipients[i].Name, Badge: res.Recipients[i].Badge}
	}
	if err := writeDeliveries(dpath, ds); err != nil {
		return err
	}
	if err := edit.WriteAll(*src, append(append([]edit.Planned(nil), res.Earners...), res.Awards...)); err != nil {
		return err
	}
	if res.Dialect != "" {
		kind := " export"
		if strings.HasSuffix(res.Dialect, " template") {
			kind = "" // a template the platform gives for uploads, not an export
		}
		fmt.Fprintf(e.stdout, "Read as %s%s\n", res.Dialect, kind)
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(e.stdout, "Read columns: %s\n", strings.Join(res.Notes, ", "))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(e.stdout, "Ignored columns: %s\n", strings.Join(groupReasons(res.Ignored), ", "))
	}
	for _, d := range res.Duplicates {
		if d.Skipped {
			fmt.Fprintf(e.stdout, "line %d: skipped: %s\n", d.Line, d)
		} else {
			fmt.Fprintf(e.stderr, "rosette import: warning: %s:%d: %s; imported again (--skip-duplicates would skip it)\n", rest[0], d.Line, d)
		}
	}
	if res.Unnamed > 0 {
		fmt.Fprintf(e.stdout, "Left out %s: no earner has %s yet, and a new earner record would put %s in the repository, which a public repository publishes, without %s consent; give --names to write them (as profiles that are not public), or create the earners with rosette new earner\n",
			plural(res.Unnamed, "name"), pick(res.Unnamed, "this name", "these names"), pick(res.Unnamed, "it", "them"), pick(res.Unnamed, "the earner's", "the earners'"))
	}
	for _, f := range res.Earners {
		fmt.Fprintf(e.stdout, "Wrote %s\n", f.Path)
	}
	g := ob.New(s)
	for i, f := range res.Awards {
		fmt.Fprintf(e.stdout, "line %d: %s %s\n", res.Rows[i], f.Path, g.URL("assertions/"+f.ID+"/"))
	}
	fmt.Fprintf(e.stdout, "Imported %s and %s from %s\n", plural(len(res.Awards), "award"), plural(len(res.Earners), "new earner"), rest[0])
	if len(ds) > 0 {
		printDelivery(e, dpath)
	}
	return nil
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupReasons joins consecutive "column (reason)" entries that give the
// same reason: "a, b (reason)".
func groupReasons(entries []string) []string {
	var out []string
	lastWhy := ""
	for _, en := range entries {
		i := strings.Index(en, " (")
		if i < 0 {
			out, lastWhy = append(out, en), ""
			continue
		}
		name, why := en[:i], en[i:]
		if why == lastWhy && len(out) > 0 {
			prev := out[len(out)-1]
			out[len(out)-1] = strings.TrimSuffix(prev, why) + ", " + name + why
			continue
		}
		out, lastWhy = append(out, en), why
	}
	return out
}
