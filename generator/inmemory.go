package generator

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/ob3"
)

// A Memory is a site rendered into memory that renders again only what a
// change of its awards or badge classes shows on; rosette serve's
// incremental engine (package serve) runs on it. It keeps an index from
// every award to the files its render wrote, and the sitemap files, so
// that each update also reports the files that are no longer made.
//
// The site it renders is its own: the caller changes its records
// (content.Site.UpdateAwards, ReloadBadges) and then tells the Memory
// what changed. A Memory is not safe for concurrent use. After an error,
// the model and the output may no longer agree: render the site anew.
type Memory struct {
	r       *renderer
	outputs map[string][]string // by award id: the files its render wrote
	maps    []string            // the sitemap files last written
}

// An Update is what a render into memory wrote.
type Update struct {
	Files   map[string][]byte // files written, by slash path
	Removed []string          // files that are no longer made, sorted
	Awards  int               // awards rendered
}

// RenderMemory renders the whole site s into memory. It signs with
// opts.SigningKeys but uses no signature cache.
func RenderMemory(s *content.Site, opts Options) (*Memory, *Update, error) {
	return renderMemory(s, opts, hooks{})
}

func renderMemory(s *content.Site, opts Options, h hooks) (*Memory, *Update, error) {
	mem := newMemPublisher()
	opts.SignatureCache = nil
	r := newRenderer(s, keyGuard{mem}, opts, h)
	if err := r.siteWide(); err != nil {
		return nil, nil, err
	}
	m := &Memory{r: r, outputs: make(map[string][]string, len(s.Awards))}
	if err := m.renderAwards(s.Awards, mem); err != nil {
		return nil, nil, err
	}
	// The files now belong to the caller: updates write into publishers of
	// their own.
	r.pub = spentPublisher{}
	m.maps = sitemapFiles(mem.files)
	return m, &Update{Files: mem.files, Awards: len(s.Awards)}, nil
}

// Site returns the site m renders.
func (m *Memory) Site() *content.Site { return m.r.site }

// AwardsChanged renders what the awards removed from and added to the
// site show on (an award changed is removed, then added again): their own
// outputs and the pages that list them — their badge classes' pages,
// their earners' profiles and walls, the revocation lists and, when they
// change, the home page, the feeds and the sitemap. now is the time the
// awards' status is computed at.
func (m *Memory) AwardsChanged(removed, added []*content.Award, now time.Time) (*Update, error) {
	r := m.r
	r.graph = ob.New(r.site)
	r.graph3 = ob3.New(r.graph)
	shown := r.pages.Update(r.graph, removed, added, now)
	for _, lp := range r.langs[1:] {
		lp.Update(r.graph, removed, added, now)
	}

	mem := newMemPublisher()
	gone := make(map[string]bool)
	for _, a := range removed {
		for _, p := range m.outputs[a.ID] {
			gone[p] = true
		}
		delete(m.outputs, a.ID)
	}
	if err := m.renderAwards(added, mem); err != nil {
		return nil, err
	}
	lr := *r
	lr.pub = keyGuard{mem}
	l := listing{home: shown.Home, sitemap: shown.Sitemap}
	for _, b := range shown.Badges {
		l.badges = append(l.badges, r.site.Badge(b.ID))
	}
	for _, e := range shown.Earners {
		l.earners = append(l.earners, r.site.Earner(e.ID))
	}
	for _, id := range shown.Feeds {
		l.feeds = append(l.feeds, r.site.Issuer(id))
	}
	if err := lr.listings(l); err != nil {
		return nil, err
	}
	if l.sitemap {
		for _, p := range m.maps {
			gone[p] = true // unless written again: a sitemap index may have fewer parts now
		}
		m.maps = sitemapFiles(mem.files)
	}
	if err := lr.revocationLists(); err != nil {
		return nil, err
	}
	if err := lr.statusLists(); err != nil {
		return nil, err
	}
	return updateOf(mem, gone, len(added)), nil
}

// BadgesChanged renders what the badge classes changed show on: their
// documents and images, every award of theirs, their pages, the profiles
// of their holders, the home page and the feeds. before holds the badge
// classes as they were before the change, by id, for the images they no
// longer have.
func (m *Memory) BadgesChanged(before map[string]*content.Badge, changed []*content.Badge, now time.Time) (*Update, error) {
	r := m.r
	r.graph = ob.New(r.site)
	r.graph3 = ob3.New(r.graph)
	earners := r.pages.UpdateBadges(r.graph, changed, now)
	for _, lp := range r.langs[1:] {
		lp.UpdateBadges(r.graph, changed, now)
	}

	mem := newMemPublisher()
	lr := *r
	lr.pub = keyGuard{mem}
	gone := make(map[string]bool)
	is := make(map[string]bool)
	for _, b := range changed {
		is[b.ID] = true
		if old := before[b.ID]; old != nil {
			for _, img := range []*content.Image{old.PNG, old.SVG} {
				if img != nil {
					gone[ob.BadgeImagePath(b.ID, img.Format)] = true
				}
			}
		}
		if err := r.bake.prepareImages(b); err != nil {
			return nil, err
		}
		if err := lr.badgeDocuments(b); err != nil {
			return nil, err
		}
	}
	for _, p := range r.site.Pathways { // they show the names of badge classes
		if err := writeJSON(lr.pub, ob.PathwayPath(p.ID), r.graph.Pathway(p)); err != nil {
			return nil, err
		}
	}
	var awards []*content.Award
	for _, a := range r.site.Awards {
		if is[a.Badge] {
			awards = append(awards, a)
			for _, p := range m.outputs[a.ID] {
				gone[p] = true
			}
		}
	}
	if err := m.renderAwards(awards, mem); err != nil {
		return nil, err
	}
	var es []*content.Earner
	for _, e := range earners {
		es = append(es, r.site.Earner(e.ID))
	}
	if err := lr.listings(listing{badges: withNeighbours(r.site, changed), earners: es, home: true, feeds: r.site.Issuers, pathways: true}); err != nil {
		return nil, err
	}
	return updateOf(mem, gone, len(awards)), nil
}

// updateOf is the files of mem, and those of gone that mem does not hold.
func updateOf(mem *memPublisher, gone map[string]bool, awards int) *Update {
	u := &Update{Files: mem.files, Awards: awards}
	for p := range gone {
		if _, ok := mem.files[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	sort.Strings(u.Removed)
	return u
}

// sitemapFiles lists the sitemap files among files: sitemap.xml and the
// parts of a sitemap index.
func sitemapFiles(files map[string][]byte) []string {
	var out []string
	for p := range files {
		if p == "sitemap.xml" || strings.HasPrefix(p, "sitemaps/") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// renderAwards renders awards on all cores into pub and notes the files
// each one wrote, by award id.
func (m *Memory) renderAwards(awards []*content.Award, pub Publisher) error {
	recs := make([]*recorder, len(awards))
	err := parallel(len(awards), func(i int) error {
		recs[i] = &recorder{pub: pub}
		ar := *m.r
		ar.pub = keyGuard{recs[i]}
		return ar.award(awards[i])
	})
	if err != nil {
		return err
	}
	for i, a := range awards {
		m.outputs[a.ID] = recs[i].paths
	}
	return nil
}

// recorder passes files on and remembers their paths. Its Write is not
// safe for concurrent use: each award has its own.
type recorder struct {
	pub   Publisher
	paths []string
}

func (r *recorder) Write(path string, data []byte) error {
	r.paths = append(r.paths, path)
	return r.pub.Write(path, data)
}

// spentPublisher refuses every file: the renderer of a Memory writes only
// into the publisher of the update at hand.
type spentPublisher struct{}

func (spentPublisher) Write(path string, _ []byte) error {
	return fmt.Errorf("output %s written outside an update", path)
}

// memPublisher keeps a copy of the output in memory. The zero value is
// ready.
type memPublisher struct {
	mu    sync.Mutex
	files map[string][]byte
}

var _ Publisher = (*memPublisher)(nil)

func newMemPublisher() *memPublisher { return &memPublisher{files: make(map[string][]byte)} }

func (p *memPublisher) Write(path string, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.files == nil {
		p.files = make(map[string][]byte)
	}
	if _, dup := p.files[path]; dup {
		return fmt.Errorf("output %s written twice", path)
	}
	p.files[path] = bytes.Clone(data)
	return nil
}

// withNeighbours is changed and the badge classes whose pages draw one of
// them: those they require, and those that require them.
func withNeighbours(s *content.Site, changed []*content.Badge) []*content.Badge {
	in := make(map[string]bool)
	for _, b := range changed {
		in[b.ID] = true
		for _, r := range b.Requires {
			for _, id := range r.IDs() {
				in[id] = true
			}
		}
		for _, id := range s.LeadsTo(b.ID) {
			in[id] = true
		}
	}
	var out []*content.Badge
	for _, b := range s.Badges {
		if in[b.ID] {
			out = append(out, b)
		}
	}
	return out
}

// EndorsementsChanged renders what the endorsements changed show on (as
// they were, before, and as they are, after; content.Site's
// ReloadEndorsements tells them): their documents, the documents and
// pages of what they endorse (a badge class's page, the home page for an
// issuer, an award's page, never the award's own documents), and the
// revocation lists.
func (m *Memory) EndorsementsChanged(before, after []*content.Endorsement) (*Update, error) {
	r := m.r
	r.graph = ob.New(r.site)
	r.graph3 = ob3.New(r.graph)
	r.pages.UpdateEndorsements(r.graph)

	mem := newMemPublisher()
	lr := *r
	lr.pub = keyGuard{mem}
	gone := make(map[string]bool)
	for _, e := range before {
		if ob.Hosted(e) {
			gone[ob.EndorsementPath(e.ID)] = true
		}
	}
	for _, e := range before {
		if ob.Hosted(e) && !e.Revoked && r.ob3.signers[e.Endorser] != nil {
			gone[ob3.EndorsementPath(e.ID)] = true // written by endorsementCredentials
		}
	}
	if err := lr.endorsementDocuments(after); err != nil {
		return nil, err
	}
	if err := lr.endorsementCredentials(after); err != nil {
		return nil, err
	}
	var l listing
	badges, issuers, awards := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range slices.Concat(before, after) {
		switch kind, id := e.Target(); kind {
		case "badge":
			if b := r.site.Badge(id); b != nil && !badges[id] {
				badges[id] = true
				l.badges = append(l.badges, b)
				if err := writeJSON(lr.pub, ob.BadgePath(id), r.graph.BadgeClass(b)); err != nil {
					return nil, err
				}
			}
		case "issuer":
			if is := r.site.Issuer(id); is != nil && !issuers[id] {
				issuers[id] = true
				l.home = true
				if err := writeJSON(lr.pub, ob.IssuerPath(id), r.graph.Profile(is)); err != nil {
					return nil, err
				}
			}
		case "award":
			if a := r.site.Award(id); a != nil && !awards[id] {
				awards[id] = true
				if err := lr.awardPage(a); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := lr.listings(l); err != nil {
		return nil, err
	}
	if err := lr.revocationLists(); err != nil {
		return nil, err
	}
	return updateOf(mem, gone, 0), nil
}
