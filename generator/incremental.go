package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"rosette/generator/content"
	"rosette/generator/internal/imagecheck"
	"rosette/generator/internal/source"
	"rosette/generator/ob"
)

// Incremental is a site rendered into memory that follows changes of its
// source files; rosette serve runs on it. It keeps an index from every
// award to the files its render wrote, so that a changed, new or deleted
// award file re-renders only that award's outputs and the pages that list
// it — its badge class's page, its earner's profile and wall, the
// revocation lists and, when they change, the home page (award counts),
// the feeds (their newest awards) and the sitemap (the award pages it
// lists) — and removes the outputs that an award no longer has. A
// changed badge class record or image re-renders the badge class's
// documents, images and page, every award of it, its holders' profiles,
// the home page and the feeds. Any other change (site.toml, an issuer, an
// earner, the theme, badge classes added, removed or given another
// issuer) renders the whole site again.
//
// The clock is the time of each update: a changed award gets its status
// then. When the clock passes the expiry of an award that was valid at the
// last full render, the next update renders everything, so that no page
// shows an expired award as valid.
//
// An Incremental is not safe for concurrent use.
type Incremental struct {
	opts    Options
	hooks   hooks               // in tests
	r       *renderer           // nil until a full render succeeds
	outputs map[string][]string // by award id: the files its render wrote
	pending []string            // award files of a failed update: read again with the next
	full    bool                // the last full render failed: the next update is full too
	expiry  time.Time           // the first expiry after the last full render; zero: none
	maps    []string            // the sitemap files last written
}

// Change is what an update did to the output.
type Change struct {
	Full    bool              // the site was rendered anew: Files is the whole output
	Files   map[string][]byte // files written, by slash path
	Removed []string          // files that are no longer made, sorted
	Awards  int               // awards rendered
	Badges  int               // badge classes rendered, when only badge classes changed
}

// NewIncremental loads and renders the site at opts.Source into memory.
// opts.Destination is not used. A failed first render still returns the
// Incremental, with the error: the next Update tries again.
func NewIncremental(opts Options) (*Incremental, *Change, error) {
	inc := &Incremental{opts: opts}
	ch, err := inc.renderAll()
	return inc, ch, err
}

// Update follows a change of the given files (slash paths relative to the
// site root; nil when unknown) and returns the change of the output. On
// an error the output is unchanged: the last good render stays.
func (inc *Incremental) Update(changed []string) (*Change, error) {
	if inc.r == nil || inc.full || changed == nil || (!inc.expiry.IsZero() && !inc.opts.clock().Before(inc.expiry)) {
		return inc.renderAll()
	}
	changed = slices.DeleteFunc(slices.Clone(changed), inc.vanished)
	if len(changed) == 0 && len(inc.pending) == 0 {
		return &Change{Files: map[string][]byte{}}, nil
	}
	awards, badges := 0, 0
	for _, f := range changed {
		switch {
		case content.IsAwardFile(f):
			awards++
		case isBadgeFile(f):
			badges++
		}
	}
	switch {
	case awards == len(changed):
		return inc.updateAwards(slices.Concat(changed, inc.pending))
	case badges == len(changed) && len(inc.pending) == 0:
		return inc.updateBadges()
	}
	return inc.renderAll()
}

// vanished reports whether a changed path under content/ is a file that
// is gone and could not have been a record, an image or a directory of
// them: the temporary file of an editor or of sed -i, renamed over the
// real one.
func (inc *Incremental) vanished(p string) bool {
	if !strings.HasPrefix(p, content.Dir+"/") {
		return false
	}
	switch path.Ext(p) {
	case ".toml", ".png", ".svg":
		return false
	}
	if _, err := os.Lstat(filepath.Join(inc.opts.source(), filepath.FromSlash(p))); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	// A directory of records, moved or deleted, is no temporary file:
	// issuers, badge classes and earners live in their directory itself,
	// awards in any directory below theirs.
	switch strings.TrimPrefix(p, content.Dir+"/") {
	case "issuers", "badges", "earners", "awards":
		return false
	}
	dir := p + "/"
	return !slices.ContainsFunc(inc.r.site.Awards, func(a *content.Award) bool { return strings.HasPrefix(a.File, dir) })
}

// isBadgeFile reports whether a slash path relative to the site root is a
// badge class record or image.
func isBadgeFile(p string) bool {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	return dir == content.Dir+"/badges/" && !strings.HasPrefix(name, ".") && (ext == ".toml" || ext == ".png" || ext == ".svg")
}

// renderAll loads and renders the whole site.
func (inc *Incremental) renderAll() (*Change, error) {
	inc.full = true
	s, err := Load(inc.opts)
	if err != nil {
		return nil, err
	}
	mem := newMemPublisher()
	r := newRenderer(s, keyGuard{mem}, inc.opts, inc.hooks)
	r.bake.cache = nil
	if err := r.siteWide(); err != nil {
		return nil, err
	}
	outputs := make(map[string][]string, len(s.Awards))
	if err := renderAwards(r, s.Awards, mem, outputs); err != nil {
		return nil, err
	}
	// The files now belong to the caller: updates write into publishers of
	// their own.
	r.pub = spentPublisher{}
	inc.r, inc.outputs, inc.pending, inc.full = r, outputs, nil, false
	inc.expiry = nextExpiry(s, inc.opts.clock())
	inc.maps = sitemapFiles(mem.files)
	s.UpdateAwards(source.New(inc.opts.source(), nil), nil) // indexes the award files now rather than at the first edit
	return &Change{Full: true, Files: mem.files, Awards: len(s.Awards)}, nil
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

// nextExpiry is the first time after now at which an award of s that is
// not revoked expires, or zero.
func nextExpiry(s *content.Site, now time.Time) time.Time {
	var next time.Time
	for _, a := range s.Awards {
		if a.Revoked {
			continue
		}
		if exp := a.ExpiresAt(s.Badge(a.Badge)); exp.After(now) && (next.IsZero() || exp.Before(next)) {
			next = exp
		}
	}
	return next
}

// updateAwards reads the given award files again and renders what they
// change.
func (inc *Incremental) updateAwards(files []string) (*Change, error) {
	r, root := inc.r, inc.opts.source()
	removed, added, err := r.site.UpdateAwards(source.New(root, nil), files)
	if err != nil {
		var errs content.Errors
		if !errors.As(err, &errs) {
			return nil, err
		}
		pending := slices.Clone(files)
		for _, e := range errs {
			if content.IsAwardFile(e.File) {
				pending = append(pending, e.File) // e.g. the other file of a duplicate id
			}
		}
		slices.Sort(pending)
		inc.pending = slices.Compact(pending)
		return nil, relativeTo(root, errs)
	}
	inc.pending = nil
	r.graph = ob.New(r.site)
	shown := r.pages.Update(r.graph, removed, added, inc.opts.clock())

	mem := newMemPublisher()
	gone := make(map[string]bool)
	for _, a := range removed {
		for _, p := range inc.outputs[a.ID] {
			gone[p] = true
		}
		delete(inc.outputs, a.ID)
	}
	if err := renderAwards(r, added, mem, inc.outputs); err != nil {
		return nil, inc.fail(err)
	}
	now := inc.opts.clock()
	for _, a := range added {
		if exp := a.ExpiresAt(r.site.Badge(a.Badge)); !a.Revoked && exp.After(now) && (inc.expiry.IsZero() || exp.Before(inc.expiry)) {
			inc.expiry = exp
		}
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
		return nil, inc.fail(err)
	}
	if l.sitemap {
		for _, p := range inc.maps {
			gone[p] = true // unless written again: a sitemap index may have fewer parts now
		}
		inc.maps = sitemapFiles(mem.files)
	}
	if err := lr.revocationLists(); err != nil {
		return nil, inc.fail(err)
	}
	ch := &Change{Files: mem.files, Awards: len(added)}
	for p := range gone {
		if _, ok := mem.files[p]; !ok {
			ch.Removed = append(ch.Removed, p)
		}
	}
	sort.Strings(ch.Removed)
	return ch, nil
}

// updateBadges reads the badge classes again and renders what the changed
// ones show: their documents and images, every award of theirs, their
// pages, the profiles of their holders, the home page and the feeds.
func (inc *Incremental) updateBadges() (*Change, error) {
	r, root := inc.r, inc.opts.source()
	before := make(map[string]*content.Badge, len(r.site.Badges))
	for _, b := range r.site.Badges {
		before[b.ID] = b
	}
	changed, err := r.site.ReloadBadges(source.New(root, nil), content.Options{CheckImage: imagecheck.Check})
	if errors.Is(err, content.ErrNotIncremental) {
		return inc.renderAll()
	}
	if err != nil {
		inc.full = true // the next change renders everything, and reports this again if it stays
		return nil, relativeTo(root, err)
	}
	r.graph = ob.New(r.site)
	earners := r.pages.UpdateBadges(r.graph, changed, inc.opts.clock())
	inc.expiry = nextExpiry(r.site, inc.opts.clock())

	mem := newMemPublisher()
	lr := *r
	lr.pub = keyGuard{mem}
	gone := make(map[string]bool)
	is := make(map[string]bool)
	for _, b := range changed {
		is[b.ID] = true
		old := before[b.ID]
		for _, img := range []*content.Image{old.PNG, old.SVG} {
			if img != nil {
				gone[ob.BadgeImagePath(b.ID, img.Format)] = true
			}
		}
		if err := r.bake.prepareImages(b); err != nil {
			return nil, inc.fail(err)
		}
		if err := lr.badgeDocuments(b); err != nil {
			return nil, inc.fail(err)
		}
	}
	var awards []*content.Award
	for _, a := range r.site.Awards {
		if is[a.Badge] {
			awards = append(awards, a)
			for _, p := range inc.outputs[a.ID] {
				gone[p] = true
			}
		}
	}
	if err := renderAwards(r, awards, mem, inc.outputs); err != nil {
		return nil, inc.fail(err)
	}
	var es []*content.Earner
	for _, e := range earners {
		es = append(es, r.site.Earner(e.ID))
	}
	if err := lr.listings(listing{badges: changed, earners: es, home: true, feeds: r.site.Issuers}); err != nil {
		return nil, inc.fail(err)
	}
	ch := &Change{Files: mem.files, Awards: len(awards), Badges: len(changed)}
	for p := range gone {
		if _, ok := mem.files[p]; !ok {
			ch.Removed = append(ch.Removed, p)
		}
	}
	sort.Strings(ch.Removed)
	return ch, nil
}

// renderAwards renders awards on all cores into pub and puts the files
// each one wrote into index, by award id.
func renderAwards(r *renderer, awards []*content.Award, pub Publisher, index map[string][]string) error {
	recs := make([]*recorder, len(awards))
	err := parallel(len(awards), func(i int) error {
		recs[i] = &recorder{pub: pub}
		return r.awardTo(awards[i], recs[i])
	})
	if err != nil {
		return err
	}
	for i, a := range awards {
		index[a.ID] = recs[i].paths
	}
	return nil
}

// fail makes the next update render the whole site: after a render error
// the model and the output may no longer agree.
func (inc *Incremental) fail(err error) error {
	inc.full = true
	return err
}

// awardTo renders every output of one award into pub.
func (r *renderer) awardTo(a *content.Award, pub Publisher) error {
	ar := *r
	ar.pub = keyGuard{pub}
	return ar.award(a)
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

// spentPublisher refuses every file: the renderer of an Incremental
// writes only into the publisher of the update at hand.
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
