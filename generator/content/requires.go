package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Requirement is one group of a badge class's requires: either every
// badge of All, or N of the badges of Of. A badge class's requirements
// are met when each of its groups is.
type Requirement struct {
	All []string `toml:"all"`
	N   int      `toml:"n"`
	Of  []string `toml:"of"`
}

// IDs returns the badge class ids the group names, in file order.
func (r Requirement) IDs() []string {
	if len(r.All) > 0 {
		return r.All
	}
	return r.Of
}

// Need returns how many of the group's badges must be held.
func (r Requirement) Need() int {
	if len(r.All) > 0 {
		return len(r.All)
	}
	return r.N
}

// listKey is the key of the group's list: "all" or "of".
func (r Requirement) listKey() string {
	if len(r.All) > 0 {
		return "all"
	}
	return "of"
}

// Count returns how many of the group's badges held says are held.
func (r Requirement) Count(held func(id string) bool) int {
	n := 0
	for _, id := range r.IDs() {
		if held(id) {
			n++
		}
	}
	return n
}

// MetBy reports whether held holds enough of the group's badges.
func (r Requirement) MetBy(held func(id string) bool) bool {
	return r.Count(held) >= r.Need()
}

// String describes the group: `all of "a", "b"` or `2 of "a", "b", "c"`.
func (r Requirement) String() string {
	if len(r.All) > 0 {
		return "all of " + quoteList(r.All)
	}
	return strconv.Itoa(r.N) + " of " + quoteList(r.Of)
}

// RequirementsMet reports whether held meets every group of b's
// requirements.
func (b *Badge) RequirementsMet(held func(id string) bool) bool {
	for _, r := range b.Requires {
		if !r.MetBy(held) {
			return false
		}
	}
	return true
}

// checkRequiresShape reports requires groups that are not well formed,
// before any other record is known, and tells whether all are.
func checkRequiresShape(d *doc, b *Badge, errs *Errors) bool {
	n := len(*errs)
	for i, r := range b.Requires {
		key := "requires." + strconv.Itoa(i)
		hasAll, hasOf := d.md.IsDefined("requires", strconv.Itoa(i), "all") || len(r.All) > 0, len(r.Of) > 0 || r.N != 0
		switch {
		case hasAll && hasOf:
			errs.add(d.pos(key, true), "requires group %d gives both all and n/of: a group is either all = [...] or n = N with of = [...]; make two groups", i+1)
			continue
		case !hasAll && !hasOf:
			errs.add(d.pos(key, true), "requires group %d is empty: give all = [\"badge-id\", ...], or n = N with of = [\"badge-id\", ...]", i+1)
			continue
		case hasAll && len(r.All) == 0:
			errs.add(d.pos(key+".all", false), "requires group %d: all is empty; name at least one badge class", i+1)
			continue
		case hasOf && len(r.Of) == 0:
			errs.add(d.pos(key, true), "requires group %d: n = %d but of is missing or empty; list the badge classes with of = [...]", i+1, r.N)
			continue
		case hasOf && (r.N < 1 || r.N > len(r.Of)):
			errs.add(d.pos(key+".n", false), "requires group %d: n = %d must be from 1 to %d, the number of badge classes in of", i+1, r.N, len(r.Of))
		}
		lk := r.listKey()
		seen := make(map[string]bool)
		for j, id := range r.IDs() {
			at := d.pos(key+"."+lk+"."+strconv.Itoa(j), false)
			switch {
			case !IsSlug(id):
				errs.add(at, "requires: %q is not a badge class id", id)
			case id == b.ID:
				errs.add(at, "requires: a badge class cannot build on itself")
			case seen[id]:
				errs.add(at, "requires: %q is named twice in group %d", id, i+1)
			}
			seen[id] = true
		}
	}
	return len(*errs) == n
}

// checkRequirements reports requirements that name unknown badge classes,
// and cycles: a badge class that builds, through others, on itself. It
// adds the badge classes concerned to l.badGraph.
func (l *loader) checkRequirements(s *Site) {
	for _, b := range s.Badges {
		for i, r := range b.Requires {
			for j, id := range r.IDs() {
				if s.badges[id] == nil && IsSlug(id) && id != b.ID {
					l.badGraph[b.ID] = true
					l.errs.add(l.reposition(b.File, requireKey(r, i, j)), "requires unknown badge %q%s", id, didYouMean(id, keys(s.badges)))
				}
			}
		}
	}
	reported := make(map[string]bool)
	for _, c := range findCycles(s) {
		for _, id := range c.path {
			l.badGraph[id] = true
		}
		if key := strings.Join(c.path, " "); reported[key] {
			continue // another edge between the same badge classes
		} else {
			reported[key] = true
		}
		b := s.badges[c.path[len(c.path)-2]]
		l.errs.add(l.reposition(b.File, requireKey(b.Requires[c.group], c.group, c.index)),
			"requires forms a cycle: %s; a badge class cannot build on itself, even through others", strings.Join(c.path, " → "))
	}
}

// requireKey is the key of the j-th badge id of group i.
func requireKey(r Requirement, i, j int) string {
	return "requires." + strconv.Itoa(i) + "." + r.listKey() + "." + strconv.Itoa(j)
}

// cycle is a requires cycle: path starts and ends at the same badge class;
// group and index locate the last edge in the requires of the badge class
// before the end.
type cycle struct {
	path         []string
	group, index int
}

// findCycles finds each cycle once, walking badge classes and their
// requirements in order, so the report is stable.
func findCycles(s *Site) []cycle {
	const (
		unseen = iota
		onStack
		done
	)
	state := make(map[string]int)
	var (
		stack  []string
		cycles []cycle
		visit  func(id string)
	)
	visit = func(id string) {
		state[id] = onStack
		stack = append(stack, id)
		for i, r := range s.badges[id].Requires {
			for j, next := range r.IDs() {
				if s.badges[next] == nil || next == id {
					continue
				}
				switch state[next] {
				case unseen:
					visit(next)
				case onStack:
					from := slices.Index(stack, next)
					path := append(slices.Clone(stack[from:]), next)
					cycles = append(cycles, cycle{path: path, group: i, index: j})
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, b := range s.Badges {
		if state[b.ID] == unseen && s.badges[b.ID] == b {
			visit(b.ID)
		}
	}
	return cycles
}

// Earnable returns the badge classes whose requirements can be met: those
// with none, and those whose every group is met by earnable ones.
func (s *Site) Earnable() map[string]bool {
	ok := make(map[string]bool)
	held := func(id string) bool { return ok[id] }
	for changed := true; changed; {
		changed = false
		for _, b := range s.Badges {
			if !ok[b.ID] && b.RequirementsMet(held) {
				ok[b.ID] = true
				changed = true
			}
		}
	}
	return ok
}

// BuildsOn returns every badge class id that b builds on, directly or
// through others, sorted.
func (s *Site) BuildsOn(id string) []string {
	seen := make(map[string]bool)
	var walk func(id string)
	walk = func(id string) {
		b := s.badges[id]
		if b == nil {
			return
		}
		for _, r := range b.Requires {
			for _, x := range r.IDs() {
				if !seen[x] {
					seen[x] = true
					walk(x)
				}
			}
		}
	}
	walk(id)
	delete(seen, id)
	return keys(seen)
}

// LeadsTo returns the ids of the badge classes that name id in their
// requirements, directly, sorted.
func (s *Site) LeadsTo(id string) []string {
	var out []string
	for _, b := range s.Badges {
		for _, r := range b.Requires {
			if slices.Contains(r.IDs(), id) {
				out = append(out, b.ID)
				break
			}
		}
	}
	return out
}

// describeGroups describes a badge class's unmet groups for a message.
func describeGroups(b *Badge, held func(string) bool) string {
	var parts []string
	for _, r := range b.Requires {
		if !r.MetBy(held) {
			parts = append(parts, fmt.Sprintf("%s (%d held)", r, r.Count(held)))
		}
	}
	return strings.Join(parts, "; ")
}
