package content

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestScanKeys(t *testing.T) {
	src := `# comment
badge = "git" # trailing
"quoted key" = 1
dotted.key = 2
text = """
not = a key
"""
literal = '''
[not.a.table]
'''
tags = [
  "a = b",
  "c",
]
recipient = { type = "email", identity = "x" }

[site]
  base_url = "https://x.example/"

[[evidence]]
url = "u0"

[[evidence]]
url = "u1"
list = [{ a = 1 }, { a = 2, b = "}" }]
`
	keys := scanKeys(src)
	want := map[string]keyPos{
		"badge":                 {2, 1, 9},
		"quoted key":            {3, 1, 16},
		"dotted.key":            {4, 1, 14},
		"text":                  {5, 1, 8},
		"literal":               {8, 1, 11},
		"tags":                  {11, 1, 8},
		"recipient":             {15, 1, 13},
		"recipient.type":        {15, 15, 22},
		"recipient.identity":    {15, 31, 42},
		"site":                  {17, 1, 1},
		"site.base_url":         {18, 3, 14},
		"evidence":              {20, 1, 1},
		"evidence.0":            {20, 1, 1},
		"evidence.0.url":        {21, 1, 7},
		"evidence.1":            {23, 1, 1},
		"evidence.1.url":        {24, 1, 7},
		"evidence.1.list":       {25, 1, 8},
		"evidence.1.list.0":     {25, 9, 9},
		"evidence.1.list.0.a":   {25, 11, 15},
		"evidence.1.list.1.b":   {25, 29, 33},
		"evidence.1.list.1.a":   {25, 22, 26},
		"evidence.1.list.1":     {25, 20, 20},
		"recipient.identity.no": {},
	}
	for k, w := range want {
		if got := keys[k]; got != w {
			t.Errorf("%s: got %+v, want %+v", k, got, w)
		}
	}
	for k := range keys {
		if strings.HasPrefix(k, "not") || strings.Contains(k, "[") {
			t.Errorf("scanned a key inside a string: %q", k)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]Duration{
		"P2Y":     {Years: 2},
		"P18M":    {Months: 18},
		"P1Y6M":   {Years: 1, Months: 6},
		"P2W":     {Days: 14},
		"P1W3D":   {Days: 10},
		"P90D":    {Days: 90},
		"P1Y2M3D": {Years: 1, Months: 2, Days: 3},
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "P", "2Y", "P2", "PY", "P1M1Y", "P1Y1Y", "PT1H", "P-1Y", "P0D", "P1.5Y", "p2y", "P2Y "} {
		if d, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %+v, want an error", in, d)
		}
	}
}

func TestDurationAddTo(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct{ start, period, want string }{
		{"2025-01-31T12:00:00Z", "P1M", "2025-02-28T12:00:00Z"},
		{"2024-01-31T12:00:00Z", "P1M", "2024-02-29T12:00:00Z"},
		{"2024-02-29T08:00:00Z", "P1Y", "2025-02-28T08:00:00Z"},
		{"2024-02-29T08:00:00Z", "P4Y", "2028-02-29T08:00:00Z"},
		{"2025-03-14T09:00:00+02:00", "P2Y", "2027-03-14T07:00:00Z"},
		{"2025-11-30T00:00:00Z", "P3M", "2026-02-28T00:00:00Z"},
		{"2025-12-15T00:00:00Z", "P1Y1M", "2027-01-15T00:00:00Z"},
		{"2025-12-31T00:00:00Z", "P90D", "2026-03-31T00:00:00Z"},
		{"2025-01-31T00:00:00Z", "P1M1D", "2025-03-01T00:00:00Z"},
	} {
		d, err := ParseDuration(tt.period)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddTo(at(tt.start)).Format(time.RFC3339); got != tt.want {
			t.Errorf("%s + %s = %s, want %s", tt.start, tt.period, got, tt.want)
		}
	}
}

// TestParseDurationDays checks that weeks and days together are bounded
// as one count of days is, so that String writes back what is accepted.
func TestParseDurationDays(t *testing.T) {
	for s, ok := range map[string]bool{
		"P366000D": true, "P52285W5D": true, "P1W365993D": true,
		"P366001D": false, "P52286W": false, "P1W365994D": false, "P70000W": false,
	} {
		d, err := ParseDuration(s)
		switch {
		case ok && err != nil:
			t.Errorf("%s: %v", s, err)
		case ok && !roundTrips(d):
			t.Errorf("%s: written back as %s, which does not parse back", s, d)
		case !ok && (err == nil || !strings.Contains(err.Error(), "P90D")):
			t.Errorf("%s: accepted (%v), or refused without the usual advice", s, err)
		}
	}
}

// roundTrips reports whether d, written by String, parses back to d.
func roundTrips(d Duration) bool {
	back, err := ParseDuration(d.String())
	return err == nil && back == d
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"P2Y", "P18M", "P1Y2M3W4D", "PT1H", "P", "P99999999999Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d.IsZero() {
			t.Fatalf("%q parsed to an empty period", s)
		}
		back, err := ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, d, d.String(), back, err)
		}
	})
}

// FuzzScanKeys checks that the key scanner never panics and that every
// position it reports for a decoded key is inside the document.
func FuzzScanKeys(f *testing.F) {
	f.Add(baseAward)
	f.Add("a = 1\n[b]\nc = { d = [1, {e = 2}] }\n[[f]]\ng = '''\nx\n'''\n")
	f.Add("\"a.b\" . c = \"\\\"\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		keys := scanKeys(src)
		lines := strings.Count(src, "\n") + 1
		for k, p := range keys {
			if p.Line < 1 || p.Line > lines || p.KeyCol < 1 || p.ValCol < p.KeyCol && !strings.Contains(k, ".") {
				t.Fatalf("key %q at %+v outside the %d-line document", k, p, lines)
			}
		}
		var v map[string]any
		md, err := toml.Decode(src, &v)
		if err != nil {
			return
		}
		d := &doc{src: src, file: "f.toml", keys: keys, md: &md}
		for _, k := range md.Keys() {
			p := d.pos(d.indexedPath(k), false)
			if p.Line < 1 || p.Line > lines {
				t.Fatalf("key %v at %v outside the document", k, p)
			}
			_ = d.value(strings.Join(k, "."))
		}
	})
}

// FuzzLoadAward checks that any award file either loads or fails with
// positioned errors, and never panics.
func FuzzLoadAward(f *testing.F) {
	f.Add([]byte(baseAward))
	f.Add([]byte("badge = \"x\"\nissued = 2025-01-01\n[recipient]\nidentity = \"a@b.c\"\n"))
	f.Add([]byte("revoked = true\n[[evidence]]\nurl = 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := baseSite()
		fsys["content/awards/2025/abc123de.toml"].Data = data
		_, err := Load(fsys, Options{})
		if err == nil {
			return
		}
		es, ok := err.(Errors)
		if !ok {
			t.Fatalf("error of type %T: %v", err, err)
		}
		for _, e := range es {
			if e.File == "" || e.Msg == "" || (e.Line == 0 && e.Col != 0) {
				t.Fatalf("badly positioned error %q", e.Error())
			}
		}
	})
}
