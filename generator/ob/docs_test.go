package ob

import (
	"bytes"
	"encoding/json"
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

// stdJSON is v as encoding/json's Encoder makes it, not escaping <, > and
// &: indented with a final newline, or compact without one.
func stdJSON(t *testing.T, v any, indent bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if !indent {
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	return buf.Bytes()
}

// checkEncodeAssertion checks that EncodeAssertion gives the bytes of
// encoding/json for the hosted assertion, indented as an Encoder makes
// it, and for the compact signed one, with enc and with a compact Encoder.
func checkEncodeAssertion(t *testing.T, enc *Encoder, as *Assertion, keyURL string) {
	t.Helper()
	for _, e := range []struct {
		name   string
		enc    *Encoder
		indent bool
	}{{"indented", enc, true}, {"compact", NewCompactEncoder(), false}} {
		hosted, payload, err := e.enc.EncodeAssertion(as, keyURL)
		if err != nil {
			t.Fatalf("%s: EncodeAssertion: %v", e.name, err)
		}
		want := stdJSON(t, as, e.indent)
		if !bytes.Equal(hosted, want) {
			t.Fatalf("%s: hosted\n%s\nwant\n%s", e.name, hosted, want)
		}
		if keyURL == "" {
			if payload != nil {
				t.Fatalf("%s: payload %s without a key", e.name, payload)
			}
			continue
		}
		wantPayload := stdJSON(t, as.Signed(keyURL), false)
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

// FuzzAppendIndent checks appendIndent against json.Indent on compact
// JSON, with and without the newline that follows a value.
func FuzzAppendIndent(f *testing.F) {
	f.Add([]byte(`{"a":[],"b":{},"c":[1,{"d":"x\"y\\\\"},[[]]],"e":"{[,:]}"}`))
	f.Add([]byte(`[{"":null},true,-1.5e3,"\u2028"]`))
	f.Add([]byte(`"just a string"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		for _, src := range [][]byte{compact.Bytes(), append(bytes.Clone(compact.Bytes()), '\n')} {
			var want bytes.Buffer
			if err := json.Indent(&want, src, "", "  "); err != nil {
				t.Fatal(err)
			}
			if got := appendIndent([]byte("prefix"), src); string(got) != "prefix"+want.String() {
				t.Fatalf("appendIndent(%q)\n%s\nwant\n%s", src, got[len("prefix"):], want.Bytes())
			}
		}
	})
}

// TestEncodeDocuments checks Encode and Marshal against encoding/json on
// the other documents, with empty and nested members.
func TestEncodeDocuments(t *testing.T) {
	docs := []any{
		&Profile{Context: Context, Type: "Issuer", ID: "https://x.example/i.json", Name: "A <b> & \"c\"", PublicKey: []string{"k1", "k2"}, Verification: &Verification{Type: "hosted", AllowedOrigins: "x.example"}},
		&BadgeClass{Context: Context, Type: "BadgeClass", Name: "n", Tags: []string{"a", "b"}, Alignment: []Alignment{{}}},
		&RevocationList{Context: Context, Type: "RevocationList", RevokedAssertions: []Revocation{}},
		&RevocationList{RevokedAssertions: []Revocation{{ID: "a", RevocationReason: "r\n"}, {ID: "b"}}},
		map[string]any{"empty": map[string]any{}, "list": []any{[]any{}, 1.5, nil, true}},
	}
	enc, compact := NewEncoder(), NewCompactEncoder()
	for _, v := range docs {
		for _, c := range []struct {
			enc    func(any) ([]byte, error)
			indent bool
		}{{enc.Encode, true}, {Marshal, true}, {compact.Encode, false}} {
			got, err := c.enc(v)
			if err != nil {
				t.Fatal(err)
			}
			if want := stdJSON(t, v, c.indent); !bytes.Equal(got, want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		}
	}
}
