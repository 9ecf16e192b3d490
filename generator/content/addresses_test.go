package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFindAddresses(t *testing.T) {
	tests := []struct {
		src  string
		want []string // address@offset
	}{
		{"no address here, just text & 40 things", nil},
		{"write to ada@example.org today", []string{"ada@example.org@9"}},
		{`escaped ada\u0040example.org`, []string{"ada@example.org@8"}},
		{`long escape ada\U00000040Example.ORG`, []string{"ada@example.org@12"}},
		{"entity ada&#64;example.org", []string{"ada@example.org@7"}},
		{"hex entity ada&#x40;example.org", []string{"ada@example.org@11"}},
		{"no semicolon ada&#64example.org", []string{"ada@example.org@13"}},
		{"named ada&commat;example&period;org", []string{"ada@example.org@6"}},
		{"query https://x.example/?to=ada%40example.org", []string{"ada@example.org@28"}},
		{`markdown ada\@example\.org`, []string{"ada@example.org@9"}},
		{"soft hyphen ada\u00ad@exam\u200bple.org", []string{"ada@example.org@12"}},
		{"full width ada\uff20example.org", []string{"ada@example.org@11"}},
		{"unicode Ådå@exämple.org", []string{"ådå@exämple.org@8"}},
		{"two a@b.example.com, c@d.example.net", []string{"a@b.example.com@4", "c@d.example.net@21"}},
		{"not an address: @handle, a@b, user@localhost", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range FindAddresses([]byte(tt.src)) {
			got = append(got, a.Text+"@"+itoa(a.Off))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("FindAddresses(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

func TestLoadAddresses(t *testing.T) {
	const msg = ": the site never publishes a plaintext address"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // error prefixes, in order
	}{
		{"earner bio", map[string]string{
			"content/earners/ada.toml": "name = \"Ada\"\nbio = \"mail me: ada\\u0040example.org\"\n",
		}, []string{"content/earners/ada.toml:2:17: an email address (a…@example.org)" + msg}},
		{"award narrative and evidence", map[string]string{
			"content/awards/2025/abc123de.toml": "narrative = \"Ada &#64; work: ada&#64;example.org\"\n" + baseAward + "[[evidence]]\nurl = \"https://x.example/?who=bob%40example.net\"\n",
		}, []string{
			"content/awards/2025/abc123de.toml:1:30: an email address (a…@example.org)" + msg,
			"content/awards/2025/abc123de.toml:10:31: an email address (b…@example.net)" + msg,
		}},
		{"badge criteria naming the issuer's address", map[string]string{
			"content/badges/git.toml": "name = \"Git\"\ndescription = \"Knows Git.\"\ncriteria = \"Ask BADGES@acme.example.org.\"\n",
		}, nil},
		{"allowed in site.toml", map[string]string{
			"content/site.toml":       "base_url = \"https://badges.example.org/\"\ntitle = \"Example\"\nallowed_addresses = [\"Help@Acme.example.org\"]\n",
			"content/badges/git.toml": "name = \"Git\"\ndescription = \"Knows Git.\"\ncriteria = \"Ask help@acme.example.org.\"\n",
		}, nil},
		{"allowed_addresses checked", map[string]string{
			"content/site.toml": "base_url = \"https://badges.example.org/\"\ntitle = \"Example\"\nallowed_addresses = [\"not an address\"]\n",
		}, []string{`content/site.toml:3:21: allowed_addresses: address 1: "not an address" is not an email address`}},
		{"a comment is in the repository too", map[string]string{
			"content/earners/ada.toml": "# from ada@example.org\nname = \"Ada\"\n",
		}, []string{"content/earners/ada.toml:1:8: an email address (a…@example.org)" + msg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseSite()
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, err := Load(fsys, Options{})
			var got []string
			if es, ok := err.(Errors); ok {
				for _, e := range es {
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestLoadImageAddresses(t *testing.T) {
	fsys := baseSite()
	delete(fsys, "content/badges/git.png")
	fsys["content/badges/git.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<title>by ada&#x40;example.org</title></svg>`)}
	fsys["content/issuers/acme.png"] = &fstest.MapFile{Data: pngOf(100, 100)}
	opts := Options{ImageText: func(img *Image) []ImageText {
		if img.Format == "svg" {
			return []ImageText{{Text: img.Data}}
		}
		return []ImageText{{Text: []byte("Author\nbob@example.net"), Where: `the tEXt chunk "Author" at byte 33`}}
	}}
	_, err := Load(fsys, opts)
	want := []string{
		`content/badges/git.svg:2:11: an email address (a…@example.org): the site`,
		`content/issuers/acme.png:1:1: an email address (b…@example.net) in the tEXt chunk "Author" at byte 33: the site`,
	}
	es, _ := err.(Errors)
	if len(es) != len(want) {
		t.Fatalf("got %v, want %d errors", err, len(want))
	}
	for i, e := range es {
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("got %s\nwant %s…", e, want[i])
		}
	}
}
