package notify

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/render"
)

// Options say how a run delivers its messages: by SMTP, or into a
// mail-merge file (CSV), or not at all (DryRun), or once to the issuer
// (TestTo).
type Options struct {
	From   mail.Address // the sender
	SMTP   *SMTP
	CSV    io.Writer // write a mail-merge file instead of mailing
	DryRun bool      // check and compose everything, send nothing
	TestTo string    // send the first message that is ready to this address only

	Rate  time.Duration       // pause between two messages
	HTTP  *http.Client        // for the liveness checks
	Sent  *SentLog            // what went out before; updated as messages go out
	Now   func() time.Time    // the Date of messages and of the record
	Sleep func(time.Duration) // for the rate limit
}

// Result counts what a run did with the deliveries.
type Result struct {
	Sent    int // mailed, written to the mail-merge file, or ready (dry run)
	Already int // sent by an earlier run
	Held    int // not live yet: for a later run
	Skipped int // revoked awards
	Failed  int // could not be sent, or do not match their award
}

// MaxJSON is the largest award JSON read by a liveness check.
const MaxJSON = 1 << 20

var mergeHeader = []string{"email", "name", "subject", "badge", "award_url", "json_url", "linkedin_url", "profile_url", "badge_image", "issued", "expires"}

// Run delivers the messages of ds, reporting each on report. An award
// that is not in the site or whose JSON is not served yet is held back,
// for a later run; a failure for one address is reported and the others
// go on. What went out is recorded in opts.Sent at once, so that no
// run sends it again.
func Run(s *content.Site, g *ob.Graph, t *Templates, ds []Delivery, opts Options, report io.Writer) (Result, error) {
	var res Result
	var merge *csv.Writer
	if opts.CSV != nil {
		merge = csv.NewWriter(opts.CSV)
		merge.Write(mergeHeader)
		defer merge.Flush()
	}
	first := true
	for _, d := range ds {
		a := s.Award(d.Award)
		switch {
		case a == nil:
			res.Held++
			fmt.Fprintf(report, "held back: %s (%s): not in the site: its pull request is not merged yet, or was closed\n", d.Award, d.Email)
			continue
		case a.Revoked:
			res.Skipped++
			fmt.Fprintf(report, "skipped: %s (%s): revoked\n", d.Award, d.Email)
			continue
		case !ob.Match(a.Recipient.Identity, a.Recipient.Salt, a.Recipient.Type, d.Email):
			res.Failed++
			fmt.Fprintf(report, "failed: %s (%s): the address is not the award's recipient (its hash does not match); not sent\n", d.Award, d.Email)
			continue
		}
		key := Key(a.ID, d.Email, a.Recipient.Salt)
		if opts.TestTo == "" && opts.Sent.Done(key) {
			res.Already++
			continue
		}
		m := NewMessage(s, g, a, d.Name)
		if err := Live(opts.HTTP, m.Award.JSON); err != nil {
			res.Held++
			fmt.Fprintf(report, "held back: %s (%s): %v\n", a.ID, d.Email, err)
			continue
		}
		subject, text, html, err := t.Render(m)
		if err != nil {
			return res, err
		}
		switch {
		case opts.DryRun:
			res.Sent++
			fmt.Fprintf(report, "would send: %s to %s: %s\n", a.ID, d.Email, subject)
			continue
		case merge != nil:
			merge.Write([]string{d.Email, m.Earner.Name, subject, m.Badge.Name, m.Award.URL, m.Award.JSON, m.Award.LinkedIn, m.Earner.Profile, m.Badge.Image, m.Award.Issued.UTC().Format(time.DateOnly), dateOrEmpty(m.Award.Expires)})
			merge.Flush()
			if err := merge.Error(); err != nil {
				return res, err
			}
			if err := opts.Sent.Add(key, "csv", opts.Now()); err != nil {
				return res, err
			}
			res.Sent++
			fmt.Fprintf(report, "written: %s (%s)\n", a.ID, d.Email)
			continue
		}
		to := mail.Address{Name: m.Earner.Name, Address: d.Email}
		if opts.TestTo != "" {
			to = mail.Address{Address: opts.TestTo}
			subject = "[test] " + subject
		}
		if !first && opts.Rate > 0 {
			opts.Sleep(opts.Rate)
		}
		first = false
		msg, err := Compose(opts.From, to, s.Config.Language, subject, text, html, opts.Now())
		if err != nil {
			return res, err
		}
		if err := opts.SMTP.Send(opts.From.Address, to.Address, msg); err != nil {
			if ae := (*AuthError)(nil); errors.As(err, &ae) {
				return res, err
			}
			res.Failed++
			fmt.Fprintf(report, "failed: %s (%s): %v\n", a.ID, to.Address, err)
			continue
		}
		res.Sent++
		if opts.TestTo != "" {
			fmt.Fprintf(report, "test sent: %s (for %s) to %s: %s\n", a.ID, d.Email, to.Address, subject)
			return res, nil
		}
		if err := opts.Sent.Add(key, "smtp", opts.Now()); err != nil {
			return res, fmt.Errorf("sent %s to %s, but could not record it: %w", a.ID, d.Email, err)
		}
		fmt.Fprintf(report, "sent: %s to %s\n", a.ID, d.Email)
	}
	return res, nil
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// NewMessage is the template data of the mail for award a; name is the
// earner's name from the delivery file, used when the award links no
// earner record.
func NewMessage(s *content.Site, g *ob.Graph, a *content.Award, name string) *Message {
	m := &Message{Lang: s.Config.Language}
	if m.Lang == "" {
		m.Lang = "en"
	}
	m.Site.Title, m.Site.URL = s.Config.Title, g.Base
	b := s.Badge(a.Badge)
	if is := s.Issuer(g.IssuerOf(a)); is != nil {
		m.Issuer.Name, m.Issuer.URL, m.Issuer.Email = is.Name, is.URL, is.Email
	}
	m.Badge.ID, m.Badge.Name, m.Badge.Description = b.ID, b.Name, strings.TrimSpace(b.Description)
	m.Badge.URL = g.URL(ob.BadgePagePath(b.ID))
	if img := ob.BadgeImage(b); img != nil {
		m.Badge.Image = g.URL(ob.BadgeImagePath(b.ID, img.Format))
	}
	m.Award.ID = a.ID
	m.Award.URL = g.URL("assertions/" + a.ID + "/")
	m.Award.JSON = g.URL(ob.AssertionPath(a.ID))
	m.Award.LinkedIn = render.AwardLinkedInURL(s, g, a)
	m.Award.Issued, m.Award.Expires = a.Issued.UTC(), a.ExpiresAt(b)
	m.Earner.Name = name
	if e := s.Earner(a.Earner); e != nil {
		m.Earner.Name = e.Name
		if e.Public {
			m.Earner.Profile = g.URL("earners/" + e.ID + "/")
		}
	}
	return m
}

// Live checks that the award JSON at url is served: HTTP 200 and a JSON
// document whose id is url.
func Live(c *http.Client, url string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/ld+json, application/json")
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("not live yet: the site does not answer (%v): is it deployed at this URL (base_url, or --baseURL)?", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not live yet: GET %s: %s", url, resp.Status)
	}
	var doc struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, MaxJSON)).Decode(&doc); err != nil {
		return fmt.Errorf("not live yet: GET %s: not JSON: %v", url, err)
	}
	if doc.ID != url {
		return fmt.Errorf("not live yet: GET %s: its id is %q, not its URL", url, doc.ID)
	}
	return nil
}
