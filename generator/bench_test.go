package generator

import (
	"fmt"
	"path/filepath"
	"testing"

	"rosette/generator/internal/usage"
	"rosette/generator/synth"
)

// BenchmarkBuild builds synthetic sites of 1,000 and 10,000 awards, each
// iteration into a fresh destination, and reports awards per second and
// the peak RSS of the test process. rosette-bench (cmd/rosette-bench)
// measures larger sites against the floor of a plain writer.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("awards=%d", n), func(b *testing.B) {
			root := b.TempDir()
			if _, err := synth.Write(root, synth.Options{Awards: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			out := b.TempDir()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				dest := filepath.Join(out, fmt.Sprint(i))
				if _, err := Build(Options{Source: root, Destination: dest}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "awards/s")
			if rss := usage.MaxRSS(); rss > 0 {
				b.ReportMetric(float64(rss)/1e6, "peak-RSS-MB")
			}
		})
	}
}
