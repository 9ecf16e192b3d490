package judges

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModules(t *testing.T) {
	t.Setenv("ROSETTE_CI_TOOLS", "")
	want, err := filepath.Abs(filepath.Join("..", "..", "..", ".ci", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Modules(t); got != want {
		t.Errorf("Modules() = %s, want %s", got, want)
	}
	t.Setenv("ROSETTE_CI_TOOLS", "/opt/tools")
	if got := Modules(t); got != "/opt/tools" {
		t.Errorf("Modules() with ROSETTE_CI_TOOLS = %s", got)
	}
}

func TestCommand(t *testing.T) {
	exe, err := os.Executable() // the test binary: on no $PATH
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Dir(exe))
	if got := Command(t, "no-such-tool", filepath.Base(exe)); got != exe {
		t.Errorf("Command = %q, want %q", got, exe)
	}
	t.Run("missing", func(t *testing.T) {
		t.Setenv("CI", "")
		Command(t, "no-such-tool")
		t.Error("Command did not skip the test for a missing tool")
	})
}
