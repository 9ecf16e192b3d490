package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeInstallFirst: the README and the workflow page say how to
// install the rosette command before they first call it.
func TestReadmeInstallFirst(t *testing.T) {
	for _, file := range []string{"../../README.md", "../../docs/workflow.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		install := strings.Index(text, "go install ./cmd/rosette")
		first := strings.Index(text, "rosette award")
		if install < 0 || first < 0 || install > first {
			t.Errorf("%s: go install ./cmd/rosette at %d, the first rosette award at %d", file, install, first)
		}
	}
}
