package edit

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
)

func TestColumnOf(t *testing.T) {
	for h, want := range map[string]int{
		"Email": colEmail, " Recipient Email ": colEmail, "recipient_email": colEmail, "E-mail": colEmail,
		"First Name": colFirst, "first_name": colFirst, "Last Name": colLast, "Recipient Name": colName,
		"Issue Date": colIssued, "Issued Date": colIssued, "issued_on": colIssued, "Expiration Date": colExpires,
		"Expiry": colExpires, "Evidence URL": colEvidence, "evidence": colEvidence, "NARRATIVE": colNarrative,
		"Badge": colBadge, "Badge Name": colBadge, "Earner": colEarner, "Notes": -1, "": -1,
		// Credly's bulk issue and export headers.
		"Issued at date": colIssued, "Issued at": colIssued, "Expires at date": colExpires, "Expires at": colExpires,
		"Evidence Name": colEvidenceName, "Issued to First Name": colFirst, "Badge Template ID": -1, "Badge Template Name": colBadge,
	} {
		if got := columnOf(h); got != want {
			t.Errorf("columnOf(%q) = %d, want %d", h, got, want)
		}
	}
}

func testSite(t testing.TB) *content.Site {
	fsys := fstest.MapFS{}
	for _, f := range SiteFiles(SiteOptions{}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	fsys["content/earners/ada.toml"] = &fstest.MapFile{Data: []byte("name = \"Ada Okafor\"\n")}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestImportSemicolonsAndEarners(t *testing.T) {
	s := testSite(t)
	csv := "email;name;badge\nx@example.org;Ada Okafor;first-badge\ny@example.org;Zoë Ávila;First Badge\ny@example.org;Zoë Ávila;first-badge\n"
	res, err := Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, NewRandom())
	if err == nil {
		t.Fatalf("duplicate row accepted: %+v", res)
	}
	if !strings.Contains(err.Error(), "a.csv:4:1: the same address already gets first-badge on line 3") {
		t.Errorf("error %v", err)
	}
	csv = strings.Replace(csv, "y@example.org;Zoë Ávila;first-badge\n", "z@example.org;Zoë Ávila;first-badge\n", 1)
	// Without Names, the names no earner has are left out.
	res, err = Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, NewRandom())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Earners) != 0 || res.Unnamed != 2 || !bytes.Contains(res.Awards[0].Data, []byte("earner = \"ada\"\n")) || bytes.Contains(res.Awards[1].Data, []byte("earner")) {
		t.Fatalf("without Names: unnamed %d, earners %+v, first award:\n%s", res.Unnamed, res.Earners, res.Awards[0].Data)
	}
	res, err = Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Names: true}, NewRandom())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Awards) != 3 || len(res.Earners) != 2 || res.Earners[0].Path != "content/earners/zoe-avila.toml" || res.Earners[1].Path != "content/earners/zoe-avila-2.toml" {
		t.Fatalf("awards %d, earners %+v", len(res.Awards), res.Earners)
	}
	if !bytes.Contains(res.Awards[0].Data, []byte("earner = \"ada\"\nissued = 2025-01-02T03:04:05Z\n")) {
		t.Errorf("first award:\n%s", res.Awards[0].Data)
	}
	for _, a := range res.Awards {
		if bytes.Contains(a.Data, []byte("@example.org")) || !strings.HasPrefix(a.Path, "content/awards/2025/") {
			t.Errorf("%s:\n%s", a.Path, a.Data)
		}
	}
}

func FuzzImport(f *testing.F) {
	f.Add("email,name,badge,issued date\na@example.org,A B,first-badge,2025-01-01\n")
	f.Add("\xef\xbb\xbfRecipient Email;First Name;Last Name\nb@example.org;Ben;C\n")
	f.Add("email,badge\n\"a@example.org\nx\",first-badge\n")
	s := testSite(f)
	f.Fuzz(func(t *testing.T, data string) {
		res, err := Import(s, "f.csv", []byte(data), ImportOptions{Badge: "first-badge", Now: time.Unix(0, 0)}, NewRandom())
		if err != nil {
			return
		}
		for _, a := range res.Awards {
			var aw content.Award
			if _, err := toml.Decode(string(a.Data), &aw); err != nil {
				t.Fatalf("award does not parse: %v\n%s", err, a.Data)
			}
			if !regexp.MustCompile(`^sha256\$[0-9a-f]{64}$`).MatchString(aw.Recipient.Identity) || aw.Badge != "first-badge" {
				t.Fatalf("bad award:\n%s", a.Data)
			}
		}
	})
}

func TestImportProblems(t *testing.T) {
	s := testSite(t)
	for _, c := range []struct{ csv, want string }{
		{"", "x.csv:1:1: empty file"},
		{"email,badge\na@example.org,\"first\"badge\n", "x.csv:2:21: extraneous or missing \" in quoted-field"},
		{"email,Email\n", "x.csv:1:2: column \"Email\" repeats column 1 (\"email\"), both read as email"},
		{"name\nAda\n", "x.csv:1:1: no email column"},
		{"email\n", "x.csv:1:1: no rows to import"},
		{"email,expiry,issued date\na@example.org,2024-01-01,2025-01-01\n", "x.csv:2:2: expiry 2024-01-01 is not after the issue date 2025-01-01"},
		{"email,name\na@example.org,李\n", "x.csv:2:2: cannot make an earner id from the name \"李\""},
		{"email,earner\na@example.org,adaa\n", "x.csv:2:2: unknown earner \"adaa\" (did you mean \"ada\"?)"},
	} {
		_, err := Import(s, "x.csv", []byte(c.csv), ImportOptions{Badge: "first-badge", Now: time.Unix(0, 0)}, NewRandom())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.csv, err, c.want)
		}
	}
	res, err := Import(s, "x.csv", []byte("email,name\na@example.org,New Person\n"), ImportOptions{Badge: "first-badge", NoEarner: true, Now: time.Unix(0, 0)}, NewRandom())
	if err != nil || len(res.Earners) != 0 || bytes.Contains(res.Awards[0].Data, []byte("earner")) {
		t.Errorf("--no-earners: %v %+v", err, res)
	}
}

func TestParseCSVDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		in, order string
		want      time.Time
		err       string
	}{
		{"2025-03-14", "", day(2025, 3, 14), ""},
		{"2025-03-14", DateDMY, day(2025, 3, 14), ""},
		{"Mar 14, 2025", DateMDY, day(2025, 3, 14), ""},
		{"03/04/2025", "", time.Time{}, "is ambiguous"},
		{"3/4/25", "", time.Time{}, "is ambiguous"},
		{"03/14/2025", "", time.Time{}, "give --date-format mdy"},
		{"14/03/2025", "", time.Time{}, "give --date-format dmy"},
		{"14/15/2025", "", time.Time{}, "is not a date"},
		{"03/04/2025", DateMDY, day(2025, 3, 4), ""},
		{"03/04/2025", DateDMY, day(2025, 4, 3), ""},
		{"3/4/25", DateMDY, day(2025, 3, 4), ""},
		{"12/31/99", DateMDY, day(2099, 12, 31), ""},
		{"14.03.2025", DateDMY, day(2025, 3, 14), ""},
		{"03/14/2025 9:30 PM", DateMDY, time.Date(2025, 3, 14, 21, 30, 0, 0, time.UTC), ""},
		{"14/03/2025 09:30:15", DateDMY, time.Date(2025, 3, 14, 9, 30, 15, 0, time.UTC), ""},
		{"14/03/2025", DateMDY, time.Time{}, "is not a month/day/year date (--date-format mdy)"},
		{"02/30/2025", DateMDY, time.Time{}, "is not a date: February 2025 has no day 30 (it has 28 days) (read as a month/day/year date"},
		{"03/04.2025", DateMDY, time.Time{}, "is not a date"},
		{"25-03-14", DateDMY, time.Time{}, "is not a date"},
		{"03/14/2025 25:00", DateMDY, time.Time{}, "has a time"},
	} {
		got, err := parseCSVDate(c.in, c.order)
		switch {
		case c.err == "" && (err != nil || !got.Equal(c.want)):
			t.Errorf("parseCSVDate(%q, %q) = %v, %v; want %v", c.in, c.order, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("parseCSVDate(%q, %q) = %v, %v; want error %q", c.in, c.order, got, err, c.err)
		}
	}
}

// TestImportCredly imports a file with the headers of Credly's bulk issue
// template: its dates are mm/dd/yy, and its Badge Template ID is not a
// badge id.
func TestImportCredly(t *testing.T) {
	s := testSite(t)
	csv := "Badge Template ID,Recipient Email,First Name,Last Name,Issuer Earner ID,Issued at date,Expires at date,Evidence Name,Evidence URL\n" +
		"0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f,ada@example.org,Ada,Okafor,,03/04/25,03/04/27,Capstone project,https://example.net/capstone\n" +
		"0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f,ben@example.org,Ben,Carter,E-2,12/31/2024,,,\n"
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	_, err := Import(s, "c.csv", []byte(csv), ImportOptions{Now: now, DateOrder: DateMDY}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `c.csv:2:1: unknown badge "0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f" (known: first-badge): map it with --map-badge 0d3c9a1e-4f2b-4c5d-9e8f-1a2b3c4d5e6f=ID, or give --badge ID`) {
		t.Errorf("without --badge: %v", err)
	}
	_, err = Import(s, "c.csv", []byte(csv), ImportOptions{Badge: "first-badge", Now: now, DateOrder: DateDMY}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `c.csv:3:6: issued date "12/31/2024" is not a day/month/year date (--date-format dmy)`) {
		t.Errorf("told day/month/year: %v", err)
	}
	// Without --date-format, Credly's dates read as its template writes them.
	res, err := Import(s, "c.csv", []byte(csv), ImportOptions{Badge: "first-badge", Now: now}, NewRandom())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Issuer Earner ID (the issuer's own id of the earner at Credly: not published)"}; !slices.Equal(res.Ignored, want) || res.Dialect != "Credly" {
		t.Errorf("ignored %q, want %q", res.Ignored, want)
	}
	var got []content.Award
	for _, a := range res.Awards {
		var aw content.Award
		if _, err := toml.Decode(string(a.Data), &aw); err != nil {
			t.Fatalf("%v\n%s", err, a.Data)
		}
		got = append(got, aw)
	}
	if len(got) != 2 {
		t.Fatalf("%d awards", len(got))
	}
	ada, ben := got[0], got[1]
	if ada.Badge != "first-badge" || ada.Earner != "ada" || !ada.Issued.Equal(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)) || !ada.Expires.Equal(time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first award:\n%s", res.Awards[0].Data)
	}
	if len(ada.Evidence) != 1 || ada.Evidence[0] != (content.Evidence{URL: "https://example.net/capstone", Name: "Capstone project"}) {
		t.Errorf("first award's evidence %+v", ada.Evidence)
	}
	if !ben.Issued.Equal(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)) || !ben.Expires.IsZero() || len(ben.Evidence) != 0 || !strings.HasPrefix(res.Awards[1].Path, "content/awards/2024/") {
		t.Errorf("second award %s:\n%s", res.Awards[1].Path, res.Awards[1].Data)
	}
	_, err = Import(s, "c.csv", []byte("email,evidence name\na@example.org,Project\n"), ImportOptions{Badge: "first-badge", Now: now}, NewRandom())
	if err == nil || !strings.Contains(err.Error(), `c.csv:2:2: evidence name "Project" without an evidence URL`) {
		t.Errorf("evidence name alone: %v", err)
	}
}

func TestImportRefusesAddresses(t *testing.T) {
	s := testSite(t)
	csv := "email,name,badge,narrative,evidence url\n" +
		"x@example.org,Ada Okafor,first-badge,Mentored by bob&#64;example.net,https://x.example/\n" +
		"y@example.org,Zoë Ávila,first-badge,Fine work,https://x.example/?by=eve%40example.net\n" +
		"z@example.org,z@example.org,first-badge,,\n"
	_, err := Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, NewRandom())
	want := []string{
		`a.csv:2:4: column "narrative" holds an email address (b…@example.net)`,
		`a.csv:3:5: column "evidence url" holds an email address (e…@example.net)`,
		`a.csv:4:2: column "name" holds an email address (z…@example.org)`,
	}
	es, ok := err.(content.Errors)
	if !ok || len(es) != len(want) {
		t.Fatalf("error %v, want %d errors", err, len(want))
	}
	for i, e := range es {
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("got %s\nwant %s…", e, want[i])
		}
	}
	// The issuer's own contact address may be named.
	issuer := s.Issuers[0].Email
	csv = "email,badge,narrative\nx@example.org,first-badge,Ask " + issuer + "\n"
	if _, err := Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, NewRandom()); err != nil {
		t.Errorf("issuer address refused: %v", err)
	}
}

func TestAwardCheckRefusesAddresses(t *testing.T) {
	s := testSite(t)
	a := Award{Badge: "first-badge", Email: "x@example.org", Issued: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Narrative: "Mentored by bob\\u0040example.net"}
	probs := a.Check(s)
	if len(probs) != 1 || !strings.Contains(probs[0], "the narrative holds an email address (b…@example.net)") {
		t.Errorf("Check = %q", probs)
	}
	a.Narrative = "Ask " + s.Issuers[0].Email
	if probs := a.Check(s); len(probs) != 0 {
		t.Errorf("the issuer's address: Check = %q", probs)
	}
}
