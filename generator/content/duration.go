package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a calendar period from an ISO 8601 duration with date parts
// only: PnYnMnWnD.
type Duration struct {
	Years, Months, Days int
}

// IsZero reports whether d is empty.
func (d Duration) IsZero() bool { return d == Duration{} }

// AddTo returns t plus the period, in UTC. Years and months move the
// calendar date and keep the day of the month, clamped to the month's last
// day (31 January + P1M is 28 or 29 February, 29 February + P1Y is
// 28 February), as people count; then days are added.
func (d Duration) AddTo(t time.Time) time.Time {
	t = t.UTC()
	y, m, day := t.Date()
	months := int(m) - 1 + d.Months + 12*d.Years
	y, m = y+months/12, time.Month(months%12+1)
	if months < 0 && months%12 != 0 {
		y, m = y-1, m+12
	}
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); day > last {
		day = last
	}
	hh, mm, ss := t.Clock()
	return time.Date(y, m, day+d.Days, hh, mm, ss, t.Nanosecond(), time.UTC)
}

// ParseDuration parses an ISO 8601 period such as "P2Y", "P18M", "P1Y6M",
// "P12W" or "P90D".
func ParseDuration(s string) (Duration, error) {
	var d Duration
	if len(s) < 3 || s[0] != 'P' {
		hint := ""
		if p := "P" + strings.ToUpper(strings.TrimPrefix(strings.Join(strings.Fields(s), ""), "p")); p != s && len(p) >= 3 && p[1] != 'P' {
			if _, err := ParseDuration(p); err == nil {
				hint = fmt.Sprintf(" (did you mean %q?)", p)
			}
		}
		return d, fmt.Errorf("%q is not an ISO 8601 period such as \"P2Y\", \"P18M\" or \"P90D\"%s", s, hint)
	}
	rest := s[1:]
	last := -1
	order := "YMWD"
	for rest != "" {
		i := strings.IndexAny(rest, order)
		if i <= 0 {
			return d, fmt.Errorf("%q is not an ISO 8601 period such as \"P2Y\", \"P18M\" or \"P90D\" (times of day are not supported)", s)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 || n > maxCount {
			return d, fmt.Errorf("%q is not an ISO 8601 period such as \"P2Y\", \"P18M\" or \"P90D\"", s)
		}
		unit := strings.IndexByte(order, rest[i])
		if unit <= last {
			return d, fmt.Errorf("%q: units must appear once, in the order Y, M, W, D", s)
		}
		last = unit
		switch rest[i] {
		case 'Y':
			d.Years = n
		case 'M':
			d.Months = n
		case 'W':
			d.Days += 7 * n
		case 'D':
			d.Days += n
		}
		rest = rest[i+1:]
	}
	if d.IsZero() {
		return d, fmt.Errorf("%q is an empty period", s)
	}
	if d.Days > maxCount { // weeks and days together: as many days as one count may be
		return d, fmt.Errorf("%q is not an ISO 8601 period such as \"P2Y\", \"P18M\" or \"P90D\" (at most %d days)", s, maxCount)
	}
	return d, nil
}

// maxCount bounds each number of a period, and its days in all, so that
// every period ParseDuration accepts is written back by String as one it
// accepts.
const maxCount = 1000 * 366

// String formats d as an ISO 8601 period.
func (d Duration) String() string {
	if d.IsZero() {
		return ""
	}
	var b strings.Builder
	b.WriteByte('P')
	if d.Years != 0 {
		fmt.Fprintf(&b, "%dY", d.Years)
	}
	if d.Months != 0 {
		fmt.Fprintf(&b, "%dM", d.Months)
	}
	if d.Days != 0 {
		fmt.Fprintf(&b, "%dD", d.Days)
	}
	return b.String()
}
