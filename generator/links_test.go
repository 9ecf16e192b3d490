package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secret is what a file outside the site holds; no build may publish it.
const secret = "DEPLOY_TOKEN=s3cr3t-0f-the-build"

// TestBuildRefusesLinks plants a symbolic link at every place a build
// reads from (records, site.toml, content/ and its directories, the
// theme's templates, partials and static files, the theme directory and
// themes/ itself), to a file outside the site or inside it, and checks
// that the build fails naming the link, publishes nothing and leaves the
// previous output alone.
func TestBuildRefusesLinks(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "environ"), secret+"\n")
	writeFile(t, filepath.Join(outside, "theme", "base.html"), secret)
	writeFile(t, filepath.Join(outside, "theme", "static", "x.css"), secret)
	writeFile(t, filepath.Join(outside, "content", "site.toml"), secret)
	secretFile := filepath.Join(outside, "environ")

	type tc struct {
		name  string
		setup func(t *testing.T, root string) // makes the link, after any files it needs
		link  string                          // the path the error must name
	}
	theme := func(root string) {
		// A theme of the site's own, with the embedded default beneath.
		writeFile(t, filepath.Join(root, "content", "site.toml"), strings.Replace(readFile(t, filepath.Join(root, "content", "site.toml")), `theme = "default"`, `theme = "mine"`, 1))
		os.MkdirAll(filepath.Join(root, "themes", "mine", "static"), 0o755)
		os.MkdirAll(filepath.Join(root, "themes", "mine", "partials"), 0o755)
	}
	link := func(t *testing.T, target, name string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	cases := []tc{
		{"award record", func(t *testing.T, r string) {
			link(t, secretFile, filepath.Join(r, "content/awards/2026/zz.toml"))
		}, "content/awards/2026/zz.toml"},
		{"award directory", func(t *testing.T, r string) {
			link(t, outside, filepath.Join(r, "content/awards/more"))
		}, "content/awards/more"},
		{"earner record inside the site", func(t *testing.T, r string) {
			link(t, "ada-okafor.toml", filepath.Join(r, "content/earners/ada-two.toml"))
		}, "content/earners/ada-two.toml"},
		{"site.toml", func(t *testing.T, r string) {
			os.Remove(filepath.Join(r, "content/site.toml"))
			link(t, filepath.Join(outside, "content", "site.toml"), filepath.Join(r, "content/site.toml"))
		}, "content/site.toml"},
		{"content directory", func(t *testing.T, r string) {
			os.Rename(filepath.Join(r, "content"), filepath.Join(r, "real"))
			link(t, "real", filepath.Join(r, "content"))
		}, "content"},
		{"badge image", func(t *testing.T, r string) {
			img := filepath.Join(r, "content/badges/git-foundations.png")
			os.Rename(img, filepath.Join(r, "git.png"))
			link(t, filepath.Join(r, "git.png"), img)
		}, "content/badges/git-foundations.png"},
		{"static file of the theme", func(t *testing.T, r string) {
			theme(r)
			link(t, secretFile, filepath.Join(r, "themes/mine/static/env.txt"))
		}, "themes/mine/static/env.txt"},
		{"hidden static file of the theme", func(t *testing.T, r string) {
			theme(r)
			link(t, secretFile, filepath.Join(r, "themes/mine/static/.env"))
		}, "themes/mine/static/.env"},
		{"static directory of the theme", func(t *testing.T, r string) {
			theme(r)
			os.Remove(filepath.Join(r, "themes/mine/static"))
			link(t, filepath.Join(outside, "theme", "static"), filepath.Join(r, "themes/mine/static"))
		}, "themes/mine/static"},
		{"template", func(t *testing.T, r string) {
			theme(r)
			link(t, secretFile, filepath.Join(r, "themes/mine/base.html"))
		}, "themes/mine/base.html"},
		{"partial", func(t *testing.T, r string) {
			theme(r)
			link(t, secretFile, filepath.Join(r, "themes/mine/partials/status.html"))
		}, "themes/mine/partials/status.html"},
		{"partials directory", func(t *testing.T, r string) {
			theme(r)
			os.Remove(filepath.Join(r, "themes/mine/partials"))
			link(t, filepath.Join(outside, "theme"), filepath.Join(r, "themes/mine/partials"))
		}, "themes/mine/partials"},
		{"theme directory", func(t *testing.T, r string) {
			theme(r)
			os.RemoveAll(filepath.Join(r, "themes/mine"))
			link(t, filepath.Join(outside, "theme"), filepath.Join(r, "themes/mine"))
		}, "themes/mine"},
		{"themes directory", func(t *testing.T, r string) {
			theme(r)
			os.Rename(filepath.Join(r, "themes"), filepath.Join(r, "elsewhere"))
			link(t, "elsewhere", filepath.Join(r, "themes"))
		}, "themes"},
		{"default theme overridden by a link", func(t *testing.T, r string) {
			link(t, secretFile, filepath.Join(r, "themes/default/static/style.css"))
		}, "themes/default/static/style.css"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := copyExampleSite(t)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: root, Destination: dest}); err != nil {
				t.Fatalf("first build: %v", err)
			}
			before := treeDigest(t, dest)
			c.setup(t, root)
			_, err := Build(Options{Source: root, Destination: dest})
			if err == nil {
				t.Fatalf("build succeeded; want it to refuse the link %s", c.link)
			}
			if want := c.link + ": a symbolic link"; !strings.Contains(err.Error(), want) {
				t.Errorf("error:\n%v\nwant it to hold %q", err, want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("the error shows what the link points to: %v", err)
			}
			if after := treeDigest(t, dest); after != before {
				t.Errorf("the previous output changed")
			}
			if err := checkSite(root); err == nil || !strings.Contains(err.Error(), c.link+": a symbolic link") {
				t.Errorf("check: %v, want the link %s", err, c.link)
			}
		})
	}
}

// TestBuildRefusesPipes checks that a pipe in content/ is refused and one
// in the theme's static files is not published, and that neither makes
// the build wait for a writer that never comes.
func TestBuildRefusesPipes(t *testing.T) {
	for _, c := range []struct{ name, fifo, err string }{
		{"record", "content/earners/pipe.toml", "content/earners/pipe.toml: not a regular file"},
		{"site.toml", "content/site.toml", "content/site.toml: not a regular file"},
		{"static", "themes/default/static/pipe.css", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := copyExampleSite(t)
			p := filepath.Join(root, filepath.FromSlash(c.fifo))
			os.Remove(p)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := mkfifo(p); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			dest := filepath.Join(t.TempDir(), "public")
			done := make(chan error, 1)
			go func() { _, err := Build(Options{Source: root, Destination: dest}); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute):
				unblockFIFO(p)
				t.Fatal("the build blocked on a named pipe")
			}
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("build: %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("build: %v, want %q", err, c.err)
			case c.err == "":
				if _, err := os.Lstat(filepath.Join(dest, "pipe.css")); !os.IsNotExist(err) {
					t.Errorf("the pipe was published: %v", err)
				}
			}
		})
	}
}

// TestStaticHiddenFilesNotPublished checks that hidden files and
// directories of a theme's static files are not published.
func TestStaticHiddenFilesNotPublished(t *testing.T) {
	root := copyExampleSite(t)
	writeFile(t, filepath.Join(root, "themes/default/static/.env"), secret)
	writeFile(t, filepath.Join(root, "themes/default/static/.git/config"), secret)
	writeFile(t, filepath.Join(root, "themes/default/static/kept.txt"), "kept")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dest, "kept.txt")); got != "kept" {
		t.Errorf("kept.txt: %q", got)
	}
	for _, p := range []string{".env", ".git"} {
		if _, err := os.Lstat(filepath.Join(dest, p)); !os.IsNotExist(err) {
			t.Errorf("%s was published: %v", p, err)
		}
	}
	if out := grepTree(t, dest, secret); out != "" {
		t.Errorf("the secret was published in %s", out)
	}
}

// checkSite checks the site at root as rosette check does: its content,
// then its theme.
func checkSite(root string) error {
	s, err := Load(Options{Source: root})
	if err != nil {
		return err
	}
	if errs := CheckTheme(Options{Source: root}, s.Config.Theme); len(errs) > 0 {
		return errs
	}
	return nil
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// treeDigest is the SHA-256 of every path, type and content under dir.
func treeDigest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, d.Type())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// grepTree returns the first file under dir that holds s, or "".
func grepTree(t *testing.T, dir, s string) string {
	t.Helper()
	found := ""
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && found == "" {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(s)) {
				found = p
			}
		}
		return nil
	})
	return found
}
