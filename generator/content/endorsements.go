package content

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Endorsement is content/endorsements/<id>.toml: someone vouches for a
// badge class, an issuer or an award of the site. Who vouches is one of
// three kinds (see Kind); what is endorsed is exactly one of Badge,
// Issuer and Award.
type Endorsement struct {
	ID   string `toml:"-"`
	File string `toml:"-"`

	// Kind "issuer": an issuer of this site, which hosts the endorsement.
	Endorser string `toml:"endorser"`

	// Kind "outside": an organisation that hosts its endorsement on its
	// own site, at EndorserURL; the name and website are for display.
	EndorserURL     string `toml:"endorser_url"`
	EndorserName    string `toml:"endorser_name"`
	EndorserWebsite string `toml:"endorser_website"`

	// Kind "person": a person without a site, whose words the issuer
	// RecordedBy records; never a cryptographic endorsement.
	Person     string `toml:"person"`
	Role       string `toml:"role"`
	RecordedBy string `toml:"recorded_by"`

	// What is endorsed: one of them.
	Badge  string `toml:"badge"`
	Issuer string `toml:"issuer"`
	Award  string `toml:"award"`

	Comment          string    `toml:"comment"` // markdown
	Date             time.Time `toml:"date"`
	Revoked          bool      `toml:"revoked"`
	RevocationReason string    `toml:"revocation_reason"`
}

// Kinds of endorser.
const (
	EndorsedByIssuer  = "issuer"  // an issuer of this site
	EndorsedByOutside = "outside" // an organisation with its own site
	EndorsedByPerson  = "person"  // a person, recorded by an issuer
)

// Kind is who endorses: EndorsedByIssuer, EndorsedByOutside or
// EndorsedByPerson.
func (e *Endorsement) Kind() string {
	switch {
	case e.Endorser != "":
		return EndorsedByIssuer
	case e.EndorserURL != "":
		return EndorsedByOutside
	default:
		return EndorsedByPerson
	}
}

// Target is what is endorsed: "badge", "issuer" or "award", and its id.
func (e *Endorsement) Target() (kind, id string) {
	switch {
	case e.Badge != "":
		return "badge", e.Badge
	case e.Issuer != "":
		return "issuer", e.Issuer
	default:
		return "award", e.Award
	}
}

// Endorsement returns the endorsement with the given id, or nil.
func (s *Site) Endorsement(id string) *Endorsement {
	for _, e := range s.Endorsements {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// EndorsementsOf returns the endorsements of a badge class, issuer or
// award ("badge", "issuer", "award") with the given id, in id order.
func (s *Site) EndorsementsOf(kind, id string) []*Endorsement {
	var out []*Endorsement
	for _, e := range s.Endorsements {
		if k, x := e.Target(); k == kind && x == id {
			out = append(out, e)
		}
	}
	return out
}

// endorserKeys are the keys of each kind of endorser.
var endorserKeys = map[string][]string{
	EndorsedByIssuer:  {"endorser"},
	EndorsedByOutside: {"endorser_url", "endorser_name", "endorser_website"},
	EndorsedByPerson:  {"person", "role", "recorded_by"},
}

func (l *loader) loadEndorsement(file string) *Endorsement {
	src := l.readRecord(file)
	if src == nil {
		return nil
	}
	e := &Endorsement{ID: idFromPath(file), File: file}
	checkID(file, "endorsement", e.ID, &l.errs)
	d := decode(file, src, e, &l.errs)
	if d == nil {
		return e
	}
	start := Pos{File: file, Line: 1, Col: 1}
	// Who: the keys of exactly one kind.
	var kinds []string
	for _, k := range []string{EndorsedByIssuer, EndorsedByOutside, EndorsedByPerson} {
		for _, key := range endorserKeys[k] {
			if d.md.IsDefined(key) {
				kinds = append(kinds, k)
				break
			}
		}
	}
	switch len(kinds) {
	case 0:
		l.errs.add(start, "say who endorses: endorser = \"<issuer id>\" (an issuer of this site), endorser_url = \"https://…\" with endorser_name (an organisation that hosts its endorsement), or person = \"…\" with recorded_by = \"<issuer id>\" (a person, recorded by an issuer)")
	case 1:
		switch kinds[0] {
		case EndorsedByIssuer:
			if required(d, "endorser", e.Endorser, &l.errs) && !IsSlug(e.Endorser) {
				l.errs.add(d.pos("endorser", false), "endorser %q is not an issuer id", e.Endorser)
			}
		case EndorsedByOutside:
			if required(d, "endorser_url", e.EndorserURL, &l.errs) {
				checkHTTPSKey(d, "endorser_url", e.EndorserURL, &l.errs)
			}
			required(d, "endorser_name", e.EndorserName, &l.errs)
			checkHTTPSKey(d, "endorser_website", e.EndorserWebsite, &l.errs)
		case EndorsedByPerson:
			required(d, "person", e.Person, &l.errs)
			if required(d, "recorded_by", e.RecordedBy, &l.errs) && !IsSlug(e.RecordedBy) {
				l.errs.add(d.pos("recorded_by", false), "recorded_by %q is not an issuer id", e.RecordedBy)
			}
		}
	default:
		// Report at the first key of the second kind.
		for _, key := range endorserKeys[kinds[1]] {
			if d.md.IsDefined(key) {
				l.errs.add(d.pos(key, true), "%s is a key of %s, but %s is given too: an endorsement has one endorser, either endorser (an issuer of this site), or endorser_url and endorser_name (an outside organisation), or person and recorded_by (a person)",
					key, kindWords[kinds[1]], firstDefined(d, endorserKeys[kinds[0]]))
				break
			}
		}
	}
	for _, key := range []string{"endorser_name", "person", "role"} {
		signableText(d, key, map[string]string{"endorser_name": e.EndorserName, "person": e.Person, "role": e.Role}[key], &l.errs)
	}
	// What: exactly one of badge, issuer, award.
	var what []string
	for _, key := range []string{"badge", "issuer", "award"} {
		if d.md.IsDefined(key) {
			what = append(what, key)
		}
	}
	switch len(what) {
	case 0:
		l.errs.add(start, "say what is endorsed: badge = \"<badge class id>\", issuer = \"<issuer id>\" or award = \"<award id>\"")
	case 1:
		v := map[string]string{"badge": e.Badge, "issuer": e.Issuer, "award": e.Award}[what[0]]
		if required(d, what[0], v, &l.errs) && !IsSlug(v) && what[0] != "award" {
			l.errs.add(d.pos(what[0], false), "%s %q is not an id", what[0], v)
		}
	default:
		l.errs.add(d.pos(what[1], true), "%s and %s are both given: an endorsement endorses one badge class, issuer or award", what[0], what[1])
	}
	checkMarkdownKey(d, "comment", e.Comment, &l.errs)
	signableText(d, "comment", e.Comment, &l.errs)
	if len(e.Comment) > MaxCommentBytes {
		l.errs.add(d.pos("comment", false), "comment is %d bytes long; an endorsement's comment is at most %d", len(e.Comment), MaxCommentBytes)
	}
	if !d.md.IsDefined("date") {
		l.errs.add(start, "missing required key \"date\" (a date-time such as 2025-03-14T09:00:00Z)")
	} else if checkDate(d, "date", e.Date, &l.errs) {
		e.Date = e.Date.UTC()
		checkYear(d, "date", e.Date, &l.errs)
		if clock := l.future.now(); e.Date.After(clock.Add(ClockSkew)) {
			l.errs.add(d.pos("date", false), "date %s is after the build clock (%s): an endorsement is given, not promised; its documents would fail verification until then",
				e.Date.Format(time.RFC3339), clock.UTC().Format(time.RFC3339))
		}
	}
	if e.Revoked && strings.TrimSpace(e.RevocationReason) == "" {
		l.errs.add(d.pos("revoked", false), "revoked endorsement needs a revocation_reason: verifiers see it")
	}
	if !e.Revoked && e.RevocationReason != "" {
		l.errs.add(d.pos("revocation_reason", true), "revocation_reason is set but revoked is not true")
	}
	return e
}

// checkHTTPSKey checks an outside organisation's URL: an absolute https
// URL, as the pages fetch the endorsement live (an https page cannot
// fetch http) and link its website.
func checkHTTPSKey(d *doc, key, value string, errs *Errors) {
	if value == "" {
		return
	}
	if err := checkHTTPURL(value); err != nil {
		errs.add(d.pos(key, false), "%s: %v", key, err)
	} else if !strings.HasPrefix(value, "https://") {
		errs.add(d.pos(key, false), "%s: %q is not an https URL: an outside organisation's endorsement is checked over https", key, value)
	}
}

// MaxCommentBytes is the longest endorsement comment.
const MaxCommentBytes = 10000

var kindWords = map[string]string{
	EndorsedByIssuer:  "an issuer of this site",
	EndorsedByOutside: "an outside organisation",
	EndorsedByPerson:  "a person recorded by an issuer",
}

func firstDefined(d *doc, keys []string) string {
	for _, k := range keys {
		if d.md.IsDefined(k) {
			return k
		}
	}
	return keys[0]
}

// checkEndorsements reports endorsements that name unknown issuers,
// badge classes or awards, and issuers that endorse themselves.
func (l *loader) checkEndorsements(s *Site) {
	for _, e := range s.Endorsements {
		for _, ref := range []struct{ key, id string }{{"endorser", e.Endorser}, {"recorded_by", e.RecordedBy}, {"issuer", e.Issuer}} {
			if ref.id != "" && IsSlug(ref.id) && s.issuers[ref.id] == nil {
				l.errs.add(l.reposition(e.File, ref.key), "unknown issuer %q%s", ref.id, didYouMean(ref.id, keys(s.issuers)))
			}
		}
		if e.Badge != "" && IsSlug(e.Badge) && s.badges[e.Badge] == nil {
			l.errs.add(l.reposition(e.File, "badge"), "unknown badge %q%s", e.Badge, didYouMean(e.Badge, keys(s.badges)))
		}
		if e.Award != "" && s.awards[e.Award] == nil {
			l.errs.add(l.reposition(e.File, "award"), "unknown award %q%s", e.Award, didYouMean(e.Award, keys(s.awards)))
		}
		if e.Endorser != "" && e.Endorser == e.Issuer {
			l.errs.add(l.reposition(e.File, "issuer"), "issuer %q endorses itself: an endorsement is another's word", e.Issuer)
		}
		if b := s.badges[e.Badge]; e.Endorser != "" && b != nil && b.Issuer == e.Endorser {
			l.errs.add(l.reposition(e.File, "badge"), "badge %q is issued by %q, the endorser: an endorsement is another's word", e.Badge, e.Endorser)
		}
		if a := s.awards[e.Award]; e.Endorser != "" && a != nil && s.badges[a.Badge] != nil && s.badges[a.Badge].Issuer == e.Endorser {
			l.errs.add(l.reposition(e.File, "award"), "award %q is issued by %q, the endorser: an endorsement is another's word", e.Award, e.Endorser)
		}
		if a := s.awards[e.Award]; hostedHere(e) && a != nil && s.earners[a.Earner] != nil && !s.earners[a.Earner].Public {
			if name := s.earners[a.Earner].Name; namesPerson(e.Comment, name) {
				l.errs.add(l.reposition(e.File, "comment"), "comment names %q, whose profile is not public: the endorsement's JSON is published, so write it without the earner's name", name)
			}
		}
	}
}

// hostedHere reports whether the site publishes a document of e: an
// endorsement by an issuer of the site.
func hostedHere(e *Endorsement) bool { return e.Kind() == EndorsedByIssuer }

// namesPerson reports whether text holds name as whole words, in any
// case.
func namesPerson(text, name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return false
	}
	text = strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
