package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuildClock(t *testing.T) {
	tests := []struct {
		flag, epoch string
		want        time.Time
		err         string
	}{
		{"2026-05-01", "", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), ""},
		{"2026-05-01T12:30:00+02:00", "99", time.Date(2026, 5, 1, 10, 30, 0, 0, time.UTC), ""},
		{"", "1767225600", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"yesterday", "", time.Time{}, "--clock"},
		{"2026-05-01T12:30:00", "", time.Time{}, "--clock"},
		{"", "soon", time.Time{}, "SOURCE_DATE_EPOCH"},
	}
	for _, tt := range tests {
		got, err := buildClock(tt.flag, tt.epoch)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("buildClock(%q, %q): error %v, want one about %s", tt.flag, tt.epoch, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("buildClock(%q, %q) = %v, %v; want %v", tt.flag, tt.epoch, got, err, tt.want)
		}
	}
	if now, err := buildClock("", ""); err != nil || time.Since(now) > time.Minute {
		t.Errorf("no flag, no SOURCE_DATE_EPOCH: %v, %v; want now", now, err)
	}
}

// TestBuildClockStatus builds the example at two clocks: the award that
// expires on 2026-12-31 is valid before and expired after.
func TestBuildClockStatus(t *testing.T) {
	for clock, want := range map[string]string{"2026-12-30": ">Valid<", "2027-01-01": ">Expired on 31 December 2026<"} {
		dest := filepath.Join(t.TempDir(), "public")
		var out, errb bytes.Buffer
		code := runEnv([]string{"build", "-s", "../..", "-d", dest, "--cacheDir", t.TempDir(), "--clock", clock}, &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
		if code != exitOK {
			t.Fatalf("--clock %s: exit %d: %s", clock, code, errb.String())
		}
		page, err := os.ReadFile(filepath.Join(dest, "assertions", "nlkpjo871jfunk6k", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), want) {
			t.Errorf("--clock %s: page lacks %s", clock, want)
		}
	}
	var errb bytes.Buffer
	if code := runEnv([]string{"build", "-s", "../..", "-d", t.TempDir() + "/p", "--cacheDir", t.TempDir(), "--clock", "tomorrow"}, &env{stdout: &errb, stderr: &errb, getenv: func(string) string { return "" }}); code != exitUsage {
		t.Errorf("--clock tomorrow: exit %d, want %d", code, exitUsage)
	}
}

// TestBuildExact builds the example site with --exact (html/template
// only) and without: every file must be the same.
func TestBuildExact(t *testing.T) {
	trees := map[bool]map[string][]byte{}
	for _, exact := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		args := []string{"build", "-s", "../..", "-d", dest, "--clock", "2026-06-01", "--cacheDir", t.TempDir()}
		if exact {
			args = append(args, "--exact")
		}
		var out, errb bytes.Buffer
		if code := runEnv(args, &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		files := map[string][]byte{}
		err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			files[p[len(dest):]] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		trees[exact] = files
	}
	if len(trees[true]) == 0 || len(trees[true]) != len(trees[false]) {
		t.Fatalf("%d files with --exact, %d without", len(trees[true]), len(trees[false]))
	}
	for p, want := range trees[true] {
		if got, ok := trees[false][p]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the --exact build", p)
		}
	}
}
