package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/bake"
	"rosette/generator/verify"
)

// TestBakedSVGMismatch changes what a baked SVG's verify attribute or its
// assertion JSON says, so that the two name different awards: the image
// must not verify as the award its JSON names.
func TestBakedSVGMismatch(t *testing.T) {
	s := exampleBuild(t)
	const id, other, revoked = "6pycdybk155oxtz7", "x3s4kc4o499oya5v", "zsjqdfbcwxugd95s"
	read := func(dir, p string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	hostedSVG := read(s.hostedDir, "assertions/"+id+".svg")
	signedSVG := read(s.dir, "assertions/"+id+".svg")
	jws, otherJWS := string(read(s.dir, "assertions/"+id+".jws")), string(read(s.dir, "assertions/"+other+".jws"))
	payload := mustPayload(t, []byte(jws))
	otherPayload := mustPayload(t, []byte(otherJWS))

	tests := []struct {
		name, dir string
		img       []byte
		rule      string
	}{
		{"hosted, verify points at a revoked award", s.hostedDir,
			rebake(t, hostedSVG, base+"assertions/"+revoked+".json", read(s.hostedDir, "assertions/"+id+".json")), verify.RuleBakedSVG},
		{"hosted, verify points at another award", s.hostedDir,
			rebake(t, hostedSVG, base+"assertions/"+other+".json", read(s.hostedDir, "assertions/"+id+".json")), verify.RuleBakedSVG},
		{"hosted, verify is not a URL", s.hostedDir,
			rebake(t, hostedSVG, "see the JSON", read(s.hostedDir, "assertions/"+id+".json")), verify.RuleBakedSVG},
		{"signed, JSON of another award", s.dir, rebake(t, signedSVG, jws, otherPayload), verify.RuleBakedSVG},
		{"signed, JWS of another award", s.dir, rebake(t, signedSVG, otherJWS, payload), verify.RuleBakedSVG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := verify.Options{Fetcher: verify.Map{{Prefix: base, Dir: tt.dir}}, Now: clock}
			rep := verify.Verify(context.Background(), tt.img, opts)
			failed := rep.Failed()
			if rep.Verdict == verify.Valid || len(failed) == 0 || failed[0].Rule != tt.rule {
				var b strings.Builder
				rep.WriteText(&b)
				t.Errorf("verdict %s, want a failure of %s first\n%s", rep.Verdict, tt.rule, b.String())
			}
		})
	}
	// Unchanged images still verify.
	for dir, img := range map[string][]byte{s.hostedDir: hostedSVG, s.dir: signedSVG} {
		rep := verify.Verify(context.Background(), img, verify.Options{Fetcher: verify.Map{{Prefix: base, Dir: dir}}, Now: clock})
		if rep.Verdict != verify.Valid || !hasCheck(rep, verify.RuleBakedSVG, true) {
			var b strings.Builder
			rep.WriteText(&b)
			t.Errorf("unchanged SVG from %s: verdict %s\n%s", dir, rep.Verdict, b.String())
		}
	}
}

func rebake(t *testing.T, svg []byte, verifyAttr string, js []byte) []byte {
	t.Helper()
	out, err := bake.BakeSVG(svg, verifyAttr, js)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVerifyImageURL checks that the URL of a baked image is verified as
// the image, not refused as a document that is not JSON.
func TestVerifyImageURL(t *testing.T) {
	s := exampleBuild(t)
	const id = "6pycdybk155oxtz7"
	for _, ext := range []string{"png", "svg"} {
		rep := verify.Verify(context.Background(), []byte(base+"assertions/"+id+"."+ext), verify.Options{Fetcher: s.fetcher(), Now: clock})
		if rep.Verdict != verify.Valid || rep.Input != ext || !rep.Signed {
			var b strings.Builder
			rep.WriteText(&b)
			t.Errorf("%s URL: verdict %s, input %s, signed %v\n%s", ext, rep.Verdict, rep.Input, rep.Signed, b.String())
		}
	}
}
