package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// rosetteBin is the name under which the test binary runs as rosette in
// the scripts (see TestMain).
const rosetteBin = "rosette-under-test"

// TestMain lets the test binary run as the rosette command: the scripts
// start it as a process of its own, in their work directory.
// The private files that award and import write outside the site go to
// a temporary $XDG_STATE_HOME, never to the user's own.
func TestMain(m *testing.M) {
	if os.Getenv("ROSETTE_TEST_RUN_MAIN") == "1" { // the kill tests run the test binary as rosette
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	testscript.Main(stateHome{m}, map[string]func(){rosetteBin: main})
}

// stateHome runs the tests with $XDG_STATE_HOME in a temporary directory.
type stateHome struct{ m *testing.M }

func (s stateHome) Run() int {
	dir, err := os.MkdirTemp("", "rosette-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_STATE_HOME", dir)
	return s.m.Run()
}

// TestScripts runs the command-line scripts in testdata/script/*.txt with
// testscript (see its documentation for the script language: txtar files
// written to a fresh $WORK, one command a line, stdout/stderr/grep with
// regular expressions in multi-line mode, exists, cmp, cd, cp, '…' for
// quoting). These commands are rosette's own:
//
//	rosette ARGS…          run rosette; it must exit 0
//	! rosette ARGS…        … it must exit 1 (a content or build error)
//	usage rosette ARGS…    … it must exit 2 (a usage error)
//	capture NAME RE        set $NAME to RE's first group in the last stdout
//	nogrep-tree RE DIR     no file under DIR matches RE
//	count N GLOB           GLOB (with ** for any directories) matches N files
//	listen NAME            hold a loopback TCP port for the rest of the
//	                       script, its number in $NAME
//	mode PERM PATH         the file's permission bits are PERM (octal; Unix)
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_STATE_HOME", filepath.Join(env.WorkDir, ".state"))
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"rosette":     cmdRosette,
			"usage":       cmdUsage,
			"capture":     cmdCapture,
			"nogrep-tree": cmdNogrepTree,
			"count":       cmdCount,
			"listen":      cmdListen,
			"mode":        cmdMode,
		},
	})
}

// cmdRosette runs rosette, which must exit 0, or 1 when negated.
func cmdRosette(ts *testscript.TestScript, neg bool, args []string) {
	want := exitOK
	if neg {
		want = exitFailure
	}
	runRosette(ts, want, args)
}

// cmdUsage runs "rosette ARGS…", which must exit 2.
func cmdUsage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 || args[0] != "rosette" {
		ts.Fatalf("usage: usage rosette ARGS…")
	}
	runRosette(ts, exitUsage, args[1:])
}

func runRosette(ts *testscript.TestScript, want int, args []string) {
	err := ts.Exec(rosetteBin, args...)
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		ts.Fatalf("rosette: %v", err)
	}
	if code != want {
		ts.Fatalf("rosette exited %d, want %d", code, want)
	}
}

// cmdCapture sets $NAME to the first group of RE in the last stdout.
func cmdCapture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: capture NAME RE")
	}
	m := regexp.MustCompile(`(?m)` + args[1]).FindStringSubmatch(ts.ReadFile("stdout"))
	if len(m) < 2 {
		ts.Fatalf("capture: no match for %q in stdout", args[1])
	}
	ts.Setenv(args[0], m[1])
}

// cmdNogrepTree checks that no file under DIR matches RE.
func cmdNogrepTree(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: nogrep-tree RE DIR")
	}
	re := regexp.MustCompile(args[0])
	err := filepath.WalkDir(ts.MkAbs(args[1]), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if loc := re.FindIndex(data); loc != nil {
			return fmt.Errorf("%s contains %q", p, data[loc[0]:loc[1]])
		}
		return nil
	})
	ts.Check(err)
}

// cmdCount checks that GLOB, a slash pattern relative to the current
// directory in which ** matches any number of directories, matches N
// files.
func cmdCount(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: count N GLOB")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	re := regexp.QuoteMeta(args[1])
	re = strings.ReplaceAll(re, `\*\*/`, `(?:.*/)?`)
	re = strings.ReplaceAll(re, `\*\*`, `.*`)
	re = strings.ReplaceAll(re, `\*`, `[^/]*`)
	rx := regexp.MustCompile("^" + re + "$")
	dir := ts.MkAbs(".")
	var got []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil && rx.MatchString(filepath.ToSlash(rel)) {
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	ts.Check(err)
	sort.Strings(got)
	if len(got) != n {
		ts.Fatalf("%s matches %d files, want %d: %v", args[1], len(got), n, got)
	}
}

// cmdListen holds a loopback port until the script ends.
func cmdListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: listen NAME")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Defer(func() { l.Close() })
	ts.Setenv(args[0], strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
}

// cmdMode checks a file's permission bits (skipped on Windows).
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mode PERM PATH")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[1]))
	ts.Check(err)
	if runtime.GOOS != "windows" && uint64(fi.Mode().Perm()) != want {
		ts.Fatalf("%s: mode %o, want %o", args[1], fi.Mode().Perm(), want)
	}
}
