package generator

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The hostile-input corpus: testdata/hostile/<class>/<case>.txtar, one
// case per class of input a pull request could use to break a build,
// each laid over the small site of testdata/hostile/base.txtar and built
// with a time bound. A case file is a description, then files:
//
//	-- want --       substrings of the build error, one a line (file:line:col: message)
//	-- absent --     substrings no page (.html) may hold, one a line, any case
//	-- present --    path: substring, one a line, for a build that succeeds
//	-- flags --      allow-future, to build with Options.AllowFuture
//	-- PATH --       a file of the site, PATH relative to the site root
//
// In a file of the site, <<repeat N "TEXT">> stands for TEXT (a Go string
// literal) N times, each %d in it replaced by the count from 0, so that
// large inputs stay small in the repository.
// Symbolic links and pipes need real files and are tested in
// links_test.go.

// hostileCaseTime bounds each case, generously for a busy machine: with
// the guards, every case takes well under a second.
const hostileCaseTime = 10 * time.Second

func TestHostileCorpus(t *testing.T) {
	base := readTxtar(t, filepath.Join("testdata", "hostile", "base.txtar"))
	cases, err := filepath.Glob(filepath.Join("testdata", "hostile", "*", "*.txtar"))
	if err != nil || len(cases) < 15 {
		t.Fatalf("hostile corpus: %d cases, %v", len(cases), err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.ToSlash(strings.TrimPrefix(file, filepath.Join("testdata", "hostile")+string(filepath.Separator))), ".txtar")
		t.Run(name, func(t *testing.T) {
			c := readTxtar(t, file)
			files := map[string]string{}
			for p, data := range base {
				files[p] = data
			}
			for p, data := range c {
				switch p {
				case "want", "absent", "present", "flags":
				default:
					files[p] = data
				}
			}
			root := writeSite(t, files)
			out := filepath.Join(t.TempDir(), "public")
			opts := Options{Source: root, Destination: out, Clock: goldenClock, AllowFuture: strings.Contains(c["flags"], "allow-future")}
			done := make(chan error, 1)
			start := time.Now()
			go func() { _, err := Build(opts); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(hostileCaseTime):
				t.Fatalf("the build takes more than %v", hostileCaseTime)
			}
			t.Logf("%v", time.Since(start).Round(time.Millisecond))
			wants := lines(c["want"])
			switch {
			case len(wants) > 0 && err == nil:
				t.Fatalf("built; want an error with %q", wants)
			case len(wants) == 0 && err != nil:
				t.Fatalf("refused: %v", err)
			}
			for _, w := range wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if err != nil {
				if _, statErr := os.Stat(out); !errors.Is(statErr, os.ErrNotExist) {
					t.Errorf("a refused build wrote output")
				}
				return
			}
			tree := readTree(t, out)
			for _, a := range lines(c["absent"]) {
				for p, data := range tree {
					if !strings.HasSuffix(p, ".html") {
						continue // JSON and baked images carry the text as data
					}
					if bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(a))) {
						t.Errorf("%s holds %q", p, a)
					}
				}
			}
			for _, pr := range lines(c["present"]) {
				p, sub, _ := strings.Cut(pr, ": ")
				if !bytes.Contains(tree[p], []byte(sub)) {
					t.Errorf("%s lacks %q", p, sub)
				}
			}
		})
	}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var repeatRE = regexp.MustCompile(`<<repeat (\d+) ("(?:[^"\\]|\\.)*")>>`)

// readTxtar reads a case file: its files by name, with <<repeat>> expanded.
func readTxtar(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	name := ""
	var body strings.Builder
	flush := func() {
		if name != "" {
			files[name] = expandRepeats(t, file, body.String())
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if h := strings.TrimRight(line, "\r\n"); strings.HasPrefix(h, "-- ") && strings.HasSuffix(h, " --") && len(h) > 6 {
			flush()
			name = strings.TrimSpace(h[3 : len(h)-3])
			continue
		}
		body.WriteString(line)
	}
	flush()
	return files
}

func expandRepeats(t *testing.T, file, s string) string {
	return repeatRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := repeatRE.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[1])
		text, err2 := strconv.Unquote(sub[2])
		if err != nil || err2 != nil || n > 10<<20 {
			t.Fatalf("%s: bad %s", file, m)
		}
		if !strings.Contains(text, "%d") {
			return strings.Repeat(text, n)
		}
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.ReplaceAll(text, "%d", strconv.Itoa(i)))
		}
		return b.String()
	})
}
