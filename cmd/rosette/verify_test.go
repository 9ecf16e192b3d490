package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerifyCommand(t *testing.T) {
	root := exampleSite(t)
	if code, _, stderr := runWith(nil, "build", "-s", root); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	public := filepath.Join(root, "public")
	const base = "https://badges.riverbend.example.org/"
	m := base + "=" + public
	now := "2026-11-22T12:00:00Z"
	for _, tt := range []struct {
		args    []string
		code    int
		verdict string
	}{
		{[]string{base + "assertions/kwmwkz64xe1t8roq.json"}, 0, "VALID"},
		{[]string{filepath.Join(public, "assertions/kwmwkz64xe1t8roq.png"), "--recipient", exampleRecipient(t, "kwmwkz64xe1t8roq")}, 0, "VALID"},
		{[]string{filepath.Join(public, "assertions/kwmwkz64xe1t8roq.json"), "--recipient", "someone@example.com"}, exitFailure, "INVALID"},
		{[]string{base + "assertions/zsjqdfbcwxugd95s.json"}, exitFailure, "REVOKED"},
		{[]string{base + "assertions/53pd9varw8tsjkin.json"}, exitFailure, "EXPIRED"},
	} {
		args := append([]string{"verify", "--map", m, "--now", now}, tt.args...)
		code, stdout, stderr := runWith(nil, args...)
		if code != tt.code || !strings.Contains(stdout, "Verdict: "+tt.verdict+"\n") {
			t.Errorf("%v: exit %d\n%s%s", tt.args, code, stdout, stderr)
		}
	}
	code, stdout, _ := runWith(nil, "verify", base+"assertions/53pd9varw8tsjkin.json", "--map", m, "--now", now, "--format", "json")
	var rep struct {
		Verdict string
		Checks  []struct {
			Rule string
			OK   bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != exitFailure || rep.Verdict != "expired" {
		t.Errorf("json report: exit %d, %v\n%s", code, err, stdout)
	}
	for _, args := range [][]string{{"verify"}, {"verify", "x", "--map", "nope"}, {"verify", "x", "--now", "yesterday"}, {"verify", "x", "--format", "xml"}} {
		if code, _, _ := runWith(nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, stderr := runWith(nil, "verify", base+"assertions/x.json", "--map", "https://elsewhere.example/="+public); code != exitFailure {
		t.Errorf("unmapped URL: exit %d %s", code, stderr)
	}
}

// exampleRecipient returns the plaintext address behind an example award,
// from the test fixture (addresses stay out of everything but testdata/).
func exampleRecipient(t *testing.T, award string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "generator", "testdata", "example-recipients.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == award {
			return f[1]
		}
	}
	t.Fatalf("no recipient for %s in the fixture", award)
	return ""
}
