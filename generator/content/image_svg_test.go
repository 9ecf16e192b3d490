package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestSVGSizeLimits checks that an SVG badge gets the same upper size
// limit as a PNG, whether its size comes from width and height or from
// the viewBox, and that numbers that are not finite are refused.
func TestSVGSizeLimits(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" `
	for _, tt := range []struct{ name, svg, want string }{
		{"huge width and height", open + `width="100000" height="100000" viewBox="0 0 1 1"/>`, "content/badges/git.svg:1:1: SVG is 100000×100000 px (width and height, else the viewBox); it must be at most 4096×4096"},
		{"huge viewBox", open + `viewBox="0 0 1e300 1e300"/>`, "content/badges/git.svg:1:1: SVG is 1e+300×1e+300 px (width and height, else the viewBox); it must be at most 4096×4096"},
		{"infinite viewBox", open + `viewBox="0 0 Inf Inf"/>`, `content/badges/git.svg:1:1: SVG viewBox "0 0 Inf Inf" is not four numbers`},
		{"NaN viewBox", open + `viewBox="0 0 NaN NaN"/>`, `content/badges/git.svg:1:1: SVG viewBox "0 0 NaN NaN" is not four numbers`},
		{"infinite width", open + `width="Inf" height="Inf"/>`, "content/badges/git.svg:1:1: SVG has neither width and height nor a viewBox"},
		{"large viewBox scaled down", open + `width="256" height="256" viewBox="0 0 100000 100000"/>`, ""},
		{"icon-sized viewBox", open + `viewBox="0 0 24 24"/>`, ""},
	} {
		fsys := baseSite()
		delete(fsys, "content/badges/git.png")
		fsys["content/badges/git.svg"] = &fstest.MapFile{Data: []byte(tt.svg)}
		_, err := Load(fsys, Options{})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tt.want == "" && err != nil || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
