package main

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// Settling the disk before a timed run. Writing hundreds of thousands of
// files leaves gigabytes to write back, and deleting them makes the disk
// busy for minutes afterwards (more so with online discard); a run that
// starts meanwhile measures the previous run's work too. settle flushes
// the file systems and waits, at most settleMax, until the disk has been
// quiet: until Linux's I/O pressure over the last ten seconds is below
// settleQuiet percent. Elsewhere it only flushes.
const (
	settleQuiet = 2.0 // percent of time some task waited on I/O
	settleMax   = 2 * time.Minute
	settlePoll  = time.Second
)

// settle returns how long it waited.
func settle() time.Duration {
	start := time.Now()
	syncDisks()
	for time.Since(start) < settleMax {
		p, ok := ioPressure()
		if !ok || p < settleQuiet {
			break
		}
		time.Sleep(settlePoll)
	}
	return time.Since(start)
}

// ioPressure reads the share of the last ten seconds in which some task
// waited on I/O, from /proc/pressure/io ("some avg10=1.23 …").
func ioPressure() (float64, bool) {
	data, err := os.ReadFile("/proc/pressure/io")
	if err != nil {
		return 0, false
	}
	return parsePressure(data)
}

func parsePressure(data []byte) (float64, bool) {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	rest, ok := bytes.CutPrefix(line, []byte("some avg10="))
	if !ok {
		return 0, false
	}
	v, _, _ := bytes.Cut(rest, []byte(" "))
	p, err := strconv.ParseFloat(string(v), 64)
	return p, err == nil
}
