package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func awardIssued(issued string) string {
	return strings.Replace(baseAward, "issued = 2025-03-14T09:00:00Z", "issued = "+issued, 1)
}

func TestFutureAwards(t *testing.T) {
	clock := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	const file = "content/awards/2025/abc123de.toml"
	tests := []struct {
		name, issued string
		allow        bool
		want         string
	}{
		{"before the clock", "2025-03-14T08:00:00Z", false, ""},
		{"within the skew", "2025-03-14T09:05:00Z", false, ""},
		{"after the skew", "2025-03-14T09:05:01Z", false, file + ":3:10: issued 2025-03-14T09:05:01Z is after the build clock (2025-03-14T09:00:00Z)"},
		{"offset", "2025-03-14T10:06:00+01:00", false, "issued 2025-03-14T09:06:00Z is after the build clock"},
		{"allowed", "2030-01-01T00:00:00Z", true, ""},
		{"past 9999", "9999-12-31T23:30:00-01:00", true, file + ":3:10: issued is in the year 10000 in UTC"},
		{"before 1", "0001-01-01T00:00:00+01:00", false, file + ":3:10: issued is in the year 0 in UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseSite()
			fsys[file] = &fstest.MapFile{Data: []byte(awardIssued(tt.issued))}
			s, err := Load(fsys, Options{Clock: clock, AllowFuture: tt.allow})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			case err != nil:
				return
			}
			// An edit in serve is checked by the same rule.
			fsys[file] = &fstest.MapFile{Data: []byte(awardIssued("2099-01-01T00:00:00Z"))}
			_, _, err = s.UpdateAwards(fsys, []string{file})
			if tt.allow != (err == nil) {
				t.Fatalf("update of an award issued in 2099 with allow = %v: %v", tt.allow, err)
			}
		})
	}
	// Without a clock, the check is made against the time of the check.
	fsys := baseSite()
	fsys[file] = &fstest.MapFile{Data: []byte(awardIssued(time.Now().Add(time.Hour).UTC().Format(time.RFC3339)))}
	if _, err := Load(fsys, Options{}); err == nil || !strings.Contains(err.Error(), "after the build clock") {
		t.Fatalf("an award issued in an hour: %v", err)
	}
}
