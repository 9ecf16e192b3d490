package generator

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"rosette/generator/synth"
)

// TestFullDisk builds into a small file system of its own (a tmpfs that
// .ci/run mounts, as root, and names in ROSETTE_TMPFS) that a filler file
// has all but filled: a build that does not fit fails, leaves the output
// as it was and gives back the space it took; a build of content that
// shrank to fit then succeeds, and so does the full build once the
// filler is gone — without anyone deleting a file of rosette's.
func TestFullDisk(t *testing.T) {
	disk := os.Getenv("ROSETTE_TMPFS")
	if disk == "" {
		t.Skip("ROSETTE_TMPFS does not name a small file system to fill (.ci/run mounts one as root)")
	}
	work := t.TempDir() // the site, and its manifests, are not on the small disk
	root := filepath.Join(work, "site")
	if _, err := synth.Write(root, synth.Options{Awards: 300, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	out, err := os.MkdirTemp(disk, "full-disk-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(out)
	opts := Options{Source: root, Destination: filepath.Join(out, "public"), Clock: goldenClock}

	// Shrunk content: all but every tenth award gone.
	awards, _ := filepath.Glob(filepath.Join(root, "content", "awards", "*", "*.toml"))
	if len(awards) == 0 {
		awards, _ = filepath.Glob(filepath.Join(root, "content", "awards", "*.toml"))
	}
	saved := map[string][]byte{}
	for i, a := range awards {
		if i%10 != 0 {
			data, err := os.ReadFile(a)
			if err != nil {
				t.Fatal(err)
			}
			saved[a] = data
		}
	}
	shrink := func(yes bool) {
		for p, data := range saved {
			if yes {
				os.Remove(p)
			} else if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// How much of the disk each output takes, and what a fresh build
	// of the shrunk content makes.
	free0 := freeSpace(t, disk)
	shrink(true)
	small := opts
	small.Destination = filepath.Join(out, "small")
	if _, err := Build(small); err != nil {
		t.Fatal(err)
	}
	smallUse := free0 - freeSpace(t, disk)
	wantSmall := readTree(t, small.Destination)
	os.RemoveAll(small.Destination)
	shrink(false)
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	fullUse := free0 - freeSpace(t, disk)
	before := readTree(t, opts.Destination)
	if fullUse < 2*smallUse {
		t.Fatalf("the full output takes %d bytes, the shrunk one %d: too close to tell", fullUse, smallUse)
	}

	// Fill the disk but for room for the shrunk output and a half.
	filler := filepath.Join(out, "filler")
	fill(t, filler, freeSpace(t, disk)-smallUse*3/2)
	free := freeSpace(t, disk)
	t.Logf("full output %d bytes, shrunk %d, free after filling %d", fullUse, smallUse, free)

	// The full build does not fit.
	_, err = Build(opts)
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("build on a full disk: %v, want no space left", err)
	}
	if d := diffTrees(readTree(t, opts.Destination), before); len(d) > 0 {
		t.Fatalf("output changed after a failed build:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}
	if got := freeSpace(t, disk); got < free {
		t.Errorf("the failed build kept %d bytes of the disk", free-got)
	}
	checkOnly(t, out, "filler", "public")

	// The shrunk content fits.
	shrink(true)
	if _, err := Build(opts); err != nil {
		t.Fatalf("build of shrunk content on a full disk: %v", err)
	}
	if d := diffTrees(readTree(t, opts.Destination), wantSmall); len(d) > 0 {
		t.Fatalf("output of shrunk content:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}

	// Space freed, the full content builds again.
	shrink(false)
	os.Remove(filler)
	if _, err := Build(opts); err != nil {
		t.Fatalf("build once space was freed: %v", err)
	}
	if d := diffTrees(readTree(t, opts.Destination), before); len(d) > 0 {
		t.Fatalf("output once space was freed:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}
	checkOnly(t, out, ".public.prev", "public")
}

// freeSpace is the space left on the file system of dir, in bytes.
func freeSpace(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// fill writes a file of n bytes at p.
func fill(t *testing.T, p string, n int64) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for n > 0 {
		w, err := f.Write(buf[:min(int64(len(buf)), n)])
		if err != nil {
			t.Fatal(err)
		}
		n -= int64(w)
	}
}

// checkOnly checks that dir holds exactly the entries names, sorted.
func checkOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
