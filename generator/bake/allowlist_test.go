package bake

import (
	"fmt"
	"strings"
	"testing"
)

// svgCase is an SVG and the problem CheckSVG must report for it.
type svgCase struct{ name, in, want string }

// bypassCases are SVGs that once passed the allowlist while a browser
// fetched the URL in them, and a few neighbours; their URLs point at
// http://evil.example/.
func bypassCases() []svgCase {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	return []svgCase{
		{"import split by a comment", head + `<style>@imp<!-- -->ort "http://evil.example/x.css";</style></svg>`, "2:12: <style> must not hold XML comments"},
		{"url split by a comment", head + `<style>rect{fill:ur<!-- -->l(http://evil.example/x)}</style></svg>`, "2:20: <style> must not hold XML comments"},
		{"import split by CDATA", head + `<style>@imp<![CDATA[ort "http://evil.example/x.css";]]></style></svg>`, "2:8: <style> uses @import"},
		{"url split by CDATA", head + `<style>rect{fill:ur<![CDATA[l(http://evil.example/x)}]]></style></svg>`, "2:18: <style> uses url(http://evil.example/x)"},
		{"text after a child of style", head + `<style><desc/>@import "http://evil.example/x.css";</style></svg>`, "2:8: <style> must hold only CSS text, not an element <desc>"},
		{"text after a child of style is still checked", head + `<style><desc/>@import "http://evil.example/x.css";</style></svg>`, "2:15: <style> uses @import"},
		{"second url in mask", head + `<rect mask="url(#m), url(http://evil.example/m.svg#m)"/></svg>`, "2:7: attribute mask= uses url(http://evil.example/m.svg#m)"},
		{"second url in filter", head + `<rect filter="url(#m) url(http://evil.example/f.svg#f)"/></svg>`, "2:7: attribute filter= uses url(http://evil.example/f.svg#f)"},
		{"url with a closing quote later", head + `<rect fill="url('#a) url(http://evil.example/')"/></svg>`, "attribute fill= uses url('#a)"},
		{"upper-case url", head + `<rect fill="URL(http://evil.example/)"/></svg>`, "attribute fill= uses URL(http://evil.example/)"},
		{"escaped url in style", head + `<style>rect{fill:u\72l(http://evil.example/)}</style></svg>`, "2:19: <style> uses a backslash escape"},
		{"escaped url in an attribute", head + `<rect fill="\75rl(http://evil.example/)"/></svg>`, "2:7: attribute fill= uses a backslash escape"},
		{"image-set in style", head + `<style>rect{fill:image-set("http://evil.example/x.png" 1x)}</style></svg>`, "2:18: <style> uses image-set("},
		{"webkit image-set", head + `<rect style="fill:-webkit-image-set('http://evil.example/x.png' 1x)"/></svg>`, "2:7: style attribute uses image-set("},
		{"image()", head + `<style>rect{fill:image("http://evil.example/x.png")}</style></svg>`, "<style> uses image("},
		{"cross-fade()", head + `<style>rect{fill:cross-fade("http://evil.example/x.png", red)}</style></svg>`, "<style> uses cross-fade("},
		{"expression()", head + `<rect style="width:expression(alert(1))"/></svg>`, "style attribute uses expression("},
		{"import in a style attribute", head + `<rect style="@import 'http://evil.example/x.css'"/></svg>`, "style attribute uses @import"},
		{"import by character reference", head + `<style>&#64;import "http://evil.example/x.css";</style></svg>`, "<style> uses @import"},
		{"url by character reference", head + `<rect fill="&#117;rl(http://evil.example/)"/></svg>`, "attribute fill= uses url(http://evil.example/)"},
		{"url joined by dropping a CSS comment", head + `<style>rect{fill:ur/**/l(http://evil.example/)}</style></svg>`, "2:20: <style> uses url(http://evil.example/): only url(#id), a reference into this file, is allowed (once its comments are removed)"},
		{"import joined by dropping a CSS comment", head + `<rect style="@imp/* x */ort 'http://evil.example/x.css'"/></svg>`, "2:7: style attribute uses @import"},
		{"url split by a CSS comment", head + `<style>rect{fill:url(/**/http://evil.example/)}</style></svg>`, "<style> uses url("},
		{"data URL in css", head + `<rect fill="url(data:image/svg+xml;base64,PHN2Zy8+)"/></svg>`, "attribute fill= uses url(data:image/svg+xml;base64,PHN2Zy8+)"},
		{"data SVG on image", head + `<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>`, "2:8: href \"data:image/svg+xml;base64,PHN2Zy8+\" is an external reference"},
		{"data image on feImage", head + `<filter><feImage href="data:image/png;base64,AAAA"/></filter></svg>`, "is an external reference"},
		{"set", head + `<set attributeName="href" to="http://evil.example/"/></svg>`, "2:1: element <set> is not allowed"},
		{"animateMotion", head + `<animateMotion path="M0 0"><mpath href="http://evil.example/#p"/></animateMotion></svg>`, "2:1: element <animateMotion> is not allowed"},
		{"animateTransform", head + `<animateTransform attributeName="transform"/></svg>`, "element <animateTransform> is not allowed"},
		{"use of an external file", head + `<use xlink:href="http://evil.example/x.svg#a"/></svg>`, "2:6: href \"http://evil.example/x.svg#a\" is an external reference"},
		{"javascript with spaces", head + `<use href=" java script:alert(1)"/></svg>`, "href holds a javascript: URL"},
		{"xml:base", head + `<g xml:base="http://evil.example/"><use href="#a"/></g></svg>`, "attribute xml:base is not allowed"},
	}
}

// TestCheckSVGBypasses checks that each bypass case is refused at the
// position given.
func TestCheckSVGBypasses(t *testing.T) {
	for _, tt := range bypassCases() {
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

// allowedSVGs are local references and ordinary style sheets, as drawing
// programs write them.
func allowedSVGs() []string {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	return []string{
		head + `<style><![CDATA[ .a { fill: url(#g); stroke: url( "#h" ) } /* note */ ]]></style></svg>`,
		head + `<style>.a{fill:#fff}` + "\n" + `@media (prefers-color-scheme: dark) { .a { fill: #000 } }</style></svg>`,
		head + `<rect mask="url(#m)" filter="url('#f')" style="fill:url(#g);stroke:red"/></svg>`,
		head + `<image href="data:image/png;base64,iVBORw0KGgo="/></svg>`,
		head + `<use xlink:href="#a"/><text xml:space="preserve">a  b</text></svg>`,
		head + `<g role="img" aria-label="Badge image (blue) \ see url(http://evil.example/label)"><rect class="a\b" width="1"/></g></svg>`,
	}
}

// TestCheckSVGAllows checks that local references and ordinary style
// sheets, as drawing programs write them, still pass.
func TestCheckSVGAllows(t *testing.T) {
	for _, in := range allowedSVGs() {
		if ps := CheckSVG([]byte(in)); len(ps) != 0 {
			t.Errorf("refused %s: %v", in, ps)
		}
	}
}

func TestMinifySVGKeepsPreservedSpace(t *testing.T) {
	in := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` + "\n" + `  <text xml:space="preserve" x="1">a   b</text>` + "\n</svg>"
	out, err := MinifySVG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `<text xml:space="preserve" x="1">a   b</text>`) {
		t.Errorf("minified SVG lost xml:space=\"preserve\" or its spaces:\n%s", out)
	}
	plain := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` + "\n" + `  <text x="1">a   b</text>` + "\n</svg>"
	if out, err := MinifySVG([]byte(plain)); err != nil || strings.Contains(string(out), "\n") {
		t.Errorf("an SVG without xml:space is not minified: %q %v", out, err)
	}
}

func FuzzCSSProblem(f *testing.F) {
	for _, c := range bypassCases() {
		f.Add(c.in)
	}
	f.Add(`.a{fill:url( "#g" )} /* x */ @media print{.b{stroke:url(#h)}}`)
	f.Add(`/* @import url(http://x/) */ .a{fill:red}`)
	f.Fuzz(func(t *testing.T, s string) {
		msg, at := cssProblem(s)
		if at < 0 || at > len(s) || (msg == "" && at != 0) {
			t.Fatalf("cssProblem(%q) = %q at %d", s, msg, at)
		}
		// Whatever passes holds no url() but url(#id), and no @import.
		if msg == "" {
			// Outside comments, that is (an unterminated one runs to the end).
			low := strings.ToLower(cssComment.ReplaceAllString(s, ""))
			for i := strings.Index(low, "url("); i >= 0; i = strings.Index(low, "url(") {
				if !localRef(low[i+4:]) {
					t.Fatalf("cssProblem(%q) allowed %q", s, urlToken(low[i:]))
				}
				low = low[i+4:]
			}
			if strings.Contains(strings.ToLower(cssComment.ReplaceAllString(s, "")), "@import") {
				t.Fatalf("cssProblem(%q) allowed @import", s)
			}
		}
	})
}
