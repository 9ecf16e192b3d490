package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewSiteReadmeCommands runs the commands that the README of a new
// site shows, in order, on that new site: each must work as written. The
// ones that need a file or an id of the reader's (import, revoke) and
// serve are left out.
func TestNewSiteReadmeCommands(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := run([]string{"new", "site", dir, "--issuer-url", "https://example.org/", "--rosette", "https://example.org/rosette.git"}, &out, &errOut); code != exitOK {
		t.Fatalf("new site: exit %d\n%s", code, errOut.String())
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	ran := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		cmd, _, _ := strings.Cut(strings.TrimSpace(line), "#")
		if !strings.HasPrefix(line, "    rosette ") {
			continue
		}
		args, err := shellWords(strings.TrimSpace(cmd))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		switch args[1] {
		case "import", "revoke", "serve":
			continue
		}
		out.Reset()
		errOut.Reset()
		if code := run(args[1:], &out, &errOut); code != exitOK {
			t.Errorf("README command %q: exit %d\n%s%s", strings.TrimSpace(cmd), code, out.String(), errOut.String())
		}
		ran[args[1]] = true
	}
	for _, want := range []string{"new", "award", "check", "build"} {
		if !ran[want] {
			t.Errorf("the README shows no rosette %s command", want)
		}
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"check"}, &out, &errOut); code != exitOK || !strings.Contains(out.String(), "1 award") {
		t.Errorf("check after the README's commands: exit %d\n%s%s", code, out.String(), errOut.String())
	}
}

// shellWords splits a command line as a POSIX shell does for the README's
// commands: words separated by blanks, "…" and '…' quoting.
func shellWords(line string) ([]string, error) {
	var (
		args   []string
		cur    strings.Builder
		inWord bool
	)
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '"', '\'':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				return nil, errors.New("unclosed quote")
			}
			cur.WriteString(line[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case ' ', '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, errors.New("empty command")
	}
	return args, nil
}
