package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// endorseSite is baseSite with a second issuer, "guild", and the
// endorsement files given (an empty text removes a file).
func endorseSite(files map[string]string) fstest.MapFS {
	fsys := baseSite()
	fsys["content/site.toml"] = &fstest.MapFile{Data: []byte("base_url = \"https://badges.example.org/\"\ntitle = \"Example\"\ndefault_issuer = \"acme\"\n")}
	fsys["content/issuers/guild.toml"] = &fstest.MapFile{Data: []byte("name = \"Guild\"\nurl = \"https://guild.example.org/\"\nemail = \"info@guild.example.org\"\n")}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestEndorsementsValid(t *testing.T) {
	s, err := Load(endorseSite(map[string]string{
		"content/endorsements/a.toml": "endorser = \"guild\"\nbadge = \"git\"\ncomment = \"A *fine* badge.\"\ndate = 2025-04-01T10:00:00Z\n",
		"content/endorsements/b.toml": "endorser_url = \"https://partner.example.net/e/1.json\"\nendorser_name = \"Partner\"\nendorser_website = \"https://partner.example.net/\"\nissuer = \"acme\"\ndate = 2025-04-01T10:00:00Z\n",
		"content/endorsements/c.toml": "person = \"Jo Manager\"\nrole = \"Team lead\"\nrecorded_by = \"acme\"\naward = \"abc123de\"\ncomment = \"I saw Ada apply this.\"\ndate = 2025-04-01T10:00:00+02:00\nrevoked = true\nrevocation_reason = \"withdrawn\"\n",
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Endorsements) != 3 {
		t.Fatalf("endorsements = %+v", s.Endorsements)
	}
	for i, want := range []string{EndorsedByIssuer, EndorsedByOutside, EndorsedByPerson} {
		if got := s.Endorsements[i].Kind(); got != want {
			t.Errorf("%s: kind %q, want %q", s.Endorsements[i].ID, got, want)
		}
	}
	if got := s.Endorsements[2].Date.Format("15:04Z07:00"); got != "08:00Z" {
		t.Errorf("date not in UTC: %s", got)
	}
	if got := s.EndorsementsOf("award", "abc123de"); len(got) != 1 || got[0].ID != "c" {
		t.Errorf("EndorsementsOf(award) = %v", got)
	}
	if k, id := s.Endorsements[1].Target(); k != "issuer" || id != "acme" {
		t.Errorf("Target = %s %s", k, id)
	}
}

func TestEndorsementsLint(t *testing.T) {
	const date = "date = 2025-04-01T10:00:00Z\n"
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"unknown ids", "endorser = \"gild\"\nbadge = \"gti\"\n" + date, []string{
			`content/endorsements/x.toml:1:12: unknown issuer "gild" (did you mean "guild"?)`,
			`content/endorsements/x.toml:2:9: unknown badge "gti" (did you mean "git"?)`,
		}},
		{"unknown award", "person = \"P\"\nrecorded_by = \"acme\"\naward = \"abc123dx\"\n" + date, []string{
			`content/endorsements/x.toml:3:9: unknown award "abc123dx" (did you mean "abc123de"?)`,
		}},
		{"unknown key", "endorser = \"guild\"\nbadge = \"git\"\ncoment = \"x\"\n" + date, []string{
			`content/endorsements/x.toml:3:1: unknown key "coment" (did you mean "comment"?)`,
		}},
		{"bad date", "endorser = \"guild\"\nbadge = \"git\"\ndate = 2025-04-01T10:00:00\n", []string{
			`content/endorsements/x.toml:3:8: date has no time zone: write it in UTC, e.g. 2025-04-01T10:00:00Z, or with an offset such as +02:00`,
		}},
		{"no date", "endorser = \"guild\"\nbadge = \"git\"\n", []string{
			`content/endorsements/x.toml:1:1: missing required key "date"`,
		}},
		{"kinds mixed", "endorser = \"guild\"\nperson = \"P\"\nrecorded_by = \"acme\"\nbadge = \"git\"\n" + date, []string{
			`content/endorsements/x.toml:2:1: person is a key of a person recorded by an issuer, but endorser is given too`,
		}},
		{"outside without name", "endorser_url = \"https://p.example/e.json\"\nrole = \"Boss\"\nbadge = \"git\"\n" + date, []string{
			`content/endorsements/x.toml:2:1: role is a key of a person recorded by an issuer, but endorser_url is given too`,
		}},
		{"no endorser", "badge = \"git\"\n" + date, []string{`content/endorsements/x.toml:1:1: say who endorses`}},
		{"two targets", "endorser = \"guild\"\nbadge = \"git\"\nissuer = \"acme\"\n" + date, []string{
			`content/endorsements/x.toml:3:1: badge and issuer are both given`,
		}},
		{"person without recorder", "person = \"P\"\nbadge = \"git\"\n" + date, []string{`content/endorsements/x.toml:1:1: missing required key "recorded_by"`}},
		{"self", "endorser = \"acme\"\nbadge = \"git\"\n" + date, []string{`content/endorsements/x.toml:2:9: badge "git" is issued by "acme", the endorser`}},
		{"bad url", "endorser_url = \"ftp://p.example/e.json\"\nendorser_name = \"P\"\nbadge = \"git\"\n" + date, []string{`content/endorsements/x.toml:1:16: endorser_url:`}},
		{"http url", "endorser_url = \"http://p.example/e.json\"\nendorser_name = \"P\"\nendorser_website = \"javascript:alert(1)\"\nbadge = \"git\"\n" + date, []string{
			`content/endorsements/x.toml:1:16: endorser_url: "http://p.example/e.json" is not an https URL`,
			`content/endorsements/x.toml:3:20: endorser_website:`,
		}},
		{"http website", "endorser_url = \"https://p.example/e.json\"\nendorser_name = \"P\"\nendorser_website = \"http://p.example/\"\nbadge = \"git\"\n" + date, []string{
			`content/endorsements/x.toml:3:20: endorser_website: "http://p.example/" is not an https URL`,
		}},
		{"revoked without reason", "endorser = \"guild\"\nbadge = \"git\"\nrevoked = true\n" + date, []string{`content/endorsements/x.toml:3:11: revoked endorsement needs a revocation_reason`}},
		{"markdown", "endorser = \"guild\"\nbadge = \"git\"\ncomment = \"" + strings.Repeat(">", 40) + " deep\"\n" + date, []string{`content/endorsements/x.toml:3:`}},
		{"long comment", "endorser = \"guild\"\nbadge = \"git\"\ncomment = \"" + strings.Repeat("word ", 2001) + "\"\n" + date, []string{`content/endorsements/x.toml:3:11: comment is 10005 bytes long`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(endorseSite(map[string]string{"content/endorsements/x.toml": tc.src}), Options{})
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v", err)
			}
			got := errs.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
}

// TestEndorsementNamesPrivateEarner checks that an issuer's endorsement
// of an award, whose JSON is published, cannot name an earner without a
// public profile; a person's recorded words (not published) and a name
// inside another word are fine.
func TestEndorsementNamesPrivateEarner(t *testing.T) {
	const award = "award = \"abc123de\"\ndate = 2025-04-01T10:00:00Z\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"issuer", "endorser = \"guild\"\n" + award + "comment = \"We saw ADA apply this.\"\n", `content/endorsements/x.toml:4:11: comment names "Ada", whose profile is not public`},
		{"person", "person = \"P\"\nrecorded_by = \"acme\"\n" + award + "comment = \"We saw Ada apply this.\"\n", ""},
		{"inside a word", "endorser = \"guild\"\n" + award + "comment = \"Adaptable work.\"\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := endorseSite(map[string]string{"content/endorsements/x.toml": tc.src, "content/earners/ada.toml": "name = \"Ada\"\npublic = false\n"})
			_, err := Load(fsys, Options{})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestEndorsementInFuture checks that an endorsement dated after the
// build clock is refused, with or without AllowFuture (which publishes
// awards as not yet valid: an endorsement has no such state).
func TestEndorsementInFuture(t *testing.T) {
	fsys := endorseSite(map[string]string{"content/endorsements/x.toml": "endorser = \"guild\"\nbadge = \"git\"\ndate = 2099-01-01T00:00:00Z\n"})
	for _, allow := range []bool{false, true} {
		_, err := Load(fsys, Options{Clock: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), AllowFuture: allow})
		if want := "content/endorsements/x.toml:3:8: date 2099-01-01T00:00:00Z is after the build clock (2026-06-01T00:00:00Z)"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("allow %v: err = %v, want %q", allow, err, want)
		}
	}
	if _, err := Load(fsys, Options{Clock: time.Date(2099, 1, 1, 0, 1, 0, 0, time.UTC)}); err != nil {
		t.Errorf("on its day: %v", err)
	}
}
