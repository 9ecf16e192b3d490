package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneMemory checks that tuneMemory raises GOGC and sets a soft
// memory limit for the render, that its restore function puts both back,
// and that a GOGC of the environment wins.
func TestTuneMemory(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Skip("the test process runs with a memory limit")
	}
	percent := debug.SetGCPercent(100)
	defer debug.SetGCPercent(percent)

	restore := tuneMemory()
	if got := debug.SetGCPercent(-1); got != buildGCPercent {
		t.Errorf("GOGC during the render: %d, want %d", got, buildGCPercent)
	}
	debug.SetGCPercent(buildGCPercent)
	if got := debug.SetMemoryLimit(-1); got < buildMemLimit || got == math.MaxInt64 {
		t.Errorf("memory limit during the render: %d, want at least %d", got, buildMemLimit)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after the render: %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit after the render: %d, want none", got)
	}

	t.Setenv("GOGC", "50")
	tuneMemory()()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, tuneMemory changed GOGC to %d", got)
	}
}
