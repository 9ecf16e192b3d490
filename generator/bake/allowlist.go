package bake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Problem is one reason an SVG is refused, at a line and column (1-based)
// of the SVG file.
type Problem struct {
	Line, Col int
	Msg       string
}

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
)

// allowedElements are the SVG elements a contributed badge image may use:
// static shapes, text, paint servers, clipping, masking and filters. No
// scripting, animation, links, foreign content or nested documents.
var allowedElements = set(`svg g defs title desc metadata symbol use path rect circle ellipse line
	polyline polygon text tspan textPath linearGradient radialGradient stop clipPath mask pattern
	marker image style filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
	feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG
	feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
	feSpecularLighting feSpotLight feTile feTurbulence`)

// allowedAttrs are the attributes (without namespace) allowed on any
// allowed element: geometry, presentation and accessibility.
var allowedAttrs = set(`id class style transform lang tabindex role aria-label aria-labelledby
	aria-describedby aria-hidden focusable version baseProfile viewBox preserveAspectRatio x y x1 y1
	x2 y2 cx cy r rx ry fx fy fr width height d points pathLength href
	fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
	stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow
	clip clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits
	font font-family font-size font-size-adjust font-weight font-style font-variant font-stretch
	text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
	text-decoration writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust
	startOffset method spacing side
	gradientUnits gradientTransform spreadMethod offset stop-color stop-opacity
	patternUnits patternContentUnits patternTransform
	marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient
	filter filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values
	type tableValues slope intercept amplitude exponent baseFrequency numOctaves seed stitchTiles
	scale xChannelSelector yChannelSelector radius edgeMode kernelMatrix order divisor bias
	targetX targetY preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent
	kernelUnitLength azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle
	flood-color flood-opacity lighting-color color-interpolation color-interpolation-filters
	shape-rendering text-rendering image-rendering vector-effect paint-order mix-blend-mode isolation
	media`)

// textAttrs are the allowed attributes whose values are plain text or
// names (labels, ids, classes), never parsed as CSS or a URL; every other
// attribute value is checked as CSS, since browsers parse presentation
// attributes as CSS.
var textAttrs = set(`id class lang role tabindex focusable aria-label aria-labelledby aria-describedby aria-hidden`)

// dataImage is the one kind of URL allowed besides #id: an embedded
// raster image, on <image> only.
var dataImage = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$`)

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// CheckSVG checks an untrusted SVG against the allowlist and returns every
// problem found, in file order. A well-formed SVG that passes is safe to
// serve and to show inline: it cannot run script, load anything from
// elsewhere or declare entities.
func CheckSVG(data []byte) []Problem {
	c := &svgChecker{data: data, dec: xml.NewDecoder(bytes.NewReader(data))}
	c.dec.Strict = true
	c.run()
	return c.problems
}

type svgChecker struct {
	data     []byte
	dec      *xml.Decoder
	problems []Problem
	line     int // position of the current token
	col      int
	style    *styleSheet // the <style> element being read, or nil
}

// styleSheet collects the text of a <style> element, which is checked as a
// whole when the element ends: comments and CDATA sections cannot split a
// keyword across tokens.
type styleSheet struct {
	depth int
	text  strings.Builder
	segs  []textSegment
}

// textSegment is where a piece of the style text starts in the file.
type textSegment struct{ start, line, col int }

func (c *svgChecker) addf(line, col int, format string, args ...any) {
	line, col = max(line, 1), max(col, 1)
	c.problems = append(c.problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (c *svgChecker) run() {
	depth, skip := 0, 0
	sawRoot := false
	for {
		c.line, c.col = c.dec.InputPos()
		off := int(c.dec.InputOffset())
		tok, err := c.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := c.dec.InputPos()
			c.addf(line, col, "SVG is not well-formed XML: %s", syntaxMessage(err))
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			c.addf(c.line, c.col, "SVG must not have a DOCTYPE or entity declarations (<!%s…>)", firstWord(t))
		case xml.ProcInst:
			if t.Target != "xml" {
				c.addf(c.line, c.col, "SVG must not have the processing instruction <?%s?>", t.Target)
			}
		case xml.Comment:
			if c.style != nil && skip == 0 {
				c.addf(c.line, c.col, "<style> must not hold XML comments (use /* … */ in CSS)")
			}
		case xml.StartElement:
			depth++
			if depth == 1 {
				sawRoot = true
				if t.Name.Local != "svg" {
					c.addf(c.line, c.col, "not an SVG file: the root element is <%s>", t.Name.Local)
					return
				}
			}
			if skip > 0 {
				skip++
				continue
			}
			if c.style != nil {
				c.addf(c.line, c.col, "<style> must hold only CSS text, not an element <%s>", t.Name.Local)
				skip = 1
				continue
			}
			tag := c.data[off:int(c.dec.InputOffset())]
			if !c.element(t, tag) {
				skip = 1 // report the element once, not its children
				continue
			}
			if t.Name.Local == "style" {
				c.style = &styleSheet{depth: depth}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
			} else if c.style != nil && depth == c.style.depth {
				c.styleSheet()
			}
			depth--
		case xml.CharData:
			if c.style != nil && skip == 0 {
				line, col := c.line, c.col
				if bytes.HasPrefix(c.data[off:], []byte("<![CDATA[")) {
					col += len("<![CDATA[")
				}
				st := c.style
				st.segs = append(st.segs, textSegment{start: st.text.Len(), line: line, col: col})
				st.text.Write(t)
			}
		}
	}
	if !sawRoot {
		c.addf(1, 1, "not an SVG file: no root element")
	}
}

// styleSheet checks the text of the <style> element that just ended, and
// reports a problem where it is in the file.
func (c *svgChecker) styleSheet() {
	st := c.style
	c.style = nil
	text := st.text.String()
	msg, at := cssProblem(text)
	if msg == "" {
		return
	}
	seg := st.segs[0]
	for _, s := range st.segs {
		if s.start <= at {
			seg = s
		}
	}
	line, col := seg.line, seg.col
	for _, b := range []byte(text[seg.start:at]) {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	c.addf(line, col, "<style> %s", msg)
}

func firstWord(b []byte) string {
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// element checks one start tag and its attributes; it reports false when
// the element itself is refused.
func (c *svgChecker) element(t xml.StartElement, tag []byte) bool {
	name := t.Name.Local
	switch {
	case isAssertion(t.Name):
		return true // a baked assertion; baking replaces it
	case t.Name.Space != "" && t.Name.Space != svgNS:
		c.addf(c.line, c.col, "element <%s> from namespace %q is not allowed in a badge SVG", name, t.Name.Space)
		return false
	case name == "script":
		c.addf(c.line, c.col, "<script> is not allowed in a badge SVG")
		return false
	case name == "foreignObject":
		c.addf(c.line, c.col, "<foreignObject> is not allowed in a badge SVG")
		return false
	case !allowedElements[name]:
		c.addf(c.line, c.col, "element <%s> is not allowed in a badge SVG (only static shapes, text, gradients, patterns, clips, masks and filters)", name)
		return false
	}
	for _, a := range t.Attr {
		line, col := c.attrPos(tag, a.Name.Local)
		c.attr(name, a, line, col)
	}
	return true
}

// attr checks one attribute of an allowed element.
func (c *svgChecker) attr(elem string, a xml.Attr, line, col int) {
	local, space := a.Name.Local, a.Name.Space
	switch {
	case strings.HasPrefix(strings.ToLower(local), "on"):
		c.addf(line, col, "event handler attribute %s= is not allowed in a badge SVG", local)
		return
	case space == "xmlns" || (space == "" && local == "xmlns"):
		if a.Value != svgNS && a.Value != xlinkNS && a.Value != Namespace {
			c.addf(line, col, "namespace %q is not allowed in a badge SVG (only SVG and XLink)", a.Value)
		}
		return
	case space == xmlNS:
		if local != "space" && local != "lang" {
			c.addf(line, col, "attribute xml:%s is not allowed in a badge SVG", local)
		}
		return
	case space == xlinkNS && local == "href", space == "" && local == "href":
		c.href(elem, a.Value, line, col)
		return
	case space == xlinkNS && local == "title":
		return
	case space != "":
		c.addf(line, col, "attribute %s from namespace %q is not allowed in a badge SVG", local, space)
		return
	case !allowedAttrs[local]:
		c.addf(line, col, "attribute %s= is not allowed in a badge SVG", local)
		return
	}
	if textAttrs[local] {
		return // plain text, never parsed as CSS or a URL
	}
	what := "attribute " + local + "="
	if local == "style" {
		what = "style attribute"
	}
	if msg, _ := cssProblem(a.Value); msg != "" {
		c.addf(line, col, "%s %s", what, msg)
	}
}

// href allows references into the same file, and embedded raster images
// on <image>.
func (c *svgChecker) href(elem, v string, line, col int) {
	s := strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(s, "#"):
	case elem == "image" && dataImage.MatchString(s):
	case strings.HasPrefix(strings.ToLower(strings.Join(strings.Fields(s), "")), "javascript:"):
		c.addf(line, col, "href holds a javascript: URL")
	default:
		c.addf(line, col, "href %q is an external reference: only #id references (and data:image URLs on <image>) are allowed", shorten(s))
	}
}

// attrPos finds the line and column of an attribute inside the raw start
// tag that begins at the current position; it falls back to the tag.
func (c *svgChecker) attrPos(tag []byte, local string) (int, int) {
	i := 0
	for {
		j := bytes.Index(tag[i:], []byte(local))
		if j < 0 {
			return c.line, c.col
		}
		k := i + j
		before := byte(' ')
		if k > 0 {
			before = tag[k-1]
		}
		rest := bytes.TrimLeft(tag[k+len(local):], " \t\r\n")
		if (before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == ':') && bytes.HasPrefix(rest, []byte("=")) {
			if before == ':' { // point at the prefix
				for k > 0 && !isSpace(tag[k-1]) {
					k--
				}
			}
			line, col := c.line, c.col
			for _, b := range tag[:k] {
				if b == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
			}
			return line, col
		}
		i = k + len(local)
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func shorten(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
