package bake

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func exampleSVG(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/badge.svg")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestBakeSVGRoundTrip(t *testing.T) {
	src := exampleSVG(t)
	min, err := MinifySVG(src)
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://badges.example.org/assertions/abc.json"
	jws := "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2lnbmF0dXJl"
	for _, tt := range []struct{ name, verify, json string }{
		{"hosted", url, sampleJSON},
		{"signed", jws, `{"a":1}`},
		{"json with ]]>", url, `{"narrative":"a]]>b"}`},
	} {
		for name, img := range map[string][]byte{"source": src, "minified": min} {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				baked, err := BakeSVG(img, tt.verify, []byte(tt.json))
				if err != nil {
					t.Fatal(err)
				}
				verify, js, err := UnbakeSVG(baked)
				if err != nil {
					t.Fatal(err)
				}
				if verify != tt.verify || string(js) != strings.TrimSpace(tt.json) {
					t.Errorf("unbaked %q %q, want %q %q", verify, js, tt.verify, tt.json)
				}
				if n := bytes.Count(baked, []byte(`xmlns:openbadges="http://openbadges.org"`)); n != 1 {
					t.Errorf("%d openbadges namespace declarations, want 1", n)
				}
				// The assertion is the first child of the root.
				doc, _ := readSVG(baked)
				if doc.assertions[0].start != doc.root.end {
					t.Errorf("assertion element is not the first child of the root")
				}
				// Baking again replaces it.
				again, err := BakeSVG(baked, "https://other.example/x.json", nil)
				if err != nil {
					t.Fatal(err)
				}
				if v, js, err := UnbakeSVG(again); err != nil || v != "https://other.example/x.json" || len(js) != 0 {
					t.Errorf("rebaked: %q %q %v", v, js, err)
				}
				if n := bytes.Count(again, []byte("<openbadges:assertion")); n != 1 {
					t.Errorf("rebaked SVG has %d assertion elements", n)
				}
				if problems := CheckSVG(baked); len(problems) != 0 {
					t.Errorf("baked SVG fails the allowlist: %v", problems)
				}
				b, err := Unbake(baked)
				if err != nil {
					t.Fatal(err)
				}
				want := strings.TrimSpace(tt.json)
				if IsJWS(tt.verify) {
					want = tt.verify
				}
				if b.Format != "svg" || b.Text != want {
					t.Errorf("Unbake = %+v, want text %q", b, want)
				}
			})
		}
	}
}

func TestMinifyKeepsBakedAssertion(t *testing.T) {
	baked, err := BakeSVG(exampleSVG(t), "https://badges.example.org/assertions/abc.json", []byte(sampleJSON))
	if err != nil {
		t.Fatal(err)
	}
	min, err := MinifySVG(baked)
	if err != nil {
		t.Fatal(err)
	}
	if len(min) >= len(baked) {
		t.Errorf("minified %d bytes, not smaller than %d", len(min), len(baked))
	}
	// The minifier may re-encode the CDATA (which is why rosette bakes
	// after minifying, never before), but the assertion survives.
	v, js, err := UnbakeSVG(min)
	if err != nil || v != "https://badges.example.org/assertions/abc.json" {
		t.Fatalf("minifying lost the assertion: %q %v\n%s", v, err, min)
	}
	var got, want any
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("minified assertion is not JSON: %v", err)
	}
	json.Unmarshal([]byte(sampleJSON), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("minified assertion %v, want %v", got, want)
	}
}

func TestBakeSVGShapes(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"self-closing root", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="u&amp;v"></openbadges:assertion></svg>`},
		{"declared and baked", `<svg xmlns:openbadges="http://openbadges.org"><g><openbadges:assertion verify="old"/></g><rect/></svg>`,
			`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="u&amp;v"></openbadges:assertion><g></g><rect/></svg>`},
	} {
		got, err := BakeSVG([]byte(tt.in), "u&v", nil)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestUnbakeSVGErrors(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"unbaked", `<svg xmlns="http://www.w3.org/2000/svg"/>`, "no baked assertion"},
		{"two", `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="a"/><openbadges:assertion verify="b"/></svg>`, "2 openbadges:assertion elements"},
		{"empty", `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion/></svg>`, "neither a verify attribute nor content"},
		{"not svg", `<html/>`, "root element is <html>"},
		{"broken", `<svg><g></svg>`, "not a well-formed SVG file"},
		{"wrong namespace", `<svg xmlns:openbadges="http://evil.example/"/>`, "binds the prefix openbadges"},
	} {
		_, _, err := UnbakeSVG([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestCheckSVG(t *testing.T) {
	if p := CheckSVG(exampleSVG(t)); len(p) != 0 {
		t.Errorf("example SVG refused: %v", p)
	}
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	for _, tt := range []struct{ name, in, want string }{
		{"script", head + `  <script>alert(1)</script></svg>`, "2:3: <script> is not allowed"},
		{"foreignObject", head + `<g><foreignObject><div/></foreignObject></g></svg>`, "2:4: <foreignObject> is not allowed"},
		{"onload", head + `<rect width="1"` + "\n" + `   onload="alert(1)"/></svg>`, "3:4: event handler attribute onload= is not allowed"},
		{"javascript href", head + `<use xlink:href="javascript:alert(1)"/></svg>`, "2:6: href holds a javascript: URL"},
		{"external href", head + `<use href="https://evil.example/x.svg#a"/></svg>`, `2:6: href "https://evil.example/x.svg#a" is an external reference`},
		{"external image", head + `<image href="https://evil.example/x.png"/></svg>`, "2:8: href"},
		{"doctype", `<!DOCTYPE svg [<!ENTITY x "y">]>` + "\n" + head + `</svg>`, "1:1: SVG must not have a DOCTYPE"},
		{"style url", head + `<style>rect{fill:url(https://evil.example/x)}</style></svg>`, "2:18: <style> uses url(https://evil.example/x): only url(#id)"},
		{"style attribute url", head + `<rect style="fill: url(g.svg#g)"/></svg>`, "2:7: style attribute uses url(g.svg#g): only url(#id)"},
		{"import", head + `<style>@import "x.css";</style></svg>`, "<style> uses @import"},
		{"fill url external", head + `<rect fill="url(https://evil.example/#g)"/></svg>`, "2:7: attribute fill= uses url(https://evil.example/#g)"},
		{"unknown element", head + `<a href="#x"><rect/></a></svg>`, "2:1: element <a> is not allowed"},
		{"animate", head + `<animate attributeName="href" to="javascript:alert(1)"/></svg>`, "element <animate> is not allowed"},
		{"foreign namespace", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xhtml">` + "\n" + `<x:div/></svg>`, "1:41: namespace \"http://www.w3.org/1999/xhtml\" is not allowed"},
		{"unknown attribute", head + `<rect data-x="1"/></svg>`, "2:7: attribute data-x= is not allowed"},
		{"processing instruction", `<?xml-stylesheet href="x.css"?>` + head + `</svg>`, "1:1: SVG must not have the processing instruction"},
		{"not well-formed", head + `<g></svg>`, "SVG is not well-formed XML"},
		{"entity", head + `<text>&xxe;</text></svg>`, "SVG is not well-formed XML"},
		{"not svg", `<html/>`, "1:1: not an SVG file"},
	} {
		ps := CheckSVG([]byte(tt.in))
		var msgs []string
		for _, p := range ps {
			msgs = append(msgs, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
		}
		if !strings.Contains(strings.Join(msgs, "\n"), tt.want) {
			t.Errorf("%s: problems %q, want one containing %q", tt.name, msgs, tt.want)
		}
	}
}

func FuzzCheckSVG(f *testing.F) {
	f.Add(exampleSVG(f))
	f.Add([]byte(`<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="x"><![CDATA[{}]]></openbadges:assertion></svg>`))
	f.Add([]byte(`<svg><script>x</script><rect onload="x" style="fill:url(a)"/></svg>`))
	f.Add([]byte(`<svg><style><![CDATA[.a{fill:url(#g)}]]></style><rect mask="url(#m)" style="fill:url('#g')"/></svg>`))
	f.Add([]byte(`<svg><style>@imp<!-- -->ort "x";</style><text xml:space="preserve"> a  b </text></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		problems := CheckSVG(data)
		for _, p := range problems {
			if p.Line < 1 || p.Col < 1 || p.Msg == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		// What passes the allowlist still passes once minified.
		if len(problems) == 0 {
			if min, err := MinifySVG(data); err == nil {
				if ps := CheckSVG(min); len(ps) != 0 {
					t.Fatalf("minified SVG fails the allowlist: %v\n%s\n%s", ps, data, min)
				}
			}
		}
		// Anything that parses as an SVG bakes and unbakes exactly.
		baked, err := BakeSVG(data, "https://example.org/a.json", []byte(`{"a":"]]>"}`))
		if err != nil {
			return
		}
		v, js, err := UnbakeSVG(baked)
		if err != nil || v != "https://example.org/a.json" || string(js) != `{"a":"]]>"}` {
			t.Fatalf("round trip: %q %q %v\n%s", v, js, err, baked)
		}
	})
}

// TestMinifySVGLeavesInput checks that minifying leaves its input as it
// was: the badge SVG is also published as it is.
func TestMinifySVGLeavesInput(t *testing.T) {
	img := exampleSVG(t)
	orig := bytes.Clone(img)
	min, err := MinifySVG(img)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(min, orig) {
		t.Fatalf("nothing was minified: %s", min)
	}
	if !bytes.Equal(img, orig) {
		t.Errorf("MinifySVG changed its input:\n%q\nwas\n%q", img, orig)
	}
}

// FuzzSVGAppend bakes into an image parsed once, after other bytes in the
// buffer, and checks the result byte for byte against baking as the
// escaping and CDATA rules say, with encoding/xml's escaping: and that
// UnbakeSVG gives back the verify attribute and the JSON.
func FuzzSVGAppend(f *testing.F) {
	f.Add("https://badges.example.org/assertions/abc.json", []byte(sampleJSON))
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2lnbmF0dXJl", []byte(`{"a":"]]>"}`))
	f.Add("a\"b'c&d<e>f\tg\nh\ri\x01j\xffk é", []byte("]]>]]]>x"))
	img := exampleSVG(f)
	min, err := MinifySVG(img)
	if err != nil {
		f.Fatal(err)
	}
	s, err := NewSVG(min)
	if err != nil {
		f.Fatal(err)
	}
	doc, _ := readSVG(min)
	f.Fuzz(func(t *testing.T, verify string, js []byte) {
		got, err := s.Append([]byte("head"), []byte(verify), js)
		if verify == "" {
			if err == nil {
				t.Fatal("an empty verify attribute was baked")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		want.WriteString("head")
		want.Write(min[:doc.root.end-1])
		want.WriteString(` xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="`)
		xml.EscapeText(&want, []byte(verify))
		want.WriteString(`">`)
		if len(js) > 0 {
			want.WriteString("<![CDATA[" + strings.ReplaceAll(string(js), "]]>", "]]]]><![CDATA[>") + "]]>")
		}
		want.WriteString("</openbadges:assertion>")
		want.Write(min[doc.root.end:])
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("baked\n%q\nwant\n%q", got, want.Bytes())
		}
		if baked, err := BakeSVG(min, verify, js); err != nil || !bytes.Equal(baked, got[4:]) {
			t.Fatalf("BakeSVG differs from Append: %v", err)
		}
		// XML cannot carry some characters as they are, and reads a
		// carriage return in text as a line feed.
		if !utf8.ValidString(verify) || !utf8.Valid(js) || bytes.IndexByte(js, '\r') >= 0 || strings.ContainsFunc(verify+string(js), func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
		}) {
			return
		}
		v, j, err := UnbakeSVG(got[4:])
		if err != nil || v != verify || string(j) != strings.TrimSpace(string(js)) && len(strings.TrimSpace(string(js))) > 0 {
			t.Fatalf("unbaked %q %q, %v; want %q %q", v, j, err, verify, js)
		}
	})
}
