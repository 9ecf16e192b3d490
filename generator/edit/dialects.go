package edit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"rosette/generator/content"
)

// A dialect is the CSV export of a badge platform, recognised by its
// header: the names it gives columns rosette imports, the columns that
// name the badge class (best first: a name before the platform's own id),
// and its columns of platform ids and settings that rosette ignores, each
// with the reason it gives.
type dialect struct {
	name    string
	detect  func(has func(string) bool) bool
	columns map[string]int
	badge   []string
	known   map[string]string
}

// dialects are the platforms whose exports import recognises, in the
// order they are tried. Header names are normalised (normHeader).
var dialects = []*dialect{
	{
		name:   "Badgr / Canvas Credentials",
		detect: func(has func(string) bool) bool { return has("badge class id") && has("identifier") },
		columns: map[string]int{
			"identifier": colEmail, "first name": colFirst, "last name": colLast,
			"narrative": colNarrative, "evidence narrative": colEvidenceNarrative, "evidence url": colEvidence,
			"issue date": colIssued, "expiration date": colExpires,
		},
		badge: []string{"badge class name", "badge class", "badge class id"},
		known: map[string]string{
			"assertion id": "Badgr's id of the award: rosette draws its own",
			"entity id":    "Badgr's id of the award: rosette draws its own",
			"issuer id":    "Badgr's id of the issuer: the badge class names the issuer here",
			"issuer name":  "the badge class names the issuer here",
		},
	},
	{
		name:   "Credly",
		detect: func(has func(string) bool) bool { return has("badge template id") || has("issued to first name") },
		columns: map[string]int{
			"recipient email": colEmail, "issued to first name": colFirst, "issued to last name": colLast,
			"issued at date": colIssued, "issued at": colIssued, "expires at date": colExpires, "expires at": colExpires,
			"evidence name": colEvidenceName, "evidence url": colEvidence, "evidence description": colEvidenceDescription,
			"evidence narrative": colEvidenceNarrative, "evidence text": colEvidenceNarrative, "text evidence": colEvidenceNarrative,
		},
		badge: []string{"badge template name", "badge name", "badge template id"},
		known: map[string]string{
			"issuer earner id": "the issuer's own id of the earner at Credly: not published",
			"group tag":        "a Credly label for grouping awards",
			"locale":           "the language of Credly's own notification mail",
			"badge id":         "Credly's id of the issued badge: rosette draws its own",
		},
	},
	{
		name: "Accredible",
		detect: func(has func(string) bool) bool {
			return has("recipient email") && (has("group name") || has("group id") || has("credential id"))
		},
		columns: map[string]int{
			"recipient name": colName, "recipient email": colEmail,
			"issue date": colIssued, "issued on": colIssued, "expiry date": colExpires, "expires on": colExpires,
			"evidence url": colEvidence, "evidence name": colEvidenceName,
		},
		badge: []string{"group name", "course name", "group id"},
		known: map[string]string{
			"credential id":  "Accredible's id of the credential: rosette draws its own",
			"id":             "Accredible's id of the credential: rosette draws its own",
			"credential url": "the credential's page at Accredible: the award gets its own",
			"url":            "the credential's page at Accredible: the award gets its own",
			"approved":       "Accredible's publication flag: an award here is published when it is merged",
			"private":        "Accredible's visibility flag: an award page here is reachable by its unguessable URL only",
		},
	},
	{
		name:   "Open Badge Factory",
		detect: func(has func(string) bool) bool { return has("event id") || (has("badge id") && has("recipient")) },
		columns: map[string]int{
			"recipient": colEmail, "recipient email": colEmail, "recipient name": colName,
			"issued on": colIssued, "issued": colIssued, "issue date": colIssued,
			"expires": colExpires, "expires on": colExpires, "expiration date": colExpires,
			"evidence url": colEvidence, "evidence name": colEvidenceName, "evidence narrative": colEvidenceNarrative,
		},
		badge: []string{"badge name", "badge", "badge id"},
		known: map[string]string{
			"event id":        "Open Badge Factory's id of the issuing event",
			"client id":       "Open Badge Factory's id of the issuer account",
			"issuer id":       "Open Badge Factory's id of the issuer account",
			"email subject":   "Open Badge Factory's notification mail: rosette notify uses the theme's mail templates",
			"email body":      "Open Badge Factory's notification mail: rosette notify uses the theme's mail templates",
			"email link text": "Open Badge Factory's notification mail: rosette notify uses the theme's mail templates",
			"email footer":    "Open Badge Factory's notification mail: rosette notify uses the theme's mail templates",
		},
	},
}

// normHeader normalises a header cell: lower case, and the separators
// space, tab, - _ . between words taken as one space.
func normHeader(h string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.' || r == '\t'
	}), " ")
}

// detectDialect returns the platform whose export has this header, or nil.
func detectDialect(header []string) *dialect {
	names := map[string]bool{}
	for _, h := range header {
		names[normHeader(h)] = true
	}
	has := func(n string) bool { return names[n] }
	for _, d := range dialects {
		if d.detect(has) {
			return d
		}
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
