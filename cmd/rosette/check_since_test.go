package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is needed")
		}
		t.Skip("git is not installed")
	}
	root := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runCmd(t, "new", "site", root, "--issuer-url", "https://example.org/", "--rosette", "https://example.org/rosette.git"); code != exitOK {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCmd(t, "award", "-s", root, "--badge", "first-badge", "--email", "ada@example.net", "--issued", "2025-01-02")
	if code != exitOK {
		t.Fatal(stderr)
	}
	file := regexp.MustCompile(`content/awards/2025/[a-z0-9]{16}\.toml`).FindString(stdout)
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "site")

	if code, stdout, stderr := runCmd(t, "check", "-s", root, "--since", "HEAD"); code != exitOK || !strings.Contains(stdout, "ok: ") {
		t.Fatalf("clean repository: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := os.Remove(filepath.Join(root, file)); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd(t, "check", "-s", root, "--since", "HEAD", "--format", "github")
	if want := "::error file=" + file + ",title=rosette check::award "; code != exitFailure || !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "is deleted") {
		t.Errorf("deleted award: exit %d, stdout %q, want prefix %q", code, stdout, want)
	}
	if code, _, stderr := runCmd(t, "check", "-s", root, "--since", "nope"); code != exitFailure || !strings.Contains(stderr, "--since nope: not a commit") {
		t.Errorf("bad ref: exit %d, %s", code, stderr)
	}
}
