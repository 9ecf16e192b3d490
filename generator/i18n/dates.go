package i18n

import (
	"strconv"
	"strings"
	"time"
)

// dateFormat is how a language writes a date, from CLDR's Gregorian
// calendar data: the month names of the format context (wide) and the
// long date pattern, and the digits of its default numbering system.
type dateFormat struct {
	months  [12]string
	pattern string // CLDR pattern: d, dd, MMMM, y and 'quoted text'
	digits  string // ten digits, "" for 0-9
}

// arabDigits are the Arabic-Indic digits of CLDR's "arab" numbering
// system, the default of ar.
const arabDigits = "٠١٢٣٤٥٦٧٨٩"

// dateFormats holds the CLDR data of the shipped languages, by base
// language; a region that writes dates differently has its own key.
// Languages not listed write dates as English does.
var dateFormats = map[string]*dateFormat{
	"en": {
		months:  [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		pattern: "d MMMM y", // en-GB/en-001; en-US "MMMM d, y" is ambiguous next to numeric dates elsewhere
	},
	"fr": {
		months:  [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		pattern: "d MMMM y",
	},
	"de": {
		months:  [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		pattern: "d. MMMM y",
	},
	"es": {
		months:  [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		pattern: "d 'de' MMMM 'de' y",
	},
	"pt": {
		months:  [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		pattern: "d 'de' MMMM 'de' y",
	},
	"nl": {
		months:  [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		pattern: "d MMMM y",
	},
	"ar": {
		months:  [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		pattern: "d MMMM y",
		digits:  arabDigits,
	},
}

// format writes t (in UTC) by the pattern.
func (f *dateFormat) format(t time.Time) string {
	t = t.UTC()
	var b strings.Builder
	p := f.pattern
	for i := 0; i < len(p); {
		c := p[i]
		n := 1
		for i+n < len(p) && p[i+n] == c {
			n++
		}
		switch {
		case c == '\'':
			end := strings.IndexByte(p[i+1:], '\'')
			if end < 0 {
				end = len(p) - i - 1
			}
			b.WriteString(p[i+1 : i+1+end])
			i += end + 2
			continue
		case c == 'd':
			day := strconv.Itoa(t.Day())
			if n == 2 && len(day) == 1 {
				day = "0" + day
			}
			b.WriteString(f.number(day))
		case c == 'M' && n >= 3:
			b.WriteString(f.months[t.Month()-1])
		case c == 'y':
			b.WriteString(f.number(strconv.Itoa(t.Year())))
		default:
			b.WriteString(p[i : i+n])
		}
		i += n
	}
	return b.String()
}

// number writes the ASCII digits of s in the format's digits.
func (f *dateFormat) number(s string) string {
	if f.digits == "" {
		return s
	}
	digits := []rune(f.digits)
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = digits[r-'0']
		}
		b.WriteRune(r)
	}
	return b.String()
}
