//go:build race

package render

// raceDetector is whether the tests run with the race detector, which
// makes html/template several times slower.
const raceDetector = true
