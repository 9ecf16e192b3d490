package render

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"rosette/generator/artwork"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/themes"
)

// logoPNG is a 200×100 PNG: issuer logos need not be square.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const squareSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><circle cx="64" cy="64" r="60" fill="#1a56b8"/></svg>`

// multiIssuerSite has three issuers: acme (a PNG logo, its own LinkedIn
// id), beta (no logo, its own LinkedIn name) and gamma (no logo, nothing of
// its own on LinkedIn), with one badge class each: acme's and gamma's with
// only an SVG image, beta's with a PNG.
func multiIssuerSite(t testing.TB) (*Pages, *content.Site) {
	t.Helper()
	award := func(badge, earner string) string {
		salt := "00112233445566778899aabbccddeeff"
		return "badge = \"" + badge + "\"\nearner = \"" + earner + "\"\nissued = 2025-03-14T09:00:00Z\n\n[recipient]\nidentity = \"" +
			ob.Hash(earner+"@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n"
	}
	issuer := func(name, extra string) string {
		return "name = \"" + name + "\"\nurl = \"https://" + strings.ToLower(name) + ".example.org/\"\nemail = \"b@example.org\"\n" + extra
	}
	fsys := fstest.MapFS{
		"content/site.toml":             {Data: []byte("base_url = \"https://badges.example.org/\"\ntitle = \"T\"\n\n[linkedin]\norganization_id = \"999\"\norganization_name = \"Site Org\"\n")},
		"content/issuers/acme.toml":     {Data: []byte(issuer("Acme", "\n[linkedin]\norganization_id = \"111\"\n"))},
		"content/issuers/acme.png":      {Data: logoPNG(t)},
		"content/issuers/beta.toml":     {Data: []byte(issuer("Beta", "\n[linkedin]\norganization_name = \"Beta on LinkedIn\"\n"))},
		"content/issuers/gamma.toml":    {Data: []byte(issuer("Gamma", ""))},
		"content/badges/a.toml":         {Data: []byte("name = \"A\"\ndescription = \"d\"\ncriteria = \"c\"\nissuer = \"acme\"\n")},
		"content/badges/a.svg":          {Data: []byte(squareSVG)},
		"content/badges/b.toml":         {Data: []byte("name = \"B\"\ndescription = \"d\"\ncriteria = \"c\"\nissuer = \"beta\"\n")},
		"content/badges/b.png":          {Data: artwork.Badge(128, artwork.Palette[0], artwork.Star)},
		"content/badges/g.toml":         {Data: []byte("name = \"G\"\ndescription = \"d\"\ncriteria = \"c\"\nissuer = \"gamma\"\n")},
		"content/badges/g.svg":          {Data: []byte(squareSVG)},
		"content/earners/pat.toml":      {Data: []byte("name = \"Pat\"\npublic = true\n")},
		"content/earners/sam.toml":      {Data: []byte("name = \"Sam\"\npublic = true\n")},
		"content/earners/kim.toml":      {Data: []byte("name = \"Kim\"\npublic = true\n")},
		"content/awards/awardacme.toml": {Data: []byte(award("a", "pat"))},
		"content/awards/awardbeta.toml": {Data: []byte(award("b", "kim"))},
		"content/awards/awardgamm.toml": {Data: []byte(award("g", "sam"))},
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

// TestLinkedInOrgPerIssuer: an issuer's own [linkedin] table names it on
// LinkedIn; site.toml's names the others.
func TestLinkedInOrgPerIssuer(t *testing.T) {
	p, s := multiIssuerSite(t)
	for _, c := range []struct {
		award, id, name string
	}{
		{"awardacme", "111", ""},
		{"awardbeta", "", "Beta on LinkedIn"},
		{"awardgamm", "999", ""},
	} {
		raw := p.Award(s.Award(c.award)).Share.LinkedIn
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if u.Host != "www.linkedin.com" || q.Get("organizationId") != c.id || q.Get("organizationName") != c.name || q.Get("certId") != c.award {
			t.Errorf("%s: LinkedIn URL %s; want organizationId %q, organizationName %q", c.award, raw, c.id, c.name)
		}
	}
}

// TestPreviewImageFallbacks: pages without a badge PNG take the issuer's
// PNG logo as og:image, site pages the first PNG logo, and snippets never
// use an SVG when a PNG is at hand.
func TestPreviewImageFallbacks(t *testing.T) {
	p, s := multiIssuerSite(t)
	const logo = "https://badges.example.org/issuers/acme.png"
	url := func(img *Image) string {
		if img == nil {
			return ""
		}
		return img.URL
	}
	for name, c := range map[string]struct {
		pg   *Page
		want string
	}{
		"award, SVG badge, issuer PNG":    {p.Award(s.Award("awardacme")), logo},
		"badge, SVG badge, issuer PNG":    {p.Badge(s.Badge("a")), logo},
		"award, PNG badge":                {p.Award(s.Award("awardbeta")), "https://badges.example.org/badges/b.png"},
		"award, SVG badge, no issuer PNG": {p.Award(s.Award("awardgamm")), ""},
		"profile, SVG badge":              {p.Earner(s.Earner("pat")), logo},
		"profile, no PNG of its issuers":  {p.Earner(s.Earner("sam")), logo},
		"wall, no PNG of its issuers":     {WallOf(p.Earner(s.Earner("sam"))), logo},
		"profile, PNG badge":              {p.Earner(s.Earner("kim")), "https://badges.example.org/badges/b.png"},
		"404":                             {p.NotFound(), logo},
		"home":                            {p.Home(), logo},
	} {
		if got := url(c.pg.Image); got != c.want {
			t.Errorf("%s: og:image %q, want %q", name, got, c.want)
		}
		if c.want == "" {
			continue
		}
		html, err := p.Theme.Bytes(c.pg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, []byte(`<meta property="og:image" content="`+c.want+`">`)) || !bytes.Contains(html, []byte(`<meta property="og:image:type" content="image/png">`)) {
			t.Errorf("%s: page has no og:image %s", name, c.want)
		}
	}

	// Snippets: the issuer's PNG logo, at its own aspect ratio, rather
	// than the badge SVG.
	acme := p.Award(s.Award("awardacme")).Share
	if !strings.Contains(acme.Embed, `<img src="`+logo+`" width="64" height="32" alt="Acme logo"`) {
		t.Errorf("embed snippet: %s", acme.Embed)
	}
	if !strings.Contains(acme.Signature, `<img src="`+logo+`" width="48" height="24" alt="Acme logo" style="display:block;border:0;width:48px;height:24px">`) {
		t.Errorf("signature snippet: %s", acme.Signature)
	}
	if prof := p.Earner(s.Earner("pat")).Share.Signature; !strings.Contains(prof, `<img src="`+logo+`" width="40" height="20"`) || strings.Contains(prof, ".svg") {
		t.Errorf("profile signature: %s", prof)
	}
	if beta := p.Award(s.Award("awardbeta")).Share; !strings.Contains(beta.Signature, `badges/b.png" width="48" height="48"`) {
		t.Errorf("PNG badge signature: %s", beta.Signature)
	}
	// With no PNG anywhere, the SVG is all there is.
	if g := p.Award(s.Award("awardgamm")).Share; !strings.Contains(g.Embed, `badges/g.svg" width="64" height="64"`) {
		t.Errorf("SVG-only embed: %s", g.Embed)
	}
}
