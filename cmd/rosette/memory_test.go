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

	restore := tuneMemory(0)
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
	tuneMemory(0)()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, tuneMemory changed GOGC to %d", got)
	}
}

// TestRenderLimit checks the soft memory limit of renders of small, mid-
// sized and large live heaps, with and without a mapped signature cache:
// never below buildMemLimit, buildHeadroom above the live heap, and at
// least twice the live heap and the mapped cache together, less the
// cache.
func TestRenderLimit(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct{ heap, mapped, want int64 }{
		{0, 0, buildMemLimit},
		{100 * mb, 0, buildMemLimit},
		{100 * mb, 41 * mb, buildMemLimit},
		{193 * mb, 0, 193*mb + buildHeadroom},
		{148 * mb, 41 * mb, 148*mb + buildHeadroom},
		{buildHeadroom, 0, 2 * buildHeadroom},
		{292 * mb, 0, 584 * mb},
		{173 * mb, 103 * mb, 449 * mb},
		{2000 * mb, 0, 4000 * mb},
		{2000 * mb, 500 * mb, 4500 * mb},
	} {
		if got := renderLimit(c.heap, c.mapped); got != c.want {
			t.Errorf("renderLimit(%d MB, %d MB mapped) = %d MB, want %d MB", c.heap/mb, c.mapped/mb, got/mb, c.want/mb)
		}
	}
}
