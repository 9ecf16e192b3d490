package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/notify"
	"rosette/generator/ob"
)

func notifyCommand() *command {
	return &command{
		name:    "notify",
		summary: "mail earners their awards, once the awards are live",
		usage: `Usage: rosette notify [FILE] [--dry-run] [--test-to ADDR] [--csv OUT] [--rate N]
                      [--smtp-host HOST] [--smtp-port N] [--smtp-tls starttls|tls|none]
                      [--smtp-ca FILE] [--from ADDR] [--sent FILE] [--baseURL URL] [-s DIR]

Reads the private delivery file that rosette award and rosette import
wrote (FILE, default: the site's, in $XDG_STATE_HOME/rosette/<site>/) and,
for each award in it that is in the site and whose JSON is served at its
URL (HTTP GET), mails the earner: the badge, the link to the award, the
LinkedIn "Add to profile" link and their profile, as HTML and plain text
from the theme's mail templates (mail/award.html, mail/award.txt,
mail/award-subject.txt), in the site's language. An award that is not
live yet is held back for a later run. A failure for one address is
reported and the others go on.

What went out is recorded at once in a sent record outside the site (the
award id and the hash of the address with the award's salt, never the
address), so a re-run never mails anyone twice.

The SMTP server is the issuer's own, set in the environment (never in the
repository): ROSETTE_SMTP_HOST, ROSETTE_SMTP_PORT, ROSETTE_SMTP_TLS
(starttls, the default; tls for TLS from the start, port 465; none only
to a server on this machine), ROSETTE_SMTP_CA (a PEM file of certificates
to trust), ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD (PLAIN auth,
over TLS only), ROSETTE_MAIL_FROM (default: the issuer's email). The flags
override all but the username and password.

Flags:
  -s, --source DIR    site root, the directory holding content/ (default .)
  --dry-run           check and compose everything, send and record nothing
  --test-to ADDR      send the first message that is ready to ADDR only (a
                      test to yourself); records nothing
  --csv OUT           write a mail-merge file (email, name, subject, badge,
                      award_url, json_url, linkedin_url, profile_url,
                      badge_image, issued, expires) instead of mailing; its
                      rows are recorded as sent. OUT must be outside the site
  --rate N            at most N messages a minute (default 30)
  --smtp-host HOST, --smtp-port N, --smtp-tls MODE, --smtp-ca FILE, --from ADDR
                      as the variables above
  --sent FILE         the sent record (default: sent in the delivery
                      file's state directory)
  --baseURL URL       the URL the site is served at, replacing base_url

Examples:
  rosette notify --dry-run
  ROSETTE_SMTP_HOST=smtp.example.org ROSETTE_SMTP_USERNAME=badges \
      ROSETTE_SMTP_PASSWORD=… rosette notify --test-to me@example.org
  rosette notify ~/awards-spring.deliveries.csv --csv ~/merge.csv
`,
		run: runNotify,
	}
}

func runNotify(e *env, args []string) error {
	fs := newFlags("notify")
	src := sourceFlag(fs)
	var (
		dryRun                            bool
		testTo, csvOut, sentPath, baseURL string
		host, port, tlsMode, caFile, from string
		rate                              int
	)
	fs.BoolVar(&dryRun, "dry-run", false, "")
	fs.StringVar(&testTo, "test-to", "", "")
	fs.StringVar(&csvOut, "csv", "", "")
	fs.StringVar(&sentPath, "sent", "", "")
	fs.StringVar(&baseURL, "baseURL", "", "")
	fs.StringVar(&baseURL, "baseurl", "", "")
	fs.StringVar(&host, "smtp-host", e.getenv("ROSETTE_SMTP_HOST"), "")
	fs.StringVar(&port, "smtp-port", e.getenv("ROSETTE_SMTP_PORT"), "")
	fs.StringVar(&tlsMode, "smtp-tls", e.getenv("ROSETTE_SMTP_TLS"), "")
	fs.StringVar(&caFile, "smtp-ca", e.getenv("ROSETTE_SMTP_CA"), "")
	fs.StringVar(&from, "from", e.getenv("ROSETTE_MAIL_FROM"), "")
	fs.IntVar(&rate, "rate", 30, "")
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usagef("give at most one delivery file")
	}
	modes := 0
	for _, on := range []bool{dryRun, testTo != "", csvOut != ""} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return usagef("--dry-run, --test-to and --csv exclude each other")
	}
	if rate <= 0 {
		return usagef("--rate %d: give a number of messages a minute above 0", rate)
	}
	if testTo != "" {
		if err := edit.CheckEmail(testTo); err != nil {
			return usagef("--test-to: %v", err)
		}
	}
	if baseURL != "" {
		if baseURL, err = content.CheckBaseURL(baseURL); err != nil {
			return usagef("--baseURL: %v", err)
		}
	}
	// Loaded with its own base URL, which names its private files.
	s, err := generator.Load(generator.Options{Source: *src})
	if err != nil {
		return err
	}
	file := ""
	if len(rest) == 1 {
		file = rest[0]
	}
	if file, err = deliveryPath(e, s, *src, file); err != nil {
		return err
	}
	if sentPath == "" {
		// One record per site, whichever delivery file is read.
		sentPath = filepath.Join(filepath.Dir(file), "sent")
		if dir, err := stateDir(e, s); err == nil {
			sentPath = filepath.Join(dir, "sent")
		}
	}
	if err := outsideSite(sentPath, *src, "the sent record"); err != nil {
		return err
	}
	if baseURL != "" {
		s.Config.BaseURL, s.Config.Preview = baseURL, true
	}
	ds, err := notify.ReadDeliveries(file)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no delivery file %s: rosette award and rosette import write it", file)
	}
	if err != nil {
		return err
	}
	sent, err := notify.OpenSentLog(sentPath)
	if err != nil {
		return err
	}
	t, err := notify.SiteTemplates(*src, s)
	if err != nil {
		return err
	}
	opts := notify.Options{
		DryRun: dryRun, TestTo: testTo, Sent: sent,
		Rate: time.Minute / time.Duration(rate), HTTP: &http.Client{Timeout: 15 * time.Second},
		Now: time.Now, Sleep: time.Sleep,
	}
	if from == "" {
		if is := s.Issuer(s.Config.DefaultIssuer); is != nil {
			from = is.Email
		}
	}
	if !dryRun && csvOut == "" {
		if from == "" {
			return usagef("no sender: set ROSETTE_MAIL_FROM or give --from (the issuer has no email)")
		}
		if err := edit.CheckEmail(from); err != nil {
			return usagef("--from: %v", err)
		}
		opts.From = mail.Address{Name: issuerName(s), Address: from}
		c := &notify.SMTP{Host: host, TLS: tlsMode, CAFile: caFile, Username: e.getenv("ROSETTE_SMTP_USERNAME"), Password: e.getenv("ROSETTE_SMTP_PASSWORD")}
		if c.TLS == "" {
			c.TLS = notify.StartTLS
		}
		switch {
		case port != "":
			if c.Port, err = strconv.Atoi(port); err != nil {
				return usagef("SMTP port %q is not a number", port)
			}
		case c.TLS == notify.Implicit:
			c.Port = 465
		case c.TLS == notify.NoTLS:
			c.Port = 25
		default:
			c.Port = 587
		}
		if err := c.Check(); err != nil {
			return usagef("%v", err)
		}
		opts.SMTP = c
	}
	if csvOut != "" {
		if err := outsideSite(csvOut, *src, "the mail-merge file"); err != nil {
			return err
		}
		f, err := os.OpenFile(csvOut, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		opts.CSV = f
	}
	res, err := notify.Run(s, ob.New(s), t, ds, opts, e.stdout)
	verb := "Sent"
	switch {
	case dryRun:
		verb = "Ready to send"
	case csvOut != "":
		verb = "Written to " + csvOut
	}
	fmt.Fprintf(e.stdout, "%s: %d; held back (not live yet): %d; already sent: %d; revoked: %d; failed: %d\n", verb, res.Sent, res.Held, res.Already, res.Skipped, res.Failed)
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("%s not sent; run again to retry (nothing is sent twice)", plural(res.Failed, "message"))
	}
	return nil
}

func issuerName(s *content.Site) string {
	if is := s.Issuer(s.Config.DefaultIssuer); is != nil {
		return is.Name
	}
	return s.Config.Title
}
