package content

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (l *loader) loadConfig(s *Site, opts Options) {
	file := path.Join(Dir, "site.toml")
	src, err := readRecordFile(l.fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.errs.add(Pos{File: file}, "missing: every site needs content/site.toml with base_url and title (rosette new site makes one)")
		} else {
			l.errs.add(Pos{File: file}, "%v", err)
		}
		return
	}
	l.hits = append(l.hits, findAddressHits(file, src)...)
	d := decode(file, src, &s.Config, &l.errs)
	if d == nil {
		return
	}
	c := &s.Config
	for i, a := range c.AllowedAddresses {
		if err := checkEmail(a); err != nil {
			l.errs.add(d.pos("allowed_addresses", false), "allowed_addresses: address %d: %v", i+1, err)
		}
	}
	required(d, "title", c.Title, &l.errs)
	if opts.BaseURL != "" {
		if u, err := CheckBaseURL(c.BaseURL); err != nil || u != opts.BaseURL {
			c.Preview = true
		}
		c.BaseURL = opts.BaseURL
	} else if required(d, "base_url", c.BaseURL, &l.errs) {
		if u, err := CheckBaseURL(c.BaseURL); err != nil {
			l.errs.add(d.pos("base_url", false), "base_url: %v", err)
		} else {
			c.BaseURL = u
		}
	}
	l.checkLanguages(d, c)
	checkTranslations(d, keys(c.Translations), c.trFields, &l.errs)
	if c.Theme == "" {
		c.Theme = "default"
	} else if !IsSlug(c.Theme) {
		l.errs.add(d.pos("theme", false), "theme %q is not a theme directory name (a lowercase slug)", c.Theme)
	}
	if c.DefaultIssuer != "" && !IsSlug(c.DefaultIssuer) {
		l.errs.add(d.pos("default_issuer", false), "default_issuer %q is not an issuer id", c.DefaultIssuer)
	}
}

func (l *loader) readRecord(file string) []byte {
	src, err := readRecordFile(l.fsys, file)
	if err != nil {
		l.errs.add(Pos{File: file}, "%v", err)
		return nil
	}
	l.hits = append(l.hits, findAddressHits(file, src)...)
	return src
}

func (l *loader) loadIssuer(file string, images map[string]string) *Issuer {
	src := l.readRecord(file)
	if src == nil {
		return nil
	}
	is := &Issuer{ID: idFromPath(file), File: file}
	checkID(file, "issuer", is.ID, &l.errs)
	d := decode(file, src, is, &l.errs)
	if d == nil {
		claimImages(images, is.ID)
		return is
	}
	required(d, "name", is.Name, &l.errs)
	if required(d, "url", is.URL, &l.errs) {
		checkURLKey(d, "url", is.URL, &l.errs)
	}
	// Open Badges 2.0 requires an issuer's contact address.
	if required(d, "email", is.Email, &l.errs) {
		if err := checkEmail(is.Email); err != nil {
			l.errs.add(d.pos("email", false), "email: %v", err)
		}
	}
	if is.Telephone != "" {
		tel, err := normalizeTelephone(is.Telephone)
		if err != nil {
			l.errs.add(d.pos("telephone", false), "telephone: %v", err)
		}
		is.Telephone = tel
	}
	checkKeys(d, is, &l.errs)
	checkEdKeys(d, is, &l.errs)
	for key, text := range map[string]string{"name": is.Name, "description": is.Description} {
		signableText(d, key, text, &l.errs)
	}
	checkTranslations(d, keys(is.Translations), is.trFields, &l.errs)
	imgs := l.recordImages(d, is.ID, is.Image, images, false)
	if len(imgs) > 0 {
		is.Logo = imgs[0]
	}
	return is
}

func (l *loader) loadBadge(file string, images map[string]string) *Badge {
	src := l.readRecord(file)
	if src == nil {
		return nil
	}
	b := &Badge{ID: idFromPath(file), File: file}
	checkID(file, "badge", b.ID, &l.errs)
	d := decode(file, src, b, &l.errs)
	if d == nil {
		claimImages(images, b.ID)
		return b
	}
	required(d, "name", b.Name, &l.errs)
	required(d, "description", b.Description, &l.errs)
	if strings.TrimSpace(b.Criteria) == "" && b.CriteriaURL == "" {
		l.errs.add(Pos{File: file, Line: 1, Col: 1}, "missing required key \"criteria\" (markdown) or \"criteria_url\": say what an earner must do")
	}
	checkURLKey(d, "criteria_url", b.CriteriaURL, &l.errs)
	checkMarkdownKey(d, "description", b.Description, &l.errs)
	checkMarkdownKey(d, "criteria", b.Criteria, &l.errs)
	if b.Type == "" {
		b.Type = "other"
	} else if !slices.Contains(BadgeTypes, b.Type) {
		l.errs.add(d.pos("type", false), "type %q is not one of %s%s", b.Type, quoteList(BadgeTypes), didYouMean(b.Type, BadgeTypes))
	}
	if b.Issuer != "" && !IsSlug(b.Issuer) {
		l.errs.add(d.pos("issuer", false), "issuer %q is not an issuer id", b.Issuer)
	}
	for i, t := range b.Tags {
		if strings.TrimSpace(t) == "" {
			l.errs.add(d.pos("tags", false), "tags: tag %d is empty", i+1)
		}
		signableText(d, "tags", t, &l.errs)
	}
	signableText(d, "name", b.Name, &l.errs)
	signableText(d, "description", b.Description, &l.errs)
	signableText(d, "criteria", b.Criteria, &l.errs)
	checkTranslations(d, keys(b.Translations), b.trFields, &l.errs)
	if b.ValidFor != "" {
		v, err := ParseDuration(b.ValidFor)
		if err != nil {
			l.errs.add(d.pos("valid_for", false), "valid_for: %v", err)
		}
		b.Validity = v
	}
	for i, a := range b.Alignment {
		key := "alignment." + strconv.Itoa(i)
		required(d, key+".name", a.Name, &l.errs)
		signableText(d, key+".name", a.Name, &l.errs)
		signableText(d, key+".description", a.Description, &l.errs)
		if required(d, key+".url", a.URL, &l.errs) {
			checkURLKey(d, key+".url", a.URL, &l.errs)
		}
	}
	if !checkRequiresShape(d, b, &l.errs) {
		l.badShape[b.ID] = true
	}
	_, hasPNG := images[b.ID+".png"]
	_, hasSVG := images[b.ID+".svg"]
	imgs := l.recordImages(d, b.ID, b.Image, images, true)
	for _, img := range imgs {
		if img.Format == "png" {
			b.PNG = img
		} else {
			b.SVG = img
		}
	}
	if b.Image == "" && !hasPNG && !hasSVG {
		l.errs.add(Pos{File: file, Line: 1, Col: 1}, "badge class has no image: add content/badges/%s.png (square, at least 90×90 px) or %s.svg", b.ID, b.ID)
	}
	return b
}

// claimImages marks the default images of a record that could not be read
// as claimed, so they are not also reported as orphans.
func claimImages(images map[string]string, id string) {
	delete(images, id+".png")
	delete(images, id+".svg")
}

// recordImages finds and checks the images of a record: the file named by
// its image key, else <id>.png and/or <id>.svg beside it. Found images are
// removed from the map of unclaimed images.
func (l *loader) recordImages(d *doc, id, named string, images map[string]string, square bool) []*Image {
	dir := path.Dir(d.file)
	var names []string
	if named != "" {
		if strings.ContainsAny(named, `/\`) || named != path.Base(named) || strings.HasPrefix(named, ".") {
			l.errs.add(d.pos("image", false), "image %q must be a file name beside %s, without a directory", named, path.Base(d.file))
			return nil
		}
		if _, ok := images[named]; !ok {
			l.errs.add(d.pos("image", false), "image %q: no such PNG or SVG file in %s/", named, dir)
			return nil
		}
		names = []string{named}
	} else {
		for _, ext := range []string{".png", ".svg"} {
			if _, ok := images[id+ext]; ok {
				names = append(names, id+ext)
			}
		}
	}
	var out []*Image
	for _, n := range names {
		p := images[n]
		delete(images, n)
		img, err := readImage(l.fsys, p, square)
		if err != nil {
			l.errs.add(Pos{File: p, Line: 1, Col: 1}, "%v", err)
			continue
		}
		img.Path = strings.TrimPrefix(p, Dir+"/")
		if l.checkImage != nil {
			if es := l.checkImage(img); len(es) > 0 {
				for _, e := range es {
					e.File = p
				}
				l.errs = append(l.errs, es...)
				continue
			}
		}
		if l.imageText != nil {
			for _, t := range l.imageText(img) {
				for _, h := range findAddressHits(p, t.Text) {
					if t.Where != "" {
						h.Line, h.Col, h.where = 1, 1, t.Where
					}
					l.hits = append(l.hits, h)
				}
			}
		}
		out = append(out, img)
	}
	return out
}

// loadEarner reads one earner file. It is safe for concurrent use.
func loadEarner(fsys fs.FS, file string, errs *Errors, hits *[]addressHit) *Earner {
	src, err := readRecordFile(fsys, file)
	if err != nil {
		errs.add(Pos{File: file}, "%v", err)
		return nil
	}
	*hits = append(*hits, findAddressHits(file, src)...)
	return parseEarner(file, src, errs, true)
}

// parseEarner decodes and checks one earner file: with scanEarner when
// fast is set and the file has the common shape, else with the TOML
// decoder.
func parseEarner(file string, src []byte, errs *Errors, fast bool) *Earner {
	e := &Earner{ID: idFromPath(file), File: file}
	checkID(file, "earner", e.ID, errs)
	if !bounded(file, src, errs) {
		return e
	}
	var d *doc
	if fast {
		text := string(src)
		if m, ok := scanEarner(text, e); ok {
			d = &doc{src: text, file: file, md: m}
		} else {
			*e = Earner{ID: e.ID, File: e.File}
		}
	}
	if d == nil {
		d = decodeBounded(file, src, e, errs)
	}
	if d == nil {
		return e
	}
	required(d, "name", e.Name, errs)
	checkMarkdownKey(d, "bio", e.Bio, errs)
	if len(e.Translations) > 0 {
		checkTranslations(d, keys(e.Translations), e.trFields, errs)
	}
	for i, ln := range e.Links {
		key := "link." + strconv.Itoa(i)
		required(d, key+".label", ln.Label, errs)
		if required(d, key+".url", ln.URL, errs) {
			checkURLKey(d, key+".url", ln.URL, errs)
		}
	}
	return e
}

// loadAward reads one award file. It is safe for concurrent use.
func loadAward(fsys fs.FS, file string, errs *Errors, hits *[]addressHit) *Award {
	src, err := readRecordFile(fsys, file)
	if err != nil {
		errs.add(Pos{File: file}, "%v", err)
		return nil
	}
	*hits = append(*hits, findAddressHits(file, src)...)
	return parseAward(file, src, errs, true)
}

// parseAward decodes and checks one award file: with scanAward when fast
// is set and the file has the common shape, else with the TOML decoder.
func parseAward(file string, src []byte, errs *Errors, fast bool) *Award {
	a := &Award{ID: idFromPath(file), File: file}
	checkID(file, "award", a.ID, errs)
	if !bounded(file, src, errs) {
		return a
	}
	var d *doc
	if fast {
		text := string(src)
		if m, ok := scanAward(text, a); ok {
			d = &doc{src: text, file: file, md: m, zoned: true}
		} else {
			*a = Award{ID: a.ID, File: a.File}
		}
	}
	if d == nil {
		d = decodeBounded(file, src, a, errs)
	}
	if d == nil {
		return a
	}
	required(d, "badge", a.Badge, errs)
	if a.Earner != "" && !IsSlug(a.Earner) {
		errs.add(d.pos("earner", false), "earner %q is not an earner slug", a.Earner)
	}
	if !d.md.IsDefined("issued") {
		errs.add(Pos{File: file, Line: 1, Col: 1}, "missing required key \"issued\" (a date-time such as 2025-03-14T09:00:00Z)")
	} else {
		checkDate(d, "issued", a.Issued, errs)
	}
	if d.md.IsDefined("expires") {
		if checkDate(d, "expires", a.Expires, errs) && !a.Issued.IsZero() && !a.Expires.After(a.Issued) {
			errs.add(d.pos("expires", false), "expires (%s) is not after issued (%s)", a.Expires.UTC().Format(time.RFC3339), a.Issued.UTC().Format(time.RFC3339))
		}
	}
	a.Issued = a.Issued.UTC()
	if !a.Expires.IsZero() {
		a.Expires = a.Expires.UTC()
	}
	checkYear(d, "issued", a.Issued, errs)
	checkYear(d, "expires", a.Expires, errs)
	checkRecipient(d, &a.Recipient, errs)
	checkMarkdownKey(d, "narrative", a.Narrative, errs)
	signableText(d, "narrative", a.Narrative, errs)
	for i, ev := range a.Evidence {
		key := "evidence." + strconv.Itoa(i)
		for k, text := range map[string]string{".name": ev.Name, ".description": ev.Description, ".narrative": ev.Narrative, ".genre": ev.Genre, ".audience": ev.Audience} {
			signableText(d, key+k, text, errs)
		}
		if ev.URL == "" && strings.TrimSpace(ev.Narrative) == "" {
			errs.add(d.pos(key, true), "evidence %d needs a url or a narrative", i+1)
		}
		checkURLKey(d, key+".url", ev.URL, errs)
		checkMarkdownKey(d, key+".narrative", ev.Narrative, errs)
	}
	checkAwardTranslations(d, a, errs)
	if d.md.IsDefined("status_index") {
		a.HasStatusIndex = true
		if a.StatusIndex < 0 || a.StatusIndex >= StatusListSize {
			errs.add(d.pos("status_index", false), "status_index %d is outside the status list (0 to %d); let rosette assign-status pick one", a.StatusIndex, StatusListSize-1)
		}
	}
	if a.Revoked && strings.TrimSpace(a.RevocationReason) == "" {
		errs.add(d.pos("revoked", false), "revoked award needs a revocation_reason: verifiers and the earner see it")
	}
	if !a.Revoked && a.RevocationReason != "" {
		errs.add(d.pos("revocation_reason", true), "revocation_reason is set but revoked is not true")
	}
	return a
}

// checkDate reports a date-time without a time zone, at the value of key
// (a dotted path such as "issued" or "key.1.created"). The decoder gives
// such values the machine's local offset under a zone it names
// "datetime-local" or "date-local"; the source text tells as well.
func checkDate(d *doc, key string, t time.Time, errs *Errors) bool {
	if d.zoned {
		return true
	}
	zone := t.Location().String()
	local := zone == "datetime-local" || zone == "date-local"
	raw := d.value(key)
	if i := strings.IndexAny(raw, ",}]"); i >= 0 {
		raw = strings.TrimSpace(raw[:i]) // a value in an inline table or array
	}
	if m := dateRE.FindStringSubmatch(raw); m != nil && (m[2] == "" || m[3] == "") {
		local = true
	}
	if local {
		name := key[strings.LastIndexByte(key, '.')+1:]
		errs.add(d.pos(key, false), "%s has no time zone: write it in UTC, e.g. %s, or with an offset such as +02:00", name, exampleUTC(t))
	}
	return !local
}

// checkYear reports a date-time whose year in UTC is not 1 to 9999
// (9999-12-31T23:00:00-02:00 is in the year 10000): Open Badges and the
// pages write dates with four-digit years.
func checkYear(d *doc, key string, t time.Time, errs *Errors) {
	if t.IsZero() {
		return
	}
	if y := t.Year(); y < 1 || y > 9999 {
		errs.add(d.pos(key, false), "%s is in the year %d in UTC: dates must fall within the years 0001 to 9999", key, y)
	}
}

// dateRE matches a TOML date (1), time (2) and offset (3).
var dateRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:\d{2})?)?$`)

func exampleUTC(t time.Time) string {
	if t.IsZero() {
		return "2025-03-14T09:00:00Z"
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC).Format("2006-01-02T15:04:05Z")
}

func checkRecipient(d *doc, r *Recipient, errs *Errors) {
	if !d.md.IsDefined("recipient") {
		errs.add(Pos{File: d.file, Line: 1, Col: 1}, "missing required table [recipient] with identity = \"sha256$…\" and salt (rosette award writes it)")
		return
	}
	switch r.Type {
	case "":
		r.Type = "email"
	case "email", "url", "telephone":
	default:
		errs.add(d.pos("recipient.type", false), "recipient type %q is not \"email\", \"url\" or \"telephone\"", r.Type)
	}
	if required(d, "recipient.identity", r.Identity, errs) {
		switch {
		case isHashedIdentity(r.Identity):
		case looksMail.MatchString(strings.TrimSpace(r.Identity)):
			errs.add(d.pos("recipient.identity", false), "recipient identity looks like a plaintext email address: never commit one. "+
				"Replace identity and salt with a salted hash: `rosette award` writes one, or by hand: "+
				"salt=$(openssl rand -hex 16); printf '%%s%%s' \"$(printf '%%s' ADDRESS | tr A-Z a-z)\" \"$salt\" | sha256sum, "+
				"then set identity = \"sha256$\" + the hex digest, and salt = the same salt")
		default:
			errs.add(d.pos("recipient.identity", false), "recipient identity must be \"sha256$\" followed by 64 lowercase hex digits (the salted SHA-256 of the address)")
		}
	}
	if required(d, "recipient.salt", r.Salt, errs) {
		switch {
		case looksMail.MatchString(strings.TrimSpace(r.Salt)):
			errs.add(d.pos("recipient.salt", false), "recipient salt looks like a plaintext email address: the salt is a random string (rosette award makes one), and it is published")
		case !isSaltText(r.Salt):
			errs.add(d.pos("recipient.salt", false), "recipient salt must be printable ASCII without spaces: verifiers hash the address followed by the salt exactly as written (rosette award makes a hex one)")
		}
	}
}

// isSaltText reports whether s is printable ASCII without whitespace, so
// that the salt cannot be changed by trimming, line endings or Unicode
// normalisation on its way to a verifier.
func isSaltText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
