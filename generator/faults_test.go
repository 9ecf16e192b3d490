package generator

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rosette/generator/synth"
)

// killedChild names the site that a test binary run by TestKilledBuilds
// builds, and then exits.
const killedChild = "ROSETTE_TEST_KILLED_BUILD"

// TestKilledBuilds kills builds at random points (kill -9, a child
// process) and checks, after each, that the next build succeeds with
// exactly the output of its content, that the content is untouched, and
// that what the killed builds left behind is gone: beside the output only
// the output and its spare, and no unfinished manifest. The content
// switches between two versions, one with fewer awards, so that killed
// builds leave trees of both.
func TestKilledBuilds(t *testing.T) {
	if root := os.Getenv(killedChild); root != "" {
		if _, err := Build(Options{Source: root, Destination: filepath.Join(root, "..", "out", "public"), Clock: goldenClock}); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	switch runtime.GOOS {
	case "windows", "plan9", "solaris", "illumos", "aix", "js", "wasip1":
		t.Skip("no locks on build directories here: killed builds are cleaned up after a day")
	}
	work := t.TempDir()
	root := filepath.Join(work, "site")
	if _, err := synth.Write(root, synth.Options{Awards: 60, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "out")
	dest := filepath.Join(out, "public")

	// Version B removes every fourth award.
	awards, _ := filepath.Glob(filepath.Join(root, "content", "awards", "*", "*.toml"))
	if len(awards) == 0 {
		awards, _ = filepath.Glob(filepath.Join(root, "content", "awards", "*.toml"))
	}
	if len(awards) < 40 {
		t.Fatalf("%d award files", len(awards))
	}
	removed := map[string][]byte{}
	for i, a := range awards {
		if i%4 == 0 {
			data, err := os.ReadFile(a)
			if err != nil {
				t.Fatal(err)
			}
			removed[a] = data
		}
	}
	setVersion := func(b bool) {
		for p, data := range removed {
			if b {
				os.Remove(p)
			} else if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	reference := func(b bool) (map[string][]byte, map[string][]byte) {
		setVersion(b)
		ref := filepath.Join(work, "ref", "public")
		if _, err := Build(Options{Source: root, Destination: ref, Clock: goldenClock}); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(filepath.Dir(ref))
		return readTree(t, filepath.Join(root, "content")), readTree(t, ref)
	}
	contentB, wantB := reference(true)
	contentA, wantA := reference(false)

	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuilds$", "-test.count=1")
		cmd.Env = append(os.Environ(), killedChild+"="+root)
		return cmd
	}
	// The first build runs to its end and times a build in a child, and
	// how long it writes its output.
	start := time.Now()
	cmd := child()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	writing := waitWriting(out, 30*time.Second)
	if err := cmd.Wait(); err != nil {
		t.Fatal("build in a child process:", err)
	}
	full := time.Since(start)
	writes := full - writing.Sub(start)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	deadline := time.Now().Add(3 * time.Second)
	var killed atomic.Int64
	for i := 0; i < 20 && (i < 3 || time.Now().Before(deadline)); i++ {
		b := i%3 == 1
		setVersion(b)
		// Kill one build, or two in a row, at a random point.
		for range 1 + rng.IntN(2) {
			cmd := child()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if rng.IntN(3) == 0 { // anywhere
				time.Sleep(time.Duration(rng.Int64N(int64(full + full/4))))
			} else { // while it writes
				waitWriting(out, full)
				time.Sleep(time.Duration(rng.Int64N(int64(writes + writes/4))))
			}
			if cmd.Process.Kill() == nil {
				killed.Add(1)
			}
			cmd.Wait()
		}
		if _, err := Build(Options{Source: root, Destination: dest, Clock: goldenClock}); err != nil {
			t.Fatalf("iteration %d: the build after a killed one: %v", i, err)
		}
		wantContent, want := contentA, wantA
		if b {
			wantContent, want = contentB, wantB
		}
		if d := diffTrees(readTree(t, dest), want); len(d) > 0 {
			t.Fatalf("iteration %d: output after a killed build:\n%s", i, strings.Join(d[:min(len(d), 10)], "\n"))
		}
		if d := diffTrees(readTree(t, filepath.Join(root, "content")), wantContent); len(d) > 0 {
			t.Fatalf("iteration %d: content changed:\n%s", i, strings.Join(d, "\n"))
		}
		checkLeftovers(t, i, out, filepath.Join(root, ".rosette-cache", "outputs"), max(size(wantA), size(wantB)))
	}
	t.Logf("%d builds killed; a build takes %v, of which it writes for %v", killed.Load(), full, writes)
}

// waitWriting waits until a build writes its output beside out/public,
// for at most timeout, and returns the time it saw it.
func waitWriting(out string, timeout time.Duration) time.Time {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(200 * time.Microsecond) {
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".public.tmp-") {
				return time.Now()
			}
		}
	}
	return time.Now()
}

// size adds up the sizes of the files of a tree.
func size(tree map[string][]byte) int64 {
	var n int64
	for _, data := range tree {
		n += int64(len(data))
	}
	return n
}

// checkLeftovers checks that beside the output there is only the output
// and its spare, each of at most size bytes, and that the manifests are
// finished ones, of the output and the spare only.
func checkLeftovers(t *testing.T, i int, out, manifests string, size int64) {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if names = slices.DeleteFunc(names, func(n string) bool { return n == "public" || n == ".public.prev" }); len(names) > 0 {
		var inside []string
		for _, n := range names {
			es, _ := os.ReadDir(filepath.Join(out, n))
			for _, e := range es[:min(len(es), 5)] {
				inside = append(inside, n+"/"+e.Name())
			}
		}
		t.Fatalf("iteration %d: left beside the output: %v (holding %v)", i, names, inside)
	}
	if total := treeSize(t, out); total > 2*size {
		t.Fatalf("iteration %d: %d bytes in the output and beside it, more than two outputs of at most %d", i, total, size)
	}
	ms, err := os.ReadDir(manifests)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.HasPrefix(m.Name(), ".tmp-") {
			t.Fatalf("iteration %d: unfinished manifest left: %s", i, m.Name())
		}
	}
	if len(ms) > 2 {
		t.Fatalf("iteration %d: %d manifests kept, want at most 2 (output and spare)", i, len(ms))
	}
}

// treeSize adds up the sizes of the files under dir.
func treeSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		n += fi.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFailedBuildFreesItsTree fails a build halfway (an injected write
// error, as on a full disk) after a spare was kept, and checks that the
// partial tree is not kept for the next build to reuse, that the output
// is as it was, and that the next build succeeds with the right output.
func TestFailedBuildFreesItsTree(t *testing.T) {
	work := t.TempDir()
	root := filepath.Join(work, "site")
	if _, err := synth.Write(root, synth.Options{Awards: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "out")
	opts := Options{Source: root, Destination: filepath.Join(out, "public"), Clock: goldenClock}
	for range 2 { // the second keeps a spare
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	before := readTree(t, opts.Destination)
	var writes atomic.Int64
	failing := func(p Publisher) Publisher { return failAfter{p, &writes, 30} }
	if _, err := buildWrapped(opts, failing); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("build error = %v, want the injected failure", err)
	}
	if d := diffTrees(readTree(t, opts.Destination), before); len(d) > 0 {
		t.Fatalf("output changed after a failed build:\n%s", strings.Join(d, "\n"))
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "public" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("kept beside the output after a failed build: %v", names)
	}
	// The next build, with content that changed, succeeds and is exactly
	// what a build into a fresh directory makes.
	os.WriteFile(filepath.Join(root, "content", "issuers", "synth-academy.toml"), []byte("name = \"Renamed\"\nurl = \"https://academy.example.org/\"\nemail = \"badges@academy.example.org\"\n"), 0o644)
	if _, err := Build(opts); err != nil {
		t.Fatal("the build after a failed one:", err)
	}
	fresh := opts
	fresh.Destination = filepath.Join(work, "fresh")
	if _, err := Build(fresh); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(readTree(t, opts.Destination), readTree(t, fresh.Destination)); len(d) > 0 {
		t.Fatalf("the build after a failed one differs from a fresh build:\n%s", strings.Join(d, "\n"))
	}
}
