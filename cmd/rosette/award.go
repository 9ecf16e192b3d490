package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/notify"
	"rosette/generator/ob"
)

func awardCommand() *command {
	return &command{
		name:    "award",
		summary: "award a badge: write a new award record",
		usage: `Usage: rosette award --badge ID --email ADDR [--earner SLUG] [--evidence URL]
                     [--narrative TEXT] [--issued DATE] [--expires DATE] [-s DIR]
       rosette award --renew ID --email ADDR [--issued DATE] [--expires DATE] [-s DIR]

Writes content/awards/<year>/<id>.toml for a new award, with a random,
unguessable id (16 characters), a fresh random salt, and the salted SHA-256
of the normalised (trimmed, lower-cased) email address. The address itself
is never written into the site: it goes, with the award id and the
earner's name, into a private delivery file outside the site, from which
rosette notify mails the earner once the award is live. Prints the URLs the award will have once the
site is built and deployed. Unknown badge classes and earners are refused.

When the address already holds the badge class (an award that is neither
revoked nor expired, found by hashing the address with each award's salt),
rosette warns and writes the award all the same, or, with
--skip-duplicates, writes nothing.

With --renew ID, writes the follow-up of award ID (see rosette expiring):
the same badge class and earner, issued now (or --issued), expiring after
the badge class's valid_for (or --expires; else as long after its issue
as award ID, when that expires). The earner's address is
needed, and must be the one award ID was issued to (it is checked against
that award's hash): the renewal gets its own fresh salt, as every award
does, so that two awards cannot be linked by their recipient hash alone.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --badge ID         the badge class (required)
  --email ADDR       the recipient's email address (required)
  --earner SLUG      the earner record to link, for their name and profile
  --evidence URL     a page that shows the work
  --narrative TEXT   how the earner met the criteria (markdown)
  --issued DATE      issue date, 2025-03-14 or 2025-03-14T09:00:00Z (default now)
  --expires DATE     expiry date (default: the badge's valid_for, else never)
  --renew ID         renew award ID for the same address (--email)
  --skip-duplicates  write nothing when the address already holds the badge
  --delivery FILE    the private delivery file for rosette notify, outside
                     the site (default: deliveries.csv in
                     $XDG_STATE_HOME/rosette/<site>/, else ~/.local/state/…)

Examples:
  rosette award --badge git-foundations --email ada@example.org --earner ada-okafor
  rosette award --badge first-aid --email ben@example.com --issued 2025-03-14 \
      --evidence https://example.com/ben/certificate
  rosette award --renew zsjqdfbcwxugd95s --email ben@example.com
`,
		run: runAward,
	}
}

func runAward(e *env, args []string) error {
	fs := newFlags("award")
	src := sourceFlag(fs)
	var a edit.Award
	var issued, expires, renew string
	fs.StringVar(&a.Badge, "badge", "", "")
	fs.StringVar(&a.Email, "email", "", "")
	fs.StringVar(&a.Earner, "earner", "", "")
	fs.StringVar(&a.Evidence, "evidence", "", "")
	fs.StringVar(&a.Narrative, "narrative", "", "")
	fs.StringVar(&issued, "issued", "", "")
	fs.StringVar(&expires, "expires", "", "")
	fs.StringVar(&renew, "renew", "", "")
	skipDup := fs.Bool("skip-duplicates", false, "")
	delivery := deliveryFlag(fs)
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	switch {
	case renew != "" && a.Email == "":
		return usagef("--renew needs --email, the address award %s was issued to: the renewal gets a fresh salt, and the address is checked against the award's hash", renew)
	case renew != "" && (a.Badge != "" || a.Earner != ""):
		return usagef("--renew keeps the badge class and earner of the award it renews: leave out --badge and --earner")
	case renew == "" && (a.Badge == "" || a.Email == ""):
		return usagef("--badge and --email are required")
	}
	if a.Issued, err = parseDate(issued, time.Now()); err != nil {
		return usagef("--issued: %v", err)
	}
	if a.Expires, err = parseDate(expires, time.Time{}); err != nil {
		return usagef("--expires: %v", err)
	}
	s, err := generator.Load(generator.Options{Source: *src, AllowFuture: true}) // dates are checked by check and build
	if err != nil {
		return err
	}
	if renew != "" {
		old := s.Award(renew)
		if old == nil {
			return fmt.Errorf("--renew: no award %q%s; nothing was written", renew, edit.DidYouMean(renew, awardIDs(s)))
		}
		r, err := edit.Renewal(s, old, a.Email, a.Issued, a.Expires)
		if err != nil {
			return err
		}
		r.Evidence, r.EvidenceName, r.Narrative = a.Evidence, a.EvidenceName, a.Narrative
		a = *r
	}
	if probs := a.Check(s); len(probs) > 0 {
		return errors.New(strings.Join(probs, "; ") + "; nothing was written")
	}
	var held []*content.Award
	for _, h := range edit.NewHoldings(s).Held(a.Badge, a.Email, a.Issued) {
		if h.ID != renew {
			held = append(held, h)
		}
	}
	if len(held) > 0 {
		d := edit.Duplicate{Email: a.Email, Badge: a.Badge, Held: held}
		if *skipDup {
			fmt.Fprintf(e.stdout, "Skipped: %s; nothing was written\n", d)
			return nil
		}
		fmt.Fprintf(e.stderr, "rosette award: warning: %s; awarding it again (--skip-duplicates would skip it)\n", d)
	}
	dpath, err := deliveryPath(e, s, *src, *delivery)
	if err != nil {
		return err
	}
	warnRequirements(e.stderr, s, &a)
	p, err := edit.PlanAward(s, &a, edit.NewRandom(), map[string]bool{}, edit.NewIndexes(s, edit.NewRandom()))
	if err != nil {
		return err
	}
	name := ""
	if er := s.Earner(a.Earner); er != nil {
		name = er.Name
	}
	if err := writeDeliveries(dpath, []notify.Delivery{{Award: p.ID, Email: a.Email, Name: name, Badge: a.Badge}}); err != nil {
		return err
	}
	if err := edit.WriteAll(*src, []edit.Planned{p}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %s\n", p.Path)
	if renew != "" {
		fmt.Fprintf(e.stdout, "  renews %s (%s)\n", renew, a.Badge)
		if !a.Expires.IsZero() {
			fmt.Fprintf(e.stdout, "  expires %s\n", a.Expires.UTC().Format(time.DateOnly))
		}
	}
	printAwardURLs(e.stdout, s, p.ID)
	printDelivery(e, dpath)
	return nil
}

// warnRequirements warns when the earner of a new award does not meet
// the requirements of its badge class at its issue date. The award is
// written all the same: the issuer decides.
func warnRequirements(w io.Writer, s *content.Site, a *edit.Award) {
	if a.Earner == "" || len(s.Badge(a.Badge).Requires) == 0 {
		return
	}
	h := s.HoldingsAt(a.Issued)
	if unmet := h.Unmet(a.Earner, a.Badge); unmet != "" {
		fmt.Fprintf(w, "rosette: warning: %s does not meet the requirements of %s at %s: %s\n", a.Earner, a.Badge, a.Issued.Format("2006-01-02"), unmet)
	}
}

func awardIDs(s *content.Site) []string {
	ids := make([]string, len(s.Awards))
	for i, a := range s.Awards {
		ids[i] = a.ID
	}
	return ids
}

// printAwardURLs prints where an award will be served once deployed.
func printAwardURLs(w io.Writer, s *content.Site, id string) {
	g := ob.New(s)
	fmt.Fprintf(w, "  page: %s\n  JSON: %s\n", g.URL("assertions/"+id+"/"), g.URL(ob.AssertionPath(id)))
}

// parseDate parses a date (2025-03-14, midnight UTC) or an RFC 3339
// date-time. An empty string gives def, truncated to the second, in UTC.
func parseDate(s string, def time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if def.IsZero() {
			return def, nil
		}
		return def.UTC().Truncate(time.Second), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if p := content.DateProblem(s); p != "" {
		return time.Time{}, fmt.Errorf("%q is not a date: %s", s, p)
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2025-03-14 or 2025-03-14T09:00:00Z", s)
}
