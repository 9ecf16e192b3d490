package ob

import "testing"

func TestHashVectors(t *testing.T) {
	// Expected digests computed independently with sha256sum:
	//   printf mayze | sha256sum
	//   printf alice@example.orgdeadsea | sha256sum
	tests := []struct{ identity, salt, want string }{
		{"mayze", "", "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"},
		{"alice@example.org", "deadsea", "sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e"},
	}
	for _, tt := range tests {
		if got := Hash(tt.identity, tt.salt); got != tt.want {
			t.Errorf("Hash(%q, %q) = %s, want %s", tt.identity, tt.salt, got, tt.want)
		}
	}
}

func TestHashMatchRoundTrip(t *testing.T) {
	h := Hash(Normalize("email", "  Alice@Example.ORG "), "deadsea")
	for _, in := range []string{"alice@example.org", "ALICE@example.org", " alice@example.org\n"} {
		if !Match(h, "deadsea", "email", in) {
			t.Errorf("Match(%q) = false", in)
		}
	}
	if Match(h, "deadsea", "email", "bob@example.org") {
		t.Error("another address matched")
	}
	if Match(h, "salt2", "email", "alice@example.org") {
		t.Error("another salt matched")
	}
	upper := "sha256$C934FDACC6242BE0277A284970416AA9BFA583241FB85094BC96C504EE0ABD4E"
	if !Match(upper, "deadsea", "email", "alice@example.org") {
		t.Error("upper-case hex digest did not match")
	}
	if Match("md5$c934fd", "deadsea", "email", "alice@example.org") {
		t.Error("a non-sha256 identity matched")
	}
	// URLs are case-sensitive beyond the host: not lower-cased.
	if Normalize("url", " https://Example.org/Ada ") != "https://Example.org/Ada" {
		t.Error("url identities must only be trimmed")
	}
}
