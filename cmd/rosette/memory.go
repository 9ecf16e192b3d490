package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	buildMemLimit  = 384 << 20 // bytes; raised for larger sites (renderLimit)
	buildHeadroom  = 256 << 20 // bytes
)

// tuneMemory sets the collector for the rendering phase of a build, when
// the loaded site is the live heap (rosette build calls it as the build's
// Options.BeforeRender), and returns a function that puts the previous
// settings back. GOGC or GOMEMLIMIT in the environment, or a memory limit
// the program set itself, win: then it changes nothing. These are
// settings of the whole process: the library leaves them alone, and the
// command, which runs one build, sets them.
func tuneMemory(mapped int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	// The live heap as the last collection found it; the loading phase
	// has just made and dropped a lot, so collect first.
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	var heap int64
	if live[0].Value.Kind() == metrics.KindUint64 {
		heap = int64(live[0].Value.Uint64())
	}
	limit := renderLimit(heap, mapped)
	oldPercent := debug.SetGCPercent(buildGCPercent)
	oldLimit := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// renderLimit is the soft memory limit of a render whose live heap is
// heap bytes when it starts, beside mapped bytes that the build holds
// mapped into memory (the signature cache's file), which the Go runtime
// does not count. The limit is soft: above it the collector works harder,
// but a limit near the live heap would make it run without pause, so it
// stays well above: buildHeadroom above the live heap, and never below
// twice the live heap, which is where Go's default (GOGC=100) would start
// a collection. Under a fixed headroom alone, the larger the live heap at
// the start, the less room the limit leaves between collections: the
// runtime's own overhead grows with the heap, and the render adds the same
// live data (the summaries that listing pages need) whatever the site's
// tables. A site that also publishes Open Badges 3.0, whose signature
// cache and output manifest hold more, was collected a quarter more often
// than the same site publishing 2.0 only.
//
// That floor counts the mapped cache as live, as it was when the cache
// was read into the heap, and the limit leaves out what is mapped: the
// mapped pages are the build's memory still (its peak RSS counts them),
// but not the collector's. A 3.0 site of 100,000 awards starts rendering
// with 173 MB live and 103 MB mapped, and gets 449 MB, 552 MB in all,
// where its heap, with the cache and a Go map of its keys, had 584 MB;
// a 2.0 site, whose 41 MB cache leaves the floor below the headroom,
// keeps its limit.
func renderLimit(heap, mapped int64) int64 {
	return max(int64(buildMemLimit), heap+buildHeadroom, 2*heap+mapped) // 2*(heap+mapped), less what is mapped
}
