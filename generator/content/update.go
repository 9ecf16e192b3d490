package content

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// IsAwardFile reports whether p, a slash-separated path relative to the
// site root, is where Load reads an award record: a .toml file under
// content/awards/, with no hidden file or directory on the way.
func IsAwardFile(p string) bool {
	rest, ok := strings.CutPrefix(p, Dir+"/awards/")
	if !ok || path.Ext(p) != ".toml" || path.Clean(p) != p {
		return false
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

// UpdateAwards reads award files again and applies them to s: a changed
// file replaces its award, a new file adds one and a deleted file removes
// its award. files are slash-separated paths relative to the site root
// for which IsAwardFile holds. Every record is checked as Load checks it,
// also against the rest of the site (badge classes, earners, ids of the
// other awards). When there is any problem, the error is an Errors for
// those files, sorted, and s is unchanged. It returns the awards that left
// the site and those that entered it; a changed file is in both.
//
// UpdateAwards is not safe for concurrent use with s's other methods.
func (s *Site) UpdateAwards(fsys fs.FS, files []string) (removed, added []*Award, err error) {
	s.indexAwardFiles()
	files = append([]string(nil), files...)
	sort.Strings(files)
	l := &loader{fsys: fsys, future: s.future}
	var (
		errs Errors
		hits []addressHit
	)
	inBatch := make(map[string]bool)
	for i, f := range files {
		if i > 0 && f == files[i-1] {
			continue
		}
		inBatch[f] = true
		if old := s.awardFiles[f]; old != nil {
			removed = append(removed, old)
		}
		a, err := readAward(fsys, f, &errs, &hits)
		if err != nil {
			errs.add(Pos{File: f}, "%v", err)
			continue
		}
		if a != nil {
			a.Lang = s.Config.DefaultLang()
			l.crossCheckAward(s, a, &errs)
			l.checkTranslationLangs(&s.Config, a, &errs)
			added = append(added, a)
		}
	}
	s.checkNewIDs(added, inBatch, &errs)
	s.reportAddresses(hits, &errs)
	l.checkStatusIndexes(s, added, func(k statusKey) *Award {
		for _, a := range s.Awards { // a one-file change: a scan costs less than an index kept up to date
			if a.HasStatusIndex && a.StatusIndex == k.index && !inBatch[a.File] && s.IssuerOf(a) == k.issuer {
				return a
			}
		}
		return nil
	}, &errs)
	if len(errs) > 0 {
		errs.Sort()
		return nil, nil, errs
	}
	s.applyAwards(removed, added)
	return removed, added, nil
}

// readAward reads an award file as Load does; a file that does not exist
// gives no award and no error.
func readAward(fsys fs.FS, file string, errs *Errors, hits *[]addressHit) (*Award, error) {
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		fi, err := lfs.Lstat(file)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, unwrapPathError(err)
		}
		if !fi.Mode().IsRegular() {
			return nil, errors.New(notRegularMsg(fi.Mode()))
		}
	}
	src, err := readRecordFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	*hits = append(*hits, findAddressHits(file, src)...)
	return parseAward(file, src, errs, true), nil
}

// checkNewIDs reports ids of added awards that another award of the site,
// or of the batch, already has, also ignoring case, with the messages
// Load gives.
func (s *Site) checkNewIDs(added []*Award, inBatch map[string]bool, errs *Errors) {
	groups := make(map[string][]*Award)
	for _, a := range added {
		key := strings.ToLower(a.ID)
		if groups[key] == nil {
			if other := s.awardsFold[key]; other != nil && !inBatch[other.File] {
				groups[key] = append(groups[key], other)
			}
		}
		groups[key] = append(groups[key], a)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(i, j int) bool {
			if g[i].ID != g[j].ID {
				return g[i].ID < g[j].ID
			}
			return g[i].File < g[j].File
		})
		for _, a := range g[1:] {
			prev := g[0]
			if prev.ID == a.ID {
				errs.add(Pos{File: a.File, Line: 1, Col: 1}, "duplicate %s id %q: %s has the same id", "award", a.ID, prev.File)
			} else {
				errs.add(Pos{File: a.File, Line: 1, Col: 1}, "%s id %q differs only in case from %q in %s", "award", a.ID, prev.ID, prev.File)
			}
		}
	}
}

func (s *Site) indexAwardFiles() {
	if s.awardFiles != nil {
		return
	}
	s.awardFiles = make(map[string]*Award, len(s.Awards))
	s.awardsFold = make(map[string]*Award, len(s.Awards))
	for _, a := range s.Awards {
		s.awardFiles[a.File] = a
		s.awardsFold[strings.ToLower(a.ID)] = a
	}
}

// applyAwards takes removed out of s and puts added in, keeping Awards
// sorted by id. Awards becomes a new slice, so that a reader of the old
// one is not disturbed.
func (s *Site) applyAwards(removed, added []*Award) {
	gone := make(map[*Award]bool, len(removed))
	for _, a := range removed {
		gone[a] = true
		delete(s.awards, a.ID)
		delete(s.awardFiles, a.File)
		delete(s.awardsFold, strings.ToLower(a.ID))
	}
	for _, a := range added {
		s.awards[a.ID] = a
		s.awardFiles[a.File] = a
		s.awardsFold[strings.ToLower(a.ID)] = a
	}
	in := slices.Clone(added)
	sort.Slice(in, func(i, j int) bool { return in[i].ID < in[j].ID })
	// Merge the kept awards and the added ones, both sorted by id.
	next := make([]*Award, 0, len(s.Awards)+len(added))
	for _, a := range s.Awards {
		if gone[a] {
			continue
		}
		for len(in) > 0 && in[0].ID < a.ID {
			next, in = append(next, in[0]), in[1:]
		}
		next = append(next, a)
	}
	s.Awards = append(next, in...)
}

// ErrNotIncremental is returned by ReloadBadges for a change it does not
// apply in place: badge classes added, removed, moved to another
// issuer or given other requirements. The whole site must be loaded again.
var ErrNotIncremental = errors.New("the change needs a full reload")

// ReloadBadges reads every badge class and its images again, checks them
// as Load does (also against the issuers and the awards that name them),
// and puts those that changed in place of the old ones in s. It returns
// the changed badge classes, as they are now. When there is a problem,
// the error is an Errors and s is unchanged; when badge classes were
// added or removed, or one changed its issuer, it is ErrNotIncremental.
//
// ReloadBadges is not safe for concurrent use with s's other methods.
func (s *Site) ReloadBadges(fsys fs.FS, opts Options) ([]*Badge, error) {
	l := &loader{fsys: fsys, checkImage: opts.CheckImage, imageText: opts.ImageText, badShape: make(map[string]bool), badGraph: make(map[string]bool)}
	files, images := l.dirFiles("badges", false, true)
	var badges []*Badge
	for _, p := range files {
		if b := l.loadBadge(p, images); b != nil {
			b.Lang = s.Config.DefaultLang()
			badges = append(badges, b)
		}
	}
	for _, b := range badges {
		l.checkTranslationLangs(&s.Config, b, &l.errs)
	}
	s.reportAddresses(l.hits, &l.errs)
	for _, p := range sortedValues(images) {
		l.errs.add(Pos{File: p}, "image of no badge class: there is no %s", strings.TrimSuffix(p, path.Ext(p))+".toml")
	}
	if len(l.errs) > 0 {
		l.errs.Sort()
		return nil, l.errs
	}
	if len(badges) != len(s.Badges) {
		return nil, ErrNotIncremental
	}
	var changed []*Badge
	for i, b := range badges {
		old := s.Badges[i]
		if b.ID != old.ID {
			return nil, ErrNotIncremental
		}
		if b.Issuer == "" { // as crossCheck fills it in
			switch {
			case s.Config.DefaultIssuer != "":
				b.Issuer = s.Config.DefaultIssuer
			case len(s.Issuers) == 1:
				b.Issuer = s.Issuers[0].ID
			}
		}
		if b.Issuer != old.Issuer || !reflect.DeepEqual(b.Requires, old.Requires) {
			return nil, ErrNotIncremental
		}
		if !reflect.DeepEqual(b, old) {
			changed = append(changed, b)
		}
	}
	for _, b := range changed {
		for i := range s.Badges {
			if s.Badges[i].ID == b.ID {
				s.Badges[i] = b
			}
		}
		s.badges[b.ID] = b
	}
	return changed, nil
}
