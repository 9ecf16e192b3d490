package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestScripts runs the command-line scripts in testdata/script/*.txt. A
// script is a list of commands, one a line, followed by files in txtar form
// ("-- name --" then the content) that are written to a fresh work
// directory before it runs. Commands:
//
//	rosette ARGS…          run rosette; it must exit 0
//	! rosette ARGS…        … it must exit 1
//	!! rosette ARGS…       … it must exit 2 (usage error)
//	stdout RE / stderr RE  the last command's output matches RE (! negates)
//	capture NAME RE        set $NAME to RE's first group in the last stdout
//	exists PATH…           the files exist (! negates)
//	cmp PATH NAME          the file PATH equals the script's file NAME
//	grep RE PATH           the file matches RE (! negates)
//	nogrep-tree RE DIR     no file under DIR matches RE
//	count N GLOB           GLOB (with ** for any directories) matches N files
//	cd DIR                 change the work directory
//	cp FROM TO             copy a file
//
// $NAME in arguments expands captured values; arguments may be quoted
// with "…" or '…'.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "script", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, string(data))
		})
	}
}

type scriptState struct {
	t              *testing.T
	dir            string
	files          map[string]string
	vars           map[string]string
	stdout, stderr string
}

func runScript(t *testing.T, src string) {
	script, files := splitTxtar(src)
	st := &scriptState{t: t, dir: t.TempDir(), files: files, vars: map[string]string{}}
	for name, data := range files {
		p := filepath.Join(st.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(st.dir)
	for i, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := st.exec(line); err != nil {
			t.Fatalf("line %d: %s: %v\nstdout:\n%s\nstderr:\n%s", i+1, line, err, st.stdout, st.stderr)
		}
	}
}

// splitTxtar splits a script into its commands and its files.
func splitTxtar(src string) (string, map[string]string) {
	files := map[string]string{}
	re := regexp.MustCompile(`(?m)^-- (.+) --$\n?`)
	locs := re.FindAllStringSubmatchIndex(src, -1)
	if len(locs) == 0 {
		return src, files
	}
	script := src[:locs[0][0]]
	for i, l := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		files[src[l[2]:l[3]]] = src[l[1]:end]
	}
	return script, files
}

func (st *scriptState) exec(line string) error {
	args, err := splitArgs(line, st.vars)
	if err != nil {
		return err
	}
	neg := false
	want := exitOK
	switch args[0] {
	case "!":
		neg, want, args = true, exitFailure, args[1:]
	case "!!":
		want, args = exitUsage, args[1:]
	}
	switch args[0] {
	case "rosette":
		var out, errOut bytes.Buffer
		code := run(args[1:], &out, &errOut)
		st.stdout, st.stderr = out.String(), errOut.String()
		if code != want {
			return fmt.Errorf("exit %d, want %d", code, want)
		}
	case "stdout", "stderr":
		text := st.stdout
		if args[0] == "stderr" {
			text = st.stderr
		}
		if m := regexp.MustCompile(args[1]).MatchString(text); m == neg {
			return fmt.Errorf("%s match = %v", args[0], m)
		}
	case "capture":
		m := regexp.MustCompile(args[2]).FindStringSubmatch(st.stdout)
		if m == nil {
			return fmt.Errorf("no match in stdout")
		}
		st.vars[args[1]] = m[1]
	case "exists":
		for _, p := range args[1:] {
			_, err := os.Stat(p)
			if (err == nil) == neg {
				return fmt.Errorf("%s: exists = %v", p, err == nil)
			}
		}
	case "cmp":
		got, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		if string(got) != st.files[args[2]] {
			return fmt.Errorf("%s differs from %s:\n%s", args[1], args[2], got)
		}
	case "grep":
		data, err := os.ReadFile(args[2])
		if err != nil {
			return err
		}
		if m := regexp.MustCompile(args[1]).Match(data); m == neg {
			return fmt.Errorf("grep %s: match = %v in:\n%s", args[2], m, data)
		}
	case "nogrep-tree":
		re := regexp.MustCompile(args[1])
		return filepath.WalkDir(args[2], func(p string, d fs.DirEntry, err error) error {
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
	case "count":
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return err
		}
		got := globTree(args[2])
		if len(got) != n {
			return fmt.Errorf("%s matches %d files, want %d: %v", args[2], len(got), n, got)
		}
	case "cd":
		st.t.Chdir(args[1])
	case "cp":
		data, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		return os.WriteFile(args[2], data, 0o644)
	default:
		return fmt.Errorf("unknown script command %q", args[0])
	}
	return nil
}

// globTree lists the files matching a slash pattern in which ** matches
// any number of directories.
func globTree(pattern string) []string {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\*\*/`, `(?:.*/)?`)
	re = strings.ReplaceAll(re, `\*\*`, `.*`)
	re = strings.ReplaceAll(re, `\*`, `[^/]*`)
	rx := regexp.MustCompile("^" + re + "$")
	var out []string
	filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && rx.MatchString(filepath.ToSlash(p)) {
			out = append(out, filepath.ToSlash(p))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// splitArgs splits a script line into words, honouring quotes and
// expanding $NAME.
func splitArgs(line string, vars map[string]string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"' || c == '\'':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unclosed quote")
			}
			s := line[i+1 : i+1+j]
			if c == '"' {
				s = expand(s, vars)
			}
			cur.WriteString(s)
			inWord = true
			i += j + 1
		case c == ' ' || c == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			j := strings.IndexAny(line[i:], " \t\"'")
			if j < 0 {
				j = len(line) - i
			}
			cur.WriteString(expand(line[i:i+j], vars))
			inWord = true
			i += j - 1
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return args, nil
}

func expand(s string, vars map[string]string) string {
	return regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`).ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := vars[m[1:]]; ok {
			return v
		}
		return m
	})
}
