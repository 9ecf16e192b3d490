package sign

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckKeyPath(t *testing.T) {
	repo := t.TempDir()
	site := filepath.Join(repo, "site")
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Join(site, "content"), filepath.Join(repo, "secrets")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	outside := t.TempDir()
	for _, tt := range []struct{ path, want string }{
		{filepath.Join(site, "content", "k.pem"), "inside content/"},
		{filepath.Join(site, "public", "k.pem"), "inside public/"},
		{filepath.Join(site, "k.pem"), "inside the site"},
		{filepath.Join(repo, "secrets", "k.pem"), "inside the git repository " + repo},
		{filepath.Join(repo, "k.pem"), "inside the git repository " + repo},
		{filepath.Join(outside, "k.pem"), ""},
	} {
		err := CheckKeyPath(site, tt.path)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tt.path, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.path, err, tt.want)
		}
	}
	// A work tree has a .git file, not a directory.
	wt := t.TempDir()
	os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: elsewhere\n"), 0o644)
	os.MkdirAll(filepath.Join(wt, "site"), 0o755)
	if err := CheckKeyPath(filepath.Join(wt, "site"), filepath.Join(wt, "k.pem")); err == nil {
		t.Errorf("a key in a git work tree with a .git file was allowed")
	}
}
