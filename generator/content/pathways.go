package content

import (
	"slices"
	"strconv"
)

// Pathway is content/pathways/<id>.toml: a route of badge classes, in
// order, that leads to a goal. It only presents the requirements of the
// badge classes, which are the one source of truth: Load refuses a
// pathway that contradicts them.
type Pathway struct {
	ID          string   `toml:"-"`
	File        string   `toml:"-"`
	Name        string   `toml:"name"`
	Description string   `toml:"description"` // markdown
	Steps       []string `toml:"steps"`       // badge class ids, in the order to earn them
	Goal        string   `toml:"goal"`        // the badge class the steps lead to

	// Translations hold the name and description in the site's other
	// languages, by language tag; Lang is the language of its own text.
	Translations map[string]PathwayTranslation `toml:"translations"`
	Lang         string                        `toml:"-"`
}

func (l *loader) loadPathway(file string) *Pathway {
	src := l.readRecord(file)
	if src == nil {
		return nil
	}
	p := &Pathway{ID: idFromPath(file), File: file}
	checkID(file, "pathway", p.ID, &l.errs)
	d := decode(file, src, p, &l.errs)
	if d == nil {
		return p
	}
	required(d, "name", p.Name, &l.errs)
	signableText(d, "name", p.Name, &l.errs)
	checkMarkdownKey(d, "description", p.Description, &l.errs)
	checkTranslations(d, keys(p.Translations), p.trFields, &l.errs)
	if required(d, "goal", p.Goal, &l.errs) && !IsSlug(p.Goal) {
		l.errs.add(d.pos("goal", false), "goal %q is not a badge class id", p.Goal)
	}
	if len(p.Steps) == 0 {
		at := Pos{File: file, Line: 1, Col: 1}
		if d.md.IsDefined("steps") {
			at = d.pos("steps", false)
		}
		l.errs.add(at, "steps: list the badge classes of the route, in order, e.g. steps = [\"git-basics\", \"go-101\"]")
	}
	seen := make(map[string]bool)
	for i, id := range p.Steps {
		at := d.pos("steps."+strconv.Itoa(i), false)
		switch {
		case !IsSlug(id):
			l.errs.add(at, "steps: %q is not a badge class id", id)
		case id == p.Goal:
			l.errs.add(at, "steps: %q is the goal; the steps are the badge classes that lead to it", id)
		case seen[id]:
			l.errs.add(at, "steps: %q is named twice", id)
		}
		seen[id] = true
	}
	return p
}

// checkPathways reports pathways that name unknown badge classes, lead
// to a goal that can never be earned, or contradict the requirements:
// a step that the goal does not build on, a step before one it builds
// on, or steps that do not meet the goal's requirements.
func (l *loader) checkPathways(s *Site) {
	earnable := s.Earnable()
	for _, p := range s.Pathways {
		known := true
		for i, id := range p.Steps {
			if s.badges[id] == nil && IsSlug(id) {
				l.errs.add(l.reposition(p.File, "steps."+strconv.Itoa(i)), "unknown badge %q%s", id, didYouMean(id, keys(s.badges)))
				known = false
			}
		}
		goal := s.badges[p.Goal]
		if goal == nil {
			if IsSlug(p.Goal) {
				l.errs.add(l.reposition(p.File, "goal"), "unknown badge %q%s", p.Goal, didYouMean(p.Goal, keys(s.badges)))
			}
			continue
		}
		if l.shapeErrors(s, p.Goal) {
			continue // reported in the badge classes
		}
		if !earnable[p.Goal] {
			l.errs.add(l.reposition(p.File, "goal"), "goal %q can never be earned with its requirements met: they build on a cycle or on unknown badge classes (see the errors in its requirements)", p.Goal)
			continue
		}
		if !known || l.badGraph[p.Goal] || slices.ContainsFunc(s.BuildsOn(p.Goal), func(id string) bool { return l.badGraph[id] }) {
			continue
		}
		l.checkRoute(s, p, goal)
	}
}

// shapeErrors tells whether the badge class id, or one it builds on, has
// requires that are not well formed.
func (l *loader) shapeErrors(s *Site, id string) bool {
	if l.badShape[id] {
		return true
	}
	return slices.ContainsFunc(s.BuildsOn(id), func(x string) bool { return l.badShape[x] })
}

// checkRoute reports where a pathway's steps contradict the requirements.
func (l *loader) checkRoute(s *Site, p *Pathway, goal *Badge) {
	under := s.BuildsOn(p.Goal)
	held := make(map[string]bool)
	has := func(id string) bool { return held[id] }
	for i, id := range p.Steps {
		key := "steps." + strconv.Itoa(i)
		if id == p.Goal || held[id] {
			continue // reported by loadPathway
		}
		if _, ok := slices.BinarySearch(under, id); !ok {
			l.errs.add(l.reposition(p.File, key), "step %q is not among what %q builds on (its requires, and theirs): a pathway only presents the requirements", id, p.Goal)
			held[id] = true
			continue
		}
		if b := s.badges[id]; !b.RequirementsMet(has) {
			l.errs.add(l.reposition(p.File, key), "step %q comes before its requirements are met by the earlier steps: %s", id, describeGroups(b, has))
		}
		held[id] = true
	}
	if !goal.RequirementsMet(has) {
		l.errs.add(l.reposition(p.File, "goal"), "the steps do not meet the requirements of goal %q: %s", p.Goal, describeGroups(goal, has))
	}
}
