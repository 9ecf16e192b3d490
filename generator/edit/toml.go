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
