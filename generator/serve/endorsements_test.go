package serve

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/sitetest"
	"rosette/generator/synth"
)

// TestIncrementalEndorsements adds, edits, revokes and deletes
// endorsements: each update renders the endorsement's document and the
// pages of what it endorses, never the award's own documents, and the
// output then equals a full render.
func TestIncrementalEndorsements(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	path := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	const (
		badge = "content/endorsements/harbor-git.toml"
		award = "content/endorsements/harbor-ada.toml"
		ada   = "bh3cbhhhpwdmnu4q"
	)
	awardFiles := []string{"assertions/" + ada + ".json", "assertions/" + ada + ".png", "earners/ada-okafor/index.html"}
	steps := []step{
		{"add a badge class's", func() {
			sitetest.WriteFile(t, path(badge), "endorser = \"harbor\"\nbadge = \"git-foundations\"\ndate = 2025-10-01T10:00:00Z\ncomment = \"Sound.\"\n")
		}, []string{badge}, []string{"endorsements/harbor-git.json", "badges/git-foundations.json", "badges/git-foundations/index.html", "revocations/harbor.json"},
			[]string{"index.html", "badges/web-accessibility/index.html", "assertions/" + ada + "/index.html", "earners/ada-okafor/index.html"}},
		{"add an award's", func() {
			sitetest.WriteFile(t, path(award), "endorser = \"harbor\"\naward = \""+ada+"\"\ndate = 2025-10-01T10:00:00Z\ncomment = \"Ada fixed our site.\"\n")
		}, []string{award}, []string{"endorsements/harbor-ada.json", "assertions/" + ada + "/index.html"},
			append([]string{"index.html", "badges/web-accessibility/index.html", "badges/web-accessibility.json"}, awardFiles...)},
		{"edit an issuer's", func() {
			f := path("content/endorsements/harbor-riverbend.toml")
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sitetest.WriteFile(t, f, strings.Replace(string(data), "hire on", "hire on, gladly", 1))
		}, []string{"content/endorsements/harbor-riverbend.toml"}, []string{"endorsements/harbor-riverbend.json", "issuers/riverbend.json", "index.html"},
			[]string{"badges/git-foundations/index.html", "endorsements/harbor-git.json"}},
		{"revoke", func() {
			sitetest.WriteFile(t, path(badge), "endorser = \"harbor\"\nbadge = \"git-foundations\"\ndate = 2025-10-01T10:00:00Z\ncomment = \"Sound.\"\nrevoked = true\nrevocation_reason = \"Course retired.\"\n")
		}, []string{badge}, []string{"endorsements/harbor-git.json", "badges/git-foundations/index.html", "revocations/harbor.json"}, []string{"index.html"}},
		{"delete", func() {
			if err := os.Remove(path(award)); err != nil {
				t.Fatal(err)
			}
		}, []string{award}, []string{"assertions/" + ada + "/index.html"}, awardFiles},
	}
	runSteps(t, inc, opts, out, steps)
	if _, ok := out["endorsements/harbor-ada.json"]; ok {
		t.Error("the deleted endorsement is still served")
	}

	// A bad record: the positioned error, and nothing changes.
	sitetest.WriteFile(t, path(badge), "endorser = \"harbr\"\nbadge = \"git-foundations\"\ndate = 2025-10-01T10:00:00Z\n")
	if _, err := inc.Update([]string{badge}); err == nil || !strings.Contains(err.Error(), `harbor-git.toml:1:12: unknown issuer "harbr" (did you mean "harbor"?)`) {
		t.Errorf("bad endorsement: %v", err)
	}
	// Fixed: the update recovers.
	sitetest.WriteFile(t, path(badge), "endorser = \"harbor\"\nbadge = \"git-foundations\"\ndate = 2025-10-01T10:00:00Z\n")
	ch, err := inc.Update([]string{badge})
	if err != nil || ch.Full {
		t.Fatalf("fixed endorsement: %v", err)
	}
	out.apply(t, ch)
	sameAsFull(t, opts, out)
}

// BenchmarkIncrementalEndorsement measures adding an endorsement of a
// badge class to a synthetic site of ROSETTE_BENCH_AWARDS awards (default
// 2,000) followed by serve: the pages rendered and the time, against a
// full render.
func BenchmarkIncrementalEndorsement(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("ROSETTE_BENCH_AWARDS")); err == nil && v > 0 {
		n = v
	}
	root := b.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: n, Seed: 3}); err != nil {
		b.Fatal(err)
	}
	sitetest.WriteFile(b, filepath.Join(root, "content/issuers/guild.toml"), "name = \"Guild\"\nurl = \"https://guild.example.org/\"\nemail = \"info@guild.example.org\"\n")
	entries, err := os.ReadDir(filepath.Join(root, "content/badges"))
	if err != nil {
		b.Fatal(err)
	}
	var badgeID string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			badgeID = id
			break
		}
	}
	start := time.Now()
	_, _, inc, _ := followSite(b, root)
	full := time.Since(start)
	b.ResetTimer()
	for i := range b.N {
		rel := "content/endorsements/e" + strconv.Itoa(i) + ".toml"
		sitetest.WriteFile(b, filepath.Join(root, filepath.FromSlash(rel)), "endorser = \"guild\"\nbadge = \""+badgeID+"\"\ndate = 2025-10-01T10:00:00Z\ncomment = \"Sound.\"\n")
		t0 := time.Now()
		ch, err := inc.Update([]string{rel})
		if err != nil {
			b.Fatal(err)
		}
		if ch.Full {
			b.Fatal("adding an endorsement rendered the whole site")
		}
		if i == 0 {
			took := time.Since(t0)
			var files []string
			pages := 0
			for p := range ch.Files {
				files = append(files, p)
				if strings.HasSuffix(p, ".html") {
					pages++
				}
			}
			sort.Strings(files)
			b.Logf("%d awards: full render %v; adding an endorsement: %d files (%d pages) in %v: %s", n, full.Round(time.Millisecond), len(ch.Files), pages, took.Round(time.Microsecond), strings.Join(files, " "))
		}
	}
}
