// Command rosette-bench measures rosette at scale. For each size it writes
// a synthetic site, builds it with the rosette command (a child process,
// so that its peak memory can be read), and in the same run writes the
// same number of files with the same sizes with a plain Go writer — the
// floor a build can approach. It prints medians of wall time, awards per
// second, peak RSS and the ratio build/floor.
//
// Usage:
//
//	go run ./cmd/rosette-bench [-awards 10000,100000] [-runs 3] [-serve]
//
// Every build and every floor run writes into a fresh directory: on some
// file systems, writing into a tree that was just deleted is several times
// slower for minutes afterwards.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is the command line.
type config struct {
	awards     []int
	runs       int
	seed       uint64
	dir        string
	rosette    string
	keep       bool
	serve      bool
	signed     bool
	ob3        bool
	languages  bool
	fresh      bool
	first2     bool
	reuse      string
	dropCaches bool
	edits      int
	serveCmd   string
	verbose    bool
	stderr     io.Writer // where -v writes
}

// each is where the comparisons write every run's figures: stderr with
// -v, else nowhere.
func (c *config) each() io.Writer {
	if c.verbose {
		return c.stderr
	}
	return nil
}

const usage = `Usage: rosette-bench [flags]

Generates synthetic sites, builds them with rosette and compares each build
with the floor: the same files written by a plain Go writer. Before each
timed build or floor run it flushes the file systems and waits until the
disk is quiet (on Linux, I/O pressure below 2% over ten seconds; two
minutes at most), so that no run pays for the writes of the one before;
and the runs alternate which goes first, build or floor.

Flags:
  -awards LIST     sizes to measure, comma-separated (default 1000,10000)
  -runs N          builds and floor runs per size; medians are reported (default 3)
  -seed N          seed of the synthetic sites (default 1)
  -dir DIR         work directory (default: the system temporary directory)
  -rosette PATH    rosette binary to measure (default: built from this module)
  -keep            keep the work directory
  -serve           also measure rosette serve: write one changed award or
                   badge file, time until the changed output is served
  -signed          also measure signed builds: a warm signature cache
                   against unsigned builds of the same site
  -ob3             only measure Open Badges 3.0: signed builds that publish
                   3.0 too against signed builds of 2.0 only, first builds
                   and warm rebuilds into the previous output, with peak
                   RSS (no floor, no unsigned builds)
  -fresh           with -ob3, also compare warm builds into fresh
                   directories, as in CI
  -first2          with -ob3, also time the first signing build of 2.0
                   only (else the 2.0-only site starts from the signature
                   cache of the first 3.0 build)
  -reuse DIR       with -ob3, compare the warm rebuilds again on the sites,
                   keys and outputs that an earlier -ob3 -keep run left in
                   its work directory DIR (another rosette binary, say),
                   without making the sites and the first builds again
  -languages       only compare builds of the site in two languages (English
                   and French) with builds in one, alternating, each output
                   removed once timed
  -drop-caches     with -signed, also compare signed and unsigned rebuilds
                   from a cold page cache, dropping the kernel's caches
                   before each (Linux, as root: /proc/sys/vm/drop_caches;
                   slows everything else on the machine for a while)
  -edits N         edits per kind for -serve (default 9)
  -serve-cmd ARGS  how serve is started; {site} and {port} are replaced
                   (default "serve -s {site} --port {port}")
  -v               with -signed or -ob3, also print every run's figures
                   (on stderr), not only the medians

Examples:
  go run ./cmd/rosette-bench
  go run ./cmd/rosette-bench -awards 10000,100000 -runs 3
  go run ./cmd/rosette-bench -awards 10000 -serve -signed
  go run ./cmd/rosette-bench -awards 10000 -ob3
  go run ./cmd/rosette-bench -awards 100000 -languages
`

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rosette-bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c config
	sizes := fs.String("awards", "1000,10000", "")
	fs.IntVar(&c.runs, "runs", 3, "")
	fs.Uint64Var(&c.seed, "seed", 1, "")
	fs.StringVar(&c.dir, "dir", "", "")
	fs.StringVar(&c.rosette, "rosette", "", "")
	fs.BoolVar(&c.keep, "keep", false, "")
	fs.BoolVar(&c.serve, "serve", false, "")
	fs.BoolVar(&c.signed, "signed", false, "")
	fs.BoolVar(&c.ob3, "ob3", false, "")
	fs.BoolVar(&c.languages, "languages", false, "")
	fs.BoolVar(&c.fresh, "fresh", false, "")
	fs.BoolVar(&c.first2, "first2", false, "")
	fs.StringVar(&c.reuse, "reuse", "", "")
	fs.IntVar(&c.edits, "edits", 9, "")
	fs.BoolVar(&c.dropCaches, "drop-caches", false, "")
	fs.StringVar(&c.serveCmd, "serve-cmd", "serve -s {site} --port {port}", "")
	fs.BoolVar(&c.verbose, "v", false, "")
	c.stderr = stderr
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "rosette-bench: %v\n%s", err, usage)
		return 2
	}
	var err error
	if c.awards, err = parseSizes(*sizes); err != nil || c.runs < 1 || c.edits < 1 || fs.NArg() > 0 {
		if err == nil {
			err = fmt.Errorf("bad arguments")
		}
		fmt.Fprintf(stderr, "rosette-bench: %v\n%s", err, usage)
		return 2
	}
	if c.reuse != "" && !c.ob3 {
		fmt.Fprintf(stderr, "rosette-bench: -reuse goes with -ob3\n%s", usage)
		return 2
	}
	if c.dropCaches {
		if !c.signed {
			fmt.Fprintf(stderr, "rosette-bench: -drop-caches goes with -signed\n%s", usage)
			return 2
		}
		if err := dropCaches(); err != nil { // now, rather than after the first hour
			fmt.Fprintf(stderr, "rosette-bench: %v\n", err)
			return 1
		}
	}
	if err := bench(c, stdout); err != nil {
		fmt.Fprintf(stderr, "rosette-bench: %v\n", err)
		return 1
	}
	return 0
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-awards: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}
