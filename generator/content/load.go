package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Dir is the directory under the site root that holds the records.
const Dir = "content"

// OutputDir and CacheDir are the directories under the site root that
// builds write unless told otherwise: the site they make, and what makes
// the next build faster (signatures, output manifests).
const (
	OutputDir = "public"
	CacheDir  = ".rosette-cache"
)

// Site is every record under content/, loaded and checked. Slices are
// sorted by id.
type Site struct {
	Config  Config
	Issuers []*Issuer
	Badges  []*Badge
	Earners []*Earner
	Awards  []*Award
	// Pathways are the routes of content/pathways/, sorted by id.
	Pathways []*Pathway
	// Endorsements are the records of content/endorsements/, sorted by id.
	Endorsements []*Endorsement

	issuers map[string]*Issuer
	badges  map[string]*Badge
	earners map[string]*Earner
	awards  map[string]*Award

	// By file, and by id in lower case: made by the first UpdateAwards.
	awardFiles map[string]*Award
	awardsFold map[string]*Award

	future futureRule // how UpdateAwards checks issue dates
}

// Issuer returns the issuer with the given id, or nil.
func (s *Site) Issuer(id string) *Issuer { return s.issuers[id] }

// Badge returns the badge class with the given id, or nil.
func (s *Site) Badge(id string) *Badge { return s.badges[id] }

// Earner returns the earner with the given slug, or nil.
func (s *Site) Earner(id string) *Earner { return s.earners[id] }

// Award returns the award with the given id, or nil.
func (s *Site) Award(id string) *Award { return s.awards[id] }

// Options change how content is loaded.
type Options struct {
	// BaseURL, when set, replaces base_url from site.toml. It must already
	// be checked with CheckBaseURL.
	BaseURL string

	// CheckImage, when set, checks the bytes of every issuer and badge
	// image beyond what Load itself checks (e.g. the SVG allowlist). It
	// returns problems with the line and column in the image file; Load
	// fills in the file. It must be safe for concurrent use.
	CheckImage func(img *Image) Errors

	// Clock is the build clock: an award issued more than ClockSkew
	// after it is an error, unless AllowFuture is set. Zero means the
	// time of the check.
	Clock time.Time
	// AllowFuture accepts awards issued after the clock; they are
	// published as not yet valid.
	AllowFuture bool

	// ImageText, when set, returns the text an image carries besides its
	// pixels (a PNG's text chunks, an SVG's whole source), which Load
	// scans for email addresses. It must be safe for concurrent use.
	ImageText func(img *Image) []ImageText
}

// ClockSkew is how far after the build clock an award may be issued
// without being refused: the clocks of the machines that write awards
// and build the site may differ by that much.
const ClockSkew = 5 * time.Minute

// futureRule is how awards issued after the build clock are checked.
type futureRule struct {
	clock time.Time // zero: the time of the check
	allow bool
}

// now is the clock: the time of the check when none is set.
func (r futureRule) now() time.Time {
	if r.clock.IsZero() {
		return time.Now()
	}
	return r.clock
}

// check reports an award issued after the clock.
func (r futureRule) check(l *loader, a *Award, errs *Errors) {
	if r.allow || a.Issued.IsZero() {
		return
	}
	clock := r.clock
	if clock.IsZero() {
		clock = time.Now()
	}
	if a.Issued.After(clock.Add(ClockSkew)) {
		errs.add(l.reposition(a.File, "issued"), "issued %s is after the build clock (%s): an award cannot be issued in the future. Correct the date, or build with --allow-future to publish it as not yet valid",
			a.Issued.UTC().Format(time.RFC3339), clock.UTC().Format(time.RFC3339))
	}
}

// Load reads and checks every record under content/ in fsys, the site root.
// When the content has problems, the error is an Errors holding all of
// them, sorted by position.
func Load(fsys fs.FS, opts Options) (*Site, error) {
	l := &loader{fsys: fsys, checkImage: opts.CheckImage, imageText: opts.ImageText, future: futureRule{opts.Clock, opts.AllowFuture}, badShape: make(map[string]bool), badGraph: make(map[string]bool)}
	s := l.load(opts)
	s.reportAddresses(l.hits, &l.errs)
	if len(l.errs) > 0 {
		l.errs.Sort()
		return nil, l.errs
	}
	return s, nil
}

type loader struct {
	fsys       fs.FS
	checkImage func(*Image) Errors
	future     futureRule
	imageText  func(*Image) []ImageText
	mu         sync.Mutex
	errs       Errors
	hits       []addressHit // email addresses found, reported once the site is known

	badShape map[string]bool // badge classes whose requires are not well formed
	badGraph map[string]bool // badge classes whose requires name unknown ids or form a cycle
}

func (l *loader) addAll(es Errors, hits []addressHit) {
	if len(es) == 0 && len(hits) == 0 {
		return
	}
	l.mu.Lock()
	l.errs = append(l.errs, es...)
	l.hits = append(l.hits, hits...)
	l.mu.Unlock()
}

// dirFiles lists a record directory: TOML files (sorted) and images by name.
// With recursive, subdirectories are walked too.
func (l *loader) dirFiles(dir string, recursive bool, allowImages bool) (records []string, images map[string]string) {
	images = make(map[string]string)
	root := path.Join(Dir, dir)
	if _, err := fs.Stat(l.fsys, root); errors.Is(err, fs.ErrNotExist) {
		return nil, images
	}
	err := fs.WalkDir(l.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.errs.add(errPos(p, err), "%v", unwrapPathError(err))
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			switch {
			case p == root:
				return nil
			case strings.HasPrefix(name, "."):
				l.errs.add(Pos{File: p}, "hidden directory: the records in it would be ignored; move them out, or delete it")
				return fs.SkipDir
			case !recursive:
				l.errs.add(Pos{File: p}, "unexpected directory: %s/ holds its records directly, without subdirectories", root)
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || strings.EqualFold(name, "README.md") {
			return nil
		}
		if !d.Type().IsRegular() {
			l.errs.add(Pos{File: p}, "%s", notRegularMsg(d.Type()))
			return nil
		}
		switch ext := path.Ext(name); {
		case ext == ".toml":
			records = append(records, p)
		case allowImages && (ext == ".png" || ext == ".svg") && path.Dir(p) == root:
			images[name] = p
		default:
			what := "TOML records (.toml)"
			if allowImages {
				what = "TOML records (.toml) and their PNG or SVG images"
			}
			l.errs.add(Pos{File: p}, "unexpected file: %s/ holds only %s", root, what)
		}
		return nil
	})
	if err != nil {
		l.errs.add(Pos{File: root}, "%v", unwrapPathError(err))
	}
	sort.Strings(records)
	return records, images
}

// layoutDirs are the directories content/ may hold.
var layoutDirs = map[string]bool{"issuers": true, "badges": true, "earners": true, "awards": true, "pathways": true, "endorsements": true}

// checkLayout reports anything in content/ that is not part of the layout,
// so that a misspelt directory does not silently drop records.
func (l *loader) checkLayout() {
	entries, err := fs.ReadDir(l.fsys, Dir)
	if err != nil {
		return // reported with site.toml
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."), strings.EqualFold(name, "README.md"), name == "site.toml":
		case e.IsDir() && layoutDirs[name]:
		case e.Type()&fs.ModeSymlink != 0 && layoutDirs[name]:
			// reported by dirFiles
		default:
			hint := ""
			if s := suggest(name, []string{"issuers", "badges", "earners", "awards", "pathways", "endorsements", "site.toml"}); s != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			l.errs.add(Pos{File: path.Join(Dir, name)}, "unexpected in content/, which holds site.toml, issuers/, badges/, earners/, awards/, pathways/ and endorsements/%s", hint)
		}
	}
}

// MaxRecordBytes is the largest record file read.
const MaxRecordBytes = 1 << 20

// limitedReadFS is a file system that reads a whole file of at most limit
// bytes in one call, as rosette's source directory does with fewer system
// calls than Open and Read.
type limitedReadFS interface {
	ReadFileLimit(name string, limit int64) (data []byte, tooLarge bool, err error)
}

var errTooLarge = fmt.Errorf("file is larger than the limit of %d bytes (1 MB) for a record", MaxRecordBytes)

// readRecordFile reads a record file of at most MaxRecordBytes.
func readRecordFile(fsys fs.FS, file string) ([]byte, error) {
	if lr, ok := fsys.(limitedReadFS); ok {
		data, tooLarge, err := lr.ReadFileLimit(file, MaxRecordBytes)
		switch {
		case tooLarge:
			return nil, errTooLarge
		case err != nil:
			return nil, unwrapPathError(err)
		}
		return data, nil
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxRecordBytes+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if len(data) > MaxRecordBytes {
		return nil, errTooLarge
	}
	return data, nil
}

// notRegularMsg says why a file of type m is not read.
func notRegularMsg(m fs.FileMode) string {
	if m&fs.ModeSymlink != 0 {
		return "a symbolic link: rosette never follows links in a site, even to a file inside it; put the file itself here"
	}
	return "not a regular file: pipes, sockets and devices are never read; put a file here"
}

// errPos is the position of err, an error reading the file at p: the file
// a path error names, which may be a directory above p (a link, say).
func errPos(p string, err error) Pos {
	var pe *fs.PathError
	if errors.As(err, &pe) && fs.ValidPath(pe.Path) && pe.Path != "." {
		return Pos{File: pe.Path}
	}
	return Pos{File: p}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// idFromPath returns the record id: the file name without ".toml".
func idFromPath(p string) string { return strings.TrimSuffix(path.Base(p), ".toml") }

func (l *loader) load(opts Options) *Site {
	s := &Site{
		issuers: make(map[string]*Issuer),
		badges:  make(map[string]*Badge),
		earners: make(map[string]*Earner),
		awards:  make(map[string]*Award),
		future:  l.future,
	}
	if _, err := fs.Stat(l.fsys, Dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.errs.add(errPos(Dir, err), "%v", unwrapPathError(err)) // a link, say: nothing in it is read
		return s
	}
	l.loadConfig(s, opts)

	l.checkLayout()
	issuerFiles, issuerImages := l.dirFiles("issuers", false, true)
	badgeFiles, badgeImages := l.dirFiles("badges", false, true)
	earnerFiles, _ := l.dirFiles("earners", false, false)
	awardFiles, _ := l.dirFiles("awards", true, false)
	pathwayFiles, _ := l.dirFiles("pathways", false, false)
	endorsementFiles, _ := l.dirFiles("endorsements", false, false)

	for _, p := range issuerFiles {
		if is := l.loadIssuer(p, issuerImages); is != nil {
			s.Issuers = append(s.Issuers, is)
		}
	}
	for _, p := range badgeFiles {
		if b := l.loadBadge(p, badgeImages); b != nil {
			s.Badges = append(s.Badges, b)
		}
	}
	s.Earners = loadAll(l, earnerFiles, loadEarner)
	s.Awards = loadAll(l, awardFiles, loadAward)
	for _, p := range pathwayFiles {
		if pw := l.loadPathway(p); pw != nil {
			s.Pathways = append(s.Pathways, pw)
		}
	}
	for _, p := range endorsementFiles {
		if e := l.loadEndorsement(p); e != nil {
			s.Endorsements = append(s.Endorsements, e)
		}
	}

	for _, p := range sortedValues(issuerImages) {
		l.errs.add(Pos{File: p}, "image of no issuer: there is no %s", strings.TrimSuffix(p, path.Ext(p))+".toml")
	}
	for _, p := range sortedValues(badgeImages) {
		l.errs.add(Pos{File: p}, "image of no badge class: there is no %s", strings.TrimSuffix(p, path.Ext(p))+".toml")
	}
	s.setLangs()
	l.index(s)
	l.crossCheck(s)
	return s
}

func sortedValues(m map[string]string) []string {
	var vs []string
	for _, v := range m {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return vs
}

// loadAll loads files on all cores; the result keeps file order and
// leaves out files that gave no record.
func loadAll[T any](l *loader, files []string, load func(fsys fs.FS, file string, errs *Errors, hits *[]addressHit) *T) []*T {
	out := make([]*T, len(files))
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	// Reading waits for the disk: more readers than cores keep the cores
	// busy meanwhile.
	for range min(4*runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				errs Errors
				hits []addressHit
			)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					break
				}
				out[i] = load(l.fsys, files[i], &errs, &hits)
			}
			l.addAll(errs, hits)
		}()
	}
	wg.Wait()
	recs := out[:0]
	for _, r := range out {
		if r != nil {
			recs = append(recs, r)
		}
	}
	return recs
}

// index fills the lookup maps and reports duplicate ids, including ids that
// differ only in case.
func (l *loader) index(s *Site) {
	type rec struct{ id, file string }
	dedupe := func(kind string, recs []rec, keep func(i int)) {
		seen := make(map[string]rec)
		for i, r := range recs {
			key := strings.ToLower(r.id)
			if prev, ok := seen[key]; ok {
				if prev.id == r.id {
					l.errs.add(Pos{File: r.file, Line: 1, Col: 1}, "duplicate %s id %q: %s has the same id", kind, r.id, prev.file)
					continue
				}
				// Both stay known, so references to either do not
				// cascade into more errors.
				l.errs.add(Pos{File: r.file, Line: 1, Col: 1}, "%s id %q differs only in case from %q in %s", kind, r.id, prev.id, prev.file)
				keep(i)
				continue
			}
			seen[key] = r
			keep(i)
		}
	}
	var recs []rec
	for _, x := range s.Issuers {
		recs = append(recs, rec{x.ID, x.File})
	}
	dedupe("issuer", recs, func(i int) { s.issuers[s.Issuers[i].ID] = s.Issuers[i] })
	recs = recs[:0]
	for _, x := range s.Badges {
		recs = append(recs, rec{x.ID, x.File})
	}
	dedupe("badge", recs, func(i int) { s.badges[s.Badges[i].ID] = s.Badges[i] })
	recs = recs[:0]
	for _, x := range s.Earners {
		recs = append(recs, rec{x.ID, x.File})
	}
	dedupe("earner", recs, func(i int) { s.earners[s.Earners[i].ID] = s.Earners[i] })
	recs = recs[:0]
	// Awards may live in any subdirectory; order by id so that the
	// reported duplicate is stable.
	sort.SliceStable(s.Awards, func(i, j int) bool {
		if s.Awards[i].ID != s.Awards[j].ID {
			return s.Awards[i].ID < s.Awards[j].ID
		}
		return s.Awards[i].File < s.Awards[j].File
	})
	for _, x := range s.Awards {
		recs = append(recs, rec{x.ID, x.File})
	}
	dedupe("award", recs, func(i int) { s.awards[s.Awards[i].ID] = s.Awards[i] })
}

// reposition re-reads a file to find the position of a key; used only on
// the error path of cross-record checks, so loaded records keep no
// position tables.
func (l *loader) reposition(file, key string) Pos {
	src, err := readRecordFile(l.fsys, file)
	if err != nil {
		return Pos{File: file, Line: 1, Col: 1}
	}
	d := &doc{file: file, keys: scanKeys(string(src))}
	return d.pos(key, false)
}

func (l *loader) crossCheck(s *Site) {
	if s.Config.DefaultIssuer != "" && s.issuers[s.Config.DefaultIssuer] == nil {
		l.errs.add(l.reposition(path.Join(Dir, "site.toml"), "default_issuer"), "unknown issuer %q%s", s.Config.DefaultIssuer, didYouMean(s.Config.DefaultIssuer, keys(s.issuers)))
	}
	if len(s.Issuers) == 0 {
		l.errs.add(Pos{File: path.Join(Dir, "issuers")}, "no issuer: add content/issuers/<id>.toml with at least name and url")
	}
	for _, b := range s.Badges {
		switch {
		case b.Issuer != "":
			if s.issuers[b.Issuer] == nil {
				l.errs.add(l.reposition(b.File, "issuer"), "unknown issuer %q%s", b.Issuer, didYouMean(b.Issuer, keys(s.issuers)))
			}
		case s.Config.DefaultIssuer != "":
			b.Issuer = s.Config.DefaultIssuer
		case len(s.Issuers) == 1:
			b.Issuer = s.Issuers[0].ID
		case len(s.Issuers) > 1:
			l.errs.add(Pos{File: b.File, Line: 1, Col: 1}, "badge class has no issuer and the site has several: set issuer = one of %s, or default_issuer in content/site.toml", quoteList(keys(s.issuers)))
		}
	}
	for _, a := range s.Awards {
		l.crossCheckAward(s, a, &l.errs)
	}
	for _, r := range s.records() {
		l.checkTranslationLangs(&s.Config, r, &l.errs)
	}
	l.checkRequirements(s)
	l.checkPathways(s)
	l.checkEndorsements(s)
	l.checkStatusIndexes(s, s.Awards, nil, &l.errs)
}

// crossCheckAward reports an award's references to unknown badge classes
// and earners.
func (l *loader) crossCheckAward(s *Site, a *Award, errs *Errors) {
	if a.Badge != "" && s.badges[a.Badge] == nil {
		errs.add(l.reposition(a.File, "badge"), "unknown badge %q%s", a.Badge, didYouMean(a.Badge, keys(s.badges)))
	}
	if a.Earner != "" && s.earners[a.Earner] == nil {
		errs.add(l.reposition(a.File, "earner"), "unknown earner %q%s", a.Earner, didYouMean(a.Earner, keys(s.earners)))
	}
	l.future.check(l, a, errs)
}

func keys[T any](m map[string]T) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return " (did you mean " + `"` + c + `"?)`
	}
	return ""
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
