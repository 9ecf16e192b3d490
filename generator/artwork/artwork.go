// Package artwork draws simple, good-looking square badge images — a
// scalloped rosette with a glyph — for new sites and synthetic test sites,
// so that an issuer has a real PNG to start from before a designer makes one.
package artwork

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Glyph is the symbol in the middle of a badge.
type Glyph int

// Glyphs.
const (
	Star Glyph = iota
	Check
	Code
	Chart
	Heart
	numGlyphs
)

// Glyphs is the number of glyphs; Glyph(i % Glyphs) is always valid.
const Glyphs = int(numGlyphs)

// Palette colors for badges, chosen so white glyphs on them keep a contrast
// ratio of at least 4.5:1.
var Palette = []color.RGBA{
	{0x1d, 0x4e, 0x89, 0xff}, // blue
	{0x0b, 0x6e, 0x4f, 0xff}, // green
	{0x8a, 0x2b, 0x7a, 0xff}, // purple
	{0xa6, 0x3d, 0x00, 0xff}, // burnt orange
	{0x9b, 0x1c, 0x31, 0xff}, // crimson
	{0x2f, 0x4f, 0x4f, 0xff}, // slate
}

// Badge draws a size×size PNG badge in the given color with a glyph.
func Badge(size int, c color.RGBA, g Glyph) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // supersampling per axis
	dark := shade(c, 0.72)
	light := color.RGBA{0xff, 0xff, 0xff, 0xff}
	gold := color.RGBA{0xf2, 0xc1, 0x4e, 0xff}
	s := float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, gg, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					// coordinates in [-1, 1]
					x := (float64(px)+(float64(sx)+0.5)/ss)/s*2 - 1
					y := (float64(py)+(float64(sy)+0.5)/ss)/s*2 - 1
					col, ok := sample(x, y, c, dark, light, gold, g)
					if ok {
						r += float64(col.R)
						gg += float64(col.G)
						b += float64(col.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			i := img.PixOffset(px, py)
			img.Pix[i+0] = uint8(r/a + 0.5)
			img.Pix[i+1] = uint8(gg/a + 0.5)
			img.Pix[i+2] = uint8(b/a + 0.5)
			img.Pix[i+3] = uint8(a/(ss*ss)*255 + 0.5)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return buf.Bytes()
}

func shade(c color.RGBA, f float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), 0xff}
}

// sample returns the color at (x, y) in [-1,1]², and whether it is inside
// the badge.
func sample(x, y float64, c, dark, light, gold color.RGBA, g Glyph) (color.RGBA, bool) {
	r := math.Hypot(x, y)
	th := math.Atan2(y, x)
	edge := 0.93 + 0.05*math.Cos(18*th)
	switch {
	case r > edge:
		return color.RGBA{}, false
	case r > 0.80:
		return c, true
	case r > 0.74:
		return gold, true
	}
	if glyph(g, x/0.74, y/0.74) {
		return light, true
	}
	return dark, true
}

// glyph reports whether (x, y), in the unit disc, is inside the glyph.
func glyph(g Glyph, x, y float64) bool {
	switch g {
	case Check:
		return segDist(x, y, -0.45, 0.0, -0.12, 0.35) < 0.11 || segDist(x, y, -0.12, 0.35, 0.5, -0.35) < 0.11
	case Code:
		w := 0.09
		return segDist(x, y, -0.2, -0.4, -0.55, 0) < w || segDist(x, y, -0.55, 0, -0.2, 0.4) < w ||
			segDist(x, y, 0.2, -0.4, 0.55, 0) < w || segDist(x, y, 0.55, 0, 0.2, 0.4) < w ||
			segDist(x, y, 0.1, -0.5, -0.1, 0.5) < 0.06
	case Chart:
		bars := [][4]float64{{-0.5, -0.25, 0.1, 0.45}, {-0.15, 0.1, -0.2, 0.45}, {0.2, 0.45, -0.5, 0.45}}
		for _, b := range bars {
			if x >= b[0] && x <= b[1] && y >= b[2] && y <= b[3] {
				return true
			}
		}
		return false
	case Heart:
		// (x² + y² − 1)³ − x² y³ ≤ 0, scaled and flipped so it points down.
		hx, hy := x/0.55, -(y/0.55 - 0.1)
		q := hx*hx + hy*hy - 1
		return q*q*q-hx*hx*hy*hy*hy <= 0
	default: // Star
		return inStar(x, y, 0.62, 0.26, 5)
	}
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := ((px-ax)*dx + (py-ay)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-(ax+t*dx), py-(ay+t*dy))
}

func inStar(x, y, outer, inner float64, points int) bool {
	n := points * 2
	var poly [][2]float64
	for i := 0; i < n; i++ {
		rad := outer
		if i%2 == 1 {
			rad = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/float64(points)
		poly = append(poly, [2]float64{rad * math.Cos(a), rad * math.Sin(a)})
	}
	in := false
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		xi, yi, xj, yj := poly[i][0], poly[i][1], poly[j][0], poly[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}
