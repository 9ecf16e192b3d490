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

// Each dialect's test file has the columns of that platform's export.
func TestDialects(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		opts      ImportOptions
		dialect   string
		ignored   []string
		check     func(t *testing.T, as []content.Award)
	}{{
		name: "badgr",
		csv: "Badge Class ID,Identifier,First Name,Last Name,Narrative,Evidence Narrative,Evidence URL,Issue Date,Expiration Date\n" +
			"Vb_dDr7UQ6yOqxv0u3QH4Q,ada@example.org,Ada,Okafor,Led the workshop.,Wrote the **guide**.,https://example.net/guide,2025-03-14,2027-03-14\n" +
			"Vb_dDr7UQ6yOqxv0u3QH4Q,ben@example.org,Ben,Carter,,Presented the project.,,2025-03-15T10:00:00Z,\n",
		opts:    ImportOptions{MapBadge: map[string]string{"Vb_dDr7UQ6yOqxv0u3QH4Q": "first-badge"}},
		dialect: "Badgr / Canvas Credentials",
		check: func(t *testing.T, as []content.Award) {
			ada, ben := as[0], as[1]
			if ada.Badge != "first-badge" || ada.Earner != "ada" || ada.Narrative != "Led the workshop." || !ada.Expires.Equal(time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("ada %+v", ada)
			}
			if len(ada.Evidence) != 1 || ada.Evidence[0] != (content.Evidence{URL: "https://example.net/guide", Narrative: "Wrote the **guide**."}) {
				t.Errorf("ada's evidence %+v", ada.Evidence)
			}
			if ben.Earner != "" || len(ben.Evidence) != 1 || ben.Evidence[0] != (content.Evidence{Narrative: "Presented the project."}) {
				t.Errorf("ben %+v", ben)
			}
		},
	}, {
		name: "credly",
		csv: "Badge Template ID,Issued to First Name,Issued to Last Name,Recipient Email,Issued at Date,Expires at Date,Issuer Earner ID,Group Tag,Evidence Name,Evidence URL,Evidence Description\n" +
			"0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f,Ada,Okafor,ada@example.org,2025-03-04,,E-1,spring,Capstone,https://example.net/capstone,The final project\n",
		opts:    ImportOptions{Badge: "first-badge"},
		dialect: "Credly",
		ignored: []string{"Issuer Earner ID (the issuer's own id of the earner at Credly: not published)", "Group Tag (a Credly label for grouping awards)"},
		check: func(t *testing.T, as []content.Award) {
			if a := as[0]; a.Badge != "first-badge" || a.Earner != "ada" || len(a.Evidence) != 1 || a.Evidence[0] != (content.Evidence{URL: "https://example.net/capstone", Name: "Capstone", Description: "The final project"}) {
				t.Errorf("award %+v", a)
			}
		},
	}, {
		name: "accredible",
		csv: "Credential ID,Recipient Name,Recipient Email,Group Name,Group ID,Issue Date,Expiry Date,Credential URL\n" +
			"48151623,Ada Okafor,ada@example.org,First Badge,7711,2025-03-04,2026-03-04,https://www.credential.net/48151623\n",
		dialect: "Accredible",
		ignored: []string{"Credential ID (Accredible's id of the credential: rosette draws its own)", `Group ID (the badge class is read from "Group Name")`, "Credential URL (the credential's page at Accredible: the award gets its own)"},
		check: func(t *testing.T, as []content.Award) {
			if a := as[0]; a.Badge != "first-badge" || a.Earner != "ada" || !a.Expires.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("award %+v", a)
			}
		},
	}, {
		name: "obf",
		csv: "Event ID,Badge ID,Badge Name,Recipient,Recipient Name,Issued On,Expires,Email Subject\n" +
			"ev-1,OBF123,Onboarding,ada@example.org,Ada Okafor,2025-03-04,,You earned a badge\n",
		opts:    ImportOptions{MapBadge: map[string]string{"Onboarding": "first-badge"}},
		dialect: "Open Badge Factory",
		ignored: []string{"Event ID (Open Badge Factory's id of the issuing event)", `Badge ID (the badge class is read from "Badge Name")`, "Email Subject (Open Badge Factory's notification mail: rosette notify uses the theme's mail templates)"},
		check: func(t *testing.T, as []content.Award) {
			if a := as[0]; a.Badge != "first-badge" || a.Earner != "ada" || !a.Issued.Equal(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("award %+v", a)
			}
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
			tc.check(t, as)
			// A column holding data that nothing maps stops the import.
			lines := strings.SplitAfter(tc.csv, "\n")
			bad := strings.TrimSuffix(lines[0], "\n") + ",Favourite Colour\n" + strings.TrimSuffix(lines[1], "\n") + ",teal\n"
			_, err := Import(testSite(t), "x.csv", []byte(bad), tc.opts, NewRandom())
			if err == nil || !strings.Contains(err.Error(), `column "Favourite Colour" holds data that rosette does not import`) {
				t.Errorf("an unknown column: %v", err)
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
