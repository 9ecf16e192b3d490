package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Open Badges 3.0 baking: the signed credential JSON in a PNG iTXt chunk
// with keyword openbadgecredential, or in an SVG <openbadges:credential>
// element whose prefix is bound to NamespaceV3. A 3.0 image is a file of
// its own beside the 2.0 one: one SVG cannot bind the openbadges prefix to
// both namespaces.

// KeywordV3 is the keyword of the PNG text chunk of a baked credential.
const KeywordV3 = "openbadgecredential"

// NamespaceV3 is the XML namespace of the baked credential element.
const NamespaceV3 = "https://purl.imsglobal.org/ob/v3p0"

// ErrNoCredential means the image carries no baked Open Badges 3.0
// credential.
var ErrNoCredential = errors.New("the image carries no baked Open Badges 3.0 credential (no openbadgecredential chunk or openbadges:credential element)")

// AppendCredential appends the image with credential (the signed
// credential's JSON, or its VC-JWT) baked in to dst: one uncompressed iTXt
// chunk, keyword openbadgecredential, empty language tag and translated
// keyword, right after IHDR.
func (p *PNG) AppendCredential(dst, credential []byte) ([]byte, error) {
	return p.appendText(dst, KeywordV3, credential)
}

// UnbakeCredentialPNG returns the credential baked into a PNG: the text of
// its single openbadgecredential chunk.
func UnbakeCredentialPNG(img []byte) (string, error) { return unbakePNG(img, KeywordV3) }

// AppendCredential appends the image with credential baked in to dst: the
// root declares xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" and
// its first child is one <openbadges:credential> holding credential in
// CDATA. An image that binds the prefix to the 2.0 namespace, or that holds
// a baked 2.0 assertion, is refused.
func (s *SVG) AppendCredential(dst, credential []byte) ([]byte, error) {
	if len(credential) == 0 {
		return nil, errors.New("nothing to bake: the credential is empty")
	}
	img, doc := s.img, s.doc
	if doc.declared || len(doc.assertions) > 0 {
		return nil, errors.New("the SVG holds the Open Badges 2.0 namespace or a baked assertion: bake a 3.0 credential into the unbaked image")
	}
	dst = slices.Grow(dst, len(img)+len(credential)+160)
	tagEnd := doc.root.end - 1
	if doc.selfClose {
		tagEnd--
	}
	dst = append(dst, img[:tagEnd]...)
	dst = append(dst, ` xmlns:openbadges="`+NamespaceV3+`"><openbadges:credential><![CDATA[`...)
	for rest := credential; ; {
		i := bytes.Index(rest, []byte("]]>"))
		if i < 0 {
			dst = append(dst, rest...)
			break
		}
		dst = append(append(dst, rest[:i]...), "]]]]><![CDATA[>"...)
		rest = rest[i+3:]
	}
	dst = append(dst, "]]></openbadges:credential>"...)
	if doc.selfClose {
		dst = append(dst, "</svg>"...)
	}
	return append(dst, img[doc.root.end:]...), nil
}

// UnbakeCredentialSVG returns the credential baked into an SVG: the text
// of its single openbadges:credential element (namespace NamespaceV3).
func UnbakeCredentialSVG(img []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(img))
	dec.Strict = true
	var text []byte
	found, inside := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			return "", fmt.Errorf("not a well-formed SVG file: %d:%d: %v", line, col, syntaxMessage(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space == NamespaceV3 && t.Name.Local == "credential" {
				if inside == 0 {
					found++
				}
				inside++
			}
		case xml.EndElement:
			if t.Name.Space == NamespaceV3 && t.Name.Local == "credential" {
				inside--
			}
		case xml.CharData:
			if inside > 0 && found == 1 {
				text = append(text, t...)
			}
		}
	}
	switch {
	case found == 0:
		return "", ErrNoCredential
	case found > 1:
		return "", fmt.Errorf("corrupt baked SVG: %d openbadges:credential elements, want one", found)
	}
	text = bytes.TrimSpace(text)
	if len(text) == 0 {
		return "", errors.New("corrupt baked SVG: the openbadges:credential element is empty")
	}
	return string(text), nil
}
