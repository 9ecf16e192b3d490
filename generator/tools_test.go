package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nodeTools returns the node binary and the directory of the npm packages
// the tests check our output with (installed by .ci/run). Without them the
// test is skipped, except in CI, where it fails.
func nodeTools(t *testing.T, packages ...string) (node, modules string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; .ci/run installs it", what)
		}
		t.Skipf("skipping: %s is missing (run `npm ci` in .ci/, as .ci/run does)", what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	modules = os.Getenv("ROSETTE_CI_TOOLS")
	if modules == "" {
		modules, _ = filepath.Abs(filepath.Join("..", ".ci", "node_modules"))
	}
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(modules, p, "package.json")); err != nil {
			missing("npm package " + p)
		}
	}
	return node, modules
}
