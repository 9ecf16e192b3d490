package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
)

// TestLoadRefusesLargeRecord loads a record over the size limit from disk,
// through sourceFS.
func TestLoadRefusesLargeRecord(t *testing.T) {
	root := copyExampleSite(t)
	big := filepath.Join(root, "content", "earners", "big.toml")
	if err := os.WriteFile(big, []byte("name = \"Big\"\nbio = \""+strings.Repeat("x", content.MaxRecordBytes)+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Options{Source: root})
	if err == nil || !strings.Contains(err.Error(), "content/earners/big.toml: file is larger than the limit of 1048576 bytes (1 MB) for a record") {
		t.Errorf("Load: %v", err)
	}
}
