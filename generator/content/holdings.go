package content

import (
	"sort"
	"time"
)

// Holdings tells which badge classes each earner holds at a time: the
// badge classes of their awards that name them, are issued and neither
// revoked nor expired. An award that names no earner does not count: its
// hashed recipient cannot be tied to a person.
type Holdings struct {
	site *Site
	held map[string]map[string]bool // earner → badge class → held
}

// HoldingsAt returns the holdings of every earner at clock.
func (s *Site) HoldingsAt(clock time.Time) *Holdings {
	h := &Holdings{site: s, held: make(map[string]map[string]bool)}
	for _, a := range s.Awards {
		if !Counts(a, s.badges[a.Badge], clock) {
			continue
		}
		m := h.held[a.Earner]
		if m == nil {
			m = make(map[string]bool)
			h.held[a.Earner] = m
		}
		m[a.Badge] = true
	}
	return h
}

// Counts reports whether award a of badge class b counts towards the
// requirements of others at clock.
func Counts(a *Award, b *Badge, clock time.Time) bool {
	if a.Earner == "" || a.Revoked || a.Issued.After(clock) {
		return false
	}
	exp := a.ExpiresAt(b)
	return exp.IsZero() || clock.Before(exp)
}

// Holds reports whether earner holds badge class badge.
func (h *Holdings) Holds(earner, badge string) bool { return h.held[earner][badge] }

// Held returns the function that tells whether earner holds a badge class.
func (h *Holdings) Held(earner string) func(badge string) bool {
	m := h.held[earner]
	return func(badge string) bool { return m[badge] }
}

// Meets reports whether earner meets every requirement of badge class
// badge; a badge class without requirements is met by everyone.
func (h *Holdings) Meets(earner, badge string) bool {
	b := h.site.badges[badge]
	return b != nil && b.RequirementsMet(h.Held(earner))
}

// Unmet describes the groups of badge's requirements that earner does
// not meet, or "" when every one is met.
func (h *Holdings) Unmet(earner, badge string) string {
	b := h.site.badges[badge]
	if b == nil {
		return ""
	}
	return describeGroups(b, h.Held(earner))
}

// Eligible is an earner who meets every requirement of a badge class
// they do not hold.
type Eligible struct {
	Earner, Badge string
}

// Eligible lists the earners who hold every requirement of a badge class
// with requirements that they do not hold yet, sorted by badge class then
// earner.
func (h *Holdings) Eligible() []Eligible {
	var out []Eligible
	for _, b := range h.site.Badges {
		if len(b.Requires) == 0 {
			continue
		}
		for _, e := range h.site.Earners {
			if !h.Holds(e.ID, b.ID) && b.RequirementsMet(h.Held(e.ID)) {
				out = append(out, Eligible{Earner: e.ID, Badge: b.ID})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Badge != out[j].Badge {
			return out[i].Badge < out[j].Badge
		}
		return out[i].Earner < out[j].Earner
	})
	return out
}

// Progress is how far an earner is along a pathway.
type Progress struct {
	Done  int    // steps held
	Total int    // steps
	Goal  bool   // the goal is held
	Next  string // the first step not held, or the goal once every step is
}

// Progress returns earner's progress on pathway p.
func (h *Holdings) Progress(earner string, p *Pathway) Progress {
	pr := Progress{Total: len(p.Steps), Goal: h.Holds(earner, p.Goal)}
	for _, id := range p.Steps {
		if h.Holds(earner, id) {
			pr.Done++
		} else if pr.Next == "" {
			pr.Next = id
		}
	}
	if pr.Next == "" && !pr.Goal {
		pr.Next = p.Goal
	}
	return pr
}
