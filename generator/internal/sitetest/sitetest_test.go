package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopy(t *testing.T) {
	root := Copy(t)
	if _, err := os.Stat(filepath.Join(root, "content", "site.toml")); err != nil {
		t.Fatalf("the copy has no content/site.toml: %v", err)
	}
	f := filepath.Join(root, "content", "earners", "new", "x.toml")
	WriteFile(t, f, "name = \"X\"\n")
	if data, err := os.ReadFile(f); err != nil || string(data) != "name = \"X\"\n" {
		t.Errorf("WriteFile: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(ModuleRoot(t), "content", "earners", "new")); !os.IsNotExist(err) {
		t.Errorf("the example site itself changed: %v", err)
	}
}
