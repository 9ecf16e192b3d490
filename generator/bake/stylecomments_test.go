package bake

import (
	"strings"
	"testing"
)

// TestStyleCommentsPromise checks what the documentation promises about
// comments in a <style> sheet: an XML comment (or a child element) inside
// <style> is refused wherever the sheet is, since a parser that drops it
// joins the text around it; a CSS comment is allowed, unless removing it
// would make a refused construct; and an allowed sheet stays allowed, and
// joins nothing, once minified (the minified SVG is checked again).
func TestStyleCommentsPromise(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">`
	refused := []svgCase{
		{"XML comment", head + `<style>rect{fill:red}<!-- note --></style></svg>`, "must not hold XML comments"},
		{"empty XML comment", head + `<style>@imp<!---->ort "x.css";</style></svg>`, "must not hold XML comments"},
		{"XML comment after CDATA", head + `<style><![CDATA[rect{fill:red}]]><!--x--></style></svg>`, "must not hold XML comments"},
		{"XML comment in a nested style", head + `<g><g><style>rect{fill:red}<!--x--></style></g></g></svg>`, "must not hold XML comments"},
		{"XML comment in a prefixed style", head + `<s:style xmlns:s="http://www.w3.org/2000/svg">rect{}<!--x--></s:style></svg>`, "must not hold XML comments"},
		{"child element", head + `<style>rect{fill:red}<g/></style></svg>`, "must hold only CSS text"},
		{"comment inside a child element", head + `<style><title><!--x--></title></style></svg>`, "must hold only CSS text"},
		{"CSS comment joining @import", head + `<style>@im/**/port "http://evil.example/x.css";</style></svg>`, "uses @import"},
		{"CSS comment joining url(", head + `<style>rect{fill:u/* */rl(http://evil.example/)}</style></svg>`, "only url(#id)"},
		{"CSS comment around a url", head + `<style>/* a */rect{fill:url(http://evil.example/)}/* b */</style></svg>`, "only url(#id)"},
		{"comment-like text in a style attribute", head + `<rect style="fill:u/**/rl(http://evil.example/)"/></svg>`, "only url(#id)"},
		{"CSS comment in a presentation attribute", head + `<rect fill="u/**/rl(http://evil.example/)"/></svg>`, "only url(#id)"},
	}
	for _, tt := range refused {
		var msgs []string
		for _, p := range CheckSVG([]byte(tt.in)) {
			msgs = append(msgs, p.Msg)
		}
		if !strings.Contains(strings.Join(msgs, "\n"), tt.want) {
			t.Errorf("%s: problems %q, want one containing %q", tt.name, msgs, tt.want)
		}
	}
	allowed := []string{
		head + `<style>/* colours */ rect { fill: #c00 } /* end */</style><rect width="9" height="9"/></svg>`,
		head + `<style><![CDATA[ /* a */ .a { fill: url(#g) } ]]></style></svg>`,
		head + `<style>.a{fill:red} /* unterminated, to the end of the sheet: url(http://evil.example/)</style></svg>`,
		head + `<style>.a{fill:red}/* @import "x.css"; */</style></svg>`,
	}
	for _, in := range allowed {
		if ps := CheckSVG([]byte(in)); len(ps) != 0 {
			t.Errorf("refused %s: %v", in, ps)
			continue
		}
		min, err := MinifySVG([]byte(in))
		if err != nil {
			t.Errorf("MinifySVG(%s): %v", in, err)
			continue
		}
		if ps := CheckSVG(min); len(ps) != 0 {
			t.Errorf("minified %s\n  to %s\n  refused: %v", in, min, ps)
		}
		if s := string(min); strings.Contains(s, "@import") && !strings.Contains(s, "/*") {
			t.Errorf("minifying %s joined a comment into the sheet: %s", in, s)
		}
	}
}
