package render

import (
	"fmt"
	"html/template"
	"strings"
)

// Layout of the requirements graph, in SVG user units.
const (
	graphBoxW   = 220
	graphBoxH   = 34
	graphRow    = 46
	graphGap    = 90
	graphMargin = 12
	graphName   = 30 // characters of a name shown in a box
)

// badgeGraph draws what v builds on (left, grouped) and what it leads to
// (right) around v, as an SVG with no script, no links and no colour:
// black strokes on white, labels in text, so that it reads in print and
// without colour. It passes the SVG allowlist of contributed images. It
// is "" when v neither builds on nor leads to anything.
func (p *Pages) badgeGraph(v *Badge) template.HTML {
	if len(v.Requires) == 0 && len(v.LeadsTo) == 0 {
		return ""
	}
	type row struct {
		label string // a group heading, or "" for a badge
		all   bool   // the heading of a group of which all are required
		name  string
	}
	var left []row
	for _, r := range v.Requires {
		label := p.msg("graph_all")
		if !r.All {
			label = p.msgN("graph_need", r.Need)
		}
		left = append(left, row{label: label, all: r.All})
		for _, b := range r.Badges {
			left = append(left, row{name: b.Name})
		}
	}
	rows := max(len(left), len(v.LeadsTo), 1)
	h := graphMargin*2 + rows*graphRow
	// Only the columns that hold something: a phone shows the graph
	// scaled down to its width.
	xl, xm := graphMargin, graphMargin
	if len(left) > 0 {
		xm += graphBoxW + graphGap
	}
	xr, w := xm+graphBoxW+graphGap, xm+graphBoxW+graphMargin
	if len(v.LeadsTo) > 0 {
		w = xr + graphBoxW + graphMargin
	}
	ym := h/2 - graphBoxH/2
	var sb strings.Builder
	desc := p.graphDesc(v)
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="badge-graph" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(desc))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(desc))
	sb.WriteString(`<defs><marker id="graph-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L10 5L0 10z" fill="#000"/></marker></defs>`)
	box := func(x, y int, name string, bold bool) {
		weight := "normal"
		if bold {
			weight = "bold"
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="#fff" stroke="#000" stroke-width="%d"/>`, x, y, graphBoxW, graphBoxH, map[bool]int{false: 1, true: 2}[bold])
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="%s" fill="#000">%s</text>`, x+graphBoxW/2, y+graphBoxH/2+5, weight, template.HTMLEscapeString(shorten(name)))
	}
	edge := func(x1, y1, x2, y2 int, dashed bool) {
		dash := ""
		if dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&sb, `<path d="M%d %dC%d %d %d %d %d %d" fill="none" stroke="#000" stroke-width="1.5"%s marker-end="url(#graph-arrow)"/>`, x1, y1, (x1+x2)/2, y1, (x1+x2)/2, y2, x2, y2, dash)
	}
	top := func(n int) int { return h/2 - n*graphRow/2 + (graphRow-graphBoxH)/2 }
	y0 := top(len(left))
	dashed := false
	for i, r := range left {
		y := y0 + i*graphRow
		if r.label != "" {
			dashed = !r.all
			fmt.Fprintf(&sb, `<text x="%d" y="%d" font-family="sans-serif" font-size="13" font-style="italic" fill="#000">%s</text>`, xl, y+graphBoxH/2+5, template.HTMLEscapeString(r.label))
			continue
		}
		box(xl, y, r.name, false)
		edge(xl+graphBoxW, y+graphBoxH/2, xm-2, ym+graphBoxH/2, dashed)
	}
	box(xm, ym, v.Name, true)
	y0 = top(len(v.LeadsTo))
	for i, b := range v.LeadsTo {
		y := y0 + i*graphRow
		box(xr, y, b.Name, false)
		edge(xm+graphBoxW, ym+graphBoxH/2, xr-2, y+graphBoxH/2, false)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// graphDesc says in words what the graph draws.
func (p *Pages) graphDesc(v *Badge) string {
	sep := p.msg("list_separator")
	var parts []string
	for _, r := range v.Requires {
		var names []string
		for _, b := range r.Badges {
			names = append(names, b.Name)
		}
		if r.All {
			parts = append(parts, p.msg("graph_requires_all", "Badges", strings.Join(names, sep)))
		} else {
			parts = append(parts, p.msgN("graph_requires_need", r.Need, "Badges", strings.Join(names, sep)))
		}
	}
	requires := strings.Join(parts, p.msg("graph_requires_separator"))
	var names []string
	for _, b := range v.LeadsTo {
		names = append(names, b.Name)
	}
	leads := strings.Join(names, sep)
	switch {
	case len(parts) > 0 && len(names) > 0:
		return p.msg("graph_builds_and_leads", "Badge", v.Name, "Requires", requires, "LeadsTo", leads)
	case len(parts) > 0:
		return p.msg("graph_builds_on", "Badge", v.Name, "Requires", requires)
	}
	return p.msg("graph_leads_to", "Badge", v.Name, "LeadsTo", leads)
}

// shorten cuts a name to what a box holds.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= graphName {
		return s
	}
	return strings.TrimSpace(string(r[:graphName-1])) + "…"
}
