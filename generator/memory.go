package generator

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Tuning the garbage collector for a build. Rendering allocates about
// 100 KB per award, nearly all of it garbage as soon as the award's files
// are written, over a live heap of about 1.5 KB per award (the records and
// the page data). With the default GOGC of 100 the collector runs every
// time the heap doubles: some 60 times in a build of 10,000 awards. Letting
// the heap grow further between collections saves most of that work;
// a soft memory limit keeps the peak in bounds on large sites.
const (
	buildGCPercent = 400
	buildMemLimit  = 384 << 20 // bytes; raised to 3 × the live heap of larger sites
)

// tuneMemory sets the collector for the rendering phase of a build, when
// the loaded site is the live heap, and returns a function that puts the
// previous settings back. GOGC or GOMEMLIMIT in the environment win: then
// it changes nothing.
func tuneMemory() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// The limit is soft: above it the collector works harder, but a
	// limit near the live heap would make it run without pause, so it
	// stays well above.
	limit := max(int64(buildMemLimit), 3*int64(ms.HeapAlloc))
	oldPercent := debug.SetGCPercent(buildGCPercent)
	oldLimit := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
