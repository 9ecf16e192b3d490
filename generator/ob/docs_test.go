package ob

import (
	"bytes"
	"testing"
)

// assertionOf is an assertion with every member that may be empty filled
// or not, as n's bits say, and text in its free-form members.
func assertionOf(n int, text string) *Assertion {
	as := &Assertion{
		Context:      Context,
		Type:         "Assertion",
		ID:           "https://badges.example.org/assertions/a1.json",
		Recipient:    IdentityObject{Type: "email", Hashed: true, Identity: "sha256$00ff"},
		Badge:        "https://badges.example.org/badges/b.json",
		IssuedOn:     "2026-01-02T03:04:05Z",
		Verification: Verification{Type: "HostedBadge"},
	}
	if n&1 != 0 {
		as.Recipient.Salt = "s" + text
	}
	if n&2 != 0 {
		as.Expires = "2027-01-02T03:04:05Z"
	}
	if n&4 != 0 {
		as.Image = "https://badges.example.org/assertions/a1.png"
	}
	if n&8 != 0 {
		as.Evidence = []Evidence{{Type: "Evidence", ID: "https://example.org/e?a=1&b=<2>", Narrative: text}, {Type: "Evidence", Name: text}}
	}
	if n&16 != 0 {
		as.Narrative = text
	}
	return as
}

// checkEncodeAssertion checks that EncodeAssertion gives the bytes of
// Encode for the hosted assertion, and of a compact Encoder for the signed
// one, with enc and with a compact Encoder.
func checkEncodeAssertion(t *testing.T, enc *Encoder, as *Assertion, keyURL string) {
	t.Helper()
	for _, e := range []struct {
		name      string
		enc, want *Encoder
	}{{"indented", enc, NewEncoder()}, {"compact", NewCompactEncoder(), NewCompactEncoder()}} {
		hosted, payload, err := e.enc.EncodeAssertion(as, keyURL)
		if err != nil {
			t.Fatalf("%s: EncodeAssertion: %v", e.name, err)
		}
		want, err := e.want.Encode(as)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(hosted, want) {
			t.Fatalf("%s: hosted\n%s\nwant\n%s", e.name, hosted, want)
		}
		if keyURL == "" {
			if payload != nil {
				t.Fatalf("%s: payload %s without a key", e.name, payload)
			}
			continue
		}
		wantPayload, err := NewCompactEncoder().Encode(as.Signed(keyURL))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(payload, wantPayload) {
			t.Fatalf("%s: payload\n%s\nwant\n%s", e.name, payload, wantPayload)
		}
	}
}

// TestEncodeAssertion checks EncodeAssertion against marshalling the
// hosted and the signed assertion each on its own, over assertions with
// and without their optional members, text that JSON escapes or that
// looks like the verification, and key URLs, one encoder reused
// throughout (it remembers verification objects).
func TestEncodeAssertion(t *testing.T) {
	enc := NewEncoder()
	texts := []string{"", "plain", `quote " backslash \ tab` + "\t", "<b>&amp;</b> \u2028 é 🎖", `,"verification":{"type":"HostedBadge"}}`}
	keys := []string{"", "https://badges.example.org/keys/k1.json", "https://badges.example.org/keys/k2.json", `https://x.example/"k"<&>\é`}
	for n := 0; n < 32; n++ {
		for _, text := range texts {
			for _, k := range keys {
				checkEncodeAssertion(t, enc, assertionOf(n, text), k)
			}
		}
	}
	// A verification other than the hosted one, and one after it again.
	as := assertionOf(31, "x")
	as.Verification = Verification{Type: "HostedBadge", AllowedOrigins: "badges.example.org"}
	checkEncodeAssertion(t, enc, as, keys[1])
	checkEncodeAssertion(t, enc, assertionOf(31, "x"), keys[1])
}

func FuzzEncodeAssertion(f *testing.F) {
	f.Add(0, "", "https://badges.example.org/keys/k1.json")
	f.Add(31, `<"\`+"\u2028", `,"verification":{}}`)
	f.Fuzz(func(t *testing.T, n int, text, keyURL string) {
		checkEncodeAssertion(t, NewEncoder(), assertionOf(n, text), keyURL)
	})
}
