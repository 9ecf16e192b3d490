package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/verify"
)

// TestFutureAward builds an award issued after the build clock: refused by
// default at its issue date, and with AllowFuture published as not yet
// valid on its page, in its profile, and by verify — never as valid.
func TestFutureAward(t *testing.T) {
	salt := "00112233445566778899aabbccddeeff"
	future := map[string]string{"content/awards/f1f2f3.toml": "badge = \"b\"\nearner = \"pat\"\nissued = 2026-06-02T00:00:00Z\n\n[recipient]\nidentity = \"" +
		ob.Hash("pat@example.org", salt) + "\"\nsalt = \"" + salt + "\"\n"}
	root := smallSite(t, future)
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(Options{Source: root, Destination: out, Clock: goldenClock})
	var errs content.Errors
	if !errors.As(err, &errs) || len(errs) != 1 || !strings.HasSuffix(errs[0].Pos.String(), "content/awards/f1f2f3.toml:3:10") ||
		!strings.Contains(errs[0].Msg, "issued 2026-06-02T00:00:00Z is after the build clock (2026-06-01T00:00:00Z)") {
		t.Fatalf("build without AllowFuture: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a refused build wrote its output: %v", err)
	}

	if _, err := Build(Options{Source: root, Destination: out, Clock: goldenClock, AllowFuture: true}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "assertions", "f1f2f3", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`verdict-not-yet-valid`, `<strong id="verdict-text">Not yet valid: issued on 2 June 2026</strong>`, "it is not valid before then"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("award page lacks %s", want)
		}
	}
	if strings.Contains(string(page), `id="verdict-text">Valid<`) || strings.Contains(string(page), `verdict-valid`) {
		t.Errorf("a future award is shown or offered as valid")
	}
	profile, err := os.ReadFile(filepath.Join(out, "earners", "pat", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(profile), "status-not-yet-valid") {
		t.Errorf("profile does not show the award as not yet valid")
	}

	fetch := verify.Map{{Prefix: "https://badges.example.org/", Dir: out}}
	for _, input := range []string{"https://badges.example.org/assertions/f1f2f3.json", "https://badges.example.org/assertions/a1b2c3.json"} {
		rep := verify.Verify(context.Background(), []byte(input), verify.Options{Fetcher: fetch, Now: goldenClock})
		want := verify.NotYetValid
		if strings.Contains(input, "a1b2c3") {
			want = verify.Valid
		}
		if rep.Verdict != want {
			var b strings.Builder
			rep.WriteText(&b)
			t.Errorf("verify %s: %s, want %s\n%s", input, rep.Verdict, want, b.String())
		}
	}
}
