package content

import (
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
)

// ReloadEndorsements reads every endorsement record again and checks it
// against the site. On success it replaces s.Endorsements and returns
// the endorsements that changed, as they were (before) and as they are
// (after): an endorsement removed is only in before, one added only in
// after. On an error s is unchanged.
//
// ReloadEndorsements is not safe for concurrent use with s's other
// methods.
func (s *Site) ReloadEndorsements(fsys fs.FS) (before, after []*Endorsement, err error) {
	l := &loader{fsys: fsys, future: s.future, badShape: make(map[string]bool), badGraph: make(map[string]bool)}
	files, _ := l.dirFiles("endorsements", false, false)
	var es []*Endorsement
	for _, p := range files {
		if e := l.loadEndorsement(p); e != nil {
			es = append(es, e)
		}
	}
	old := s.Endorsements
	s.Endorsements = es
	l.checkEndorsements(s)
	s.reportAddresses(l.hits, &l.errs)
	if len(l.errs) > 0 {
		s.Endorsements = old
		l.errs.Sort()
		return nil, nil, l.errs
	}
	byID := make(map[string]*Endorsement, len(old))
	for _, e := range old {
		byID[e.ID] = e
	}
	for _, e := range es {
		prev := byID[e.ID]
		delete(byID, e.ID)
		if prev != nil && reflect.DeepEqual(prev, e) {
			continue
		}
		if prev != nil {
			before = append(before, prev)
		}
		after = append(after, e)
	}
	for _, e := range byID {
		before = append(before, e)
	}
	slices.SortFunc(before, func(a, b *Endorsement) int { return strings.Compare(a.ID, b.ID) })
	return before, after, nil
}

// IsEndorsementFile reports whether a slash path relative to the site
// root is an endorsement record.
func IsEndorsementFile(p string) bool {
	dir, name := path.Split(p)
	return dir == Dir+"/endorsements/" && !strings.HasPrefix(name, ".") && path.Ext(name) == ".toml"
}
