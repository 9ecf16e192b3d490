package publish

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkRebuild writes a tree of 30,000 small files, as a build of
// 10,000 awards lays them out, into the previous output of the same
// files: the cost of a file that a rebuild leaves as it was.
func BenchmarkRebuild(b *testing.B) {
	dir := b.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	var paths []string
	for i := range 10_000 {
		id := fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15)
		paths = append(paths, "assertions/"+id+".json", "assertions/"+id+".jws", "assertions/"+id+"/index.html")
	}
	data := make([]byte, 1500)
	build := func() *Dir {
		d, err := Create(dest, "", manifests)
		if err != nil {
			b.Fatal(err)
		}
		d.Write(outputMarker, []byte("/*\n"))
		for _, p := range paths {
			if err := d.Write(p, data); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
		return d
	}
	build()
	build()
	b.ResetTimer()
	for b.Loop() {
		if d := build(); d.known.Load() < int64(len(paths))*9/10 {
			b.Fatalf("the manifest vouched for %d files of %d", d.known.Load(), len(paths))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/file")
}
