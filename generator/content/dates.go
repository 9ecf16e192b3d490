package content

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// MissingDay explains a date whose day its month does not have, such as
// 31 April or 29 February 2025: "April 2025 has no day 31 (it has 30
// days)". It returns "" for a day that exists, or a month out of range.
func MissingDay(year, month, day int) string {
	if month < 1 || month > 12 || day < 1 {
		return ""
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day <= last {
		return ""
	}
	return fmt.Sprintf("%s %d has no day %d (it has %d days)", time.Month(month), year, day, last)
}

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})`)

// DateProblem explains why s, which starts like an ISO 8601 date
// (2025-04-31…), is not one: a month out of range or a day the month does
// not have. It returns "" when it finds nothing to say.
func DateProblem(s string) string {
	m := isoDate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 {
		return fmt.Sprintf("there is no month %d", mo)
	}
	return MissingDay(y, mo, d)
}
