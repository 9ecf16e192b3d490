package render

import (
	"slices"
	"sort"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// addAward adds the data of one award to the lists that show it.
func (p *Pages) addAward(a *content.Award, clock time.Time) *Award {
	v := p.award(a, p.graph.Site.Badge(a.Badge), clock)
	p.awards[a.ID] = v
	if v.Earner != nil {
		v.Earner.Awards = append(v.Earner.Awards, v)
	}
	if !a.Revoked {
		v.Badge.Awarded++
		if v.Earner != nil {
			if p.holds[v.Badge] == nil {
				p.holds[v.Badge] = map[*Earner]int{}
			}
			p.holds[v.Badge][v.Earner]++
		}
	}
	return v
}

// removeAward takes the data of one award out of the lists that show it.
func (p *Pages) removeAward(a *content.Award) *Award {
	v := p.awards[a.ID]
	if v == nil {
		return nil
	}
	delete(p.awards, a.ID)
	if v.Earner != nil {
		v.Earner.Awards = slices.DeleteFunc(v.Earner.Awards, func(x *Award) bool { return x == v })
	}
	if !a.Revoked {
		v.Badge.Awarded--
		if v.Earner != nil {
			if p.holds[v.Badge][v.Earner]--; p.holds[v.Badge][v.Earner] == 0 {
				delete(p.holds[v.Badge], v.Earner)
			}
		}
	}
	return v
}

// setHolders lists the public earners who hold a badge, by name, at most
// maxHolders of them.
func (p *Pages) setHolders(b *Badge) {
	b.Holders = b.Holders[:0:0]
	for e := range p.holds[b] {
		b.Holders = append(b.Holders, e)
	}
	sort.Slice(b.Holders, func(i, j int) bool { return b.Holders[i].ID < b.Holders[j].ID })
	sortByName(b.Holders, func(e *Earner) string { return e.Name })
	b.MoreHolders = 0
	if n := len(b.Holders); n > maxHolders {
		b.MoreHolders, b.Holders = n-maxHolders, b.Holders[:maxHolders]
	}
}

// UpdateBadges follows a change of badge classes (the same ids, of the
// same issuers): g is the graph of the changed site and changed the badge
// classes as they are now. Their data is renewed in place, and so is the
// data of their awards, whose status is computed again at clock. It
// returns the public earners who hold one of their awards. UpdateBadges
// must not run while pages are rendered.
func (p *Pages) UpdateBadges(g *ob.Graph, changed []*content.Badge, clock time.Time) []*Earner {
	p.graph = g
	is := make(map[string]bool, len(changed))
	for _, b := range changed {
		is[b.ID] = true
		v := p.badges[b.ID]
		fresh := p.badge(b)
		fresh.Awarded, fresh.Holders, fresh.MoreHolders = v.Awarded, v.Holders, v.MoreHolders
		*v = *fresh
	}
	sortByName(p.Site.Badges, func(b *Badge) string { return b.Name })
	p.pathways(g.Site) // the fresh data has none; the names may have changed
	p.setEndorsements(g.Site)
	var earners []*Earner
	seen := map[*Earner]bool{}
	for _, a := range g.Site.Awards {
		if !is[a.Badge] {
			continue
		}
		v := p.awards[a.ID]
		*v = *p.award(a, g.Site.Badge(a.Badge), clock)
		if e := v.Earner; e != nil && !seen[e] {
			seen[e] = true
			earners = append(earners, e)
		}
	}
	for _, e := range earners {
		sortAwards(e.Awards)
	}
	p.Theme.Forget()
	p.feedMu.Lock()
	p.feedTop = nil // feeds show badge names
	p.feedMu.Unlock()
	return earners
}

// Changed is what a change of awards shows on: the pages of these badge
// classes and earners, the home page when an award count changed, the
// feeds of these issuers, and the sitemap when the award pages it lists
// changed.
type Changed struct {
	Badges  []*Badge
	Earners []*Earner
	Home    bool
	Feeds   []string // issuer ids
	Sitemap bool
}

// Update follows a change of awards: g is the graph of the changed site,
// removed the awards that left it and added those that entered it (a
// changed award is in both); added awards get their status at clock. It
// returns what shows the changed awards. It drops the fragments that the
// cached template function kept for those badge classes and earners; the
// fragments of the site and its issuers stay (see the package comment).
// Update must not run while pages are made.
func (p *Pages) Update(g *ob.Graph, removed, added []*content.Award, clock time.Time) Changed {
	p.graph = g
	var ch Changed
	seenB, seenE, feeds := map[*Badge]bool{}, map[*Earner]bool{}, map[string]bool{}
	counts := map[*Badge]int{}
	listedBefore := map[string]bool{} // ids of removed awards the sitemap lists
	touch := func(a *content.Award, v *Award) {
		if v == nil {
			return
		}
		if !seenB[v.Badge] {
			seenB[v.Badge] = true
			ch.Badges = append(ch.Badges, v.Badge)
		}
		if v.Earner != nil && !seenE[v.Earner] {
			seenE[v.Earner] = true
			ch.Earners = append(ch.Earners, v.Earner)
		}
		if p.inFeed(a, v) {
			feeds[v.Issuer.ID] = true
		}
	}
	for _, a := range removed {
		v := p.removeAward(a)
		if v != nil && !a.Revoked {
			counts[v.Badge]--
		}
		if v != nil && listed(a, v) {
			listedBefore[a.ID] = true
		}
		touch(a, v)
	}
	listedAfter := 0
	for _, a := range added {
		v := p.addAward(a, clock)
		if !a.Revoked {
			counts[v.Badge]++
		}
		if listed(a, v) {
			listedAfter++
			ch.Sitemap = ch.Sitemap || !listedBefore[a.ID]
		}
		touch(a, v)
	}
	ch.Sitemap = ch.Sitemap || listedAfter != len(listedBefore)
	for _, n := range counts {
		ch.Home = ch.Home || n != 0
	}
	var forget []any
	for _, b := range ch.Badges {
		p.setHolders(b)
		forget = append(forget, b)
	}
	for _, e := range ch.Earners {
		sortAwards(e.Awards)
		forget = append(forget, e)
	}
	p.Theme.Forget(forget...)
	for id := range feeds {
		ch.Feeds = append(ch.Feeds, id)
		p.feedMu.Lock()
		delete(p.feedTop, id)
		p.feedMu.Unlock()
	}
	sort.Strings(ch.Feeds)
	return ch
}

// inFeed reports whether an award, as it was removed or is added, is or
// would be among the entries of its issuer's feed as last made.
func (p *Pages) inFeed(a *content.Award, v *Award) bool {
	p.feedMu.Lock()
	defer p.feedMu.Unlock()
	top, ok := p.feedTop[v.Issuer.ID]
	if !ok || (listed(a, v) && (len(top) < maxFeedEntries || newerAward(v, top[len(top)-1]))) {
		return true // not made yet or already dropped, or it would enter the feed
	}
	return slices.ContainsFunc(top, func(w *Award) bool { return w.ID == v.ID })
}

// listed reports whether an award is shown to the public beyond its own
// page: in the sitemap and the feeds. Awards of earners without a public
// profile, and revoked ones, are not.
func listed(a *content.Award, v *Award) bool { return !v.Private && !a.Revoked }
