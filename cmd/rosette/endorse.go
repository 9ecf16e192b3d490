package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"rosette/generator/content"
	"rosette/generator/ob"
)

func endorseCommand() *command {
	return &command{
		name:    "endorse",
		summary: "write the files an organisation publishes to endorse another site's badge",
		usage: `Usage: rosette endorse --base URL --id ID --claim URL --date TIME
         (--profile URL | --name NAME --website URL --email ADDRESS)
         [--comment TEXT | --comment-file FILE] [-d DIR]

Writes the Open Badges 2.0 Endorsement that an organisation publishes on
its own site, at BASE/endorsements/ID.json, to endorse a badge class, an
issuer or an award of another site (--claim, the URL of its Open Badges
JSON). Without --profile, it also writes the organisation's Profile at
BASE/issuers/SLUG.json and its empty revocation list at
BASE/revocations/SLUG.json. Upload the directory's contents to BASE.

It then prints the record the endorsed site adds as
content/endorsements/ID.toml, so its pages show the endorsement and check
it live. Existing files are never overwritten.

Flags:
  --base URL           where the organisation publishes, ending in /
  --id ID              the endorsement's id, a lowercase slug
  --claim URL          the Open Badges JSON of what is endorsed
  --date TIME          when it is endorsed, e.g. 2026-05-01T09:00:00Z
  --profile URL        the organisation's existing Open Badges Profile
  --name NAME          the organisation's name (for a new Profile)
  --website URL        its website (for a new Profile)
  --email ADDRESS      its contact address (for a new Profile)
  --comment TEXT       what it says (markdown)
  --comment-file FILE  the comment, read from a file
  -d, --destination DIR  where to write (default endorsement)

Examples:
  rosette endorse --base https://partner.example.net/badges/ --id partner-web-accessibility \
    --claim https://badges.riverbend.example.org/badges/web-accessibility.json \
    --name "Partner Guild" --website https://partner.example.net/ --email badges@partner.example.net \
    --date 2026-05-01T09:00:00Z --comment "We hire on this badge."
`,
		run: runEndorse,
	}
}

func runEndorse(e *env, args []string) error {
	flags := newFlags("endorse")
	var o ob.Outside
	var dateFlag, commentFile, dest string
	flags.StringVar(&o.Base, "base", "", "")
	flags.StringVar(&o.ID, "id", "", "")
	flags.StringVar(&o.Claim, "claim", "", "")
	flags.StringVar(&o.Profile, "profile", "", "")
	flags.StringVar(&o.Name, "name", "", "")
	flags.StringVar(&o.Website, "website", "", "")
	flags.StringVar(&o.Email, "email", "", "")
	flags.StringVar(&o.Comment, "comment", "", "")
	flags.StringVar(&commentFile, "comment-file", "", "")
	flags.StringVar(&dateFlag, "date", "", "")
	flags.StringVar(&dest, "d", "endorsement", "")
	flags.StringVar(&dest, "destination", "endorsement", "")
	rest, err := parseFlags(e, flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if o.Base == "" || o.ID == "" || o.Claim == "" || dateFlag == "" {
		return usagef("--base, --id, --claim and --date are required")
	}
	if o.Date, err = buildClock(dateFlag, ""); err != nil {
		return usagef("--date: %v", err)
	}
	if commentFile != "" {
		if o.Comment != "" {
			return usagef("give --comment or --comment-file, not both")
		}
		data, err := readLocal(commentFile, e.stdin, content.MaxCommentBytes)
		if err != nil {
			return err
		}
		o.Comment = string(data)
	}
	if len(o.Comment) > content.MaxCommentBytes {
		return fmt.Errorf("the comment is %d bytes long; at most %d", len(o.Comment), content.MaxCommentBytes)
	}
	for _, f := range []struct{ flag, value string }{{"--name", o.Name}, {"--comment", o.Comment}} {
		if i := strings.IndexFunc(f.value, isControl); i >= 0 {
			return fmt.Errorf("%s holds the control character U+%04X (at byte %d), which the endorsed site's record cannot carry; remove it", f.flag, f.value[i], i)
		}
	}
	if me := content.CheckMarkdown(o.Comment); me != nil {
		return fmt.Errorf("comment: %v", me)
	}
	docs, err := o.Documents()
	if err != nil {
		return err
	}
	paths := slices.Sorted(maps.Keys(docs))
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(p))); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s exists: rosette endorse never overwrites a file", filepath.Join(dest, filepath.FromSlash(p)))
		}
	}
	for _, p := range paths {
		data, err := ob.Marshal(docs[p])
		if err != nil {
			return err
		}
		f := filepath.Join(dest, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			return err
		}
		if err := writeNew(f, data); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Wrote %s → %s%s\n", f, o.Base, p)
	}
	name, website := o.Name, o.Website
	if name == "" {
		name = "<the organisation's name>"
	}
	target := "badge = \"<badge class id>\""
	if kind, id, ok := ob.ClaimTarget(o.Claim); ok {
		target = kind + " = " + strconv.Quote(id)
	}
	fmt.Fprintf(e.stdout, "\nThe endorsed site adds content/endorsements/%s.toml:\n\nendorser_url = %s\nendorser_name = %s\n", o.ID, strconv.Quote(o.Base+ob.EndorsementPath(o.ID)), strconv.Quote(name))
	if website != "" {
		fmt.Fprintf(e.stdout, "endorser_website = %s\n", strconv.Quote(website))
	}
	fmt.Fprintf(e.stdout, "%s\ndate = %s\ncomment = %s\n", target, ob.FormatTime(o.Date), tomlString(o.Comment))
	return nil
}

// writeNew writes a file that must not exist yet: a file made meanwhile,
// or a symbolic link put in its place, is never written through.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: rosette endorse never overwrites a file", name)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// isControl reports the control characters a record's text may not hold:
// all but tab, line feed and carriage return.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
}

// tomlString writes s as a TOML string: a multi-line literal when it
// spans lines and can be one, else a basic string.
func tomlString(s string) string {
	if strings.Contains(s, "\n") && !strings.Contains(s, "'''") {
		return "'''\n" + s + "'''"
	}
	return strconv.Quote(s)
}
