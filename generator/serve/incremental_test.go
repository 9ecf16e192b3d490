package serve

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/internal/sitetest"
	"rosette/generator/synth"
)

// served applies the changes of an Incremental to a file map, as serve
// does.
type served map[string][]byte

func (s served) apply(t testing.TB, ch *Change) {
	t.Helper()
	if ch.Full {
		for p := range s {
			delete(s, p)
		}
	}
	for p, data := range ch.Files {
		s[p] = data
	}
	for _, p := range ch.Removed {
		if _, ok := s[p]; !ok {
			t.Errorf("removed %s, which was not there", p)
		}
		delete(s, p)
	}
}

// followSite renders a copy of a site incrementally at the golden clock.
func followSite(t testing.TB, root string) (string, generator.Options, *Incremental, served) {
	t.Helper()
	opts := generator.Options{Source: root, Clock: goldenClock}
	inc, first, err := NewIncremental(opts)
	if err != nil {
		t.Fatal(err)
	}
	out := served{}
	out.apply(t, first)
	return root, opts, inc, out
}

// step is one edit of a site followed incrementally.
type step struct {
	name    string
	edit    func()
	changed []string // the files the edit changed, as the watcher reports them
	want    []string // files that must be among the written ones
	notWant []string // files that must not be written
}

// runSteps makes each edit, updates inc with the files it changed, and
// checks that the update was not a full render, that it wrote the files it
// must and not those it must not, and that the output then equals a full
// render.
func runSteps(t *testing.T, inc *Incremental, opts generator.Options, out served, steps []step) {
	t.Helper()
	for _, st := range steps {
		st.edit()
		ch, err := inc.Update(st.changed)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if ch.Full {
			t.Fatalf("%s: the change rendered the whole site", st.name)
		}
		for _, p := range st.want {
			if _, ok := ch.Files[p]; !ok {
				t.Errorf("%s: %s was not rendered again", st.name, p)
			}
		}
		for _, p := range st.notWant {
			if _, ok := ch.Files[p]; ok {
				t.Errorf("%s: %s was rendered, but the change does not show on it", st.name, p)
			}
		}
		out.apply(t, ch)
		sameAsFull(t, opts, out)
	}
}

// sameAsFull checks that the incrementally kept output equals a full render
// of the site as it is now, file by file.
func sameAsFull(t *testing.T, opts generator.Options, got served) {
	t.Helper()
	_, full, err := NewIncremental(opts)
	if err != nil {
		t.Fatal(err)
	}
	var diffs []string
	for p, data := range full.Files {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "missing "+p)
		} else if !bytes.Equal(g, data) {
			diffs = append(diffs, "different "+p)
		}
	}
	for p := range got {
		if _, ok := full.Files[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("incremental output differs from a full render:\n%s", strings.Join(diffs, "\n"))
	}
}

// TestIncrementalAwards edits, adds, revokes, moves and deletes awards and
// checks after each step that only award changes were rendered, that they
// touched only what shows the award, and that the output equals a full
// render.
func TestIncrementalAwards(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	path := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	read := func(rel string) string {
		data, err := os.ReadFile(path(rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const (
		ada   = "content/awards/2025/bh3cbhhhpwdmnu4q.toml" // Ada (public profile), web-accessibility
		emma  = "content/awards/2025/kwmwkz64xe1t8roq.toml" // Emma (no public profile)
		added = "content/awards/2026/newaward00000001.toml"
		moved = "content/awards/2027/bh3cbhhhpwdmnu4q.toml"
	)
	steps := []step{
		{"narrative", func() {
			sitetest.WriteFile(t, path(ada), strings.Replace(read(ada), "issued =", "narrative = \"Audited the **library** site.\"\nissued =", 1))
		}, []string{ada}, []string{
			"assertions/bh3cbhhhpwdmnu4q.json", "assertions/bh3cbhhhpwdmnu4q/index.html", "assertions/bh3cbhhhpwdmnu4q.png",
			"badges/web-accessibility/index.html", "earners/ada-okafor/index.html", "earners/ada-okafor/embed/index.html",
			"feeds/riverbend.xml", "revocations/riverbend.json",
		}, []string{"badges/git-foundations/index.html", "earners/ben-carter/index.html", "assets/rosette.css", "issuers/riverbend.json", "sitemap.xml", "index.html"}},
		{"revoke", func() {
			sitetest.WriteFile(t, path(ada), strings.Replace(read(ada), "issued =", "revoked = true\nrevocation_reason = \"Awarded in error.\"\nissued =", 1))
		}, []string{ada}, []string{"assertions/bh3cbhhhpwdmnu4q.json", "revocations/riverbend.json", "earners/ada-okafor/index.html", "sitemap.xml", "index.html"}, []string{"assertions/bh3cbhhhpwdmnu4q.png"}},
		{"add", func() {
			sitetest.WriteFile(t, path(added), "badge = \"git-foundations\"\nearner = \"ada-okafor\"\nissued = 2026-02-01T10:00:00Z\n\n[recipient]\nidentity = \"sha256$8aaaadf0d9725057c0de95f144d673caf77744d8e5e7718d8fa32492777fc21d\"\nsalt = \"00112233445566778899aabbccddeeff\"\n")
		}, []string{added}, []string{"assertions/newaward00000001.json", "assertions/newaward00000001.png", "earners/ada-okafor/index.html", "badges/git-foundations/index.html", "sitemap.xml", "index.html"}, nil},
		{"add two", func() {
			src := read(added)
			sitetest.WriteFile(t, path("content/awards/2026/0000firstaward.toml"), src)
			sitetest.WriteFile(t, path("content/awards/2026/zzzzlastaward00.toml"), strings.Replace(src, "ada-okafor", "ben-carter", 1))
		}, []string{"content/awards/2026/zzzzlastaward00.toml", "content/awards/2026/0000firstaward.toml"},
			[]string{"assertions/0000firstaward.json", "assertions/zzzzlastaward00.json", "earners/ben-carter/index.html"}, nil},
		{"sed -i", func() {
			// sed -i writes a temporary file beside the record and renames
			// it over the record: the watcher reports both names.
			tmp := path("content/awards/2025/sedAb12Cd")
			sitetest.WriteFile(t, tmp, strings.Replace(read(ada), "library", "city library", 1))
			if err := os.Rename(tmp, path(ada)); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/awards/2025/sedAb12Cd", ada}, []string{"assertions/bh3cbhhhpwdmnu4q.json"}, nil},
		{"move", func() {
			if err := os.MkdirAll(filepath.Dir(path(moved)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path(ada), path(moved)); err != nil {
				t.Fatal(err)
			}
		}, []string{ada, moved}, []string{"assertions/bh3cbhhhpwdmnu4q.json"}, nil},
		{"delete", func() {
			if err := os.Remove(path(emma)); err != nil {
				t.Fatal(err)
			}
		}, []string{emma}, []string{"badges/web-accessibility/index.html"}, []string{"assertions/kwmwkz64xe1t8roq.json", "earners/emma-schmidt/index.html"}},
	}
	runSteps(t, inc, opts, out, steps)
	if _, ok := out["assertions/kwmwkz64xe1t8roq.json"]; ok {
		t.Error("the deleted award is still served")
	}
}

// TestIncrementalErrors breaks an award file: the update fails with the
// positioned error and changes nothing; a change of another award does not
// hide the problem; fixing the file recovers.
func TestIncrementalErrors(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	const (
		bad   = "content/awards/2025/kwmwkz64xe1t8roq.toml"
		other = "content/awards/2024/6pycdybk155oxtz7.toml"
		dup   = "content/awards/2026/KWMWKZ64XE1T8ROQ.toml"
	)
	file := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	good, err := os.ReadFile(file(bad))
	if err != nil {
		t.Fatal(err)
	}
	wantErr := func(ch *Change, err error, want string) {
		t.Helper()
		var errs content.Errors
		if !errors.As(err, &errs) || ch != nil {
			t.Fatalf("got %v, %v; want content errors", ch, err)
		}
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("error %q does not say %q", err, want)
		}
	}
	sitetest.WriteFile(t, file(bad), strings.Replace(string(good), `badge = "web-accessibility"`, `badge = "web-acessibility"`, 1))
	ch, err := inc.Update([]string{bad})
	wantErr(ch, err, filepath.ToSlash(filepath.Join(root, bad))+`:1:9: unknown badge "web-acessibility" (did you mean "web-accessibility"?)`)

	data, _ := os.ReadFile(file(other))
	sitetest.WriteFile(t, file(other), strings.Replace(string(data), "[recipient]", "narrative = \"Changed.\"\n\n[recipient]", 1))
	ch, err = inc.Update([]string{other})
	wantErr(ch, err, "unknown badge")

	sitetest.WriteFile(t, file(bad), string(good))
	sitetest.WriteFile(t, file(dup), string(good))
	ch, err = inc.Update([]string{bad, dup})
	wantErr(ch, err, `award id "kwmwkz64xe1t8roq" differs only in case from "KWMWKZ64XE1T8ROQ"`)

	if err := os.Remove(file(dup)); err != nil {
		t.Fatal(err)
	}
	ch, err = inc.Update([]string{dup})
	if err != nil {
		t.Fatal(err)
	}
	out.apply(t, ch)
	sameAsFull(t, opts, out)

	// An issuer change renders the whole site.
	issuer := file("content/issuers/riverbend.toml")
	data, _ = os.ReadFile(issuer)
	sitetest.WriteFile(t, issuer, strings.Replace(string(data), "name = ", "name = \"Riverbend School\"\n#", 1))
	ch, err = inc.Update([]string{"content/issuers/riverbend.toml"})
	if err != nil || !ch.Full {
		t.Fatalf("an issuer change: %v, full %v", err, ch != nil && ch.Full)
	}
	out.apply(t, ch)
	sameAsFull(t, opts, out)
}

// TestIncrementalBadges changes badge classes — text, validity period,
// images — and checks that each change renders the badge class and its
// awards only and ends equal to a full render; a broken badge class is
// reported and then rendered in full once fixed.
func TestIncrementalBadges(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	file := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	const git = "content/badges/git-foundations.toml"
	orig, err := os.ReadFile(file(git))
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(file("content/badges/web-accessibility.png"))
	if err != nil {
		t.Fatal(err)
	}
	steps := []step{
		{"description", func() {
			sitetest.WriteFile(t, file(git), strings.Replace(string(orig), "description = ", "description = \"Version control with **git**.\"\n#", 1))
		}, []string{git}, []string{
			"badges/git-foundations.json", "badges/git-foundations/index.html", "assertions/6pycdybk155oxtz7/index.html",
			"earners/ada-okafor/index.html", "index.html", "feeds/riverbend.xml",
		}, []string{"badges/web-accessibility/index.html", "assertions/bh3cbhhhpwdmnu4q/index.html", "sitemap.xml", "issuers/riverbend.json"}},
		{"validity", func() {
			sitetest.WriteFile(t, file(git), strings.Replace(string(orig), "description = ", "valid_for = \"P1M\"\ndescription = ", 1))
		}, []string{git}, []string{"assertions/6pycdybk155oxtz7.json"}, nil},
		{"image", func() {
			sitetest.WriteFile(t, file("content/badges/git-foundations.png"), string(png))
		}, []string{"content/badges/git-foundations.png"}, []string{"badges/git-foundations.png", "assertions/6pycdybk155oxtz7.png"}, nil},
		{"svg added", func() {
			sitetest.WriteFile(t, file("content/badges/git-foundations.svg"), testSVG)
		}, []string{"content/badges/git-foundations.svg"}, []string{"badges/git-foundations.svg", "assertions/6pycdybk155oxtz7.svg"}, nil},
		{"svg removed", func() {
			if err := os.Remove(file("content/badges/git-foundations.svg")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/badges/git-foundations.svg"}, nil, []string{"badges/git-foundations.svg"}},
	}
	runSteps(t, inc, opts, out, steps)
	if _, ok := out["assertions/6pycdybk155oxtz7.svg"]; ok {
		t.Error("the baked SVG of a badge class without SVG is still served")
	}

	// A broken badge class: reported; an award change meanwhile renders
	// everything and reports it too; fixed, everything is right again.
	sitetest.WriteFile(t, file(git), strings.Replace(string(orig), "name = ", "#name = ", 1))
	if _, err := inc.Update([]string{git}); err == nil || !strings.Contains(err.Error(), "git-foundations.toml:1:1: missing required key \"name\"") {
		t.Fatalf("broken badge class: %v", err)
	}
	award := "content/awards/2025/kwmwkz64xe1t8roq.toml"
	data, _ := os.ReadFile(file(award))
	sitetest.WriteFile(t, file(award), strings.Replace(string(data), "[recipient]", "narrative = \"Changed.\"\n\n[recipient]", 1))
	if _, err := inc.Update([]string{award}); err == nil || !strings.Contains(err.Error(), "missing required key \"name\"") {
		t.Fatalf("award change while a badge class is broken: %v", err)
	}
	sitetest.WriteFile(t, file(git), string(orig))
	ch, err := inc.Update([]string{git})
	if err != nil || !ch.Full {
		t.Fatalf("fixing the badge class: %v, full %v", err, ch != nil && ch.Full)
	}
	out.apply(t, ch)
	sameAsFull(t, opts, out)

	// A new badge class renders the whole site.
	sitetest.WriteFile(t, file("content/badges/git-advanced.png"), string(png))
	sitetest.WriteFile(t, file("content/badges/git-advanced.toml"), string(orig))
	ch, err = inc.Update([]string{"content/badges/git-advanced.png", "content/badges/git-advanced.toml"})
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Full {
		t.Error("a new badge class did not render the whole site")
	}
}

// TestIncrementalFeed edits awards on a site with more awards than a feed
// lists: an old award leaves the feed alone, the newest one renders it,
// and either way the output equals a full render.
func TestIncrementalFeed(t *testing.T) {
	root := t.TempDir()
	if _, err := synth.Write(root, synth.Options{Awards: 600, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	_, opts, inc, out := followSite(t, root)
	s := inc.mem.Site()
	listed := func(a *content.Award) bool {
		e := s.Earner(a.Earner)
		return e != nil && e.Public && !a.Revoked
	}
	var oldest, newest *content.Award
	for _, a := range s.Awards {
		if !listed(a) {
			continue
		}
		if oldest == nil || a.Issued.Before(oldest.Issued) {
			oldest = a
		}
		if newest == nil || a.Issued.After(newest.Issued) {
			newest = a
		}
	}
	feed := "feeds/" + s.Issuers[0].ID + ".xml"
	for _, c := range []struct {
		a    *content.Award
		feed bool
	}{{oldest, false}, {newest, true}} {
		f := filepath.Join(root, filepath.FromSlash(c.a.File))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sitetest.WriteFile(t, f, string(data)+"\n# edited\n")
		ch, err := inc.Update([]string{c.a.File})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ch.Files[feed]; ok != c.feed {
			t.Errorf("%s (issued %s): feed rendered %v, want %v", c.a.ID, c.a.Issued.Format("2006-01-02"), ok, c.feed)
		}
		out.apply(t, ch)
		sameAsFull(t, opts, out)
	}
}

// TestIncrementalExpiry moves the clock past the expiry of an award that
// was valid: the next update renders everything, so its pages say expired.
func TestIncrementalExpiry(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	s := inc.mem.Site()
	next := nextExpiry(s, opts.Clock)
	if next.IsZero() {
		t.Fatal("the example site has no award that expires after the golden clock")
	}
	edit := func() *Change {
		t.Helper()
		award := "content/awards/2025/kwmwkz64xe1t8roq.toml"
		f := filepath.Join(root, filepath.FromSlash(award))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sitetest.WriteFile(t, f, string(data)+"\n# edited\n")
		ch, err := inc.Update([]string{award})
		if err != nil {
			t.Fatal(err)
		}
		out.apply(t, ch)
		return ch
	}
	inc.opts.Clock = next.Add(-time.Minute)
	if edit().Full {
		t.Error("an update before any expiry rendered everything")
	}
	inc.opts.Clock = next
	if !edit().Full {
		t.Fatal("an update after an expiry did not render everything")
	}
	sameAsFull(t, generator.Options{Source: root, Clock: next}, out)
}

// TestIncrementalNotYetValid adds an award issued after the clock: it is
// shown as not yet valid, and once the clock passes its issue date the
// next update renders everything, so that its pages say valid.
func TestIncrementalNotYetValid(t *testing.T) {
	root := sitetest.Copy(t)
	opts := generator.Options{Source: root, Clock: goldenClock, AllowFuture: true}
	inc, first, err := NewIncremental(opts)
	if err != nil {
		t.Fatal(err)
	}
	out := served{}
	out.apply(t, first)
	src, err := os.ReadFile(filepath.Join(root, "content", "awards", "2026", "eptafbvpjfc3uzhn.toml"))
	if err != nil {
		t.Fatal(err)
	}
	issued := goldenClock.Add(6 * time.Hour)
	future := strings.Replace(string(src), "issued = 2026-05-29T10:00:00Z", "issued = "+issued.Format(time.RFC3339), 1)
	award := "content/awards/2026/futureaward00001.toml"
	sitetest.WriteFile(t, filepath.Join(root, filepath.FromSlash(award)), future)
	ch, err := inc.Update([]string{award})
	if err != nil {
		t.Fatal(err)
	}
	out.apply(t, ch)
	page := "assertions/futureaward00001/index.html"
	if !strings.Contains(string(out[page]), "Not yet valid: issued on 1 June 2026") {
		t.Fatalf("the new award is not shown as not yet valid")
	}
	if !inc.expiry.Equal(issued) {
		t.Fatalf("next status change at %v, want the issue date %v", inc.expiry, issued)
	}
	inc.opts.Clock = issued
	sitetest.WriteFile(t, filepath.Join(root, filepath.FromSlash(award)), future+"\n# edited\n")
	if ch, err = inc.Update([]string{award}); err != nil || !ch.Full {
		t.Fatalf("an update after the issue date: full %v, %v", ch != nil && ch.Full, err)
	}
	out.apply(t, ch)
	if !strings.Contains(string(out[page]), `<strong id="verdict-text">Valid</strong>`) {
		t.Errorf("the award is not valid after its issue date")
	}
	sameAsFull(t, generator.Options{Source: root, Clock: issued, AllowFuture: true}, out)
}

// TestIncrementalMovedDirectory moves a directory of awards out of the
// site, which the watcher reports as one name without an extension: it is
// not taken for a vanished temporary file, and its awards are gone.
func TestIncrementalMovedDirectory(t *testing.T) {
	root, opts, inc, out := followSite(t, sitetest.Copy(t))
	if err := os.Rename(filepath.Join(root, "content", "awards", "2023"), filepath.Join(t.TempDir(), "2023")); err != nil {
		t.Fatal(err)
	}
	ch, err := inc.Update([]string{"content/awards/2023"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Files) == 0 {
		t.Fatal("moving a directory of awards away changed nothing")
	}
	out.apply(t, ch)
	sameAsFull(t, opts, out)
	if _, ok := out["assertions/53pd9varw8tsjkin.json"]; ok {
		t.Error("an award of the moved directory is still served")
	}
}

// goldenClock is the time of the generator's golden build.
var goldenClock = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <!-- a disc -->
  <circle cx="50" cy="50" r="48" fill="#2a6f97"/>
</svg>
`
