// Package sitetest gives tests a copy of the example site, the module's
// content/, to change at will, and writes files into it.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Copy copies the example site's content/ into a new temporary site root
// and returns the root.
func Copy(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join(ModuleRoot(t), "content"))); err != nil {
		t.Fatal(err)
	}
	return root
}

// WriteFile writes data to the file at path, making its directory.
func WriteFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ModuleRoot returns the root of the module: the nearest directory above
// the test's working directory that holds go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = up
	}
}
