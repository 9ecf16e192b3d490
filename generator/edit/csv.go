package edit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"rosette/generator/content"
)

// Columns an import understands, by the normalised header names that
// Credly, Badgr and spreadsheet users already have.
const (
	colEmail = iota
	colName
	colFirst
	colLast
	colBadge
	colEarner
	colIssued
	colExpires
	colEvidence
	colEvidenceName
	colNarrative
	colEvidenceNarrative
	colEvidenceDescription
	colTextEvidenceName      // Credly's text evidence: a name,
	colTextEvidence          // and a text, or a URL
	colIDEvidenceTitle       // Credly's ID evidence: a title,
	colIDEvidenceDescription // and its text
	numCols
)

var colNames = [numCols]string{"email", "name", "first name", "last name", "badge", "earner", "issued date", "expiry", "evidence URL", "evidence name", "narrative", "evidence narrative", "evidence description", "text evidence name", "text evidence", "ID evidence title", "ID evidence description"}

// columnOf maps a header cell to a column, or -1. Case, surrounding space
// and the separators - _ . are ignored. Credly's "Badge Template ID" is
// not a badge column: it holds Credly's ids, which are not badge ids here.
func columnOf(header string) int {
	h := strings.Join(strings.FieldsFunc(strings.ToLower(header), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.' || r == '\t'
	}), " ")
	switch h {
	case "email", "e mail", "email address", "recipient email", "recipient email address", "recipient", "recipient identity", "recipient identifier", "identifier", "earner email", "user email":
		return colEmail
	case "name", "full name", "recipient name", "earner name":
		return colName
	case "first name", "firstname", "given name", "recipient first name", "earner first name", "issued to first name":
		return colFirst
	case "last name", "lastname", "surname", "family name", "recipient last name", "earner last name", "issued to last name":
		return colLast
	case "badge", "badge id", "badge class", "badge class id", "badgeclass", "badge name", "badge template name":
		return colBadge
	case "earner", "earner id", "earner slug":
		return colEarner
	case "issued date", "issue date", "issued", "issued on", "issued at", "issued at date", "date issued", "issuance date", "issued date (utc)", "date":
		return colIssued
	case "expiry", "expiry date", "expiration", "expiration date", "expires", "expires at", "expires at date", "expires on", "expiry date (utc)":
		return colExpires
	case "evidence url", "evidence", "evidence link", "evidence urls":
		return colEvidence
	case "evidence name", "evidence title":
		return colEvidenceName
	case "narrative", "award narrative":
		return colNarrative
	case "evidence narrative":
		return colEvidenceNarrative
	case "evidence description":
		return colEvidenceDescription
	}
	return -1
}

// ImportOptions configure an import.
type ImportOptions struct {
	Badge     string    // badge class of rows without a badge column value
	NoEarner  bool      // ignore name columns: create and link no earners
	Now       time.Time // issue date of rows without one
	DateOrder string    // how numeric dates such as 03/04/2025 read: "" (refused), DateMDY or DateDMY

	SkipDuplicates bool // leave out rows whose address already holds the badge

	MapBadge      map[string]string // a platform's badge id or name → badge class id
	IgnoreColumns []string          // header cells of columns to leave out
	Names         bool              // write new earner records with the names of the file
}

// Orders of numeric dates (ImportOptions.DateOrder). Without one, a date
// such as 03/04/2025 is refused: it is 4 March in the United States (and
// in Credly's exports) and 3 April in most other places.
const (
	DateMDY = "mdy" // month/day/year: 03/14/2025, 3/14/25
	DateDMY = "dmy" // day/month/year: 14/03/2025, 14.03.2025
)

// Imported is what an import would write.
type Imported struct {
	Awards  []Planned // one per row, in row order
	Rows    []int     // the CSV line of each award
	Earners []Planned // new earner records
	Ignored []string  // header cells of columns that were ignored

	Notes []string // header cells of columns read in a way worth saying, with how

	Duplicates []Duplicate // rows whose address already holds the badge
	Dialect    string      // the platform whose export the file is, if recognised
	Unnamed    int         // names not written for want of ImportOptions.Names

	// Recipients holds the address and the name in the file of each
	// award, for the private delivery file: never written into the site.
	Recipients []Recipient
}

// Recipient is whom an award is for, in plain text.
type Recipient struct {
	Email, Name, Badge string
}

type importRow struct {
	line  int
	award Award
	name  string
}

// Import reads a CSV file of awards (name is the file name used in
// errors) and plans their records. Every row is checked first; problems
// are returned as content.Errors at name:line:column, all of them, and
// then nothing is planned. A UTF-8 byte order mark is skipped, and a
// header without commas but with semicolons selects ; as the separator.
func Import(s *content.Site, name string, data []byte, opts ImportOptions, rnd io.Reader) (*Imported, error) {
	if opts.DateOrder != "" && opts.DateOrder != DateMDY && opts.DateOrder != DateDMY {
		return nil, fmt.Errorf("date order %q is not %q or %q", opts.DateOrder, DateMDY, DateDMY)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var errs content.Errors
	add := func(line, col int, format string, args ...any) {
		errs = append(errs, &content.Error{Pos: content.Pos{File: name, Line: line, Col: col}, Msg: fmt.Sprintf(format, args...)})
	}
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.Contains(first, []byte(",")) && bytes.Contains(first, []byte(";")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		add(1, 1, "empty file: the first line must name the columns (email, name, badge, issued date, …)")
		return nil, errs
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if err := checkMapBadge(s, opts.MapBadge); err != nil {
		return nil, err
	}
	res := &Imported{}
	cols, foreign, colProbs := planColumns(header, columnsWithData(data, r.Comma, len(header)), opts, res)
	for _, p := range colProbs {
		add(1, p.col, "%s", p.msg)
	}
	if cols[colEmail] < 0 {
		add(1, 1, "no email column: name one \"email\" or \"recipient email\"")
	}
	if cols[colBadge] < 0 && opts.Badge == "" {
		add(1, 1, "no badge column: add one or give --badge")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	allowed := s.AllowedAddresses()
	dates := newDateReader(opts.DateOrder, detectDialect(header))
	var rows []importRow
	br := &badgeResolver{site: s, opts: opts, foreign: foreign, fallback: map[string]int{}}
	seen := map[string]int{} // badge + hashed-free key → line
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			add(line, 1, "%d fields, but the header has %d", len(rec), len(header))
			continue
		}
		get := func(c int) string {
			if cols[c] < 0 {
				return ""
			}
			return strings.TrimSpace(rec[cols[c]])
		}
		at := func(c int) int { return max(cols[c], 0) + 1 }
		row := importRow{line: line}
		a := &row.award
		a.Email = get(colEmail)
		if a.Email == "" {
			add(line, at(colEmail), "no email address")
		} else if err := CheckEmail(a.Email); err != nil {
			add(line, at(colEmail), "not an email address")
		}
		if id, msg := br.resolve(get(colBadge), line); msg != "" {
			add(line, at(colBadge), "%s", msg)
		} else {
			a.Badge = id
		}
		a.Earner = get(colEarner)
		if a.Earner != "" && s.Earner(a.Earner) == nil {
			add(line, at(colEarner), "unknown earner %q%s", a.Earner, didYouMean(a.Earner, earnerIDs(s)))
		}
		if !opts.NoEarner {
			row.name = get(colName)
			if fl := strings.TrimSpace(get(colFirst) + " " + get(colLast)); row.name == "" {
				row.name = fl
			}
			row.name = strings.Join(strings.Fields(row.name), " ")
			if row.name != "" && a.Earner == "" && content.Slugify(row.name) == "" {
				add(line, at(colName), "cannot make an earner id from the name %q; add an earner column", row.name)
			}
		}
		if a.Issued, err = dates.parse(get(colIssued)); err != nil {
			add(line, at(colIssued), "issued date %q %v", get(colIssued), err)
		} else if a.Issued.IsZero() {
			a.Issued = opts.Now.UTC().Truncate(time.Second)
		}
		if a.Expires, err = dates.parse(get(colExpires)); err != nil {
			add(line, at(colExpires), "expiry %q %v", get(colExpires), err)
		} else if !a.Expires.IsZero() && !a.Expires.After(a.Issued) {
			add(line, at(colExpires), "expiry %s is not after the issue date %s", a.Expires.Format(time.DateOnly), a.Issued.Format(time.DateOnly))
		}
		a.Evidence = get(colEvidence)
		if a.Evidence != "" && !isHTTPURL(a.Evidence) {
			add(line, at(colEvidence), "evidence %q is not an absolute http(s) URL", a.Evidence)
		}
		a.EvidenceNarrative = get(colEvidenceNarrative)
		if a.EvidenceName = get(colEvidenceName); a.EvidenceName != "" && a.Evidence == "" && a.EvidenceNarrative == "" {
			add(line, at(colEvidenceName), "evidence name %q without an evidence URL", a.EvidenceName)
		}
		if a.EvidenceDescription = get(colEvidenceDescription); a.EvidenceDescription != "" && a.Evidence == "" && a.EvidenceNarrative == "" {
			add(line, at(colEvidenceDescription), "evidence description %q without an evidence URL or narrative", a.EvidenceDescription)
		}
		a.Narrative = get(colNarrative)
		if ev, msg := textEvidence(get(colTextEvidenceName), get(colTextEvidence)); msg != "" {
			add(line, at(colTextEvidenceName), "%s", msg)
		} else if ev != nil {
			a.MoreEvidence = append(a.MoreEvidence, *ev)
		}
		if title, text := get(colIDEvidenceTitle), get(colIDEvidenceDescription); text != "" {
			a.MoreEvidence = append(a.MoreEvidence, content.Evidence{Name: title, Narrative: text})
		} else if title != "" {
			add(line, at(colIDEvidenceTitle), "ID evidence title %q without an ID evidence description", title)
		}
		for _, c := range []int{colName, colFirst, colLast, colEvidence, colEvidenceName, colNarrative, colEvidenceNarrative, colEvidenceDescription, colTextEvidenceName, colTextEvidence, colIDEvidenceTitle, colIDEvidenceDescription} {
			if cols[c] < 0 {
				continue
			}
			for _, addr := range content.FindAddresses([]byte(rec[cols[c]])) {
				if !allowed[addr.Text] {
					add(line, at(c), "column %q holds an email address (%s): the site publishes this column, and never a plaintext address; remove it (only the email column may hold one)", header[cols[c]], content.MaskAddress(addr.Text))
					break
				}
			}
		}
		key := a.Badge + "\x00" + strings.ToLower(a.Email)
		if prev, dup := seen[key]; dup && a.Email != "" {
			add(line, at(colEmail), "the same address already gets %s on line %d", a.Badge, prev)
		} else {
			seen[key] = line
		}
		rows = append(rows, row)
	}
	if msg := br.check(); msg != "" {
		add(1, max(cols[colBadge], 0)+1, "%s", msg)
	}
	if len(rows) == 0 && len(errs) == 0 {
		add(1, 1, "no rows to import")
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	rows = markDuplicates(s, rows, opts.SkipDuplicates, res)
	mailNames := make([]string, len(rows))
	for i := range rows {
		mailNames[i] = rows[i].name
	}
	if !opts.Names {
		res.Unnamed = dropNewNames(s, rows)
	}
	res.Earners = linkEarners(s, rows)
	taken := map[string]bool{}
	idx := NewIndexes(s, rnd)
	for i := range rows {
		p, err := PlanAward(s, &rows[i].award, rnd, taken, idx)
		if err != nil {
			return nil, err
		}
		res.Awards = append(res.Awards, p)
		res.Rows = append(res.Rows, rows[i].line)
		res.Recipients = append(res.Recipients, Recipient{Email: strings.TrimSpace(rows[i].award.Email), Name: mailNames[i], Badge: rows[i].award.Badge})
	}
	return res, nil
}

// linkEarners sets the earner of every row with a name and no earner: an
// existing earner with exactly that name, else a new earner whose slug is
// made from the name and made unique with -2, -3, …. Rows with the same
// name and address share one new earner; the same name with another
// address is taken to be another person.
func linkEarners(s *content.Site, rows []importRow) []Planned {
	byName := map[string]string{}
	for _, e := range s.Earners {
		if _, dup := byName[e.Name]; !dup {
			byName[e.Name] = e.ID
		}
	}
	used := map[string]bool{}
	created := map[string]string{} // name + address → new slug
	var out []Planned
	for i := range rows {
		r := &rows[i]
		if r.name == "" || r.award.Earner != "" {
			continue
		}
		if id, ok := byName[r.name]; ok {
			r.award.Earner = id
			continue
		}
		key := r.name + "\x00" + strings.ToLower(strings.TrimSpace(r.award.Email))
		if id, ok := created[key]; ok {
			r.award.Earner = id
			continue
		}
		base := content.Slugify(r.name)
		id := base
		for n := 2; s.Earner(id) != nil || used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		created[key] = id
		r.award.Earner = id
		out = append(out, EarnerFile(id, r.name))
	}
	return out
}

// findBadge resolves a badge column value: a badge class id or, ignoring
// case, a badge class name.
func findBadge(s *content.Site, v string) (string, string) {
	if v == "" {
		return "", "no badge: fill the badge column or give --badge"
	}
	if s.Badge(v) != nil {
		return v, ""
	}
	var ids []string
	for _, b := range s.Badges {
		if strings.EqualFold(b.Name, v) || strings.EqualFold(b.ID, v) {
			ids = append(ids, b.ID)
		}
	}
	sort.Strings(ids)
	switch len(ids) {
	case 1:
		return ids[0], ""
	case 0:
		return "", fmt.Sprintf("unknown badge %q%s", v, didYouMean(v, badgeIDs(s)))
	}
	return "", fmt.Sprintf("badge %q is the name of several badge classes (%s): use the id", v, strings.Join(ids, ", "))
}

// dateReader reads the dates of one file: numeric dates in the order
// --date-format gives, else in the platform's order, saying which in its
// errors; digits alone as seconds since 1970 where the platform writes
// those.
type dateReader struct {
	order, form string
	unix        bool
}

func newDateReader(order string, d *dialect) dateReader {
	dr := dateReader{order: order}
	if d != nil {
		dr.unix = d.unixDates
		if order == "" && d.dateOrder != "" {
			dr.order, dr.form = d.dateOrder, d.dateForm
		}
	}
	return dr
}

func (dr dateReader) parse(s string) (time.Time, error) {
	if dr.unix && len(s) >= 9 && len(s) <= 11 && strings.Trim(s, "0123456789") == "" {
		n, _ := strconv.ParseInt(s, 10, 64)
		return time.Unix(n, 0).UTC(), nil
	}
	if dr.form != "" {
		other := DateDMY
		if dr.order == DateDMY {
			other = DateMDY
		}
		return parseCSVDateAs(s, dr.order, fmt.Sprintf("%s; --date-format %s reads them otherwise", dr.form, other))
	}
	t, err := parseCSVDate(s, dr.order)
	return t, err
}

// numericDate is a date of three numbers with the year last, such as
// 03/04/2025, 3/4/25 or 03.04.2025, optionally followed by a time.
var numericDate = regexp.MustCompile(`^(\d{1,2})([/.])(\d{1,2})([/.])(\d{4}|\d{2})(?: +(.+))?$`)

// parseCSVDate parses the date formats spreadsheets and badge platforms
// export. Times without a zone are taken as UTC. Numeric dates with the
// year last (03/04/2025 is 4 March on one side of the Atlantic and 3 April
// on the other) are read in the given order (DateMDY, DateDMY) and refused
// without one; a two-digit year is in 2000–2099. An empty value gives the
// zero time. The error completes a sentence that starts with the value.
func parseCSVDate(s, order string) (time.Time, error) {
	return parseCSVDateAs(s, order, "--date-format "+order)
}

// parseCSVDateAs is parseCSVDate, saying in its errors where the order
// came from (why).
func parseCSVDateAs(s, order, why string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly, time.DateTime, "2006-01-02T15:04:05", "2006-01-02 15:04", "Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if p := content.DateProblem(s); p != "" {
		return time.Time{}, errors.New("is not a date: " + p)
	}
	notDate := errors.New("is not a date such as 2025-03-14 or 2025-03-14T09:00:00Z")
	m := numericDate.FindStringSubmatch(s)
	if m == nil || m[2] != m[4] {
		return time.Time{}, notDate
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	year, _ := strconv.Atoi(m[5])
	if len(m[5]) == 2 {
		year += 2000
	}
	month, day := a, b
	switch order {
	case DateMDY:
	case DateDMY:
		month, day = b, a
	default:
		switch {
		case a > 12 && b > 12:
			return time.Time{}, notDate
		case a > 12:
			return time.Time{}, errors.New("is a day/month/year date: give --date-format dmy to read such dates, or write them as 2025-03-14")
		case b > 12:
			return time.Time{}, errors.New("is a month/day/year date: give --date-format mdy to read such dates, or write them as 2025-03-14")
		}
		return time.Time{}, errors.New("is ambiguous (month/day or day/month?): give --date-format mdy (as in Credly's exports) or dmy, or write it as 2025-03-14")
	}
	want := "a month/day/year date"
	if order == DateDMY {
		want = "a day/month/year date"
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if p := content.MissingDay(year, month, day); p != "" {
		return time.Time{}, fmt.Errorf("is not a date: %s (read as %s, %s)", p, want, why)
	}
	if month < 1 || month > 12 || t.Day() != day {
		return time.Time{}, fmt.Errorf("is not %s (%s)", want, why)
	}
	if m[6] != "" {
		var clock time.Time
		var err error
		for _, layout := range []string{"15:04", "15:04:05", "3:04 PM", "3:04:05 PM", "3:04PM", "3:04:05PM"} {
			if clock, err = time.Parse(layout, strings.ToUpper(m[6])); err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("has a time %q that is not 09:30, 09:30:00 or 9:30 AM", m[6])
		}
		t = t.Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute + time.Duration(clock.Second())*time.Second)
	}
	return t, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return content.Errors{{Pos: content.Pos{File: name, Line: pe.Line, Col: pe.Column}, Msg: pe.Err.Error()}}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// textEvidence is the evidence of Credly's text evidence columns: a name,
// and a text (its narrative) or, where the column holds one, a URL.
func textEvidence(name, text string) (*content.Evidence, string) {
	switch {
	case text == "" && name == "":
		return nil, ""
	case text == "":
		return nil, fmt.Sprintf("text evidence name %q without a text evidence", name)
	case isHTTPURL(text):
		return &content.Evidence{Name: name, URL: text}, ""
	}
	return &content.Evidence{Name: name, Narrative: text}, ""
}
