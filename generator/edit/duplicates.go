package edit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// Holdings finds the awards that an address already holds. An award is
// stored with the salted hash of its address only, so the address is
// hashed again with the salt of every award of the same badge class.
type Holdings struct {
	site    *content.Site
	byBadge map[string][]*content.Award // email awards, not revoked
}

// NewHoldings indexes the awards of s by badge class.
func NewHoldings(s *content.Site) *Holdings {
	h := &Holdings{site: s, byBadge: map[string][]*content.Award{}}
	for _, a := range s.Awards {
		if a.Revoked || (a.Recipient.Type != "" && a.Recipient.Type != "email") {
			continue
		}
		h.byBadge[a.Badge] = append(h.byBadge[a.Badge], a)
	}
	return h
}

// Held returns the awards of badge, oldest first, that were issued to
// email, are not revoked, and have not expired at t (an expired award is
// no longer held: awarding the badge again is a renewal).
func (h *Holdings) Held(badge, email string, t time.Time) []*content.Award {
	var out []*content.Award
	for _, a := range h.byBadge[badge] {
		if exp := a.ExpiresAt(h.site.Badge(a.Badge)); !exp.IsZero() && !exp.After(t) {
			continue
		}
		if ob.Match(a.Recipient.Identity, a.Recipient.Salt, "email", email) {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Issued.Before(out[j].Issued) })
	return out
}

// Duplicate is a new award for an address that already holds the badge.
type Duplicate struct {
	Line    int // the CSV line, for an import
	Email   string
	Badge   string
	Held    []*content.Award
	Skipped bool
}

// String says what is duplicated, naming the address: it is shown to the
// issuer, never written into the site.
func (d Duplicate) String() string {
	ids := make([]string, len(d.Held))
	for i, a := range d.Held {
		ids[i] = a.ID + " of " + a.Issued.UTC().Format(time.DateOnly)
	}
	return fmt.Sprintf("%s already holds %s (award %s)", strings.TrimSpace(d.Email), d.Badge, strings.Join(ids, ", "))
}

// markDuplicates notes in res the rows whose address already holds their
// badge class, and drops them from rows when skip is set.
func markDuplicates(s *content.Site, rows []importRow, skip bool, res *Imported) []importRow {
	if len(s.Awards) == 0 {
		return rows
	}
	h := NewHoldings(s)
	kept := rows[:0]
	for _, r := range rows {
		if held := h.Held(r.award.Badge, r.award.Email, r.award.Issued); len(held) > 0 {
			res.Duplicates = append(res.Duplicates, Duplicate{Line: r.line, Email: r.award.Email, Badge: r.award.Badge, Held: held, Skipped: skip})
			if skip {
				continue
			}
		}
		kept = append(kept, r)
	}
	return kept
}
