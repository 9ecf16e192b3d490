package render

import "testing"

// BenchmarkAwardPage executes the default theme's award page with
// html/template (Exact) and with its compiled program.
func BenchmarkAwardPage(b *testing.B) {
	p, s := multiIssuerSite(b)
	page := p.Award(s.Award("awardbeta"))
	for _, exact := range []bool{true, false} {
		name := "compiled"
		if exact {
			name = "html-template"
		}
		b.Run(name, func(b *testing.B) {
			p.Theme.Exact = exact
			if _, err := p.Theme.Bytes(page); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Theme.Bytes(page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
