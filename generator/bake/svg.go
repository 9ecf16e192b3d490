package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/svg"
)

// Namespace is the XML namespace of the baked assertion element.
const Namespace = "http://openbadges.org"

// span is a byte range of an SVG file.
type span struct{ start, end int }

// svgDoc is what baking needs to know about an SVG file.
type svgDoc struct {
	root       span   // the root start tag
	selfClose  bool   // the root is <svg …/>
	declared   bool   // the root declares xmlns:openbadges
	assertions []span // openbadges:assertion elements
	verify     string // verify attribute of the (single) assertion element
	text       []byte // character data of the (single) assertion element
}

// readSVG parses an SVG file and finds its root start tag and any baked
// assertion elements.
func readSVG(data []byte) (*svgDoc, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	doc := &svgDoc{}
	depth, inAssertion := 0, 0
	var start int
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			return nil, fmt.Errorf("not a well-formed SVG file: %d:%d: %v", line, col, syntaxMessage(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "svg" {
					return nil, fmt.Errorf("not an SVG file: the root element is <%s>", t.Name.Local)
				}
				end := int(dec.InputOffset())
				doc.root = span{off, end}
				doc.selfClose = bytes.HasSuffix(data[off:end], []byte("/>"))
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Name.Local == Keyword {
						if a.Value != Namespace {
							return nil, fmt.Errorf("the SVG binds the prefix openbadges to %q, not %q", a.Value, Namespace)
						}
						doc.declared = true
					}
				}
			}
			if isAssertion(t.Name) {
				if inAssertion == 0 {
					start = off
					if len(doc.assertions) == 0 {
						for _, a := range t.Attr {
							if a.Name.Space == "" && a.Name.Local == "verify" {
								doc.verify = a.Value
							}
						}
					}
				}
				inAssertion++
			}
		case xml.EndElement:
			depth--
			if isAssertion(t.Name) {
				inAssertion--
				if inAssertion == 0 {
					doc.assertions = append(doc.assertions, span{start, int(dec.InputOffset())})
				}
			}
		case xml.CharData:
			if inAssertion > 0 && len(doc.assertions) == 0 {
				doc.text = append(doc.text, t...)
			}
		}
	}
	if doc.root.end == 0 {
		return nil, errors.New("not an SVG file: no root element")
	}
	return doc, nil
}

// isAssertion reports whether an element is a baked assertion; an
// undeclared openbadges prefix counts, since baking declares it.
func isAssertion(n xml.Name) bool {
	return (n.Space == Namespace || n.Space == Keyword) && n.Local == "assertion"
}

// errNoVerify refuses a bake without a verify attribute.
var errNoVerify = errors.New("nothing to bake: the verify attribute is empty")

// BakeSVG returns img with an assertion baked in: the root declares
// xmlns:openbadges and its first child is one
// <openbadges:assertion verify="…"> holding assertionJSON in CDATA. verify
// is the assertion URL of a hosted award, or the compact JWS of a signed
// one. Earlier openbadges:assertion elements are removed; every other byte
// of img is kept, so minify img before baking, never after.
//
// To bake one image many times, parse it once with NewSVG.
func BakeSVG(img []byte, verify string, assertionJSON []byte) ([]byte, error) {
	if verify == "" {
		return nil, errNoVerify
	}
	s, err := NewSVG(img)
	if err != nil {
		return nil, err
	}
	return s.Append(nil, []byte(verify), assertionJSON)
}

// SVG is an image parsed once for baking many assertions into it: parsing
// costs some 50 µs for a badge of a few kilobytes, baking into the parsed
// image about a microsecond.
type SVG struct {
	img []byte
	doc *svgDoc
}

// NewSVG parses img for baking. img is kept, not copied: it must not
// change while the SVG is in use.
func NewSVG(img []byte) (*SVG, error) {
	doc, err := readSVG(img)
	if err != nil {
		return nil, err
	}
	return &SVG{img: img, doc: doc}, nil
}

// Append appends the image with an assertion baked in, as BakeSVG makes
// it, to dst.
func (s *SVG) Append(dst, verify, assertionJSON []byte) ([]byte, error) {
	if len(verify) == 0 {
		return nil, errNoVerify
	}
	img, doc := s.img, s.doc
	dst = slices.Grow(dst, len(img)+len(verify)+len(assertionJSON)+128)
	tagEnd := doc.root.end - 1 // the closing '>'
	if doc.selfClose {
		tagEnd--
	}
	dst = append(dst, img[:tagEnd]...)
	if !doc.declared {
		dst = append(dst, ` xmlns:openbadges="`+Namespace+`"`...)
	}
	dst = append(dst, `><openbadges:assertion verify="`...)
	dst = appendEscaped(dst, verify)
	dst = append(dst, `">`...)
	if len(assertionJSON) > 0 {
		dst = append(dst, "<![CDATA["...)
		for rest := assertionJSON; ; {
			i := bytes.Index(rest, []byte("]]>"))
			if i < 0 {
				dst = append(dst, rest...)
				break
			}
			dst = append(append(dst, rest[:i]...), "]]]]><![CDATA[>"...)
			rest = rest[i+3:]
		}
		dst = append(dst, "]]>"...)
	}
	dst = append(dst, `</openbadges:assertion>`...)
	if doc.selfClose {
		dst = append(dst, "</svg>"...)
	}
	prev := doc.root.end
	for _, a := range doc.assertions {
		dst = append(dst, img[prev:a.start]...)
		prev = a.end
	}
	return append(dst, img[prev:]...), nil
}

// appendEscaped appends text escaped as xml.EscapeText escapes it. A URL
// or a JWS has nothing to escape and is copied as it is.
func appendEscaped(dst, text []byte) []byte {
	plain := true
	for _, c := range text {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			plain = false
			break
		}
	}
	if plain {
		return append(dst, text...)
	}
	w := bytes.NewBuffer(dst)
	xml.EscapeText(w, text) // writing to a bytes.Buffer does not fail
	return w.Bytes()
}

// UnbakeSVG returns what is baked into an SVG: the verify attribute and the
// assertion JSON of its single openbadges:assertion element.
func UnbakeSVG(img []byte) (verify string, assertionJSON []byte, err error) {
	doc, err := readSVG(img)
	if err != nil {
		return "", nil, err
	}
	switch len(doc.assertions) {
	case 0:
		return "", nil, ErrUnbaked
	case 1:
	default:
		return "", nil, fmt.Errorf("corrupt baked SVG: %d openbadges:assertion elements, want one", len(doc.assertions))
	}
	text := bytes.TrimSpace(doc.text)
	if doc.verify == "" && len(text) == 0 {
		return "", nil, errors.New("corrupt baked SVG: the openbadges:assertion element has neither a verify attribute nor content")
	}
	return doc.verify, text, nil
}

// MinifySVG minifies an SVG, keeping the openbadges namespace so that a
// baked assertion survives. The minifier drops xml:space="preserve" and
// collapses the white space it protects, so an SVG that uses it is
// returned unchanged.
func MinifySVG(img []byte) ([]byte, error) {
	if preserveSpace.Match(img) {
		return img, nil
	}
	m := minify.New()
	m.Add("image/svg+xml", &svg.Minifier{KeepNamespaces: []string{Keyword}})
	// The minifier's lexer rewrites whitespace in its input: give it a
	// copy, since img is the badge image that is also published as it is.
	out, err := m.Bytes("image/svg+xml", bytes.Clone(img))
	if err != nil {
		return nil, fmt.Errorf("minify SVG: %v", err)
	}
	return out, nil
}

// preserveSpace finds an xml:space="preserve" attribute.
var preserveSpace = regexp.MustCompile(`xml:space\s*=\s*["']\s*preserve`)

// syntaxMessage drops the "XML syntax error on line N: " prefix that
// encoding/xml adds, since the position is reported separately.
func syntaxMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}
