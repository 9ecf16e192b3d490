package notify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/themes"
)

func TestDeliveriesRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "state", "deliveries.csv")
	if err := AppendDeliveries(p, []Delivery{{Award: "a1", Email: " Ada@Example.org ", Name: "Ada, O.", Badge: "b"}}); err != nil {
		t.Fatal(err)
	}
	if err := AppendDeliveries(p, []Delivery{{Award: "a2", Email: "ben@example.org"}, {Award: "a1", Email: "ada@example.org"}}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v: %v", fi.Mode(), err)
	}
	ds, err := ReadDeliveries(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0] != (Delivery{Award: "a1", Email: "Ada@Example.org", Name: "Ada, O.", Badge: "b"}) || ds[1].Award != "a2" {
		t.Errorf("read %+v", ds)
	}
	os.WriteFile(p, []byte("email,name\nx@example.org,X\n"), 0o600)
	if _, err := ReadDeliveries(p); err == nil || !strings.Contains(err.Error(), "not a delivery file") {
		t.Errorf("a CSV file of another kind: %v", err)
	}
}

func TestInside(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.Symlink(site, filepath.Join(root, "link"))
	for p, want := range map[string]bool{
		filepath.Join(site, "d.csv"):                   true,
		filepath.Join(site, "content", "new", "d.csv"): true,
		site:                                 true,
		filepath.Join(root, "link", "d.csv"): true, // through a link
		filepath.Join(root, "site-other", "d.csv"):  false,
		filepath.Join(root, "state", "d.csv"):       false,
		filepath.Join(site, "..", "state", "d.csv"): false,
	} {
		if got := Inside(p, site); got != want {
			t.Errorf("Inside(%s) = %v, want %v", p, got, want)
		}
	}
}

func TestSentLog(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sent")
	l, err := OpenSentLog(p)
	if err != nil {
		t.Fatal(err)
	}
	k := Key("a1", " ADA@example.org", "salt")
	if k != Key("a1", "ada@example.org", "salt") || l.Done(k) {
		t.Fatalf("key %q", k)
	}
	if err := l.Add(k, "smtp", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	if strings.Contains(string(data), "@") || !strings.HasSuffix(string(data), " smtp 2026-01-02T03:04:05Z\n") {
		t.Errorf("record %q", data)
	}
	l, err = OpenSentLog(p)
	if err != nil || !l.Done(k) || l.Done(Key("a1", "ben@example.org", "salt")) {
		t.Errorf("reopened: %v", err)
	}
}

func TestSMTPCheck(t *testing.T) {
	for _, tc := range []struct {
		c    SMTP
		want string
	}{
		{SMTP{Host: "smtp.example.org", Port: 587, TLS: StartTLS}, ""},
		{SMTP{Host: "127.0.0.1", Port: 25, TLS: NoTLS}, ""},
		{SMTP{Host: "smtp.example.org", Port: 25, TLS: NoTLS}, "only to a server on this machine"},
		{SMTP{Port: 587, TLS: StartTLS}, "no SMTP host"},
		{SMTP{Host: "h", Port: 587, TLS: "ssl"}, `SMTP TLS "ssl"`},
		{SMTP{Host: "h", Port: 587, TLS: Implicit, Username: "u"}, "needs both"},
	} {
		err := tc.c.Check()
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.c, err, tc.want)
		}
	}
}

func TestTemplatesLanguage(t *testing.T) {
	fsys := fstest.MapFS{
		"mail/award-subject.txt":    {Data: []byte("Badge {{.Badge.Name}}")},
		"mail/award.txt":            {Data: []byte("Hello {{.Earner.Name}}")},
		"mail/award.html":           {Data: []byte("<p>Hello {{.Earner.Name}}</p>")},
		"mail/fr/award-subject.txt": {Data: []byte("Badge « {{.Badge.Name}} »\n  obtenu")},
	}
	m := &Message{}
	m.Badge.Name = "Git"
	m.Earner.Name = "<Ada>"
	for lang, want := range map[string]string{"fr-CA": "Badge « Git » obtenu", "fr": "Badge « Git » obtenu", "en": "Badge Git", "": "Badge Git"} {
		tp, err := LoadTemplates(fsys, lang)
		if err != nil {
			t.Fatal(err)
		}
		subject, text, html, err := tp.Render(m)
		if err != nil || subject != want || text != "Hello <Ada>" || html != "<p>Hello &lt;Ada&gt;</p>" {
			t.Errorf("%s: %q %q %q %v", lang, subject, text, html, err)
		}
	}
	if _, err := LoadTemplates(fstest.MapFS{}, "en"); err == nil || !strings.Contains(err.Error(), "no mail template mail/award-subject.txt") {
		t.Errorf("no templates: %v", err)
	}
	// The default theme's templates parse and use only known fields.
	tp, err := LoadTemplates(themes.Default(), "en")
	if err != nil {
		t.Fatal(err)
	}
	m.Award.URL, m.Award.LinkedIn = "https://b.example.org/assertions/x/", "https://www.linkedin.com/profile/add?a=1&b=2"
	_, text, html, err := tp.Render(m)
	if err != nil || !strings.Contains(text, m.Award.URL) || !strings.Contains(html, `href="https://www.linkedin.com/profile/add?a=1&amp;b=2"`) {
		t.Errorf("default templates: %v\n%s\n%s", err, text, html)
	}
}
