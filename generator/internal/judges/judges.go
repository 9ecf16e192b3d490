// Package judges finds, for tests, the independent tools that check
// rosette's output from outside: node with the npm packages of
// .ci/package.json (in .ci/node_modules, or the directory named by
// $ROSETTE_CI_TOOLS), Chromium, git. .ci/run installs them. A test whose
// tool is missing is skipped with a message that says so, except with
// CI=true, where it fails: CI must not pass by skipping.
package judges

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"rosette/generator/internal/sitetest"
)

// Missing skips the test because what is missing, or fails it when
// CI=true.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing; .ci/run installs it (CI=true: tests do not skip)", what)
	}
	t.Skipf("skipping: %s is missing (.ci/run installs it)", what)
}

// Command returns the path of the first of names found on $PATH, or
// calls Missing.
func Command(t testing.TB, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, names[0])
	return ""
}

// Node returns the node binary and the directory of the npm packages
// (node_modules) that holds every one of packages, or calls Missing.
func Node(t testing.TB, packages ...string) (node, modules string) {
	t.Helper()
	node = Command(t, "node")
	modules = Modules(t)
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(modules, p, "package.json")); err != nil {
			Missing(t, "the npm package "+p+" (in "+modules+"; npm ci in .ci/)")
		}
	}
	return node, modules
}

// Modules returns the directory of the npm packages: $ROSETTE_CI_TOOLS,
// else .ci/node_modules in the module's root.
func Modules(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv("ROSETTE_CI_TOOLS"); dir != "" {
		return dir
	}
	return filepath.Join(sitetest.ModuleRoot(t), ".ci", "node_modules")
}

// Chromium returns the path of a Chromium binary, or calls Missing.
func Chromium(t testing.TB) string {
	t.Helper()
	return Command(t, "chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
}
