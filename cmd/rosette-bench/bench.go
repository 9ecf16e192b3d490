package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"rosette/generator/synth"
)

// bench measures every size in c and prints what it found.
func bench(c config, out io.Writer) error {
	work := c.reuse
	if work == "" {
		var err error
		if work, err = os.MkdirTemp(c.dir, "rosette-bench-"); err != nil {
			return err
		}
	}
	if c.keep || c.reuse != "" {
		fmt.Fprintf(out, "work directory: %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin := c.rosette
	if bin == "" {
		bin = filepath.Join(work, "rosette")
		if err := goBuild(bin); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "rosette-bench: %s/%s, %d CPUs, %d runs per size (medians)\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), c.runs)
	if c.languages {
		for _, n := range c.awards {
			if err := measureLanguages(c, bin, work, n, out); err != nil {
				return err
			}
		}
		return nil
	}
	if c.ob3 {
		for _, n := range c.awards {
			if err := measureOB3(c, bin, work, n, out); err != nil {
				return err
			}
		}
		return nil
	}
	var results []result
	for _, n := range c.awards {
		r, err := measure(c, bin, work, n, out)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Fprintln(out)
	printTable(out, results)
	if c.signed {
		fmt.Fprintln(out)
		for _, n := range c.awards {
			if err := measureSigned(c, bin, filepath.Join(work, fmt.Sprint(n)), n, out); err != nil {
				return err
			}
		}
	}
	if c.serve {
		fmt.Fprintln(out)
		for _, n := range c.awards {
			if err := measureServe(c, bin, filepath.Join(work, fmt.Sprint(n), "site"), n, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// goBuild builds the rosette command of this module.
func goBuild(bin string) error {
	cmd := exec.Command("go", "build", "-o", bin, "rosette/cmd/rosette")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building rosette (run from the repository, or pass -rosette): %w", err)
	}
	return nil
}

// result is what was measured at one size.
type result struct {
	awards  int
	files   int
	bytes   int64
	build   []time.Duration
	rss     []int64         // peak RSS of each build, in bytes
	cpu     []time.Duration // user + system CPU time of each build
	floor   []time.Duration
	rebuild []time.Duration // builds into the previous output, content unchanged
}

func measure(c config, bin, work string, n int, out io.Writer) (result, error) {
	res := result{awards: n}
	dir := filepath.Join(work, fmt.Sprint(n))
	site := filepath.Join(dir, "site")
	start := time.Now()
	st, err := synth.Write(site, synth.Options{Awards: n, Seed: c.seed})
	if err != nil {
		return res, err
	}
	fmt.Fprintf(out, "\n%d awards: generated %d files (%s) in %s\n", n, st.Files, mb(st.Bytes), round(time.Since(start)))
	// The file system's speed drifts (it is slow for minutes after large
	// deletions, for one), so the runs alternate which goes first, build
	// or floor: ABBA. The first build lists the files the floor writes.
	var files []outFile
	for i := 1; i <= c.runs; i++ {
		var d, fd, cpu, fcpu time.Duration
		var rss int64
		dest := filepath.Join(dir, fmt.Sprintf("build-%d", i))
		build := func() error {
			var err error
			d, rss, cpu, err = runBuild(bin, site, dest)
			if err != nil || files != nil {
				return err
			}
			if files, err = listFiles(dest); err != nil {
				return err
			}
			for _, f := range files {
				res.files++
				res.bytes += f.size
			}
			return nil
		}
		floor := func() error {
			settle()
			cpu0 := selfCPU()
			var err error
			fd, err = writeFloor(filepath.Join(dir, fmt.Sprintf("floor-%d", i)), files)
			fcpu = selfCPU() - cpu0
			return err
		}
		order, err := abba(i, build, floor, "build, floor", "floor, build")
		if err != nil {
			return res, err
		}
		res.build, res.rss, res.cpu = append(res.build, d), append(res.rss, rss), append(res.cpu, cpu)
		res.floor = append(res.floor, fd)
		fmt.Fprintf(out, "  run %d (%s): build %s (CPU %s, peak RSS %s), floor %s (CPU %s): build/floor %.2f\n", i, order, round(d), round(cpu), mb(rss), round(fd), round(fcpu), d.Seconds()/fd.Seconds())
	}
	// Rebuilds of unchanged content into the output of run 1. The first
	// one finds no spare tree yet (see generator/publish) and is not counted.
	for i := 0; i <= c.runs; i++ {
		d, _, _, err := runBuild(bin, site, filepath.Join(dir, "build-1"))
		if err != nil {
			return res, err
		}
		if i == 0 {
			fmt.Fprintf(out, "  first rebuild, which keeps the replaced output for the next: %s\n", round(d))
			continue
		}
		res.rebuild = append(res.rebuild, d)
		fmt.Fprintf(out, "  rebuild %d into the previous output: %s\n", i, round(d))
	}
	return res, nil
}

// abba runs a then b in odd runs i and b then a in even ones, so that a
// drift of the machine's speed favours neither, and returns the order it
// used, named by ab or ba.
func abba(i int, a, b func() error, ab, ba string) (string, error) {
	if i%2 == 0 {
		a, b, ab = b, a, ba
	}
	if err := a(); err != nil {
		return ab, err
	}
	return ab, b()
}

// runBuild runs one build in a child process, once the disk is quiet
// (see settle), and returns its wall time, peak RSS and CPU time.
func runBuild(bin, site, dest string, extra ...string) (time.Duration, int64, time.Duration, error) {
	settle()
	cmd := exec.Command(bin, append([]string{"build", "-s", site, "-d", dest}, extra...)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("rosette build: %v\n%s", err, stderr.String())
	}
	return d, maxRSS(cmd.ProcessState), cpuTime(cmd.ProcessState), nil
}

func printTable(out io.Writer, rs []result) {
	fmt.Fprintf(out, "%-8s %8s %7s %9s %9s %9s %9s %9s %11s %9s\n",
		"awards", "files", "MB", "build", "CPU", "awards/s", "peak RSS", "floor", "build/floor", "rebuild")
	for _, r := range rs {
		b, f := median(r.build), median(r.floor)
		fmt.Fprintf(out, "%-8d %8d %7.1f %9s %9s %9.0f %9s %9s %11.2f %9s\n",
			r.awards, r.files, float64(r.bytes)/1e6, round(b), round(median(r.cpu)), float64(r.awards)/b.Seconds(),
			mb(slices.Max(r.rss)), round(f), b.Seconds()/f.Seconds(), round(median(r.rebuild)))
	}
}

func median[T ~int64 | ~float64](ds []T) T {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round(d time.Duration) string {
	if d < time.Second {
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}

func mb(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.0f MB", float64(n)/1e6), ".0")
}
