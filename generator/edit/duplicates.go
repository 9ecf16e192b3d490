package edit

import (
	"crypto/sha256"
	"encoding/hex"
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
	byBadge map[string][]held // email awards, not revoked
}

// held is an award with its recipient hash decoded and its expiry.
type held struct {
	award   *content.Award
	sum     [sha256.Size]byte
	salt    []byte
	expires time.Time
}

// NewHoldings indexes the awards of s by badge class.
func NewHoldings(s *content.Site) *Holdings {
	h := &Holdings{byBadge: map[string][]held{}}
	for _, a := range s.Awards {
		if a.Revoked || (a.Recipient.Type != "" && a.Recipient.Type != "email") {
			continue
		}
		hexSum, ok := strings.CutPrefix(strings.ToLower(a.Recipient.Identity), "sha256$")
		var x held
		if n, err := hex.Decode(x.sum[:], []byte(hexSum)); !ok || err != nil || n != sha256.Size {
			continue // not a hash this site can have; the loader reports it
		}
		x.award, x.salt, x.expires = a, []byte(a.Recipient.Salt), a.ExpiresAt(s.Badge(a.Badge))
		h.byBadge[a.Badge] = append(h.byBadge[a.Badge], x)
	}
	return h
}

// Held returns the awards of badge, oldest first, that were issued to
// email, are not revoked, and have not expired at t (an expired award is
// no longer held: awarding the badge again is a renewal).
func (h *Holdings) Held(badge, email string, t time.Time) []*content.Award {
	var out []*content.Award
	id := []byte(ob.Normalize("email", email))
	buf := make([]byte, 0, len(id)+64)
	for _, x := range h.byBadge[badge] {
		if !x.expires.IsZero() && !x.expires.After(t) {
			continue
		}
		buf = append(append(buf[:0], id...), x.salt...)
		if sha256.Sum256(buf) == x.sum {
			out = append(out, x.award)
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
