package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
)

func TestLoadChecksImages(t *testing.T) {
	root := copyExampleSite(t)
	writeFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100"
        onclick="steal()"/>
  <script>alert(1)</script>
</svg>
`)
	png, err := os.ReadFile(filepath.Join(root, "content/badges/community-mentor.png"))
	if err != nil {
		t.Fatal(err)
	}
	png[len(png)-1] ^= 1 // the CRC of IEND
	writeFile(t, filepath.Join(root, "content/badges/community-mentor.png"), string(png))

	_, err = Load(Options{Source: root})
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load: %v, want content errors", err)
	}
	want := []string{
		fmt.Sprintf(`content/badges/community-mentor.png:1:1: corrupt PNG: chunk "IEND" at byte %d has a bad CRC (stored ae426083, computed ae426082)`, len(png)-12),
		`content/badges/git-foundations.svg:3:9: event handler attribute onclick= is not allowed in a badge SVG`,
		`content/badges/git-foundations.svg:4:3: <script> is not allowed in a badge SVG`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors:\n%v\nwant:\n%q", len(errs), errs, want)
	}
	for i, e := range errs {
		if got := strings.TrimPrefix(e.Error(), filepath.ToSlash(root)+"/"); got != want[i] {
			t.Errorf("error %d:\n got %s\nwant %s", i, e, want[i])
		}
	}
}
