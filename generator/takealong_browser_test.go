package generator

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rosette/generator/ob"
	"rosette/generator/ob3"
)

type takeAlongReport struct {
	Searches map[string]struct {
		homeState
		Tabs            int
		Axe             []string
		Errors, Outside []string
		Cleared         homeState
	}
	Noscript  homeState
	Zip       []byte // base64 in the report
	Downloads map[string]struct {
		Path, Suggested, Status, Target string
		Bundle                          struct {
			Archive, Wallet string
			Credentials     []string
			Files           []struct{ Path, Name string }
		}
		Axe, Errors, Outside []string
		Downloads, Links     int
	}
}

type homeState struct {
	Form                                     bool
	Status, Role                             string
	Badges, Earners, FullBadges, FullEarners []string
}

// TestTakeAlongInBrowser drives the home page's search and a profile's
// Download all in headless Chromium, on the example site signed in Open
// Badges 2.0 and 3.0: the search filters and announces, without the
// script every badge and earner is listed; the archive the page makes is
// a ZIP that archive/zip (and unzip, where installed) reads, holding the
// published files byte for byte; the wallet file is a presentation of the
// published credentials, each unchanged; a file that cannot be fetched
// stops the download, said in words. ROSETTE_SCREENSHOTS keeps
// screenshots of the search at 1280 and 390 px.
func TestTakeAlongInBrowser(t *testing.T) {
	browserTools(t) // skips without them
	root, rk, ek := signed3Site(t)
	clock := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	base, out := serveBuild(t, Options{Source: root, Clock: clock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}})
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}

	downloads := t.TempDir()
	plan := map[string]any{
		"searches": map[string]string{"badge": "Data Analysis with Python", "earner": "okafor", "nothing": "zzz no such badge", "accents": "CÓMMUNITY"},
		"profile":  "/earners/ada-okafor/", "downloads": downloads,
	}
	var rep takeAlongReport
	runBrowser(t, "takealong.mjs", base, plan, os.Getenv("ROSETTE_SCREENSHOTS"), &rep)

	// The full lists, as published.
	var badges, earners []string
	for _, b := range s.Badges {
		badges = append(badges, b.Name)
	}
	for _, e := range s.Earners {
		if e.Public {
			earners = append(earners, e.Name)
		}
	}
	slices.Sort(badges)
	slices.Sort(earners)
	sorted := func(l []string) []string { l = slices.Clone(l); slices.Sort(l); return l }

	for _, width := range []string{"1280", "390"} {
		for name, want := range map[string]struct {
			badges, earners []string
			status          string
		}{
			"badge":   {[]string{"Data Analysis with Python"}, nil, "1 result for “Data Analysis with Python”."},
			"earner":  {nil, []string{"Ada Okafor"}, "1 result for “okafor”."},
			"nothing": {nil, nil, "No badge or earner matches “zzz no such badge”."},
			"accents": {[]string{"Community Mentor"}, nil, "1 result for “CÓMMUNITY”."},
		} {
			got, ok := rep.Searches[name+"@"+width]
			if !ok {
				t.Errorf("search %s at %s px: no report", name, width)
				continue
			}
			if !got.Form || got.Role != "status" || got.Status != want.status ||
				!slices.Equal(got.Badges, want.badges) || !slices.Equal(got.Earners, want.earners) {
				t.Errorf("search %s at %s px: form shown %v, status (%s) %q, badges %q, earners %q; want %q, %q, %q",
					name, width, got.Form, got.Role, got.Status, got.Badges, got.Earners, want.status, want.badges, want.earners)
			}
			if len(got.FullBadges) > 0 || len(got.FullEarners) > 0 {
				t.Errorf("search %s at %s px: the full lists stay shown beside the results", name, width)
			}
			if c := got.Cleared; c.Status != "" || len(c.Badges) > 0 || !slices.Equal(sorted(c.FullBadges), badges) || !slices.Equal(sorted(c.FullEarners), earners) {
				t.Errorf("search %s at %s px, cleared with Escape: %+v, want the full lists", name, width, c)
			}
			if got.Tabs == 0 || got.Tabs >= 20 {
				t.Errorf("search %s at %s px: the box took %d presses of Tab to reach", name, width, got.Tabs)
			}
			if len(got.Axe) > 0 {
				t.Errorf("search %s at %s px: axe-core violations:\n%s", name, width, strings.Join(got.Axe, "\n"))
			}
			if len(got.Errors) > 0 || len(got.Outside) > 0 {
				t.Errorf("search %s at %s px: console errors %q, requests leaving the site %q", name, width, got.Errors, got.Outside)
			}
		}
	}
	if n := rep.Noscript; n.Form || !slices.Equal(sorted(n.FullBadges), badges) || !slices.Equal(sorted(n.FullEarners), earners) {
		t.Errorf("without the script: form shown %v, badges %q, earners %q; want no form, %q and %q", n.Form, n.FullBadges, n.FullEarners, badges, earners)
	}

	// What Download all must hold: each valid award of the earner, its
	// baked images and JSON as published, and its signed credential.
	var wantNames, wantFiles, wantCreds []string
	for _, a := range s.Awards {
		b := s.Badge(a.Badge)
		exp := a.ExpiresAt(b)
		if a.Earner != "ada-okafor" || a.Revoked || a.Issued.After(clock) || (!exp.IsZero() && !clock.Before(exp)) {
			continue
		}
		for _, ext := range []string{"png", "svg", "json"} {
			path := ob.BakedImagePath(a.ID, ext)
			if ext == "json" {
				path = ob.AssertionPath(a.ID)
			}
			if _, err := os.Stat(filepath.Join(out, path)); err == nil {
				wantNames = append(wantNames, b.ID+"-"+a.ID+"."+ext)
				wantFiles = append(wantFiles, path)
			}
		}
		wantCreds = append(wantCreds, ob3.CredentialPath(a.ID, "json"))
	}
	if len(wantCreds) < 2 {
		t.Fatalf("the example earner has %d valid awards; the test needs two", len(wantCreds))
	}

	arc := rep.Downloads["archive"]
	if arc.Suggested != "ada-okafor-badges.zip" || !strings.Contains(arc.Status, "ada-okafor-badges.zip is ready") {
		t.Errorf("archive: saved as %q, status %q", arc.Suggested, arc.Status)
	}
	data, err := os.ReadFile(arc.Path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("archive: archive/zip: %v", err)
	}
	published := map[string]string{} // entry name → published path
	for i, n := range wantNames {
		published[n] = wantFiles[i]
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Store || f.Flags&0x800 == 0 || f.NonUTF8 {
			t.Errorf("archive: %s: method %d, flags %#x; want stored, UTF-8 names", f.Name, f.Method, f.Flags)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC-32
		rc.Close()
		if err != nil {
			t.Errorf("archive: %s: %v", f.Name, err)
			continue
		}
		if p, ok := published[f.Name]; ok {
			want, err := os.ReadFile(filepath.Join(out, p))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("archive: %s differs from the published %s", f.Name, p)
			}
		}
	}
	if !slices.Equal(sorted(names), sorted(wantNames)) {
		t.Errorf("archive entries:\n%q\nwant\n%q", names, wantNames)
	}
	if unzip, err := exec.LookPath("unzip"); err == nil {
		if msg, err := exec.Command(unzip, "-t", arc.Path).CombinedOutput(); err != nil {
			t.Errorf("unzip -t: %v\n%s", err, msg)
		}
	}

	zr, err = zip.NewReader(bytes.NewReader(rep.Zip), int64(len(rep.Zip)))
	if err != nil {
		t.Fatalf("the ZIP writer's archive of two files: %v", err)
	}
	var got []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Errorf("ZIP writer: %s: %v", f.Name, err)
		}
		got = append(got, f.Name+"="+string(data))
	}
	if want := []string{"Résumé/證書 ✓.txt=héllo\n", "empty="}; !slices.Equal(got, want) {
		t.Errorf("ZIP writer: entries %q, want %q", got, want)
	}

	wal := rep.Downloads["wallet"]
	if wal.Suggested != "ada-okafor-credentials.json" {
		t.Errorf("wallet file saved as %q", wal.Suggested)
	}
	data, err = os.ReadFile(wal.Path)
	if err != nil {
		t.Fatal(err)
	}
	var vp struct {
		Context []string          `json:"@context"`
		Type    []string          `json:"type"`
		Creds   []json.RawMessage `json:"verifiableCredential"`
	}
	if err := json.Unmarshal(data, &vp); err != nil {
		t.Fatalf("wallet file: %v\n%s", err, data)
	}
	if !slices.Equal(vp.Context, []string{"https://www.w3.org/ns/credentials/v2"}) || !slices.Equal(vp.Type, []string{"VerifiablePresentation"}) {
		t.Errorf("wallet file: @context %q, type %q", vp.Context, vp.Type)
	}
	var gotCreds, wantCredTexts []string
	for _, c := range vp.Creds {
		gotCreds = append(gotCreds, string(c))
	}
	for _, p := range wantCreds {
		published, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		wantCredTexts = append(wantCredTexts, string(bytes.TrimSpace(published)))
	}
	if !slices.Equal(sorted(gotCreds), sorted(wantCredTexts)) {
		t.Errorf("wallet file holds %d credentials, not the %d published ones byte for byte", len(gotCreds), len(wantCredTexts))
	}

	for name, d := range map[string]struct{ Axe, Errors, Outside []string }{
		"archive": {arc.Axe, arc.Errors, arc.Outside}, "wallet": {wal.Axe, wal.Errors, wal.Outside},
	} {
		if len(d.Axe) > 0 || len(d.Errors) > 0 || len(d.Outside) > 0 {
			t.Errorf("%s download: axe-core %q, console errors %q, requests leaving the site %q", name, d.Axe, d.Errors, d.Outside)
		}
	}

	for name, why := range map[string]string{
		"missing": "it is not published at its address any more",
		"network": "the network or the server did not answer",
		"broken":  "it is not a well-formed credential",
	} {
		f := rep.Downloads["failed-"+name]
		file := "ada-okafor-badges.zip"
		if name == "broken" {
			file = "ada-okafor-credentials.json"
		}
		want := file + " was not made: " + f.Target[strings.LastIndex(f.Target, "/")+1:]
		if f.Downloads != 0 || f.Links != 0 || !strings.HasPrefix(f.Status, file+" was not made: ") || !strings.Contains(f.Status, "because "+why+".") {
			t.Errorf("%s file: %d downloads, %d links, status %q; want none, and a sentence saying why", name, f.Downloads, f.Links, f.Status)
		}
		if name == "broken" && !strings.HasPrefix(f.Status, want) {
			t.Errorf("%s file: status %q does not name %s", name, f.Status, f.Target)
		}
		if len(f.Errors) > 0 {
			t.Errorf("%s file: script errors %q", name, f.Errors)
		}
	}
}
