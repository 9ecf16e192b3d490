package edit

import (
	"bytes"
	"regexp"
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
	res, err = Import(s, "a.csv", []byte(csv), ImportOptions{Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, NewRandom())
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
