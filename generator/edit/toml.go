package edit

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"rosette/generator/content"
)

// quote returns s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && s == strings.TrimSpace(s)
}

func badgeIDs(s *content.Site) []string {
	ids := make([]string, 0, len(s.Badges))
	for _, b := range s.Badges {
		ids = append(ids, b.ID)
	}
	return ids
}

func earnerIDs(s *content.Site) []string {
	ids := make([]string, 0, len(s.Earners))
	for _, e := range s.Earners {
		ids = append(ids, e.ID)
	}
	return ids
}

// didYouMean suggests the closest of ids to s, or lists them when few.
func didYouMean(s string, ids []string) string {
	best, bestD := "", 4
	for _, id := range ids {
		if d := distance(s, id); d < bestD {
			best, bestD = id, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(ids) > 0 && len(ids) <= 8 {
		sorted := append([]string(nil), ids...)
		sort.Strings(sorted)
		return " (known: " + strings.Join(sorted, ", ") + ")"
	}
	return ""
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Slugify turns a name into a record id: lowercase ASCII letters and digits
// joined by single hyphens, at most 63 characters. Accented Latin letters
// lose their accents.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}

var folds = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ß': 's', 'ł': 'l', 'š': 's', 'ž': 'z', 'č': 'c', 'ć': 'c', 'ğ': 'g', 'ş': 's', 'ı': 'i',
}
