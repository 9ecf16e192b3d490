package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"rosette/generator/bake"
)

// zeros is an endless standard input.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func runStdin(stdin io.Reader, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := runEnv(args, &env{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// TestLocalFilesCapped checks that verify and unbake refuse a device, a
// pipe, a directory and a file or an input larger than their cap, with a
// clear error, quickly and without reading it all.
func TestLocalFilesCapped(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(1 << 40) // sparse: a terabyte that takes no room
	f.Close()
	cases := []struct {
		arg   string
		stdin io.Reader
		want  string
	}{
		{big, nil, "more than the limit of 16 MB"},
		{dir, nil, "is not a regular file"},
		{"-", zeros{}, "standard input is more than the limit of 16 MB"},
	}
	if runtime.GOOS != "windows" {
		cases = append(cases, struct {
			arg   string
			stdin io.Reader
			want  string
		}{"/dev/zero", nil, "/dev/zero is not a regular file"})
	}
	if fifo := makeFIFO(t, dir); fifo != "" {
		cases = append(cases, struct {
			arg   string
			stdin io.Reader
			want  string
		}{fifo, nil, "is not a regular file"})
	}
	for _, c := range cases {
		for _, cmd := range []string{"unbake", "verify"} {
			start := time.Now()
			code, _, stderr := runStdin(c.stdin, cmd, c.arg)
			if code != exitFailure || !strings.Contains(stderr, c.want) {
				t.Errorf("%s %s: exit %d, stderr %q, want %q", cmd, c.arg, code, stderr, c.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s %s took %v", cmd, c.arg, d)
			}
		}
	}
}

// TestUnbakeStdinEscapes reads a baked image from standard input, and
// checks that control characters in what it carries are printed escaped.
func TestUnbakeStdinEscapes(t *testing.T) {
	img, err := os.ReadFile(filepath.Join("..", "..", "content", "badges", "git-foundations.png"))
	if err != nil {
		t.Fatal(err)
	}
	baked, err := bake.BakePNG(img, "{\"narrative\": \"a\u009b31m\u202eb\"}")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runStdin(bytes.NewReader(baked), "unbake", "-")
	if code != exitOK || !strings.Contains(stdout, `"a\u009b31m\u202eb"`) || strings.ContainsRune(stdout, '\u009b') || strings.ContainsRune(stdout, '\u202e') {
		t.Errorf("unbake -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	baked, _ = bake.BakePNG(img, "not json \x1b[2J")
	if code, stdout, _ := runStdin(bytes.NewReader(baked), "unbake", "-"); code != exitOK || stdout != "not json \\x1b[2J\n" {
		t.Errorf("unbake - (text): exit %d, stdout %q", code, stdout)
	}
}

// TestControlCharactersEscaped checks that a file name with control
// characters is printed escaped by check, in every format.
func TestControlCharactersEscaped(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file names cannot hold control characters")
	}
	root := exampleSite(t)
	name := filepath.Join(root, "content", "earners", "x\x1b[2Jy\u202e.toml")
	if err := os.WriteFile(name, []byte("nmae = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "github", "json"} {
		code, stdout, stderr := runCmd(t, "check", "-s", root, "--format", format)
		out := stdout + stderr
		if code != exitFailure || strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, "x") {
			t.Errorf("check --format %s: exit %d, output %q", format, code, out)
		}
		want := `x\x1b[2Jy\u202e.toml`
		if format == "json" {
			want = `x\u001b[2Jy\u202e.toml`
		}
		if !strings.Contains(out, want) {
			t.Errorf("check --format %s: output %q does not hold %q", format, out, want)
		}
	}
}
