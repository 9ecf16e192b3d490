package edit

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// Expiring is an award that expires within a period.
type Expiring struct {
	ID      string    `json:"id"`
	URL     string    `json:"url"` // the award's verification page
	Badge   string    `json:"badge"`
	Earner  string    `json:"earner,omitempty"`
	Expires time.Time `json:"expires"`
}

// ExpiringAwards lists the awards that are not revoked, have not expired
// at from, and expire no later than from plus within: their own expiry
// date or the badge's valid_for after issue. They are sorted by expiry,
// then id.
func ExpiringAwards(s *content.Site, from time.Time, within content.Duration) []Expiring {
	from = from.UTC()
	until := within.AddTo(from)
	g := ob.New(s)
	var out []Expiring
	for _, a := range s.Awards {
		if a.Revoked {
			continue
		}
		exp := a.ExpiresAt(s.Badge(a.Badge))
		if exp.IsZero() || !exp.After(from) || exp.After(until) {
			continue
		}
		out = append(out, Expiring{ID: a.ID, URL: g.URL("assertions/" + a.ID + "/"), Badge: a.Badge, Earner: a.Earner, Expires: exp.UTC()})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Expires.Equal(out[j].Expires) {
			return out[i].Expires.Before(out[j].Expires)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Renewal is the follow-up of the award old for the same address: the
// same badge class and earner, issued at issued, expiring at expires or,
// when that is zero, after the badge's valid_for, else as long after its
// issue as old did (an expiry imported from a platform's file). The address must be the
// one old was issued to (it is checked against old's salted hash), so that
// the new award gets its own fresh salt and a mistyped address cannot hand
// the renewal to someone else. Evidence and narrative are not carried
// over: the renewal is for new work.
func Renewal(s *content.Site, old *content.Award, email string, issued, expires time.Time) (*Award, error) {
	if old.Revoked {
		return nil, fmt.Errorf("%s: award %s is revoked (%s); award the badge anew instead", old.File, old.ID, old.RevocationReason)
	}
	typ := old.Recipient.Type
	if typ == "" {
		typ = "email"
	}
	if typ != "email" {
		return nil, fmt.Errorf("%s: award %s is for a recipient of type %q; only email recipients can be renewed", old.File, old.ID, typ)
	}
	if strings.TrimSpace(email) == "" {
		return nil, errors.New("--renew needs the earner's address (--email): the renewal gets a fresh salt, and the address is checked against the award's hash")
	}
	if err := CheckEmail(email); err != nil {
		return nil, err
	}
	if !ob.Match(old.Recipient.Identity, old.Recipient.Salt, "email", email) {
		return nil, fmt.Errorf("%s: award %s was not issued to %s (its recipient hash does not match); nothing was written", old.File, old.ID, strings.TrimSpace(email))
	}
	a := &Award{Badge: old.Badge, Earner: old.Earner, Email: email, Issued: issued, Expires: expires}
	if b := s.Badge(old.Badge); b != nil && a.Expires.IsZero() && !b.Validity.IsZero() {
		a.Expires = b.Validity.AddTo(issued)
	}
	if a.Expires.IsZero() && !old.Expires.IsZero() {
		a.Expires = samePeriod(old.Issued, old.Expires, issued)
	}
	return a, nil
}

// samePeriod is the time as long after start as to is after from: in
// years, months and days of the calendar when they say it exactly (two
// years after 2025-03-04 is 2027-03-04), else in hours.
func samePeriod(from, to, start time.Time) time.Time {
	from, to = from.UTC(), to.UTC()
	y, m, d := to.Year()-from.Year(), int(to.Month()-from.Month()), to.Day()-from.Day()
	clock := to.Sub(time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)) - from.Sub(time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC))
	if from.AddDate(y, m, d).Add(clock).Equal(to) {
		return start.UTC().AddDate(y, m, d).Add(clock)
	}
	return start.UTC().Add(to.Sub(from))
}
