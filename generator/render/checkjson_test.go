package render

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/ob3"
)

// hostileJSONStrings are strings that encoding/json escapes, or could be
// thought to: HTML's specials, line and paragraph separators, control
// characters, invalid and truncated UTF-8, surrogates, quotes.
var hostileJSONStrings = []string{
	"", "plain", "</script><script>alert(1)</script>", "a&b<c>d", "\u2028\u2029", "x\u2028y\u2029z",
	"\x00\x01\x07\x08\x09\x0a\x0b\x0c\x0d\x1b\x1f\x7f", `"quoted" \back\slash\`, "\xff\xfe", "\xed\xa0\x80", "\xe2\x80", "\xe2\x80\xa8",
	"\xe2\x80\xa9\xe2\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "é漢🙂", "\ufffd", "\ufeffbom", "https://b.example/a?x=1&y=<2>",
}

// TestAppendJSONStringMatchesMarshal compares appendJSONString with
// json.Marshal on hostile strings, on every string of one and two bytes
// and on random strings of bytes.
func TestAppendJSONStringMatchesMarshal(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString([]byte("prefix"), s); string(got) != "prefix"+string(want) {
			t.Fatalf("%q: %s, want %s", s, got[len("prefix"):], want)
		}
	}
	for _, s := range hostileJSONStrings {
		check(s)
		check("a" + s + "b")
	}
	for i := range 1 << 16 {
		check(string([]byte{byte(i)}))
		check(string([]byte{byte(i >> 8), byte(i)}))
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.Uint32())
			if r.IntN(4) == 0 {
				const specials = "\xe2\x80\xa8<&\"\\\n"
				b[i] = specials[r.IntN(len(specials))]
			}
		}
		check(string(b))
	}
}

// checkJSONOf fills every string field of a checkJSON from strs (cycling)
// and leaves out the optional parts that bits say to.
func checkJSONOf(strs []string, bits uint) *checkJSON {
	i := 0
	next := func() string { i++; return strs[i%len(strs)] }
	maybe := func(bit uint) string {
		if bits&(1<<bit) != 0 {
			return ""
		}
		return next()
	}
	d := &checkJSON{
		Badge: next(), Base: next(), Expires: maybe(0), ExpiresText: maybe(1), ID: next(), IssuedOn: next(), IssuedText: next(),
		Issuer: next(), JWS: maybe(2), Reason: next(), Revoked: bits&(1<<3) != 0, Root: next(), Texts: maybe(4),
	}
	if bits&(1<<5) == 0 {
		d.Recipient = &Recipient{Type: next(), Identity: next(), Salt: next()}
	}
	if bits&(1<<6) == 0 {
		d.OB3 = &check3JSON{
			Achievement: next(), Credential: next(), DID: next(), DIDDocument: next(), Index: maybe(7), IssuerName: next(),
			JWT: next(), Keys: next(), Name: next(), StatusList: maybe(8), Subject: next(),
		}
	}
	return d
}

// TestCheckJSONMatchesMarshal compares checkJSON.appendJSON with
// json.Marshal with every optional part left in and out, on hostile
// strings.
func TestCheckJSONMatchesMarshal(t *testing.T) {
	for bits := range uint(1 << 9) {
		for shift := range 3 {
			strs := append(hostileJSONStrings[shift:], hostileJSONStrings[:shift]...)
			d := checkJSONOf(strs, bits)
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.appendJSON(nil); string(got) != string(want) {
				t.Fatalf("bits %09b:\n%s\nwant\n%s", bits, got, want)
			}
		}
	}
}

// FuzzCheckJSON compares checkJSON.appendJSON with json.Marshal.
func FuzzCheckJSON(f *testing.F) {
	for i, s := range hostileJSONStrings {
		f.Add(s, hostileJSONStrings[(i+1)%len(hostileJSONStrings)], uint16(i*37))
	}
	f.Fuzz(func(t *testing.T, a, b string, bits uint16) {
		d := checkJSONOf([]string{a, b, a + b}, uint(bits))
		want, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("\n%s\nwant\n%s", got, want)
		}
	})
}

// check3Reference is the 3.0 check data of an award made from the graph
// directly, as check3 made it before it kept what a badge class's awards
// share.
func check3Reference(g *ob.Graph, a *content.Award, c *Credential) *check3JSON {
	b := g.Site.Badge(a.Badge)
	is := g.Site.Issuer(b.Issuer)
	if is == nil || is.CurrentKey() == nil {
		return nil
	}
	d := &check3JSON{
		Achievement: g.URL(ob3.AchievementPath(b.ID)), Credential: c.JSON, DID: ob3.New(g).DID(is.ID),
		DIDDocument: g.URL(ob3.DIDPath(is.ID)), IssuerName: is.Name, JWT: c.JWT,
		Keys: strings.TrimSuffix(g.URL(ob3.JWKPath(is.ID, "")), ".jwk.json"), Name: b.Name, Subject: ob3.SubjectID(a),
	}
	if a.HasStatusIndex {
		d.Index = strconv.Itoa(a.StatusIndex)
		d.StatusList = g.URL(ob3.StatusListPath(is.ID))
	}
	return d
}

// TestAwardCheckData checks the check data of the award pages of a
// synthetic site, with and without status indexes and keys: it is
// json.Marshal's encoding of the data, and its 3.0 part is the one made
// from the graph for each award.
func TestAwardCheckData(t *testing.T) {
	p, s := ob3Site(t, 60, true)
	for i, a := range s.Awards {
		if i%3 == 0 {
			a.HasStatusIndex = false
		}
	}
	seen3 := 0
	for round := range 2 {
		if round == 1 { // a new graph of a site whose issuer lost its keys
			s.Issuer("synth-academy").Keys = nil
			p.UpdateEndorsements(ob.New(s))
		}
		for _, a := range s.Awards {
			v := p.detail(a)
			d := p.check(a, v)
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(v.Check()) != string(want) {
				t.Fatalf("%s: check data\n%s\nwant\n%s", a.ID, v.Check(), want)
			}
			if got := v.AppendCheck([]byte("prefix|")); string(got) != "prefix|"+string(want) {
				t.Fatalf("%s: AppendCheck gives\n%s\nwant\n%s", a.ID, got, want)
			}
			var ref *check3JSON
			if v.Credential != nil {
				ref = check3Reference(p.graph, a, v.Credential)
			}
			if got, want := jsonOf(t, d.OB3), jsonOf(t, ref); got != want {
				t.Fatalf("%s round %d: 3.0 check data\n%s\nwant\n%s", a.ID, round, got, want)
			}
			if d.OB3 != nil {
				seen3++
			}
		}
	}
	if seen3 == 0 || seen3 == 2*len(s.Awards) {
		t.Errorf("%d of %d pages have 3.0 check data", seen3, 2*len(s.Awards))
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAwardCheckDataConcurrent makes the award pages of a synthetic site
// from several goroutines at once, as a build does, starting with no
// shared 3.0 check data: each page's data is still json.Marshal's.
func TestAwardCheckDataConcurrent(t *testing.T) {
	p, s := ob3Site(t, 40, true)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range s.Awards {
				a := s.Awards[(i+g*10)%len(s.Awards)]
				v := p.detail(a)
				want, err := json.Marshal(p.check(a, v))
				if err != nil || string(v.Check()) != string(want) {
					t.Errorf("%s: check data\n%s\nwant\n%s (%v)", a.ID, v.Check(), want, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
