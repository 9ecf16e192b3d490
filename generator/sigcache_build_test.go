package generator

import (
	"bytes"
	"crypto/rsa"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/sigcache"
	"rosette/generator/ob"
	"rosette/generator/sign"
)

// TestBuildSignatureCache builds a signed site twice: the first build
// fills the cache at its default place, the second signs nothing (a
// signer that fails proves it) and writes byte-identical JWS files.
func TestBuildSignatureCache(t *testing.T) {
	key := signingTestKeys(t)[1]
	root := copyExampleSite(t)
	addKey(t, root, "riverbend", "2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), key)
	clock := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	dest := filepath.Join(root, "public")
	res, err := Build(Options{Source: root, Destination: dest, Clock: clock, SigningKeys: []*rsa.PrivateKey{key}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 || res.Signed == 0 {
		t.Fatalf("first build: %d signed, warnings %v", res.Signed, res.Warnings)
	}
	cachePath := sigcache.DefaultPath(root)
	if _, err := os.Stat(cachePath); err != nil {
		t.Fatalf("no signature cache after a signed build: %v", err)
	}
	first := readJWS(t, dest)

	// The cache holds a signature for every signed award: a second build
	// through a cache whose signer always fails still succeeds.
	c, err := sigcache.Open(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	g := ob.New(s)
	keyURL := g.URL(ob.KeyPath("riverbend", "2025"))
	cacheID := keyURL + "#" + keyFingerprint(t, key)
	for _, a := range s.Awards {
		if a.Revoked {
			continue
		}
		payload, err := ob.NewCompactEncoder().Encode(g.SignedAssertion(a, keyURL))
		if err != nil {
			t.Fatal(err)
		}
		sig, err := c.Sign(cacheID, payload, func([]byte) ([]byte, error) {
			t.Fatalf("%s: not in the cache", a.ID)
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := sign.Compact(payload, sig); got != first[a.ID] {
			t.Errorf("%s: the cached signature gives another JWS", a.ID)
		}
	}

	// A rebuild through the default cache gives the same bytes.
	if _, err := Build(Options{Source: root, Destination: dest, Clock: clock, SigningKeys: []*rsa.PrivateKey{key}}); err != nil {
		t.Fatal(err)
	}
	second := readJWS(t, dest)
	if len(second) != len(first) {
		t.Fatalf("%d signed awards, then %d", len(first), len(second))
	}
	for id, jws := range first {
		if second[id] != jws {
			t.Errorf("%s: the rebuild signed differently", id)
		}
	}

	// A damaged cache is ignored: the build signs again.
	if err := os.WriteFile(cachePath, []byte("not a cache"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := Build(Options{Source: root, Destination: dest, Clock: clock, SigningKeys: []*rsa.PrivateKey{key}}); err != nil || len(res.Warnings) > 0 {
		t.Fatalf("build over a damaged cache: %v %v", err, res.Warnings)
	}
	data, _ := os.ReadFile(cachePath)
	if !bytes.HasPrefix(data, []byte("rosette signature cache")) {
		t.Error("the damaged cache was not replaced")
	}

	// A cache whose signatures the key does not verify fails the build
	// rather than publishing them.
	if err := os.Remove(cachePath); err != nil {
		t.Fatal(err)
	}
	bad, err := sigcache.Open(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Awards {
		if a.Revoked {
			continue
		}
		payload, _ := ob.NewCompactEncoder().Encode(g.SignedAssertion(a, keyURL))
		bad.Sign(cacheID, payload, func([]byte) ([]byte, error) { return make([]byte, key.Size()), nil })
	}
	if err := bad.Save(); err != nil {
		t.Fatal(err)
	}
	before := readJWS(t, dest)
	_, err = Build(Options{Source: root, Destination: dest, Clock: clock, SigningKeys: []*rsa.PrivateKey{key}})
	if err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("build with signatures the key does not verify: %v", err)
	}
	if after := readJWS(t, dest); len(after) != len(before) || after[s.Awards[0].ID] != before[s.Awards[0].ID] {
		t.Error("the failed build changed the output")
	}
}

func readJWS(t *testing.T, dest string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dest, "assertions", "*.jws"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".jws")] = string(data)
	}
	return out
}

func keyFingerprint(t *testing.T, k *rsa.PrivateKey) string {
	t.Helper()
	fp, err := fingerprint(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// TestCacheDir checks that a build with Options.CacheDir keeps its
// signature cache and output manifests there, and writes nothing of them
// into the site.
func TestCacheDir(t *testing.T) {
	key := signingTestKeys(t)[1]
	root := copyExampleSite(t)
	addKey(t, root, "riverbend", "2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), key)
	cache := filepath.Join(t.TempDir(), "cache")
	opts := Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"), CacheDir: cache, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{key}}
	for range 2 {
		if res, err := Build(opts); err != nil || len(res.Warnings) > 0 {
			t.Fatalf("Build: %v, %v", res, err)
		}
	}
	if _, err := os.Stat(filepath.Join(cache, "signatures")); err != nil {
		t.Errorf("no signature cache in CacheDir: %v", err)
	}
	if m, err := os.ReadDir(filepath.Join(cache, "outputs")); err != nil || len(m) == 0 {
		t.Errorf("no output manifest in CacheDir: %v, %v", m, err)
	}
	if _, err := os.Stat(filepath.Join(root, ".rosette-cache")); !os.IsNotExist(err) {
		t.Errorf("the site has a .rosette-cache: %v", err)
	}
}
