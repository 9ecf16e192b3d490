// Package imagecheck checks the images of a site as it loads: it is the
// content.Options.CheckImage hook of every build, made of the checks of
// package bake.
package imagecheck

import (
	"rosette/generator/bake"
	"rosette/generator/content"
)

// Check is the content.Options.CheckImage hook: contributed SVG must pass
// the allowlist, a PNG must be a sound chunk stream (lengths and CRCs) so
// that it can be baked, and neither may carry a baked assertion.
func Check(img *content.Image) content.Errors {
	var errs content.Errors
	if p := bake.FindBaked(img.Data); p != nil {
		errs = append(errs, &content.Error{Pos: content.Pos{Line: p.Line, Col: p.Col}, Msg: p.Msg})
	}
	switch img.Format {
	case "svg":
		for _, p := range bake.CheckSVG(img.Data) {
			errs = append(errs, &content.Error{Pos: content.Pos{Line: p.Line, Col: p.Col}, Msg: p.Msg})
		}
	case "png":
		if err := bake.CheckPNG(img.Data); err != nil {
			errs = append(errs, &content.Error{Pos: content.Pos{Line: 1, Col: 1}, Msg: err.Error()})
		}
	}
	return errs
}

// Text is the content.Options.ImageText hook: the text the address
// scan reads in an image, a PNG's ancillary chunks (decompressed, capped)
// or an SVG's whole source.
func Text(img *content.Image) []content.ImageText {
	if img.Format == "svg" {
		return []content.ImageText{{Text: img.Data}}
	}
	md, _ := bake.PNGMetadata(img.Data) // a bad chunk stream is reported by Check
	out := make([]content.ImageText, len(md))
	for i, m := range md {
		out[i] = content.ImageText{Text: m.Text, Where: "the " + m.Where}
	}
	return out
}
