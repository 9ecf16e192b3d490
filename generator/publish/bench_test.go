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
	var paths []string
	for i := range 10_000 {
		id := fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15)
		paths = append(paths, "assertions/"+id+".json", "assertions/"+id+".jws", "assertions/"+id+"/index.html")
	}
	data := make([]byte, 1500)
	build := func() *Dir {
		return benchBuild(b, dir, func(d *Dir) {
			for _, p := range paths {
				if err := d.Write(p, data); err != nil {
					b.Fatal(err)
				}
			}
		})
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

// BenchmarkKeep keeps, in a rebuild, the three files of each of 30,000
// groups (an award's Open Badges 3.0 files) by their key: the lookups and
// the lstats of a file kept.
func BenchmarkKeep(b *testing.B) {
	dir := b.TempDir()
	var groups [][]string
	for i := range 30_000 {
		id := fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15)
		groups = append(groups, []string{"credentials/" + id + ".json", "credentials/" + id + ".jwt", "credentials/" + id + ".png"})
	}
	data := []byte("{}")
	kept := 0
	build := func() {
		benchBuild(b, dir, func(d *Dir) {
			for _, g := range groups {
				if ok, err := d.Keep(7, g...); err != nil {
					b.Fatal(err)
				} else if ok {
					kept++
					continue
				}
				for _, p := range g {
					if err := d.WriteKeyed(p, data, 7); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
	for range 4 { // written, written again, kept from the first, kept again
		build()
	}
	kept = 0
	b.ResetTimer()
	for b.Loop() {
		build()
	}
	if kept != b.N*len(groups) {
		b.Fatalf("kept %d groups of %d", kept, b.N*len(groups))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(groups)), "ns/group")
}

// benchBuild is one build of a benchmark into dir/public, its manifests
// in dir/manifests: write puts the files in.
func benchBuild(b *testing.B, dir string, write func(d *Dir)) *Dir {
	d, err := Create(filepath.Join(dir, "public"), "", filepath.Join(dir, "manifests"))
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Write(outputMarker, []byte("/*\n")); err != nil {
		b.Fatal(err)
	}
	write(d)
	if err := d.Commit(); err != nil {
		b.Fatal(err)
	}
	return d
}
