package content

import (
	"sort"
)

// StatusListSize is the number of entries of an issuer's status list:
// 131,072 (16 KB of bits), the minimum the Bitstring Status List
// recommends so that one entry tells nothing about whose it is.
const StatusListSize = 131072

// statusKey is an entry of a status list: an issuer and an index.
type statusKey struct {
	issuer string
	index  int
}

// IssuerOf returns the issuer id of an award, or "" when its badge class
// is unknown.
func (s *Site) IssuerOf(a *Award) string {
	if b := s.badges[a.Badge]; b != nil {
		return b.Issuer
	}
	return ""
}

// UsedStatusIndexes returns the status indexes the awards of an issuer
// hold.
func (s *Site) UsedStatusIndexes(issuer string) map[int]bool {
	used := make(map[int]bool)
	for _, a := range s.Awards {
		if a.HasStatusIndex && s.IssuerOf(a) == issuer {
			used[a.StatusIndex] = true
		}
	}
	return used
}

// checkStatusIndexes reports awards whose status index another award of
// the same issuer holds: in awards, or (by taken) elsewhere in the site.
// Two pull requests that picked the same index conflict here.
func (l *loader) checkStatusIndexes(s *Site, awards []*Award, taken func(statusKey) *Award, errs *Errors) {
	sorted := append([]*Award(nil), awards...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].File < sorted[j].File })
	seen := make(map[statusKey]*Award)
	for _, a := range sorted {
		if !a.HasStatusIndex || a.StatusIndex < 0 || a.StatusIndex >= StatusListSize {
			continue
		}
		k := statusKey{s.IssuerOf(a), a.StatusIndex}
		if k.issuer == "" {
			continue
		}
		other := seen[k]
		if other == nil && taken != nil {
			other = taken(k)
		}
		if other != nil && other != a {
			errs.add(l.reposition(a.File, "status_index"), "status_index %d is also the index of award %s (%s) of issuer %s: each award needs its own; if this award is not published yet, delete the line and run rosette assign-status", a.StatusIndex, other.ID, other.File, k.issuer)
			continue
		}
		seen[k] = a
	}
}

// signableText reports, at key, a text that holds a control character
// other than tab, line feed and carriage return: canonicalization writes
// such characters differently in different implementations, so an Open
// Badges 3.0 credential that carries one would not verify everywhere.
func signableText(d *doc, key, s string, errs *Errors) {
	for i, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			errs.add(d.pos(key, false), "%s holds the control character U+%04X (at byte %d), which a signed credential cannot carry; remove it", key, r, i)
			return
		}
	}
}
