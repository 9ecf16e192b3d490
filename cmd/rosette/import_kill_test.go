package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain runs the test binary as rosette when asked to, so that tests
// can kill a real rosette process.
// rosetteCmd is the test binary run as rosette with args.
func rosetteCmd(t *testing.T, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ROSETTE_TEST_RUN_MAIN=1")
	return cmd
}

// snapshot maps every file under dir/content to its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join(dir, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// TestImportKilled kills rosette import with SIGKILL at random moments,
// runs rosette check, and checks that the content is as before the import
// or as after it, never in between, and that check passes.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes in a loop")
	}
	base := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runCmd(t, "new", "site", base, "--issuer-url", "https://example.org/", "--rosette", "https://example.org/rosette.git"); code != exitOK {
		t.Fatalf("new site: %s", stderr)
	}
	var csv strings.Builder
	csv.WriteString("email,name,badge\n")
	const rows = 40
	for i := range rows {
		fmt.Fprintf(&csv, "p%d@example.org,Person Number %d,first-badge\n", i, i)
	}
	csvFile := filepath.Join(t.TempDir(), "awards.csv")
	if err := os.WriteFile(csvFile, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, base)

	// A run that is not killed: how long an import takes, and what it adds.
	full := t.TempDir()
	copyTree(t, base, full)
	start := time.Now()
	if out, err := rosetteCmd(t, "import", "-s", full, csvFile, "--names").CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	took := time.Since(start)
	added := len(snapshot(t, full)) - len(before)
	if added != 2*rows {
		t.Fatalf("import added %d files, want %d", added, 2*rows)
	}

	// progress is how far an import in dir has gone: files staged, then
	// the journal committed, then files written.
	progress := func(dir string) int {
		n := 0
		if es, err := os.ReadDir(filepath.Join(dir, ".rosette", "journal.new")); err == nil {
			n += len(es)
		}
		if es, err := os.ReadDir(filepath.Join(dir, ".rosette", "journal")); err == nil {
			n += 2*rows + 1 + (2*rows + 1 - len(es))
		}
		return n
	}

	rnd := rand.New(rand.NewPCG(1, 2))
	deadline := time.Now().Add(4 * time.Second)
	var nothing, everything, finished, rolledBack, runs int
	for i := 0; i < 200 && time.Now().Before(deadline); i++ {
		dir := t.TempDir()
		copyTree(t, base, dir)
		cmd := rosetteCmd(t, "import", "-s", dir, csvFile, "--names")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it once it has gone a random way, polling as fast as the
		// machine allows; a kill point past the end lets it finish.
		at := rnd.IntN(4*rows + 4)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		done := false
		for !done && progress(dir) < at {
			select {
			case <-exited:
				done = true
			default:
				time.Sleep(50 * time.Microsecond)
			}
		}
		if !done {
			cmd.Process.Kill() // SIGKILL
			<-exited
		}
		runs++

		var checkOut bytes.Buffer
		if code := run([]string{"check", "-s", dir}, &checkOut, &checkOut); code != exitOK {
			t.Fatalf("run %d: check after a killed import: exit %d\n%s", i, code, checkOut.String())
		}
		switch {
		case strings.Contains(checkOut.String(), "finished an interrupted write"):
			finished++
		case strings.Contains(checkOut.String(), "rolled back"):
			rolledBack++
		}
		after := snapshot(t, dir)
		switch n := len(after) - len(before); n {
		case 0:
			nothing++
		case 2 * rows:
			everything++
		default:
			t.Fatalf("run %d: a killed import left %d of %d files\nimport said: %s\ncheck said: %s", i, n, 2*rows, out.String(), checkOut.String())
		}
		for p, data := range before {
			if after[p] != data {
				t.Fatalf("run %d: %s changed", i, p)
			}
		}
		if _, err := os.Lstat(filepath.Join(dir, ".rosette", "journal")); err == nil {
			t.Fatalf("run %d: the journal is still there after check", i)
		}
	}
	if finished+rolledBack == 0 {
		t.Errorf("no import was killed while writing: the test did not test the journal")
	}
	t.Logf("%d killed imports (one takes %v): %d left nothing, %d everything; check finished %d and rolled back %d", runs, took, nothing, everything, finished, rolledBack)
}
