package serve

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/internal/imagecheck"
	"rosette/generator/internal/source"
)

// Incremental is a site rendered into memory that follows changes of its
// source files; the server runs on it. A changed, new or deleted award
// file re-renders only that award's outputs and the pages that list it —
// its badge class's page, its earner's profile and wall, the revocation
// lists and, when they change, the home page (award counts), the feeds
// (their newest awards) and the sitemap (the award pages it lists) — and
// removes the outputs that an award no longer has (see
// generator.Memory). A changed badge class record or image re-renders
// the badge class's documents, images and page, every award of it, its
// holders' profiles, the home page and the feeds. Any other change
// (site.toml, an issuer, an earner, the theme, badge classes added,
// removed or given another issuer) renders the whole site again. A
// changed, new or deleted endorsement re-renders its document, the
// documents and pages of what it endorses (a badge class's page, the
// home page for an issuer, an award's page; never the award's own
// documents) and the revocation lists.
//
// The clock is the time of each update: a changed award gets its status
// then. When the clock passes the expiry of an award that was valid at the
// last full render, the next update renders everything, so that no page
// shows an expired award as valid.
//
// An Incremental is not safe for concurrent use.
type Incremental struct {
	opts    generator.Options
	mem     *generator.Memory // nil until a full render succeeds
	pending []string          // award files of a failed update: read again with the next
	full    bool              // the last full render failed: the next update is full too
	expiry  time.Time         // the first expiry after the last full render; zero: none
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
func NewIncremental(opts generator.Options) (*Incremental, *Change, error) {
	inc := &Incremental{opts: opts}
	ch, err := inc.renderAll()
	return inc, ch, err
}

func (inc *Incremental) clock() time.Time {
	if inc.opts.Clock.IsZero() {
		return time.Now().UTC()
	}
	return inc.opts.Clock.UTC()
}

func (inc *Incremental) source() string {
	if inc.opts.Source == "" {
		return "."
	}
	return inc.opts.Source
}

// Update follows a change of the given files (slash paths relative to the
// site root; nil when unknown) and returns the change of the output. On
// an error the output is unchanged: the last good render stays.
func (inc *Incremental) Update(changed []string) (*Change, error) {
	if inc.mem == nil || inc.full || changed == nil || (!inc.expiry.IsZero() && !inc.clock().Before(inc.expiry)) {
		return inc.renderAll()
	}
	changed = slices.DeleteFunc(slices.Clone(changed), inc.vanished)
	if len(changed) == 0 && len(inc.pending) == 0 {
		return &Change{Files: map[string][]byte{}}, nil
	}
	awards, badges, endorsements := 0, 0, 0
	for _, f := range changed {
		switch {
		case content.IsAwardFile(f):
			awards++
		case isBadgeFile(f):
			badges++
		case content.IsEndorsementFile(f):
			endorsements++
		}
	}
	switch {
	case awards == len(changed):
		return inc.updateAwards(slices.Concat(changed, inc.pending))
	case badges == len(changed) && len(inc.pending) == 0:
		return inc.updateBadges()
	case endorsements == len(changed) && len(inc.pending) == 0:
		return inc.updateEndorsements()
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
	if _, err := os.Lstat(filepath.Join(inc.source(), filepath.FromSlash(p))); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	// A directory of records, moved or deleted, is no temporary file:
	// issuers, badge classes and earners live in their directory itself,
	// awards in any directory below theirs.
	switch strings.TrimPrefix(p, content.Dir+"/") {
	case "issuers", "badges", "earners", "awards", "pathways", "endorsements":
		return false
	}
	dir := p + "/"
	return !slices.ContainsFunc(inc.mem.Site().Awards, func(a *content.Award) bool { return strings.HasPrefix(a.File, dir) })
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
	s, err := generator.Load(inc.opts)
	if err != nil {
		return nil, err
	}
	mem, u, err := generator.RenderMemory(s, inc.opts)
	if err != nil {
		return nil, err
	}
	inc.mem, inc.pending, inc.full = mem, nil, false
	inc.expiry = nextExpiry(s, inc.clock())
	s.UpdateAwards(source.New(inc.source(), nil), nil) // indexes the award files now rather than at the first edit
	return &Change{Full: true, Files: u.Files, Awards: u.Awards}, nil
}

// nextExpiry is the first time after now at which the status of an award
// of s that is not revoked changes, or zero: when it expires, or when one
// issued in the future becomes valid.
func nextExpiry(s *content.Site, now time.Time) time.Time {
	var next time.Time
	for _, a := range s.Awards {
		next = statusChange(s, a, now, next)
	}
	return next
}

// statusChange returns the earlier of next (zero: none) and the first time
// after now at which the status of a changes.
func statusChange(s *content.Site, a *content.Award, now, next time.Time) time.Time {
	if a.Revoked {
		return next
	}
	for _, t := range []time.Time{a.Issued, a.ExpiresAt(s.Badge(a.Badge))} {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	return next
}

// updateAwards reads the given award files again and renders what they
// change.
func (inc *Incremental) updateAwards(files []string) (*Change, error) {
	s, root := inc.mem.Site(), inc.source()
	removed, added, err := s.UpdateAwards(source.New(root, nil), files)
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
		return nil, content.RelativeTo(root, errs)
	}
	inc.pending = nil
	now := inc.clock()
	u, err := inc.mem.AwardsChanged(removed, added, now)
	if err != nil {
		return nil, inc.fail(err)
	}
	for _, a := range added {
		inc.expiry = statusChange(s, a, now, inc.expiry)
	}
	return &Change{Files: u.Files, Removed: u.Removed, Awards: u.Awards}, nil
}

// updateBadges reads the badge classes again and renders what the changed
// ones show.
func (inc *Incremental) updateBadges() (*Change, error) {
	s, root := inc.mem.Site(), inc.source()
	before := make(map[string]*content.Badge, len(s.Badges))
	for _, b := range s.Badges {
		before[b.ID] = b
	}
	changed, err := s.ReloadBadges(source.New(root, nil), content.Options{CheckImage: imagecheck.Check, ImageText: imagecheck.Text})
	if errors.Is(err, content.ErrNotIncremental) {
		return inc.renderAll()
	}
	if err != nil {
		inc.full = true // the next change renders everything, and reports this again if it stays
		return nil, content.RelativeTo(root, err)
	}
	now := inc.clock()
	inc.expiry = nextExpiry(s, now)
	u, err := inc.mem.BadgesChanged(before, changed, now)
	if err != nil {
		return nil, inc.fail(err)
	}
	return &Change{Files: u.Files, Removed: u.Removed, Awards: u.Awards, Badges: len(changed)}, nil
}

// fail makes the next update render the whole site: after a render error
// the model and the output may no longer agree.
func (inc *Incremental) fail(err error) error {
	inc.full = true
	return err
}

// updateEndorsements reads the endorsement records again and renders
// what the changed ones show on.
func (inc *Incremental) updateEndorsements() (*Change, error) {
	root := inc.source()
	before, after, err := inc.mem.Site().ReloadEndorsements(source.New(root, nil))
	if err != nil {
		// The site is unchanged, and the next change of an endorsement
		// reads them all again.
		return nil, content.RelativeTo(root, err)
	}
	u, err := inc.mem.EndorsementsChanged(before, after)
	if err != nil {
		return nil, inc.fail(err)
	}
	return &Change{Files: u.Files, Removed: u.Removed}, nil
}
