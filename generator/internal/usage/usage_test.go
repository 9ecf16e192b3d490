package usage

import (
	"runtime"
	"testing"
)

// TestCPUGrows checks that work shows in the CPU time, where it is known.
func TestCPUGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no CPU time here")
	}
	start := CPU()
	x := uint64(1)
	for start == CPU() {
		for i := range 1_000_000 {
			x = x*6364136223846793005 + uint64(i)
		}
	}
	if CPU() <= start || MaxRSS() <= 0 {
		t.Errorf("CPU %v after %v, peak RSS %d (%d)", CPU(), start, MaxRSS(), x&1)
	}
}
