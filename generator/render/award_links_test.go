package render

import (
	"testing"

	"rosette/generator/ob"
)

// TestAwardLinkedInURLMatchesPage: the LinkedIn link made from the records
// (for mail) is the one the award's page offers.
func TestAwardLinkedInURLMatchesPage(t *testing.T) {
	p, s := multiIssuerSite(t)
	g := ob.New(s)
	for _, a := range s.Awards {
		if got, want := AwardLinkedInURL(s, g, a), p.Award(a).Share.LinkedIn; got != want {
			t.Errorf("%s: %s, page has %s", a.ID, got, want)
		}
	}
}
