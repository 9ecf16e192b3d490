package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"rosette/generator/artwork"
	"rosette/generator/content"
	"rosette/generator/ob"
)

// endorsedSite has issuers acme and guild, badge class b of acme, a
// public earner pat and a private one, kim, each with an award of b, and
// the endorsements given by file name.
func endorsedSite(t *testing.T, endorsements map[string]string) (*Pages, *content.Site) {
	t.Helper()
	award := func(earner string) []byte {
		salt := "00112233445566778899aabbccddeeff"
		return []byte("badge = \"b\"\nearner = \"" + earner + "\"\nissued = 2025-03-14T09:00:00Z\n\n[recipient]\nidentity = \"" +
			ob.Hash(earner+"@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n")
	}
	fsys := fstest.MapFS{
		"content/site.toml":          {Data: []byte("base_url = \"https://badges.example.org/\"\ntitle = \"T\"\ndefault_issuer = \"acme\"\n")},
		"content/issuers/acme.toml":  {Data: []byte("name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@example.org\"\n")},
		"content/issuers/guild.toml": {Data: []byte("name = \"Guild\"\nurl = \"https://guild.example.org/\"\nemail = \"g@example.org\"\n")},
		"content/badges/b.toml":      {Data: []byte("name = \"Badge b\"\ndescription = \"d\"\ncriteria = \"c\"\n")},
		"content/badges/b.png":       {Data: artwork.Badge(128, artwork.Palette[0], artwork.Star)},
		"content/earners/pat.toml":   {Data: []byte("name = \"Pat\"\npublic = true\n")},
		"content/earners/kim.toml":   {Data: []byte("name = \"Kim\"\n")},
		"content/awards/pat1.toml":   {Data: award("pat")},
		"content/awards/kim1.toml":   {Data: award("kim")},
		"content/awards/pat2.toml":   {Data: append([]byte("revoked = true\nrevocation_reason = \"Issued in error.\"\n"), award("pat")...)},
	}
	for name, src := range endorsements {
		fsys["content/endorsements/"+name+".toml"] = &fstest.MapFile{Data: []byte(src + "date = 2025-04-01T10:00:00Z\n")}
	}
	return pagesOf(t, fsys)
}

func renderString(t *testing.T, p *Pages, pg *Page) string {
	t.Helper()
	var out []byte
	if err := p.Theme.Render(pg, func(data []byte) error { out = append([]byte(nil), data...); return nil }); err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestEndorsementPages(t *testing.T) {
	p, s := endorsedSite(t, map[string]string{
		"a-badge":   "endorser = \"guild\"\nbadge = \"b\"\ncomment = \"Solid *course*.\"\n",
		"b-issuer":  "endorser_url = \"https://partner.example.net/e/1.json\"\nendorser_name = \"Partner Org\"\nendorser_website = \"https://partner.example.net/\"\nissuer = \"acme\"\ncomment = \"Trusted.\"\n",
		"c-pat":     "person = \"Jo Boss\"\nrole = \"Team lead\"\nrecorded_by = \"acme\"\naward = \"pat1\"\ncomment = \"I saw Pat apply this.\"\n",
		"c-kim":     "person = \"Lee Boss\"\nrecorded_by = \"acme\"\naward = \"kim1\"\ncomment = \"I saw Kim apply this.\"\n",
		"c-pat2":    "person = \"Max Boss\"\nrecorded_by = \"acme\"\naward = \"pat2\"\ncomment = \"Pat did it again.\"\n",
		"d-revoked": "endorser = \"guild\"\nbadge = \"b\"\ncomment = \"Old words.\"\nrevoked = true\nrevocation_reason = \"The course changed.\"\n",
	})

	// (a) an issuer of the site: the hosted JSON, checked in the browser.
	badge := renderString(t, p, p.Badge(s.Badge("b")))
	for _, want := range []string{
		`Endorsed by <a href="https://guild.example.org/">Guild</a> —`,
		`<em>course</em>`,
		`data-endorsement="https://badges.example.org/endorsements/a-badge.json"`,
		`data-claim="https://badges.example.org/badges/b.json"`,
		`data-issuer="https://badges.example.org/issuers/guild.json"`,
		`data-path="/endorsements/a-badge.json"`,
		`Endorsement (Open Badges JSON)`,
	} {
		if !strings.Contains(badge, want) {
			t.Errorf("badge page lacks %q", want)
		}
	}
	// A revoked endorsement is not shown.
	if strings.Contains(badge, "Old words") || strings.Contains(badge, "d-revoked") {
		t.Error("badge page shows a revoked endorsement")
	}

	// (b) an outside organisation: its own URL, checked live, no issuer URL to match.
	home := renderString(t, p, p.Home())
	for _, want := range []string{
		`Endorsed by <a href="https://partner.example.net/">Partner Org</a> —`,
		`data-endorsement="https://partner.example.net/e/1.json"`,
		`data-claim="https://badges.example.org/issuers/acme.json"`,
		`data-issuer-name="Partner Org"`,
		`Endorsement, published by Partner Org`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if strings.Contains(home, `data-path="https://partner`) {
		t.Error("an outside endorsement is fetched as if hosted here")
	}

	// (c) a person: recorded by the issuer, no verification claimed.
	pat := renderString(t, p, p.Award(s.Award("pat1")))
	for _, want := range []string{
		`Endorsed by Jo Boss, Team lead —`,
		`I saw Pat apply this.`,
		`Recorded by Acme on`,
		`not an endorsement signed by them`,
	} {
		if !strings.Contains(pat, want) {
			t.Errorf("award page lacks %q", want)
		}
	}
	i := strings.Index(pat, `class="endorsement endorsement-person"`)
	if i < 0 || strings.Contains(pat[i:i+200], "data-endorsement") {
		t.Error("a person's endorsement is given a verification")
	}

	// An award of an earner who is not public: not shown.
	kim := renderString(t, p, p.Award(s.Award("kim1")))
	if strings.Contains(kim, "Lee Boss") || strings.Contains(kim, "Kim apply") || strings.Contains(kim, `class="endorsements"`) {
		t.Error("the award page of a private earner shows its endorsement")
	}

	// A revoked award: words vouching for it would mislead.
	pat2 := renderString(t, p, p.Award(s.Award("pat2")))
	if strings.Contains(pat2, "Max Boss") || strings.Contains(pat2, "did it again") || strings.Contains(pat2, `class="endorsements"`) {
		t.Error("the page of a revoked award shows its endorsement")
	}
}
