package edit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
)

// importOne imports csv into the test site and decodes the awards.
func importOne(t *testing.T, csv string, opts ImportOptions) (*Imported, []content.Award) {
	t.Helper()
	opts.Now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	res, err := Import(testSite(t), "x.csv", []byte(csv), opts, NewRandom())
	if err != nil {
		t.Fatal(err)
	}
	var out []content.Award
	for _, p := range res.Awards {
		var a content.Award
		if _, err := toml.Decode(string(p.Data), &a); err != nil {
			t.Fatalf("%v\n%s", err, p.Data)
		}
		if strings.Contains(string(p.Data), "@example") {
			t.Errorf("plaintext address in\n%s", p.Data)
		}
		out = append(out, a)
	}
	return res, out
}

// The samples are built from exactly the columns each platform documents
// for its bulk-issue template or export.
var (
	sampleBadgr = "Badge Class ID,Identifier,First Name,Last Name,Narrative,Evidence Narrative,Evidence URL,Issue Date,Expiration Date\n" +
		"Vb_dDr7UQ6yOqxv0u3QH4Q,ada@example.org,Ada,Okafor,Led the workshop.,Wrote the **guide**.,https://example.net/guide,2025-03-14,2027-03-14\n" +
		"Vb_dDr7UQ6yOqxv0u3QH4Q,ben@example.org,Ben,Carter,,Presented the project.,,2025-03-15T10:00:00Z,\n"
	sampleBadgrBulk = "Email,Evidence,Narrative\n" +
		"ada@example.org,https://example.net/guide,Led the workshop.\n" +
		"ben@example.org,,\n"
	sampleCredly = "Badge Template ID,Recipient Email,First Name,Last Name,Issued at date,Expiration Date,Issuer Earner ID,Country,State or Province,Evidence Name,Evidence URL,Text Evidence Name,Text Evidence URL,ID Evidence Title,ID Evidence Description,Locale,Group Tag\n" +
		"0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f,ada@example.org,Ada,Okafor,03/04/25,03/04/27,E-1,Nigeria,Lagos,Capstone,https://example.net/capstone,Reflection,Wrote about the project.,Student number,S-1024,en,spring-2025\n" +
		"0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f,ben@example.org,Ben,Carter,12/31/24,,E-2,,,,,Portfolio,https://example.net/ben,,,,\n"
	sampleAccredible = "Recipient Name,Recipient Email,Group Name,Group ID,Issued on,Expiry Date\n" +
		"Ada Okafor,ada@example.org,First Badge,7711,2025-03-04,2026-03-04\n" +
		"Ben Carter,ben@example.org,First Badge,7711,\"Mar 5, 2025\",\n"
	sampleOBF = "Email,First name,Last name,Issue date,Expiry date,Criteria_add\n" +
		"ada@example.org,Ada,Okafor,2025-03-04,2027-03-04,Ran the spring workshop.\n" +
		"ben@example.org,Ben,Carter,2025-03-05,,\n"
	sampleOBFAPI = "recipient,issued_on,expires,email_subject,email_body,email_link_text,email_footer,log_entry\n" +
		"ada@example.org,1741046400,1804118400,Your badge,Well done,Open it,Thanks,spring batch\n" +
		"ben@example.org,1741132800,,Your badge,Well done,Open it,Thanks,spring batch\n"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// Each dialect's sample imports into the records the platform's columns
// mean.
func TestDialects(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		opts      ImportOptions
		dialect   string
		ignored   []string
		notes     []string
		want      []content.Award
	}{{
		name:    "badgr",
		csv:     sampleBadgr,
		opts:    ImportOptions{MapBadge: map[string]string{"Vb_dDr7UQ6yOqxv0u3QH4Q": "first-badge"}},
		dialect: "Badgr / Canvas Credentials",
		want: []content.Award{
			{Badge: "first-badge", Earner: "ada", Issued: day(2025, 3, 14), Expires: day(2027, 3, 14), Narrative: "Led the workshop.",
				Evidence: []content.Evidence{{URL: "https://example.net/guide", Narrative: "Wrote the **guide**."}}},
			{Badge: "first-badge", Issued: time.Date(2025, 3, 15, 10, 0, 0, 0, time.UTC), Evidence: []content.Evidence{{Narrative: "Presented the project."}}},
		},
	}, {
		name:    "badgr bulk award",
		csv:     sampleBadgrBulk,
		opts:    ImportOptions{Badge: "first-badge"},
		dialect: "Badgr bulk-award template",
		want: []content.Award{
			{Badge: "first-badge", Issued: day(2026, 1, 2).Add(3*time.Hour + 4*time.Minute + 5*time.Second), Narrative: "Led the workshop.", Evidence: []content.Evidence{{URL: "https://example.net/guide"}}},
			{Badge: "first-badge", Issued: day(2026, 1, 2).Add(3*time.Hour + 4*time.Minute + 5*time.Second)},
		},
	}, {
		name:    "credly",
		csv:     sampleCredly,
		opts:    ImportOptions{Badge: "first-badge"},
		dialect: "Credly",
		ignored: []string{
			"Issuer Earner ID (the issuer's own id of the earner at Credly: not published)",
			"Country (earner data that rosette does not publish)",
			"State or Province (earner data that rosette does not publish)",
			"Locale (the language of Credly's notification mail: rosette notify mails from the theme's templates, in the site's language)",
			"Group Tag (Credly's tag for a group of issued badges, used to replace them there: rosette has no such groups)",
		},
		want: []content.Award{
			{Badge: "first-badge", Earner: "ada", Issued: day(2025, 3, 4), Expires: day(2027, 3, 4), Evidence: []content.Evidence{
				{URL: "https://example.net/capstone", Name: "Capstone"},
				{Name: "Reflection", Narrative: "Wrote about the project."},
				{Name: "Student number", Narrative: "S-1024"},
			}},
			{Badge: "first-badge", Issued: day(2024, 12, 31), Evidence: []content.Evidence{{Name: "Portfolio", URL: "https://example.net/ben"}}},
		},
	}, {
		name:    "accredible",
		csv:     sampleAccredible,
		dialect: "Accredible",
		ignored: []string{`Group ID (the badge class is read from "Group Name")`},
		want: []content.Award{
			{Badge: "first-badge", Earner: "ada", Issued: day(2025, 3, 4), Expires: day(2026, 3, 4)},
			{Badge: "first-badge", Issued: day(2025, 3, 5)},
		},
	}, {
		name:    "open badge factory",
		csv:     sampleOBF,
		opts:    ImportOptions{Badge: "first-badge"},
		dialect: "Open Badge Factory",
		notes:   []string{"Criteria_add (read as the award's narrative: Open Badge Factory adds it to the badge's criteria, about this award)"},
		want: []content.Award{
			{Badge: "first-badge", Earner: "ada", Issued: day(2025, 3, 4), Expires: day(2027, 3, 4), Narrative: "Ran the spring workshop."},
			{Badge: "first-badge", Issued: day(2025, 3, 5)},
		},
	}, {
		name:    "open badge factory api",
		csv:     sampleOBFAPI,
		opts:    ImportOptions{Badge: "first-badge"},
		dialect: "Open Badge Factory",
		ignored: []string{
			"email_subject (Open Badge Factory's notification mail: rosette notify mails from the theme's templates, in the site's language)",
			"email_body (Open Badge Factory's notification mail: rosette notify mails from the theme's templates, in the site's language)",
			"email_link_text (Open Badge Factory's notification mail: rosette notify mails from the theme's templates, in the site's language)",
			"email_footer (Open Badge Factory's notification mail: rosette notify mails from the theme's templates, in the site's language)",
			"log_entry (Open Badge Factory's private note in its issuing log: not published)",
		},
		want: []content.Award{
			{Badge: "first-badge", Issued: day(2025, 3, 4), Expires: day(2027, 3, 4)},
			{Badge: "first-badge", Issued: day(2025, 3, 5)},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res, as := importOne(t, tc.csv, tc.opts)
			if res.Dialect != tc.dialect {
				t.Errorf("dialect %q, want %q", res.Dialect, tc.dialect)
			}
			if !slices.Equal(res.Ignored, tc.ignored) {
				t.Errorf("ignored\n%q, want\n%q", res.Ignored, tc.ignored)
			}
			if !slices.Equal(res.Notes, tc.notes) {
				t.Errorf("notes\n%q, want\n%q", res.Notes, tc.notes)
			}
			if len(as) != len(tc.want) {
				t.Fatalf("%d awards, want %d", len(as), len(tc.want))
			}
			for i, a := range as {
				a.Recipient = content.Recipient{}
				a.StatusIndex = 0
				w := tc.want[i]
				if a.Badge != w.Badge || a.Earner != w.Earner || !a.Issued.Equal(w.Issued) || !a.Expires.Equal(w.Expires) || a.Narrative != w.Narrative || !slices.Equal(a.Evidence, w.Evidence) {
					t.Errorf("award %d\n%+v, want\n%+v", i+1, a, w)
				}
			}
			if len(res.Recipients) != 2 || res.Recipients[0].Email != "ada@example.org" {
				t.Errorf("recipients %+v", res.Recipients)
			}
			// A column holding data that nothing maps (an Accredible custom
			// attribute, say) stops the import and is named.
			lines := strings.SplitAfter(tc.csv, "\n")
			bad := strings.TrimSuffix(lines[0], "\n") + ",Grade\n" + strings.TrimSuffix(lines[1], "\n") + ",A\n"
			_, err := Import(testSite(t), "x.csv", []byte(bad), tc.opts, NewRandom())
			if err == nil || !strings.Contains(err.Error(), `column "Grade" holds data that rosette does not import: remove the column, or give --ignore-column "Grade" to leave it out`) {
				t.Errorf("an unknown column: %v", err)
			}
			opts := tc.opts
			opts.IgnoreColumns = []string{"grade"}
			if _, err := Import(testSite(t), "x.csv", []byte(bad), opts, NewRandom()); err != nil {
				t.Errorf("--ignore-column Grade: %v", err)
			}
		})
	}
}

// Each sample is recognised as its platform's, and as no other's.
func TestDialectDetection(t *testing.T) {
	for csv, want := range map[string]string{
		sampleBadgr: "Badgr / Canvas Credentials", sampleBadgrBulk: "Badgr bulk-award template", sampleCredly: "Credly",
		sampleAccredible: "Accredible", sampleOBF: "Open Badge Factory", sampleOBFAPI: "Open Badge Factory",
		"email,name,badge,issued date\n": "", "Email,Evidence,Badge\n": "", "Recipient Email,First Name,Last Name\n": "",
	} {
		header := strings.Split(strings.TrimSuffix(strings.SplitAfter(csv, "\n")[0], "\n"), ",")
		var got []string
		for _, d := range matchDialects(header) {
			got = append(got, d.name)
		}
		if (want == "" && len(got) != 0) || (want != "" && !slices.Equal(got, []string{want})) {
			t.Errorf("%q: recognised as %q, want %q", header, got, want)
		}
	}
}

// Dates are read as each platform writes them, and an error says which
// form was expected.
func TestDialectDates(t *testing.T) {
	replace := func(csv, old, new string) string {
		if !strings.Contains(csv, old) {
			t.Fatalf("%q not in the sample", old)
		}
		return strings.Replace(csv, old, new, 1)
	}
	for _, tc := range []struct {
		name, csv string
		opts      ImportOptions
		issued    time.Time // of the first row
		err       string
	}{
		// Credly's dates are mm/dd/yy: 03/04/25 is 4 March, never 3 April.
		{"credly", sampleCredly, ImportOptions{Badge: "first-badge"}, day(2025, 3, 4), ""},
		{"credly dmy", replace(sampleCredly, "12/31/24", "31/12/24"), ImportOptions{Badge: "first-badge", DateOrder: DateDMY, IgnoreColumns: []string{"expiration date"}}, day(2025, 4, 3), ""},
		{"credly day first", replace(sampleCredly, "03/04/25", "13/04/25"), ImportOptions{Badge: "first-badge"}, time.Time{},
			`x.csv:2:5: issued date "13/04/25" is not a month/day/year date (mm/dd/yy, as in Credly's bulk-issue template; --date-format dmy reads them otherwise)`},
		{"credly no such day", replace(sampleCredly, "03/04/27", "02/30/27"), ImportOptions{Badge: "first-badge"}, time.Time{},
			`x.csv:2:6: expiry "02/30/27" is not a date: February 2027 has no day 30 (it has 28 days) (read as a month/day/year date, mm/dd/yy, as in Credly's bulk-issue template`},
		// Badgr writes ISO 8601; a numeric date is read only as told.
		{"badgr ambiguous", replace(sampleBadgr, "2025-03-14", "03/04/2025"), ImportOptions{Badge: "first-badge"}, time.Time{},
			`x.csv:2:8: issued date "03/04/2025" is ambiguous (month/day or day/month?)`},
		{"badgr dmy", replace(sampleBadgr, "2025-03-14", "03/04/2025"), ImportOptions{Badge: "first-badge", DateOrder: DateDMY}, day(2025, 4, 3), ""},
		// Accredible: the Issued on column, "Mar 5, 2025" too.
		{"accredible", sampleAccredible, ImportOptions{}, day(2025, 3, 4), ""},
		{"accredible no such day", replace(sampleAccredible, "2025-03-04", "31/04/2025"), ImportOptions{DateOrder: DateDMY}, time.Time{},
			`x.csv:2:5: issued date "31/04/2025" is not a date: April 2025 has no day 31`},
		// Open Badge Factory: ISO dates in the bulk CSV, seconds since 1970
		// in the API's fields.
		{"open badge factory", sampleOBF, ImportOptions{Badge: "first-badge"}, day(2025, 3, 4), ""},
		{"open badge factory api", sampleOBFAPI, ImportOptions{Badge: "first-badge"}, day(2025, 3, 4), ""},
		{"open badge factory bad", replace(sampleOBF, "2025-03-04", "4th March"), ImportOptions{Badge: "first-badge"}, time.Time{},
			`x.csv:2:4: issued date "4th March" is not a date such as 2025-03-14`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Now = time.Unix(0, 0)
			res, err := Import(testSite(t), "x.csv", []byte(tc.csv), tc.opts, NewRandom())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var a content.Award
			if _, err := toml.Decode(string(res.Awards[0].Data), &a); err != nil {
				t.Fatal(err)
			}
			if !a.Issued.Equal(tc.issued) {
				t.Errorf("issued %v, want %v", a.Issued, tc.issued)
			}
		})
	}
}

func TestDialectBadges(t *testing.T) {
	s := testSite(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	csv := "Badge Class ID,Identifier\nAAA,a@example.org\nBBB,b@example.org\n"
	// --badge cannot stand for two different platform badges.
	_, err := Import(s, "x.csv", []byte(csv), ImportOptions{Badge: "first-badge", Now: now}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `x.csv:1:1: --badge first-badge would stand for 2 different badges of the file: "AAA" (line 2), "BBB" (line 3); map each with --map-badge FOREIGN=ID`) {
		t.Errorf("two foreign badges: %v", err)
	}
	_, err = Import(s, "x.csv", []byte(csv), ImportOptions{MapBadge: map[string]string{"AAA": "frist-badge"}, Now: now}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `--map-badge AAA=frist-badge: unknown badge "frist-badge" (did you mean "first-badge"?)`) {
		t.Errorf("unknown target: %v", err)
	}
	res, err := Import(s, "x.csv", []byte(csv), ImportOptions{Badge: "first-badge", MapBadge: map[string]string{"AAA": "first-badge"}, Now: now}, NewRandom())
	if err != nil || len(res.Awards) != 2 {
		t.Errorf("--map-badge and --badge: %v", err)
	}
	// In a column of ours, --badge never stands for a mistyped id.
	_, err = Import(s, "x.csv", []byte("email,badge\na@example.org,frist-badge\n"), ImportOptions{Badge: "first-badge", Now: now}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `x.csv:2:2: unknown badge "frist-badge" (did you mean "first-badge"?)`) || strings.Contains(err.Error(), "--map-badge") {
		t.Errorf("a mistyped id: %v", err)
	}
	// An empty column of no meaning is listed; --ignore-column drops one with data.
	res, err = Import(s, "x.csv", []byte("email,notes,extra\na@example.org,,x\n"), ImportOptions{Badge: "first-badge", IgnoreColumns: []string{"EXTRA"}, Now: now}, NewRandom())
	if err != nil || !slices.Equal(res.Ignored, []string{"notes (empty)", "extra (--ignore-column)"}) {
		t.Errorf("ignored %q: %v", res.Ignored, err)
	}
}

func TestUnknownHeaderSuggestion(t *testing.T) {
	_, err := Import(testSite(t), "x.csv", []byte("email,badge,Evidnce URL\na@example.org,first-badge,https://example.net/\n"), ImportOptions{Now: time.Unix(0, 0)}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `x.csv:1:3: column "Evidnce URL" holds data that rosette does not import (did you mean "evidence url"?)`) {
		t.Errorf("misspelt header: %v", err)
	}
}

// An address in an evidence narrative column is refused, as in any
// column the site publishes.
func TestEvidenceNarrativeAddress(t *testing.T) {
	csv := "Badge Class ID,Identifier,Evidence Narrative\nfirst-badge,a@example.org,Mailed to b@example.net\n"
	_, err := Import(testSite(t), "x.csv", []byte(csv), ImportOptions{Now: time.Unix(0, 0)}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `x.csv:2:3: column "Evidence Narrative" holds an email address`) {
		t.Errorf("an address in the evidence narrative: %v", err)
	}
}
