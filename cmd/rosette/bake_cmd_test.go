package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleSite copies the example content/ into a temporary site root.
func exampleSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(src), p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// runWith runs rosette with an environment and returns exit code, stdout
// and stderr.
func runWith(environ map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := runEnv(args, &env{stdout: &out, stderr: &errb, getenv: func(k string) string {
		if v, ok := environ[k]; ok || k != "XDG_STATE_HOME" {
			return v
		}
		return os.Getenv(k) // a temporary directory of TestMain's
	}})
	return code, out.String(), errb.String()
}

func TestKeygenBuildUnbake(t *testing.T) {
	root := exampleSite(t)
	outside := t.TempDir()

	for _, bad := range []string{filepath.Join(root, "content", "k.pem"), filepath.Join(root, "public", "k.pem"), filepath.Join(root, "k.pem")} {
		code, _, stderr := runWith(nil, "keygen", "-s", root, "--out", bad, "--bits", "2048")
		if code != exitUsage || !strings.Contains(stderr, "a private key must never") {
			t.Errorf("keygen --out %s: exit %d, %s", bad, code, stderr)
		}
	}
	keyFile := filepath.Join(outside, "riverbend.pem")
	code, stdout, stderr := runWith(nil, "keygen", "-s", root, "--out", keyFile, "--bits", "2048", "--id", "k1")
	if code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `Recorded public key "k1" for issuer riverbend`) {
		t.Errorf("keygen output: %s", stdout)
	}
	fi, err := os.Stat(keyFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key file: %v %v", fi.Mode(), err)
	}
	if code, _, stderr := runWith(nil, "keygen", "-s", root, "--out", keyFile, "--bits", "2048"); code != exitUsage || !strings.Contains(stderr, "never overwrites") {
		t.Errorf("keygen over an existing key: exit %d %s", code, stderr)
	}
	if code, _, stderr := runWith(nil, "check", "-s", root); code != 0 {
		t.Fatalf("check after keygen: exit %d %s", code, stderr)
	}

	// Hosted only without the private key, and says so.
	code, stdout, stderr = runWith(nil, "build", "-s", root)
	if code != 0 || !strings.Contains(stdout, "Hosted only: issuer riverbend") {
		t.Errorf("build without key: exit %d\n%s%s", code, stdout, stderr)
	}
	hosted := filepath.Join(root, "public", "assertions", "kwmwkz64xe1t8roq.png")
	code, stdout, _ = runWith(nil, "unbake", hosted)
	if code != 0 || !strings.HasPrefix(stdout, "{\n  \"@context\"") || !strings.Contains(stdout, `"type": "HostedBadge"`) {
		t.Errorf("unbake hosted: exit %d\n%s", code, stdout)
	}

	// Signed with the key from a file or from the environment.
	pemText, _ := os.ReadFile(keyFile)
	for _, env := range []map[string]string{{"ROSETTE_SIGNING_KEY_FILE": keyFile}, {"ROSETTE_SIGNING_KEY": string(pemText)}} {
		code, stdout, stderr = runWith(env, "build", "-s", root)
		if code != 0 || !strings.Contains(stdout, "Signed 15 awards") {
			t.Errorf("signed build: exit %d\n%s%s", code, stdout, stderr)
		}
	}
	code, stdout, _ = runWith(nil, "unbake", hosted)
	if code != 0 || !strings.HasPrefix(stdout, "Signed assertion (JWS") || !strings.Contains(stdout, `"type": "SignedBadge"`) {
		t.Errorf("unbake signed: exit %d\n%s", code, stdout)
	}

	// The key must not be inside the site.
	inside := filepath.Join(root, "k.pem")
	os.WriteFile(inside, pemText, 0o600)
	if code, _, stderr := runWith(nil, "build", "-s", root, "--signing-key", inside); code != exitFailure || !strings.Contains(stderr, "inside the site") {
		t.Errorf("build with a key inside the site: exit %d %s", code, stderr)
	}
	code, stdout, _ = runWith(nil, "check", "-s", root)
	if code != exitFailure || !strings.Contains(stdout, "k.pem:1:1: a private key") {
		t.Errorf("check with a private key in the tree: exit %d\n%s", code, stdout)
	}
}

func TestUnbakeErrors(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join("..", "..", "content", "badges", "git-foundations.png")
	data, _ := os.ReadFile(plain)
	cut := filepath.Join(dir, "cut.png")
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"unbake", plain}, exitFailure, "carries no baked assertion"},
		{[]string{"unbake", cut}, exitFailure, "truncated PNG"},
		{[]string{"unbake"}, exitUsage, "want one image file"},
		{[]string{"unbake", filepath.Join(dir, "missing.png")}, exitFailure, "no such file"},
	} {
		code, _, stderr := runWith(nil, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

func TestCheckReportsSVGAllowlist(t *testing.T) {
	root := exampleSite(t)
	svg := "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <image href=\"https://evil.example/x.png\"/>\n</svg>\n"
	if err := os.WriteFile(filepath.Join(root, "content", "badges", "git-foundations.svg"), []byte(svg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runWith(nil, "check", "-s", root)
	want := filepath.ToSlash(root) + `/content/badges/git-foundations.svg:2:10: href "https://evil.example/x.png" is an external reference`
	if code != exitFailure || !strings.HasPrefix(stdout, want) {
		t.Errorf("check: exit %d\n%s\nwant %s", code, stdout, want)
	}
	code, stdout, _ = runWith(nil, "check", "-s", root, "--format", "github")
	if code != exitFailure || !strings.Contains(stdout, "::error file="+filepath.ToSlash(root)+"/content/badges/git-foundations.svg,line=2,col=10,") {
		t.Errorf("check --format github: %s", stdout)
	}
}

// TestKeygenRefusesRepository checks that keygen refuses to write the
// private key anywhere in the git repository that holds the site, not
// only under the site root.
func TestKeygenRefusesRepository(t *testing.T) {
	site := exampleSite(t)
	repo := filepath.Dir(site)
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(repo, "keys", "riverbend.pem")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	code, _, stderr := runWith(nil, "keygen", "-s", site, "--out", bad, "--bits", "2048")
	if code != exitUsage || !strings.Contains(stderr, "inside the git repository") {
		t.Errorf("keygen --out %s: exit %d, %s", bad, code, stderr)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Errorf("the key was written inside the repository")
	}
	// A key file there is refused by build too.
	if code, _, stderr := runWith(map[string]string{"ROSETTE_SIGNING_KEY_FILE": bad}, "build", "-s", site); code == 0 || !strings.Contains(stderr, "inside the git repository") {
		t.Errorf("build with a key in the repository: exit %d, %s", code, stderr)
	}
}
