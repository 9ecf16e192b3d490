// Package bake embeds an Open Badges assertion in a badge image and reads
// it back, and checks contributed SVG against an allowlist.
//
// A PNG carries the assertion in one iTXt chunk with keyword openbadges,
// right after IHDR; an SVG carries it in an <openbadges:assertion> element,
// the first child of the root. Baking splices bytes into the original image
// and never decodes or re-encodes it, so BakePNG/UnbakePNG and
// BakeSVG/UnbakeSVG are exact inverses.
package bake

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Baked is what an image carries.
type Baked struct {
	Format string // "png" or "svg"
	// Text is what a verifier starts from: the compact JWS of a signed
	// award, else the assertion JSON, else (an SVG with only a verify
	// attribute) the assertion URL.
	Text string
	// Verify is the SVG verify attribute (empty for a PNG).
	Verify string
	// Content is what the SVG assertion element holds (the assertion JSON
	// in CDATA), trimmed; empty for a PNG.
	Content string
}

// Unbake reads the assertion baked into a PNG or SVG image.
func Unbake(img []byte) (*Baked, error) {
	switch Format(img) {
	case "png":
		text, err := UnbakePNG(img)
		if err != nil {
			return nil, err
		}
		return &Baked{Format: "png", Text: text}, nil
	case "svg":
		verify, js, err := UnbakeSVG(img)
		if err != nil {
			return nil, err
		}
		b := &Baked{Format: "svg", Verify: verify, Text: string(js), Content: string(js)}
		if IsJWS(verify) || b.Text == "" {
			b.Text = verify
		}
		return b, nil
	}
	return nil, errors.New("not a PNG or SVG image")
}

// Format tells a PNG ("png") from an SVG ("svg") by their first bytes, or
// returns "".
func Format(img []byte) string {
	if bytes.HasPrefix(img, []byte(pngSignature)) {
		return "png"
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(img, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(s, []byte("<")) && bytes.Contains(img, []byte("<svg")) {
		return "svg"
	}
	return ""
}

// IsJWS reports whether s has the shape of a compact JWS: three base64url
// parts separated by dots.
func IsJWS(s string) bool {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return false
	}
	for _, p := range parts {
		for _, c := range p {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// FindBaked reports where an image carries a baked assertion, or an
// openbadges text chunk or element that looks like one: a PNG tEXt, zTXt
// or iTXt chunk with keyword openbadges or openbadgecredential, in any
// case (line 1, column 1; the message
// gives the byte offset), or an SVG <openbadges:assertion> element. A badge
// class image must not carry one, or everyone who downloads the badge
// image gets someone's award. It returns nil for an image without one,
// or one it cannot read.
func FindBaked(img []byte) *Problem {
	switch Format(img) {
	case "png":
		cs, err := readChunks(img)
		if err != nil {
			return nil
		}
		for _, c := range cs {
			if kw := textKeyword(c); isBakedKeyword(kw) {
				return &Problem{Line: 1, Col: 1, Msg: fmt.Sprintf("the image carries a baked assertion (an %s %s chunk at byte %d): a badge image must not carry an award; export it again without the chunk", strings.TrimSpace(kw), c.typ, c.start)}
			}
		}
	case "svg":
		doc, err := readSVG(img)
		if err != nil || len(doc.assertions) == 0 {
			return nil
		}
		off := doc.assertions[0].start
		line := 1 + bytes.Count(img[:off], []byte("\n"))
		col := 1 + off - (bytes.LastIndexByte(img[:off], '\n') + 1)
		return &Problem{Line: line, Col: col, Msg: "the image carries a baked assertion (<openbadges:assertion>): a badge image must not carry an award; remove the element"}
	}
	return nil
}
