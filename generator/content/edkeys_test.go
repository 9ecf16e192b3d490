package content

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"testing/fstest"

	"rosette/generator/vc"
)

func TestMultikeyRoundTrip(t *testing.T) {
	// The Multikey of the eddsa-rdfc-2022 test vector's key.
	const vector = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
	pub, err := ParseMultikey(vector)
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatMultikey(pub); got != vector {
		t.Errorf("FormatMultikey = %q, want %q", got, vector)
	}
	for range 20 {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		back, err := ParseMultikey(FormatMultikey(pub))
		if err != nil || !back.Equal(pub) {
			t.Fatalf("round trip of %x: %x, %v", pub, back, err)
		}
	}
	for s, want := range map[string]string{
		"":      "not a base58btc Multikey",
		"u7QE":  "not a base58btc Multikey",
		"z0OIl": "not a base58 digit",
		"z6Mk":  "not an Ed25519 public Multikey",
		vc.EncodeSecretMultikey(ed25519.NewKeyFromSeed(make([]byte, 32))): "PRIVATE key",
		strings.Repeat("z", 300): "too long",
	} {
		if _, err := ParseMultikey(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMultikey(%.20q) = %v, want an error with %q", s, err, want)
		}
	}
}

func TestEdKeys(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	mk := FormatMultikey(pub)
	head := "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"badges@acme.example.org\"\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"two keys", head + "\n[[ed25519_key]]\nid = \"a\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_multibase = \"" + mk + "\"\n" +
			"\n[[ed25519_key]]\nid = \"b\"\ncreated = 2026-02-01T00:00:00Z\npublic_key_multibase = \"" + mk + "\"\n", nil},
		{"bad key", head + "\n[[ed25519_key]]\nid = \"a\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_multibase = \"z6Mk\"\n", []string{
			`content/issuers/acme.toml:8:24: public_key_multibase: not an Ed25519 public Multikey (it starts with "z6Mk" and is 48 characters long)`,
		}},
		{"duplicate and missing", head + "\n[[ed25519_key]]\nid = \"a\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_multibase = \"" + mk + "\"\n" +
			"\n[[ed25519_key]]\nid = \"a\"\npublic_key_multibase = \"" + mk + "\"\n", []string{
			`content/issuers/acme.toml:10:1: missing required key "created" in [[ed25519_key]] (a date-time such as 2025-03-14T09:00:00Z)`,
			`content/issuers/acme.toml:11:6: duplicate Ed25519 key id "a"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseSite()
			fsys["content/issuers/acme.toml"] = &fstest.MapFile{Data: []byte(tt.src)}
			s, err := Load(fsys, Options{})
			var got []string
			if es, ok := err.(Errors); ok {
				for _, e := range es {
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if err == nil {
				k := s.Issuer("acme").CurrentEdKey()
				if k.ID != "b" || !k.Public.Equal(pub) {
					t.Errorf("current Ed25519 key %q %x, want b %x", k.ID, k.Public, pub)
				}
			}
		})
	}
}
