package artwork

import (
	"bytes"
	"image/png"
	"testing"
)

func TestBadgeIsSquareTransparentPNG(t *testing.T) {
	for g := 0; g < Glyphs; g++ {
		data := Badge(96, Palette[g%len(Palette)], Glyph(g))
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 96 || b.Dy() != 96 {
			t.Fatalf("glyph %d: %v", g, b)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("glyph %d: corner is not transparent", g)
		}
		if _, _, _, a := img.At(48, 48).RGBA(); a != 0xffff {
			t.Errorf("glyph %d: centre is not opaque", g)
		}
		if !bytes.Equal(data, Badge(96, Palette[g%len(Palette)], Glyph(g))) {
			t.Errorf("glyph %d: not deterministic", g)
		}
	}
}
