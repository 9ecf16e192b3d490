package themes

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"testing"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var l [3]float64
	for i := range l {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// TestContrast checks that every text colour of the default theme has a
// contrast of at least 4.5:1 on the backgrounds it is used on.
func TestContrast(t *testing.T) {
	css, err := fs.ReadFile(Default(), "static/assets/rosette.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"white": "#ffffff"}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6});`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	pairs := [][2]string{
		{"text", "bg"}, {"text", "soft"}, {"muted", "bg"}, {"muted", "soft"},
		{"accent", "bg"}, {"accent", "soft"}, {"accent-dark", "soft"}, {"white", "accent"}, {"white", "accent-dark"},
		{"valid", "valid-bg"}, {"expired", "expired-bg"}, {"revoked", "revoked-bg"},
		{"white", "valid"}, {"white", "expired"}, {"white", "revoked"}, {"text", "valid-bg"}, {"text", "expired-bg"}, {"text", "revoked-bg"},
		{"valid", "soft"}, {"revoked", "soft"}, {"expired", "soft"},
	}
	for _, p := range pairs {
		fg, bg := vars[p[0]], vars[p[1]]
		if fg == "" || bg == "" {
			t.Errorf("colour --%s or --%s is not defined", p[0], p[1])
			continue
		}
		a, b := luminance(t, fg), luminance(t, bg)
		ratio := (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
		if ratio < 4.5 {
			t.Errorf("--%s (%s) on --%s (%s): contrast %.2f:1, want at least 4.5:1", p[0], fg, p[1], bg, ratio)
		}
	}
}
