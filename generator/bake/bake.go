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
		b := &Baked{Format: "svg", Verify: verify, Text: string(js)}
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
	if bytes.HasPrefix(img, pngSignature) {
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
