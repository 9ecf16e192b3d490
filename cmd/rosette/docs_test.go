package main

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// The repository's documentation: README.md at the root and every
// markdown file under docs/.
const repoRoot = "../.."

// TestDocsLinks fails on a relative link in README.md or docs/ that names
// a file that does not exist or a heading that the file does not have.
// Links with a scheme (https:, mailto:) are not followed.
func TestDocsLinks(t *testing.T) {
	fsys := os.DirFS(repoRoot)
	files := docFiles(t, fsys)
	if !slices.Contains(files, "docs/README.md") {
		t.Errorf("docs/README.md, the index of the docs, is missing (found %q)", files)
	}
	for _, p := range brokenLinks(fsys, files) {
		t.Error(p)
	}
}

// TestReadmeQuickStart keeps the README's first commands what a newcomer
// runs on a fresh machine: build the example site, then run the tests.
func TestReadmeQuickStart(t *testing.T) {
	data, err := os.ReadFile(repoRoot + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	var block []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "```") {
			if in {
				break
			}
			in = true
			continue
		}
		if in && strings.TrimSpace(line) != "" {
			block = append(block, strings.TrimSpace(line))
		}
	}
	want := []string{"go run ./cmd/rosette build", "go test ./..."}
	if !slices.Equal(block, want) {
		t.Errorf("the README's first code block is %q, want %q", block, want)
	}
}

func TestBrokenLinksFound(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md": {Data: []byte("# rosette\n\n## Quick start\n\n" +
			"[ok](docs/a.md) [ok](docs/a.md#s3--cloudfront) [ok](#quick-start) [ok](docs/)\n" +
			"[web](https://example.org/missing) `[code](missing.md)`\n" +
			"```\n[fenced](missing.md)\n```\n" +
			"[gone](docs/b.md) [no heading](docs/a.md#nowhere)\n" +
			"[no heading here](#nowhere) ![image](img.png)\n" +
			"[a link\nover two lines](docs/c.md)\n")},
		"docs/a.md": {Data: []byte("# A\n\n### S3 + CloudFront\n\n[up](../README.md#rosette) [dup](#a-1) [out](../../x.md)\n\n## A\n")},
	}
	got := brokenLinks(fsys, []string{"README.md", "docs/a.md"})
	want := []string{
		`README.md:10: docs/b.md: no such file`,
		`README.md:10: docs/a.md#nowhere: no heading "nowhere" in docs/a.md`,
		`README.md:11: #nowhere: no heading "nowhere" in README.md`,
		`README.md:11: img.png: no such file`,
		`README.md:12: docs/c.md: no such file`,
		`docs/a.md:5: ../../x.md: outside the repository`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("brokenLinks:\n got %q\nwant %q", got, want)
	}
}

func TestHeadingAnchor(t *testing.T) {
	for heading, want := range map[string]string{
		"Quick start":                       "quick-start",
		"`rosette check`":                   "rosette-check",
		"`content/site.toml`":               "contentsitetoml",
		"The issuer's workflow":             "the-issuers-workflow",
		"S3 + CloudFront":                   "s3--cloudfront",
		"Files [and](links) **bold**":       "files-and-bold",
		"`content/awards/<year>/<id>.toml`": "contentawardsyearidtoml",
	} {
		if got := headingAnchor(heading); got != want {
			t.Errorf("headingAnchor(%q) = %q, want %q", heading, got, want)
		}
	}
}

func docFiles(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	files := []string{"README.md"}
	err := fs.WalkDir(fsys, "docs", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var (
	// inlineLink matches [text](target) and ![alt](target), with an
	// optional title; the target may be written <target>.
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	scheme     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// brokenLinks returns every relative link in files that does not resolve,
// as "file:line: target: reason".
func brokenLinks(fsys fs.FS, files []string) []string {
	anchors := map[string]map[string]bool{}
	anchorsOf := func(name string) map[string]bool {
		if a, ok := anchors[name]; ok {
			return a
		}
		data, _ := fs.ReadFile(fsys, name)
		a := map[string]bool{}
		for _, l := range proseLines(string(data)) {
			for _, m := range htmlAnchor.FindAllStringSubmatch(l.text, -1) {
				a[m[1]] = true
			}
			h, ok := heading(l.text)
			if !ok {
				continue
			}
			base := headingAnchor(h)
			id := base
			for n := 1; a[id]; n++ {
				id = fmt.Sprintf("%s-%d", base, n)
			}
			a[id] = true
		}
		anchors[name] = a
		return a
	}
	var problems []string
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		text := blankCode(string(data))
		for _, m := range inlineLink.FindAllStringSubmatchIndex(text, -1) {
			target := text[m[2]:m[3]]
			if target == "" || scheme.MatchString(target) {
				continue
			}
			if reason := resolve(fsys, name, target, anchorsOf); reason != "" {
				n := strings.Count(text[:m[0]], "\n") + 1
				problems = append(problems, fmt.Sprintf("%s:%d: %s: %s", name, n, target, reason))
			}
		}
	}
	return problems
}

// resolve says why target, linked from the file from, does not resolve,
// or returns "".
func resolve(fsys fs.FS, from, target string, anchorsOf func(string) map[string]bool) string {
	p, frag, _ := strings.Cut(target, "#")
	p, err := url.PathUnescape(p)
	if err != nil {
		return err.Error()
	}
	file := from
	if p != "" {
		if strings.HasPrefix(p, "/") {
			return "absolute path; link relative to the file"
		}
		file = path.Clean(path.Join(path.Dir(from), p))
		if file == ".." || strings.HasPrefix(file, "../") {
			return "outside the repository"
		}
		if _, err := fs.Stat(fsys, file); err != nil {
			return "no such file"
		}
	}
	if frag == "" {
		return ""
	}
	if !strings.HasSuffix(file, ".md") {
		return "a heading in a file that is not markdown"
	}
	if !anchorsOf(file)[frag] {
		return fmt.Sprintf("no heading %q in %s", frag, file)
	}
	return ""
}

type line struct {
	n    int
	text string
}

// proseLines returns the lines of a markdown file outside fenced code
// blocks, with their numbers.
func proseLines(doc string) []line {
	var lines []line
	fence := ""
	for i, l := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(l)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		lines = append(lines, line{i + 1, l})
	}
	return lines
}

// blankCode returns doc with its fenced code blocks and code spans
// blanked out, keeping its line breaks, so that a link may span lines.
func blankCode(doc string) string {
	lines := strings.Split(doc, "\n")
	kept := make([]string, len(lines))
	for _, l := range proseLines(doc) {
		kept[l.n-1] = l.text
	}
	text := strings.Join(kept, "\n")
	return codeSpan.ReplaceAllStringFunc(text, func(code string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, code)
	})
}

// heading returns the text of an ATX heading line.
func heading(l string) (string, bool) {
	t := strings.TrimLeft(l, "#")
	level := len(l) - len(t)
	if level == 0 || level > 6 || (t != "" && t[0] != ' ' && t[0] != '\t') {
		return "", false
	}
	t = strings.TrimSpace(t)
	t = strings.TrimSpace(strings.TrimRight(t, "#"))
	return t, true
}

var headingLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// headingAnchor returns the id GitHub gives a heading: its text in lower
// case, without punctuation and symbols other than '-' and '_', spaces
// made hyphens.
func headingAnchor(h string) string {
	h = headingLink.ReplaceAllString(h, "$1")
	h = strings.NewReplacer("`", "", "**", "", "*", "").Replace(h)
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-', r == '_', unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
