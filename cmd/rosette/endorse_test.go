package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndorseCommand writes an outside organisation's endorsement of an
// example badge class, verifies it with both sites mapped, and adds the
// record it prints to the endorsed site, which then checks and builds.
func TestEndorseCommand(t *testing.T) {
	root := exampleSite(t)
	if code, _, stderr := runWith(nil, "build", "-s", root); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	const base = "https://badges.riverbend.example.org/"
	const partner = "https://partner.example.net/badges/"
	out := filepath.Join(t.TempDir(), "partner")
	args := []string{"endorse", "--base", partner, "--id", "partner-web-accessibility",
		"--claim", base + "badges/web-accessibility.json", "--name", "Partner Guild", "--website", "https://partner.example.net/",
		"--email", "badges@partner.example.net", "--date", "2026-05-01T09:00:00Z", "--comment", "We hire on *this* badge.", "-d", out}
	code, stdout, stderr := runWith(nil, args...)
	if code != 0 {
		t.Fatalf("endorse: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, p := range []string{"endorsements/partner-web-accessibility.json", "issuers/partner-guild.json", "revocations/partner-guild.json"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("endorse did not write %s", p)
		}
	}
	maps := []string{"--map", base + "=" + filepath.Join(root, "public"), "--map", partner + "=" + out}
	code, vout, verr := runWith(nil, append([]string{"verify", partner + "endorsements/partner-web-accessibility.json", "--now", "2026-11-22T12:00:00Z"}, maps...)...)
	if code != 0 || !strings.Contains(vout, "Verdict: VALID\n") {
		t.Errorf("verify: exit %d\n%s%s", code, vout, verr)
	}
	// Again: nothing is overwritten.
	if code, _, stderr := runWith(nil, args...); code == 0 || !strings.Contains(stderr, "never overwrites") {
		t.Errorf("second endorse: exit %d %s", code, stderr)
	}
	// The record it prints is one the endorsed site accepts.
	_, record, ok := strings.Cut(stdout, "content/endorsements/partner-web-accessibility.toml:\n\n")
	if !ok || !strings.Contains(record, `badge = "web-accessibility"`) {
		t.Fatalf("no record printed:\n%s", stdout)
	}
	if err := os.WriteFile(filepath.Join(root, "content/endorsements/partner-web-accessibility.toml"), []byte(record), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runWith(nil, "build", "-s", root); code != 0 {
		t.Fatalf("build with the record: %s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(root, "public/badges/web-accessibility/index.html"))
	if err != nil || !strings.Contains(string(page), `data-endorsement="`+partner+`endorsements/partner-web-accessibility.json"`) {
		t.Errorf("the badge page does not show the outside endorsement (%v)", err)
	}
	for _, bad := range [][]string{{"endorse"}, {"endorse", "--base", partner, "--id", "x", "--claim", base, "--date", "yesterday"}} {
		if code, _, _ := runWith(nil, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}
