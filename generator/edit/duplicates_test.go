package edit

import (
	"fmt"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// holdingsSite is a site with n email awards of one badge class.
func holdingsSite(tb testing.TB, n int) *content.Site {
	tb.Helper()
	s := testSite(tb)
	for i := range n {
		salt := fmt.Sprintf("%032x", i)
		s.Awards = append(s.Awards, &content.Award{
			ID: fmt.Sprintf("a%015d", i), Badge: "first-badge", Issued: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			Recipient: content.Recipient{Type: "email", Identity: ob.Hash(fmt.Sprintf("p%d@example.org", i), salt), Salt: salt},
		})
	}
	return s
}

func TestHoldings(t *testing.T) {
	s := holdingsSite(t, 50)
	s.Awards[7].Revoked = true
	s.Awards[9].Expires = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	h := NewHoldings(s)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := h.Held("first-badge", " P3@Example.org ", at); len(got) != 1 || got[0].ID != s.Awards[3].ID {
		t.Errorf("held %v", got)
	}
	for _, email := range []string{"p7@example.org", "p9@example.org", "nobody@example.org"} {
		if got := h.Held("first-badge", email, at); len(got) != 0 {
			t.Errorf("%s holds %v", email, got)
		}
	}
	if got := h.Held("first-badge", "p9@example.org", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)); len(got) != 1 {
		t.Errorf("before its expiry, p9 holds %v", got)
	}
	if got := h.Held("other", "p3@example.org", at); len(got) != 0 {
		t.Errorf("another badge: %v", got)
	}
	// The decoded-hash path agrees with ob.Match on every award.
	for i, a := range s.Awards[:50] {
		email := fmt.Sprintf("p%d@example.org", i)
		want := !a.Revoked && a.Expires.IsZero() && ob.Match(a.Recipient.Identity, a.Recipient.Salt, "email", email)
		if got := h.Held("first-badge", email, at); (len(got) == 1) != want {
			t.Errorf("%s: held %v, ob.Match %v", email, got, want)
		}
	}
}

// BenchmarkHeld is one address checked against 10,000 awards of its badge.
func BenchmarkHeld(b *testing.B) {
	h := NewHoldings(holdingsSite(b, 10000))
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		h.Held("first-badge", "nobody@example.org", at)
	}
}

// A renewal expires as long after its issue as the award it renews, when
// the badge class says nothing: in calendar years, months and days when
// they say it exactly.
func TestSamePeriod(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range [][4]string{
		{"2025-03-04T00:00:00Z", "2027-03-04T00:00:00Z", "2026-12-07T00:21:53Z", "2028-12-07T00:21:53Z"},
		{"2025-01-31T00:00:00Z", "2025-02-28T00:00:00Z", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z"},
		{"2025-03-04T09:00:00Z", "2025-09-04T17:30:00Z", "2026-01-10T00:00:00Z", "2026-07-10T08:30:00Z"},
	} {
		if got := samePeriod(at(c[0]), at(c[1]), at(c[2])); !got.Equal(at(c[3])) {
			t.Errorf("samePeriod(%s, %s, %s) = %v, want %s", c[0], c[1], c[2], got, c[3])
		}
	}
}
