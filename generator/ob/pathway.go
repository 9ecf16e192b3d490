package ob

import "rosette/generator/content"

// PathwayPath is the path of a pathway document.
func PathwayPath(id string) string { return "pathways/" + id + ".json" }

// PathwayPagePath is the path of a pathway's page for people.
func PathwayPagePath(id string) string { return "pathways/" + id + "/" }

// Pathway is a pathway document: a route of badge classes to a goal, with
// the requirements of each. Open Badges 2.0 defines no pathway, so it is
// plain JSON (no @context) that names badge classes by their ids.
type Pathway struct {
	Type        string        `json:"type"`
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	URL         string        `json:"url"`
	Goal        PathwayBadge  `json:"goal"`
	Steps       []PathwayStep `json:"steps"`
}

// PathwayStep is one step of a pathway, numbered from 1.
type PathwayStep struct {
	Position int `json:"position"`
	PathwayBadge
}

// PathwayBadge is a badge class of a pathway and its requirements.
type PathwayBadge struct {
	BadgeClass string             `json:"badgeClass"`
	Name       string             `json:"name"`
	Requires   []RequirementGroup `json:"requires"`
}

// RequirementGroup is one group of a badge class's requirements: N of
// the badge classes listed (N is their number for an "all of" group).
type RequirementGroup struct {
	All bool     `json:"all"`
	N   int      `json:"n"`
	Of  []string `json:"of"`
}

// Requirements returns the requirement groups of b, with badge class ids
// as URLs; never nil.
func (g *Graph) Requirements(b *content.Badge) []RequirementGroup {
	out := []RequirementGroup{}
	for _, r := range b.Requires {
		rg := RequirementGroup{All: len(r.All) > 0, N: r.Need(), Of: []string{}}
		for _, id := range r.IDs() {
			rg.Of = append(rg.Of, g.URL(BadgePath(id)))
		}
		out = append(out, rg)
	}
	return out
}

func (g *Graph) pathwayBadge(id string) PathwayBadge {
	b := g.Site.Badge(id)
	return PathwayBadge{BadgeClass: g.URL(BadgePath(id)), Name: b.Name, Requires: g.Requirements(b)}
}

// Pathway returns the pathway document of p.
func (g *Graph) Pathway(p *content.Pathway) *Pathway {
	doc := &Pathway{
		Type:        "Pathway",
		ID:          g.URL(PathwayPath(p.ID)),
		Name:        p.Name,
		Description: p.Description,
		URL:         g.URL(PathwayPagePath(p.ID)),
		Goal:        g.pathwayBadge(p.Goal),
		Steps:       []PathwayStep{},
	}
	for i, id := range p.Steps {
		doc.Steps = append(doc.Steps, PathwayStep{Position: i + 1, PathwayBadge: g.pathwayBadge(id)})
	}
	return doc
}
