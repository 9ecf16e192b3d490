package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"rosette/themes"
)

func TestLinkedInURL(t *testing.T) {
	a := &Award{
		ID: "x3s4kc4o499oya5v", URL: "https://badges.example.org/assertions/x3s4kc4o499oya5v/",
		Badge:  &Badge{Name: "Data & Analysis: Python (Level 2) é"},
		Issued: time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC), Expires: time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC),
	}
	tests := []struct {
		name string
		org  LinkedInOrg
		exp  time.Time
		want map[string]string
	}{
		{"id, expires", LinkedInOrg{ID: "10293847", Name: "ignored"}, a.Expires, map[string]string{
			"startTask": "CERTIFICATION_NAME", "name": a.Badge.Name, "organizationId": "10293847",
			"issueYear": "2025", "issueMonth": "3", "expirationYear": "2027", "expirationMonth": "11",
			"certUrl": a.URL, "certId": a.ID,
		}},
		{"name, never expires", LinkedInOrg{Name: "Riverbend & Co"}, time.Time{}, map[string]string{
			"startTask": "CERTIFICATION_NAME", "name": a.Badge.Name, "organizationName": "Riverbend & Co",
			"issueYear": "2025", "issueMonth": "3", "certUrl": a.URL, "certId": a.ID,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := *a
			b.Expires = tt.exp
			raw := LinkedInURL(tt.org, &b)
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "https" || u.Host != "www.linkedin.com" || u.Path != "/profile/add" {
				t.Errorf("URL %s is not LinkedIn's add-to-profile", raw)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range q {
				if len(vs) != 1 || vs[0] == "" {
					t.Errorf("parameter %s = %q: want exactly one non-empty value", k, vs)
				}
				if _, ok := tt.want[k]; !ok {
					t.Errorf("unexpected parameter %s = %q", k, vs)
				}
			}
			for k, v := range tt.want {
				if got := q.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if u.RawQuery != q.Encode() {
				t.Errorf("query %q is not in url.Values order %q", u.RawQuery, q.Encode())
			}
			if strings.ContainsAny(u.RawQuery, " é()") {
				t.Errorf("query %q is not fully encoded", u.RawQuery)
			}
		})
	}
}

// qrModules reads the dark modules back from the QR code's SVG path.
func qrModules(t *testing.T, svg string) (size int, dark map[[2]int]bool) {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if m == nil || m[1] != m[2] {
		t.Fatalf("no square viewBox in %.80s", svg)
	}
	n, _ := strconv.Atoi(m[1])
	size = n - 8
	dark = map[[2]int]bool{}
	d := regexp.MustCompile(` d="([^"]*)"`).FindStringSubmatch(svg)
	if d == nil {
		t.Fatal("no path")
	}
	x, y := 0, 0
	for _, op := range regexp.MustCompile(`M(\d+) (\d+)\.5|m(\d+) 0|h(\d+)|(.)`).FindAllStringSubmatch(d[1], -1) {
		switch {
		case op[1] != "":
			x, _ = strconv.Atoi(op[1])
			y, _ = strconv.Atoi(op[2])
		case op[3] != "":
			dx, _ := strconv.Atoi(op[3])
			x += dx
		case op[4] != "":
			w, _ := strconv.Atoi(op[4])
			for i := 0; i < w; i++ {
				if x < 4 || y < 4 || x >= n-4 || y >= n-4 {
					t.Fatalf("module %d,%d in the quiet zone", x, y)
				}
				dark[[2]int{x - 4, y - 4}] = true
				x++
			}
		default:
			t.Fatalf("unexpected %q in the path", op[0])
		}
	}
	return size, dark
}

// TestQRCodeStructure decodes the structure of the QR code: its size
// fits the version, the three finder patterns and the timing patterns are
// in place, and the format information says error correction level M.
func TestQRCodeStructure(t *testing.T) {
	for _, text := range []string{
		"https://b.example/",
		"https://badges.riverbend.example.org/assertions/asvmzxej4hlafbt2/",
		"https://badges.a-much-longer-host-name.example.org/some/deeper/path/assertions/asvmzxej4hlafbt2/?x=1",
	} {
		svg := string(new(qrEncoder).svg(text, "QR code"))
		if !strings.Contains(svg, `role="img" aria-label="QR code"`) {
			t.Errorf("QR SVG lacks its accessible name")
		}
		size, dark := qrModules(t, svg)
		if (size-17)%4 != 0 || size < 21 || size > 57 {
			t.Fatalf("%q: size %d is not that of version 1-10", text, size)
		}
		finder := func(ox, oy int) {
			for y := -1; y <= 7; y++ {
				for x := -1; x <= 7; x++ {
					px, py := ox+x, oy+y
					if px < 0 || py < 0 || px >= size || py >= size {
						continue
					}
					ring := max(abs(x-3), abs(y-3))
					want := ring != 2 && ring != 4
					if dark[[2]int{px, py}] != want {
						t.Fatalf("%q: finder pattern at %d,%d wrong at %d,%d", text, ox, oy, px, py)
					}
				}
			}
		}
		finder(0, 0)
		finder(size-7, 0)
		finder(0, size-7)
		for i := 8; i < size-8; i++ {
			if dark[[2]int{i, 6}] != (i%2 == 0) || dark[[2]int{6, i}] != (i%2 == 0) {
				t.Fatalf("%q: timing pattern wrong at %d", text, i)
			}
		}
		// Format information, around the top-left finder: 15 bits, masked
		// with 101010000010010; the first two bits are the level (M = 00).
		var bits int
		coords := [][2]int{{0, 8}, {1, 8}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {7, 8}, {8, 8}, {8, 7}, {8, 5}, {8, 4}, {8, 3}, {8, 2}, {8, 1}, {8, 0}}
		for _, c := range coords {
			bits <<= 1
			if dark[[2]int{c[0], c[1]}] {
				bits |= 1
			}
		}
		format := bits ^ 0x5412
		if level := format >> 13; level != 0 {
			t.Errorf("%q: error correction bits %02b, want 00 (M); format %015b", text, level, format)
		}
		if !validFormat(format) {
			t.Errorf("%q: format information %015b fails its BCH check", text, format)
		}
	}
}

// validFormat checks the BCH(15,5) code of QR format information.
func validFormat(f int) bool {
	rem := f
	for i := 14; i >= 10; i-- {
		if rem&(1<<i) != 0 {
			rem ^= 0x537 << (i - 10)
		}
	}
	return rem == 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestSnippetsEscape(t *testing.T) {
	a := &Award{
		URL: `https://b.example/assertions/x/?a="b"&c`, Issuer: &Issuer{Name: `A "B" <C>`},
		Badge: &Badge{Name: `<script>x</script>`, PNG: &Image{URL: "https://b.example/badges/x.png", Alt: `x" onload="y`}},
	}
	p := englishPages(t)
	for name, s := range map[string]string{"embed": p.badgeEmbed(a), "signature": p.badgeSignature(a)} {
		for _, bad := range []string{"<script>", `" onload="`, `"B"`, "<C>"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s snippet contains %q unescaped: %s", name, bad, s)
			}
		}
		if !strings.Contains(s, `width="`) || !strings.Contains(s, `alt="`) || !strings.Contains(s, "https://b.example/badges/x.png") {
			t.Errorf("%s snippet lacks the absolute image with size and alt: %s", name, s)
		}
	}
	if s := p.badgeSignature(a); strings.Contains(s, "class=") || !strings.Contains(s, "<table") {
		t.Errorf("signature must be a table with inline styles only: %s", s)
	}
}

func ExampleLinkedInURL() {
	a := &Award{ID: "abc", URL: "https://b.example/assertions/abc/", Badge: &Badge{Name: "Git Foundations"}, Issued: time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)}
	fmt.Println(LinkedInURL(LinkedInOrg{Name: "Riverbend"}, a))
	// Output: https://www.linkedin.com/profile/add?certId=abc&certUrl=https%3A%2F%2Fb.example%2Fassertions%2Fabc%2F&issueMonth=9&issueYear=2025&name=Git+Foundations&organizationName=Riverbend&startTask=CERTIFICATION_NAME
}

func TestProfileSignatureListsValidBadgesOnce(t *testing.T) {
	png := func(n string) *Image { return &Image{URL: "https://b.example/badges/" + n + ".png", Alt: n} }
	git, py, sql := &Badge{Name: "Git", PNG: png("git")}, &Badge{Name: "Python", PNG: png("python")}, &Badge{Name: "SQL", PNG: png("sql")}
	award := func(b *Badge, code string) *Award {
		return &Award{URL: "https://b.example/assertions/" + b.Name + code + "/", Badge: b, Issuer: &Issuer{Name: "R"}, Status: Status{Code: code}}
	}
	e := &Earner{Name: "Ada", URL: "https://b.example/earners/ada/", Awards: []*Award{
		award(git, "valid"), award(git, "valid"), award(py, "expired"), award(sql, "revoked"), award(py, "not-yet-valid"),
	}}
	p := englishPages(t)
	s := p.profileSignature(e)
	if n := strings.Count(s, "<img "); n != 1 || !strings.Contains(s, "git.png") {
		t.Errorf("signature shows %d images, want Git's once: %s", n, s)
	}
	e.Awards = e.Awards[2:]
	if s := p.profileSignature(e); s != "" {
		t.Errorf("a profile without a valid award has a signature: %s", s)
	}
}

func TestAwardShareOnlyVouchesForValidAwards(t *testing.T) {
	// The valid case is in the golden tree and the browser test.
	for _, code := range []string{"expired", "revoked", "not-yet-valid"} {
		a := &Award{ID: "x", URL: "https://b.example/assertions/x/", Issuer: &Issuer{Name: "R"}, Status: Status{Code: code},
			Badge: &Badge{Name: "Git", PNG: &Image{URL: "https://b.example/badges/git.png", Alt: "Git"}}}
		s := englishPages(t).awardShare(a)
		if s.LinkedIn != "" || s.Signature != "" || strings.Contains(s.Embed, "Verified") {
			t.Errorf("%s award: LinkedIn %q, signature %q, embed %q", code, s.LinkedIn, s.Signature, s.Embed)
		}
	}
}

// TestQRAppendersMatch checks that AppendQR appends what QR returns, for
// the share panels and the credential of real pages and for hostile
// texts and labels, and that the compiled pages, which print the codes
// with AppendQR, match html/template's, which prints QR.
func TestQRAppendersMatch(t *testing.T) {
	check := func(what string, html func() template.HTML, app func([]byte) []byte) {
		t.Helper()
		want := string(html())
		if got := string(app([]byte("prefix|"))); got != "prefix|"+want {
			t.Fatalf("%s: AppendQR gives %.80q…, QR %.80q…", what, got, "prefix|"+want)
		}
	}
	long := "https://b.example/" + strings.Repeat("x", 4000)
	for _, text := range []string{"https://b.example/a/", "", "\x00\xff<&>\"'", long} {
		for _, label := range []string{"QR code", "", `<b> & "q" 'a'`, "\xff\xfe"} {
			s := &Share{URL: text, qr: qrCode{new(qrEncoder), text, label}}
			check("share of "+text, s.QR, s.AppendQR)
			c := &Credential{JSON: text, qr: qrCode{new(qrEncoder), text, label}}
			check("credential of "+text, c.QR, c.AppendQR)
			if text == long && s.QR() != "" {
				t.Fatal("a text too long for a code gives a code")
			}
		}
	}
	var zero Share
	check("zero share", zero.QR, zero.AppendQR)

	p, s := multiIssuerSite(t)
	p.Credentials = map[string]bool{"acme": true}
	exact, err := Open(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	exact.Exact = true
	pages := []*Page{p.Earner(s.Earner("pat"))}
	for _, a := range s.Awards {
		pages = append(pages, p.Award(a))
	}
	codes := 0
	for _, pg := range pages {
		check(pg.Kind+" share", pg.Share.QR, pg.Share.AppendQR)
		if c := pg.Award; c != nil && c.Credential != nil {
			check("credential", c.Credential.QR, c.Credential.AppendQR)
		}
		// Twice: the first execution of a template is html/template's.
		for range 2 {
			got, err := p.Theme.Bytes(pg)
			if err != nil {
				t.Fatal(err)
			}
			want, err := exact.Bytes(pg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s page: compiled and html/template pages differ", pg.Kind)
			}
			if !bytes.Contains(got, []byte(pg.Share.QR())) {
				t.Fatalf("%s page lacks its QR code", pg.Kind)
			}
		}
		codes += bytes.Count(mustBytes(t, p.Theme, pg), []byte(`role="img" aria-label="`))
	}
	// The pages ran as compiled programs, which print the codes with
	// their appenders (tmplexec's TestAppenders checks that they do).
	if got := strings.Join(p.Theme.Programs(), " "); !strings.Contains(got, "award") || !strings.Contains(got, "earner") {
		t.Errorf("compiled programs %q lack the award and profile pages", got)
	}
	// An award and a credential code on acme's award page, one on every
	// other page.
	if want := len(pages) + 1; codes != want {
		t.Errorf("%d QR codes on the pages, want %d", codes, want)
	}
}

func mustBytes(t *testing.T, th *Theme, pg *Page) []byte {
	t.Helper()
	b, err := th.Bytes(pg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "QR code: link to this award's page", `<a href="x">&amp;</a>`, "\xff\x00é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEscaped([]byte("x"), s)), "x"+html.EscapeString(s); got != want {
			t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}
