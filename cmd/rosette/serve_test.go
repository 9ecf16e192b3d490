package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--port", "70000"},
		{"serve", "--poll", "1ms"},
		{"serve", "--baseURL", "localhost:1313"},
		{"serve", "extra"},
	} {
		if code, _, stderr := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
	if code, _, stderr := runCmd(t, "serve", "-s", filepath.Join(t.TempDir(), "none")); code != exitFailure || !strings.Contains(stderr, "is not a site directory") {
		t.Errorf("missing site: exit %d, %s", code, stderr)
	}
}
