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

// TestEndorseHTTPS checks that rosette endorse writes nothing for an http
// base URL or website: the record it prints would name an http URL, which
// the endorsed site's check refuses, as its pages fetch it over https.
func TestEndorseHTTPS(t *testing.T) {
	for _, tc := range [][2]string{
		{"http://partner.example.net/badges/", "https://partner.example.net/"},
		{"https://partner.example.net/badges/", "http://partner.example.net/"},
	} {
		out := filepath.Join(t.TempDir(), "partner")
		code, _, stderr := runWith(nil, "endorse", "--base", tc[0], "--id", "p", "--claim", "https://badges.example.org/badges/b.json",
			"--name", "Partner Guild", "--website", tc[1], "--email", "b@partner.example.net", "--date", "2026-05-01T09:00:00Z", "-d", out)
		if code == 0 || !strings.Contains(stderr, "https") {
			t.Errorf("base %s, website %s: exit %d %s", tc[0], tc[1], code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("base %s, website %s: wrote %s", tc[0], tc[1], out)
		}
	}
}

// TestEndorseSymlink checks that rosette endorse never writes through a
// symbolic link left where a file of its goes, dangling or not.
func TestEndorseSymlink(t *testing.T) {
	out := t.TempDir()
	target := filepath.Join(t.TempDir(), "precious.json")
	if err := os.MkdirAll(filepath.Join(out, "endorsements"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(out, "endorsements", "p.json")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	code, _, stderr := runWith(nil, "endorse", "--base", "https://partner.example.net/badges/", "--id", "p", "--claim", "https://badges.example.org/badges/b.json",
		"--profile", "https://partner.example.net/badges/issuers/p.json", "--date", "2026-05-01T09:00:00Z", "-d", out)
	if code == 0 || !strings.Contains(stderr, "never overwrites") {
		t.Errorf("exit %d %s", code, stderr)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("wrote through the link to %s", target)
	}
}

// TestEndorseControlCharacters checks that rosette endorse refuses a name
// or comment with a control character: the record it prints would not be
// TOML, and the endorsed site refuses such text.
func TestEndorseControlCharacters(t *testing.T) {
	for _, tc := range [][2]string{{"Partner\aGuild", "Fine."}, {"Partner Guild", "Fine.\x01"}} {
		out := filepath.Join(t.TempDir(), "partner")
		code, _, stderr := runWith(nil, "endorse", "--base", "https://partner.example.net/badges/", "--id", "p", "--claim", "https://badges.example.org/badges/b.json",
			"--name", tc[0], "--website", "https://partner.example.net/", "--email", "b@partner.example.net", "--date", "2026-05-01T09:00:00Z", "--comment", tc[1], "-d", out)
		if code == 0 || !strings.Contains(stderr, "control character") {
			t.Errorf("%q, %q: exit %d %s", tc[0], tc[1], code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%q, %q: wrote %s", tc[0], tc[1], out)
		}
	}
}
