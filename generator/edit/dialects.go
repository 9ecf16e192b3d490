package edit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"rosette/generator/content"
)

// A dialect is the CSV export or bulk-issue template of a badge
// platform, recognised by its header: the names it gives columns rosette
// imports, the columns that name the badge class (best first: a name
// before the platform's own id), its columns that rosette reads in a way
// worth saying (notes), its columns of platform ids and settings that
// rosette ignores, each with the reason it gives, and how it writes dates.
type dialect struct {
	name    string
	detect  func(has func(string) bool, header []string) bool
	columns map[string]int
	badge   []string
	notes   map[string]string
	known   map[string]string

	// dateOrder reads the platform's numeric dates when --date-format is
	// not given, and dateForm says how they are written, for errors.
	dateOrder, dateForm string
	// unixDates reads a date of digits alone as seconds since 1970.
	unixDates bool
}

// The reasons given for columns rosette ignores.
const (
	whyPlatformMail = "%s's notification mail: rosette notify mails from the theme's templates, in the site's language"
	whyEarnerData   = "earner data that rosette does not publish"
)

// dialects are the platforms whose files import recognises. The header
// names are those of the platforms' help pages, normalised (normHeader);
// detection needs a column no other dialect has, so that a header is
// one platform's at most (TestDialectDetection).
var dialects = []*dialect{
	{
		name:   "Badgr / Canvas Credentials",
		detect: func(has func(string) bool, _ []string) bool { return has("badge class id") && has("identifier") },
		columns: map[string]int{
			"identifier": colEmail, "first name": colFirst, "last name": colLast,
			"narrative": colNarrative, "evidence narrative": colEvidenceNarrative, "evidence url": colEvidence,
			"issue date": colIssued, "expiration date": colExpires,
		},
		badge: []string{"badge class id"},
	},
	{
		// Badgr's bulk-award template: the badge class is the one being
		// awarded, so --badge names it.
		name: "Badgr bulk-award template",
		detect: func(has func(string) bool, header []string) bool {
			for _, h := range header {
				if n := normHeader(h); n != "email" && n != "evidence" && n != "narrative" {
					return false
				}
			}
			return has("email") && has("evidence")
		},
		columns: map[string]int{"email": colEmail, "evidence": colEvidence, "narrative": colNarrative},
	},
	{
		name:   "Credly",
		detect: func(has func(string) bool, _ []string) bool { return has("badge template id") },
		columns: map[string]int{
			"recipient email": colEmail, "first name": colFirst, "last name": colLast,
			"issued at date": colIssued, "expiration date": colExpires,
			"evidence name": colEvidenceName, "evidence url": colEvidence,
			"text evidence name": colTextEvidenceName, "text evidence url": colTextEvidence, "text evidence": colTextEvidence,
			"id evidence title": colIDEvidenceTitle, "id evidence description": colIDEvidenceDescription,
		},
		badge: []string{"badge template id"},
		known: map[string]string{
			"issuer earner id":  "the issuer's own id of the earner at Credly: not published",
			"country":           whyEarnerData,
			"state or province": whyEarnerData,
			"locale":            fmt.Sprintf(whyPlatformMail, "the language of Credly"),
			"group tag":         "Credly's tag for a group of issued badges, used to replace them there: rosette has no such groups",
		},
		dateOrder: DateMDY,
		dateForm:  "mm/dd/yy, as in Credly's bulk-issue template",
	},
	{
		name: "Accredible",
		detect: func(has func(string) bool, _ []string) bool {
			return has("recipient email") && has("recipient name") && (has("group name") || has("group id"))
		},
		columns: map[string]int{
			"recipient name": colName, "recipient email": colEmail,
			"issued on": colIssued, "issue date": colIssued, "expiry date": colExpires, "expires on": colExpires,
		},
		badge: []string{"group name", "group id"},
	},
	{
		// Open Badge Factory's bulk-issuing CSV and the fields of its API's
		// issue call, whose dates are seconds since 1970.
		name: "Open Badge Factory",
		detect: func(has func(string) bool, _ []string) bool {
			return has("criteria add") || has("log entry") || has("email link text") || has("email footer") ||
				has("badge override") || (has("recipient") && has("issued on"))
		},
		columns: map[string]int{
			"recipient": colEmail, "email": colEmail, "recipient email": colEmail,
			"first name": colFirst, "last name": colLast,
			"issued on": colIssued, "issue date": colIssued, "expires": colExpires, "expiry": colExpires, "expiry date": colExpires,
			"criteria add": colNarrative,
		},
		notes: map[string]string{
			"criteria add": "read as the award's narrative: Open Badge Factory adds it to the badge's criteria, about this award",
		},
		known: map[string]string{
			"email subject":   fmt.Sprintf(whyPlatformMail, "Open Badge Factory"),
			"email body":      fmt.Sprintf(whyPlatformMail, "Open Badge Factory"),
			"email link text": fmt.Sprintf(whyPlatformMail, "Open Badge Factory"),
			"email footer":    fmt.Sprintf(whyPlatformMail, "Open Badge Factory"),
			"log entry":       "Open Badge Factory's private note in its issuing log: not published",
		},
		unixDates: true,
	},
}

// normHeader normalises a header cell: lower case, and the separators
// space, tab, - _ . between words taken as one space.
func normHeader(h string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.' || r == '\t'
	}), " ")
}

// matchDialects returns the platforms whose file has this header.
func matchDialects(header []string) []*dialect {
	names := map[string]bool{}
	for _, h := range header {
		names[normHeader(h)] = true
	}
	has := func(n string) bool { return names[n] }
	var out []*dialect
	for _, d := range dialects {
		if d.detect(has, header) {
			out = append(out, d)
		}
	}
	return out
}

// detectDialect returns the platform whose file has this header, or nil
// when it is no platform's or, against the design, several platforms'.
func detectDialect(header []string) *dialect {
	if ds := matchDialects(header); len(ds) == 1 {
		return ds[0]
	}
	return nil
}

// columnProblem is a problem with the header, at a 1-based column.
type columnProblem struct {
	col int
	msg string
}

// planColumns maps the header to columns. Every column is accounted
// for: it maps, or it is a platform's column that rosette ignores and
// says why (res.Ignored), or it holds no data, or --ignore-column names
// it; any other column holding data is a problem, so that nothing in the
// file is dropped unseen.
//
// foreign is set when the badge column is the platform's, whose values
// --badge may stand for.
func planColumns(header []string, hasData []bool, opts ImportOptions, res *Imported) (cols [numCols]int, foreign bool, probs []columnProblem) {
	for i := range cols {
		cols[i] = -1
	}
	d := detectDialect(header)
	if d != nil {
		res.Dialect = d.name
	}
	mapped := func(n, h string) int {
		if d != nil {
			if c, ok := d.columns[n]; ok {
				return c
			}
		}
		return columnOf(h)
	}
	// The badge column: our own name for it first, then the platform's
	// names in its order, then any other column that names a badge.
	rank := func(i int) int {
		n := normHeader(header[i])
		if d != nil {
			for r, b := range d.badge {
				if n == b {
					return 1 + r
				}
			}
		}
		if n == "badge" || n == "badge id" {
			return 0
		}
		if mapped(n, header[i]) == colBadge {
			return 100 + i
		}
		return -1
	}
	for i := range header {
		if r := rank(i); r >= 0 && (cols[colBadge] < 0 || r < rank(cols[colBadge])) {
			cols[colBadge] = i
		}
	}
	foreign = cols[colBadge] >= 0 && rank(cols[colBadge]) > 0 && d != nil
	ignore := map[string]bool{}
	for _, n := range opts.IgnoreColumns {
		ignore[normHeader(n)] = true
	}
	for i, h := range header {
		n := normHeader(h)
		if i == cols[colBadge] {
			continue
		}
		if ignore[n] {
			res.Ignored = append(res.Ignored, strings.TrimSpace(h)+" (--ignore-column)")
			continue
		}
		if d != nil && d.known[n] != "" {
			res.Ignored = append(res.Ignored, fmt.Sprintf("%s (%s)", strings.TrimSpace(h), d.known[n]))
			continue
		}
		if rank(i) >= 0 {
			res.Ignored = append(res.Ignored, fmt.Sprintf("%s (the badge class is read from %q)", strings.TrimSpace(h), strings.TrimSpace(header[cols[colBadge]])))
			continue
		}
		c := mapped(n, h)
		if c >= 0 && cols[c] < 0 && d != nil && d.notes[n] != "" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s (%s)", strings.TrimSpace(h), d.notes[n]))
		}
		switch {
		case c >= 0 && cols[c] >= 0:
			probs = append(probs, columnProblem{i + 1, fmt.Sprintf("column %q repeats column %d (%q), both read as %s", h, cols[c]+1, header[cols[c]], colNames[c])})
		case c >= 0:
			cols[c] = i
		case !hasData[i]:
			if n != "" {
				res.Ignored = append(res.Ignored, strings.TrimSpace(h)+" (empty)")
			}
		default:
			name := strings.TrimSpace(h)
			if name == "" {
				name = fmt.Sprintf("column %d", i+1)
			}
			probs = append(probs, columnProblem{i + 1, fmt.Sprintf("column %q holds data that rosette does not import%s: remove the column, or give --ignore-column %q to leave it out", name, nearestHeader(n, knownHeaders(d)), name)})
		}
	}
	return cols, foreign, probs
}

// nearestHeader suggests the known header nearest to n, when it is a
// likely misspelling (a quarter of its letters differ at most).
func nearestHeader(n string, known []string) string {
	best, bestD := "", max(1, len(n)/4)+1
	for _, k := range known {
		if d := distance(n, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// knownHeaders lists the header names that map to a column.
func knownHeaders(d *dialect) []string {
	ids := []string{"email", "name", "first name", "last name", "badge", "earner", "issued date", "expiry", "evidence url", "evidence name", "evidence narrative", "evidence description", "narrative"}
	if d != nil {
		for n := range d.columns {
			ids = append(ids, n)
		}
		ids = append(ids, d.badge...)
	}
	sort.Strings(ids)
	return ids
}

// columnsWithData reports, for each column of the header, whether any row
// has a value in it. Rows that do not parse are left to the import to
// report.
func columnsWithData(data []byte, comma rune, n int) []bool {
	out := make([]bool, n)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return out
	}
	for {
		rec, err := r.Read()
		if err != nil {
			return out
		}
		for i, v := range rec {
			if i < n && strings.TrimSpace(v) != "" {
				out[i] = true
			}
		}
	}
}

// badgeResolver reads the badge column: --map-badge, then a badge class
// id or name, then, in a platform's badge column, --badge for a value it
// cannot map. (A value of a column of ours that is no badge class is a
// mistake: --badge does not stand for it.)
type badgeResolver struct {
	site     *content.Site
	opts     ImportOptions
	foreign  bool
	fallback map[string]int // values read as --badge, by first line
}

func (br *badgeResolver) resolve(v string, line int) (string, string) {
	if v == "" {
		return findBadge(br.site, br.opts.Badge)
	}
	if id, ok := br.opts.MapBadge[v]; ok {
		return id, ""
	}
	id, msg := findBadge(br.site, v)
	switch {
	case msg == "":
		return id, ""
	case br.opts.Badge != "" && br.foreign:
		if _, ok := br.fallback[v]; !ok {
			br.fallback[v] = line
		}
		return br.opts.Badge, ""
	}
	if !br.foreign {
		return "", msg
	}
	return "", fmt.Sprintf("%s: map it with --map-badge %s=ID, or give --badge ID", msg, quoteArg(v))
}

// check reports --badge standing for several different values.
func (br *badgeResolver) check() string {
	if len(br.fallback) < 2 {
		return ""
	}
	vals := make([]string, 0, len(br.fallback))
	for v := range br.fallback {
		vals = append(vals, fmt.Sprintf("%q (line %d)", v, br.fallback[v]))
	}
	sort.Strings(vals)
	return fmt.Sprintf("--badge %s would stand for %d different badges of the file: %s; map each with --map-badge FOREIGN=ID", br.opts.Badge, len(vals), strings.Join(vals, ", "))
}

// quoteArg quotes v for a shell when it needs it.
func quoteArg(v string) string {
	if strings.ContainsAny(v, " \t\"'$`\\;&|<>()*?![]{}~#") {
		return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
	}
	return v
}

// checkMapBadge reports --map-badge targets that are not badge classes.
func checkMapBadge(s *content.Site, m map[string]string) error {
	foreign := make([]string, 0, len(m))
	for f := range m {
		foreign = append(foreign, f)
	}
	sort.Strings(foreign)
	for _, f := range foreign {
		if s.Badge(m[f]) == nil {
			return fmt.Errorf("--map-badge %s=%s: unknown badge %q%s; nothing was written", f, m[f], m[f], didYouMean(m[f], badgeIDs(s)))
		}
	}
	return nil
}

// dropNewNames clears the name of every row that would create an earner
// record (a name that no earner has), and returns how many names that
// is. A new earner record puts the name in the repository, which a public
// repository publishes, and these earners have not opted in.
func dropNewNames(s *content.Site, rows []importRow) int {
	names := map[string]bool{}
	for _, e := range s.Earners {
		names[e.Name] = true
	}
	dropped := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if r.name != "" && r.award.Earner == "" && !names[r.name] {
			dropped[r.name+"\x00"+strings.ToLower(strings.TrimSpace(r.award.Email))] = true
			r.name = ""
		}
	}
	return len(dropped)
}
