package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/generator/artwork"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/themes"
)

// takeAlongSite has a public earner, pat, with a valid award of a badge
// class with a PNG and an SVG, a valid one of a PNG-only class, an expired
// and a revoked one; a private earner, quinn; and a public earner without
// a valid award, sam. Its base URL has a path.
func takeAlongSite(t *testing.T) (*Pages, *content.Site) {
	t.Helper()
	award := func(badge, earner, extra string) []byte {
		salt := "00112233445566778899aabbccddeeff"
		return []byte("badge = \"" + badge + "\"\nearner = \"" + earner + "\"\nissued = 2025-03-14T09:00:00Z\n" + extra + "\n[recipient]\nidentity = \"" +
			ob.Hash(earner+"@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n")
	}
	png := artwork.Badge(128, artwork.Palette[0], artwork.Star)
	fsys := fstest.MapFS{
		"content/site.toml":             {Data: []byte("base_url = \"https://example.org/badges/\"\ntitle = \"T\"\n")},
		"content/issuers/acme.toml":     {Data: []byte("name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"badges@acme.example.org\"\n")},
		"content/badges/both.toml":      {Data: []byte("name = \"Both Ways\"\ndescription = \"Made *with* care.\"\ncriteria = \"c\"\nissuer = \"acme\"\n")},
		"content/badges/both.png":       {Data: png},
		"content/badges/both.svg":       {Data: []byte(squareSVG)},
		"content/badges/png.toml":       {Data: []byte("name = \"Alpha\"\ndescription = \"First.\"\ncriteria = \"c\"\nissuer = \"acme\"\n")},
		"content/badges/png.png":        {Data: png},
		"content/earners/pat.toml":      {Data: []byte("name = \"Pat Public\"\npublic = true\n")},
		"content/earners/sam.toml":      {Data: []byte("name = \"Sam Public\"\npublic = true\n")},
		"content/earners/quinn.toml":    {Data: []byte("name = \"Quinn Private\"\n")},
		"content/awards/validboth.toml": {Data: award("both", "pat", "")},
		"content/awards/validpngx.toml": {Data: award("png", "pat", "")},
		"content/awards/expiredx.toml":  {Data: award("png", "pat", "expires = 2025-06-01T00:00:00Z\n")},
		"content/awards/revokedx.toml":  {Data: award("both", "pat", "revoked = true\nrevocation_reason = \"Error.\"\n")},
		"content/awards/samsawrd.toml":  {Data: award("both", "sam", "revoked = true\nrevocation_reason = \"Error.\"\n")},
		"content/awards/quinnawd.toml":  {Data: award("both", "quinn", "")},
	}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	th, err := Open(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	return New(th, s, ob.New(s), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), s
}

// TestSearchIndex: the index lists every badge class and every public
// earner, by name, with root-relative links, and nothing about private
// earners or recipients; the same site gives the same bytes.
func TestSearchIndex(t *testing.T) {
	p, _ := takeAlongSite(t)
	data := p.SearchIndex()
	if p.Site.Search != "/badges/search.json" {
		t.Errorf("Site.Search = %q", p.Site.Search)
	}
	var idx struct {
		Badges  []map[string]string
		Earners []map[string]string
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	want := `{"badges":[{"name":"Alpha","description":"First.","url":"/badges/badges/png/","image":"/badges/badges/png.png"},` +
		`{"name":"Both Ways","description":"Made with care.","url":"/badges/badges/both/","image":"/badges/badges/both.png"}],` +
		`"earners":[{"name":"Pat Public","url":"/badges/earners/pat/"},{"name":"Sam Public","url":"/badges/earners/sam/"}]}` + "\n"
	if string(data) != want {
		t.Errorf("index:\n%s\nwant\n%s", data, want)
	}
	for _, secret := range []string{"Quinn", "quinn", "@", "sha256", "0011223344"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the index holds %q", secret)
		}
	}
	q, _ := takeAlongSite(t)
	if !bytes.Equal(q.SearchIndex(), data) {
		t.Error("the same site gives another index")
	}
}

// TestBundle: Download all gathers the baked images and JSON of valid
// awards only, with their 3.0 credentials when the issuer publishes them,
// and a profile without a valid award offers nothing.
func TestBundle(t *testing.T) {
	p, s := takeAlongSite(t)
	b := p.Earner(s.Earner("pat")).Bundle
	if b == nil {
		t.Fatal("no bundle for an earner with valid awards")
	}
	var names []string
	for _, f := range b.Files {
		names = append(names, f.Name+"="+f.Path)
	}
	want := "both-validboth.png=/badges/assertions/validboth.png both-validboth.svg=/badges/assertions/validboth.svg both-validboth.json=/badges/assertions/validboth.json " +
		"png-validpngx.png=/badges/assertions/validpngx.png png-validpngx.json=/badges/assertions/validpngx.json"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files:\n%s\nwant\n%s", got, want)
	}
	if b.Archive != "pat-badges.zip" || b.Wallet != "" || len(b.Credentials) != 0 {
		t.Errorf("archive %q, wallet %q, credentials %q without 3.0 credentials", b.Archive, b.Wallet, b.Credentials)
	}
	if p.Earner(s.Earner("sam")).Bundle != nil {
		t.Error("a profile without a valid award offers Download all")
	}

	p.Credentials = map[string]bool{"acme": true}
	b = p.Earner(s.Earner("pat")).Bundle
	if b.Wallet != "pat-credentials.json" || strings.Join(b.Credentials, " ") != "/badges/credentials/validboth.json /badges/credentials/validpngx.json" {
		t.Errorf("wallet %q, credentials %q", b.Wallet, b.Credentials)
	}
	var d struct {
		Archive, Wallet string
		Credentials     []string
		Files           []BundleFile
	}
	if err := json.Unmarshal([]byte(b.Data), &d); err != nil {
		t.Fatal(err)
	}
	if d.Archive != b.Archive || d.Wallet != b.Wallet || len(d.Credentials) != 2 || len(d.Files) != 5 {
		t.Errorf("page data %+v", d)
	}
	if strings.ContainsAny(string(b.Data), "<>&") {
		t.Errorf("page data %s is not safe inside a script element", b.Data)
	}
}
