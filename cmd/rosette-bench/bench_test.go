package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestFloorWritesTheSameTree(t *testing.T) {
	src := t.TempDir()
	want := map[string]int{"a.json": 10, "d/b.json": 0, "d/e/c.png": 5000}
	for p, n := range want {
		os.MkdirAll(filepath.Join(src, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(src, p), bytes.Repeat([]byte("x"), n), 0o644)
	}
	files, err := listFiles(src)
	if err != nil || len(files) != len(want) {
		t.Fatalf("listFiles = %v, %v", files, err)
	}
	dest := filepath.Join(t.TempDir(), "floor")
	if _, err := writeFloor(dest, files); err != nil {
		t.Fatal(err)
	}
	got, err := listFiles(dest)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b outFile) int { return strings.Compare(a.path, b.path) })
	slices.SortFunc(files, func(a, b outFile) int { return strings.Compare(a.path, b.path) })
	if !slices.Equal(got, files) {
		t.Errorf("floor wrote %v, want %v", got, files)
	}
	if _, err := writeFloor(dest, files); err == nil {
		t.Error("the floor wrote into an existing directory")
	}
}

func TestEdits(t *testing.T) {
	award := []byte("badge = \"b\"\nissued = 2025-03-14T09:00:00Z\nexpires = 2026-03-14T09:00:00Z\n")
	changed, marker, err := editAward(award, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(changed, []byte("issued = 2025-03-14T08:57:00Z\n")) || string(marker) != `"issuedOn": "2025-03-14T08:57:00Z"` {
		t.Errorf("editAward: %s / %s", changed, marker)
	}
	if _, _, err := editAward([]byte("badge = \"b\"\n"), 0); err == nil {
		t.Error("editAward accepted a file without issued")
	}
	badge := []byte("name = \"B\"\ndescription = \"Does things.\"\n")
	changed, marker, err = editBadge(badge, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(changed, append([]byte(`description = "Does things.`), append(marker, '"')...)) {
		t.Errorf("editBadge: %s / %s", changed, marker)
	}
}

func TestMedianAndSizes(t *testing.T) {
	if m := median([]time.Duration{5, 1, 3}); m != 3 {
		t.Errorf("median = %v", m)
	}
	if m := median([]time.Duration{4, 1, 3, 2}); m != 2 {
		t.Errorf("median = %v", m)
	}
	if m := median([]float64{12.5, -3, 20, 7.5}); m != 10 {
		t.Errorf("median of ratios = %v", m)
	}
	if p := percent(23*time.Second, 20*time.Second); p < 14.999 || p > 15.001 {
		t.Errorf("percent = %v, want 15", p)
	}
	if s, err := parseSizes("1000, 10000"); err != nil || !slices.Equal(s, []int{1000, 10000}) {
		t.Errorf("parseSizes = %v, %v", s, err)
	}
	for _, bad := range []string{"", "0", "1k", "10,-1"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-awards", "x"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "Usage:") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"-h"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "rosette-bench") {
		t.Errorf("-h: exit %d, %q", code, out.String())
	}
	errb.Reset()
	if code := run([]string{"-drop-caches"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "-drop-caches goes with -signed") {
		t.Errorf("-drop-caches without -signed: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-reuse", t.TempDir()}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "-reuse goes with -ob3") {
		t.Errorf("-reuse without -ob3: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-ob3", "-awards", "10", "-rosette", "rosette", "-reuse", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not the work directory of an earlier -ob3 -keep run") {
		t.Errorf("-reuse of an empty directory: exit %d, stderr %q", code, errb.String())
	}
}

func TestWaitForSeesTheChange(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) < 5 {
			w.Write([]byte(`{"issuedOn": "old"}`))
			return
		}
		w.Write([]byte(`{"issuedOn": "new"}`))
	}))
	defer srv.Close()
	if _, err := waitFor(srv.URL, []byte(`"new"`), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 5 {
		t.Errorf("polled %d times, want 5", hits.Load())
	}
	if _, err := waitFor(srv.URL, []byte("never"), 50*time.Millisecond); err == nil {
		t.Error("waitFor reported a change that never came")
	}
}

func TestParsePressure(t *testing.T) {
	for in, want := range map[string]float64{
		"some avg10=12.62 avg60=45.88 avg300=34.86 total=249135681\nfull avg10=1.00 avg60=0.00 avg300=0.00 total=1\n": 12.62,
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n":                                                            0,
	} {
		if got, ok := parsePressure([]byte(in)); !ok || got != want {
			t.Errorf("parsePressure(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "full avg10=1.00\n", "some avg10=x avg60=0\n"} {
		if got, ok := parsePressure([]byte(in)); ok {
			t.Errorf("parsePressure(%q) = %v, want not ok", in, got)
		}
	}
}
