package content

import (
	"regexp"
	"strings"
	"testing"
)

// The hand-written checks must accept exactly what these expressions do.
var (
	slugSpec   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	hashedSpec = regexp.MustCompile(`^sha256\$[0-9a-f]{64}$`)
)

var identitySeeds = []string{
	"", "a", "-a", "a-", "go-101", "Go-101", "a_b", "a b", "a/b", "ä", strings.Repeat("a", 63), strings.Repeat("a", 64),
	"sha256$" + strings.Repeat("0f", 32), "sha256$" + strings.Repeat("0F", 32), "sha256$" + strings.Repeat("0f", 31),
	"sha256$" + strings.Repeat("0f", 32) + "\n", "SHA256$" + strings.Repeat("0f", 32), "md5$00",
}

func FuzzIsSlug(f *testing.F) {
	for _, s := range identitySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsSlug(s), slugSpec.MatchString(s); got != want {
			t.Errorf("IsSlug(%q) = %v, want %v", s, got, want)
		}
	})
}

func FuzzIsHashedIdentity(f *testing.F) {
	for _, s := range identitySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isHashedIdentity(s), hashedSpec.MatchString(s); got != want {
			t.Errorf("isHashedIdentity(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestSlugify checks the ids made from names (rosette new, award, import)
// and suggested for a file name that is not one.
func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Okafor": "ada-okafor", "  José  Ramírez ": "jose-ramirez", "Zoë O'Brien": "zoe-o-brien",
		"李": "", "--x--": "x", "my award..x": "my-award-x", "Café": "cafe", strings.Repeat("ab ", 40): strings.TrimRight(strings.Repeat("ab-", 21), "-"),
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
