package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"rosette/generator/synth"
)

// measureLanguages compares builds of the same synthetic site in one
// language and in two (English and French: every page twice, the JSON,
// images and credentials once), alternating (ABBA), each into a fresh
// directory that is removed after it is timed. It reports medians, peak
// RSS and the ratio of the two.
func measureLanguages(c config, bin, work string, n int, out io.Writer) error {
	dir := filepath.Join(work, fmt.Sprint(n), "languages")
	one := filepath.Join(dir, "one")
	if _, err := synth.Write(one, synth.Options{Awards: n, Seed: c.seed}); err != nil {
		return err
	}
	two := filepath.Join(dir, "two")
	if err := os.CopyFS(two, os.DirFS(one)); err != nil {
		return err
	}
	conf := filepath.Join(two, "content", "site.toml")
	data, err := os.ReadFile(conf)
	if err != nil {
		return err
	}
	lang := regexp.MustCompile(`(?m)^language = .*$`)
	if !lang.Match(data) {
		data = append([]byte("language = \"en\"\n"), data...)
	}
	data = lang.ReplaceAll(data, []byte("language = \"en\"\nlanguages = [\"en\", \"fr\"]"))
	if err := os.WriteFile(conf, data, 0o644); err != nil {
		return err
	}
	var d1, d2, c1, c2 []time.Duration
	var r1, r2 int64
	build := func(site string, i int, d, cpu *[]time.Duration, rss *int64) func() error {
		return func() error {
			dest := filepath.Join(dir, fmt.Sprintf("public-%s-%d", filepath.Base(site), i))
			wall, peak, used, err := runBuild(bin, site, dest)
			os.RemoveAll(dest)
			*d, *cpu, *rss = append(*d, wall), append(*cpu, used), max(*rss, peak)
			return err
		}
	}
	for i := 1; i <= c.runs; i++ {
		if _, err := abba(i, build(two, i, &d2, &c2, &r2), build(one, i, &d1, &c1, &r1), "", ""); err != nil {
			return err
		}
		fmt.Fprintf(out, "languages, %d awards, run %d: two languages %s, one %s\n", n, i, round(d2[i-1]), round(d1[i-1]))
	}
	fmt.Fprintf(out, "languages, %d awards: two languages %s (CPU %s, peak RSS %s) against one %s (CPU %s, peak RSS %s): %.2f× wall, %.2f× CPU\n",
		n, round(median(d2)), round(median(c2)), mb(r2), round(median(d1)), round(median(c1)), mb(r1),
		float64(median(d2))/float64(median(d1)), float64(median(c2))/float64(median(c1)))
	return nil
}
