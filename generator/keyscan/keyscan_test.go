package keyscan

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"rosette/generator/internal/sitetest"
	"rosette/generator/sign"
)

var (
	testKeyOnce sync.Once
	testKey     []byte
)

// privateKeyPEM returns a PEM private key block, made once.
func privateKeyPEM(t *testing.T) string {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := sign.GenerateKey(sign.MinBits)
		if err != nil {
			panic(err)
		}
		if testKey, err = sign.EncodePrivateKey(k); err != nil {
			panic(err)
		}
	})
	return string(testKey)
}

func TestFind(t *testing.T) {
	root := sitetest.Copy(t)
	if errs, err := Find(root); err != nil || len(errs) != 0 {
		t.Fatalf("clean site: %v %v", errs, err)
	}
	priv := privateKeyPEM(t)
	sitetest.WriteFile(t, filepath.Join(root, "signing.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "content/issuers/riverbend.toml"), "name = \"x\"\nkey = \"\"\"\n"+priv+"\"\"\"\n")
	sitetest.WriteFile(t, filepath.Join(root, "content/leak.json"), `{"k": "`+strings.ReplaceAll(priv, "\n", `\n`)+`"}`)
	sitetest.WriteFile(t, filepath.Join(root, "public/issuers/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "node_modules/x/test.key"), priv)
	sitetest.WriteFile(t, filepath.Join(root, ".ci/node_modules/x/test.key"), priv)
	sitetest.WriteFile(t, filepath.Join(root, ".git/objects/x"), priv)
	// What builds write at the root is skipped: the spare output, the
	// trees of running or killed builds, the caches.
	sitetest.WriteFile(t, filepath.Join(root, ".public.prev/issuers/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, ".public.tmp-123/issuers/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, ".rosette-cache/signatures"), priv)
	// Directories named like them elsewhere, or only almost like them,
	// are scanned.
	sitetest.WriteFile(t, filepath.Join(root, "notes/.public.prev/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "notes/.rosette-cache/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, ".public.previous/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "public.tmp-1/x.pem"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "content/public/x.pem"), priv)
	// Package directories inside content/ and themes/ are published.
	sitetest.WriteFile(t, filepath.Join(root, "content/node_modules/x/test.key"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "themes/default/static/node_modules/x/test.key"), priv)
	sitetest.WriteFile(t, filepath.Join(root, "doc.go"), `// Keys start with "-----BEGIN PRIVATE KEY-----".`)
	errs, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Pos.String())
	}
	want := ".public.previous/x.pem:1:1 content/issuers/riverbend.toml:3:1 content/leak.json:1:8 content/node_modules/x/test.key:1:1 content/public/x.pem:1:1 " +
		"notes/.public.prev/x.pem:1:1 notes/.rosette-cache/x.pem:1:1 public.tmp-1/x.pem:1:1 signing.pem:1:1 themes/default/static/node_modules/x/test.key:1:1"
	if strings.Join(got, " ") != want {
		t.Errorf("found %v, want %s", got, want)
	}
}

// TestFindMarkerInContent checks that content holding the marker of a PEM
// private key, without a key block, is reported at its position, since
// the build would refuse to publish it; outside content/ (documentation,
// code) the marker alone is allowed.
func TestFindMarkerInContent(t *testing.T) {
	root := sitetest.Copy(t)
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/x.toml"), "name = \"x\"\n\ndescription = \"Starts -----BEGIN RSA PRIVATE KEY----- \"\n")
	sitetest.WriteFile(t, filepath.Join(root, "docs/keys.md"), "Keys start with -----BEGIN PRIVATE KEY-----.\n")
	const want = `content/badges/x.toml:3:23: the text "PRIVATE KEY-----", which marks a PEM private key: the site never publishes it, so reword it`
	errs, err := Find(root)
	if err != nil || errs.Error() != want {
		t.Errorf("Find: %v %v, want %s", errs, err, want)
	}
}

// TestFindDoesNotFollowLinks checks that the scan reads no file through a
// link (the build refuses links, so nothing behind one is published) and
// is not caught in a link loop.
func TestFindDoesNotFollowLinks(t *testing.T) {
	root := sitetest.Copy(t)
	outside := filepath.Join(t.TempDir(), "earner.toml")
	sitetest.WriteFile(t, outside, "name = \"\"\"\n"+privateKeyPEM(t)+"\"\"\"\n")
	if err := os.Symlink(outside, filepath.Join(root, "content/earners/linked.toml")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(root, filepath.Join(root, "content/awards/loop")); err != nil {
		t.Fatal(err)
	}
	errs, err := Find(root)
	if err != nil || len(errs) != 0 {
		t.Errorf("Find: %v, %v; want nothing read through links", errs, err)
	}
}

// TestListScan checks the two-step scan: List reads nothing, Scan reads
// the listed files except those reported clean, and reports keys in the
// others as Find does.
func TestListScan(t *testing.T) {
	root := sitetest.Copy(t)
	priv := privateKeyPEM(t)
	notes := filepath.Join(root, "content/badges/notes.txt")
	seen := filepath.Join(root, "content/issuers/riverbend.toml")
	sitetest.WriteFile(t, notes, "x\n"+priv)
	sitetest.WriteFile(t, seen, priv)
	sitetest.WriteFile(t, filepath.Join(root, "signing.pem"), priv) // outside the listed directory
	l, err := List(root, "content")
	if err != nil {
		t.Fatal(err)
	}
	// A file made after List is not in the listing.
	sitetest.WriteFile(t, filepath.Join(root, "content/earners/later.toml"), priv)
	listed := map[string]bool{}
	errs, err := l.Scan(func(p string) bool {
		listed[p] = true
		return p == seen
	})
	if err != nil {
		t.Fatal(err)
	}
	if !listed[notes] || !listed[seen] || len(listed) < 10 {
		t.Errorf("Scan asked about %d files (%v), want every file of content/", len(listed), listed)
	}
	if got, want := errs.Error(), "content/badges/notes.txt:2:1: a private key"; !strings.HasPrefix(got, want) || len(errs) != 1 {
		t.Errorf("Scan: %v, want one error starting %q", errs, want)
	}
	if _, err := List(root, "missing"); !os.IsNotExist(err) {
		t.Errorf("List of a missing directory: %v, want not exist", err)
	}
}

func TestHasMarker(t *testing.T) {
	if !HasMarker([]byte(privateKeyPEM(t))) || HasMarker([]byte("PRIVATE KEY----")) {
		t.Errorf("HasMarker is wrong about a key or a near miss")
	}
}
