package content

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// testPublicKeyPEM returns the PEM of a fresh RSA public key.
func testPublicKeyPEM(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, MinKeyBits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// TestKeyCreatedNeedsTimeZone checks that a [[key]] whose created date has
// no time zone is refused at its value, as award dates are: the newest key
// signs, so a local date would make the signing key depend on the
// machine's time zone.
func TestKeyCreatedNeedsTimeZone(t *testing.T) {
	pub := testPublicKeyPEM(t)
	issuer := func(created1, created2 string) string {
		return "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"badges@acme.example.org\"\n" +
			"\n[[key]]\nid = \"old\"\ncreated = " + created1 + "\npublic_key_pem = \"\"\"\n" + pub + "\"\"\"\n" +
			"\n[[key]]\nid = \"new\"\ncreated = " + created2 + "\npublic_key_pem = \"\"\"\n" + pub + "\"\"\"\n"
	}
	line2 := 13 + strings.Count(pub, "\n") // the second key's created
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"zoned", issuer("2026-12-01T07:14:07Z", "2026-12-01T09:14:07+01:00"), nil},
		{"quoted", issuer(`"2026-12-01T07:14:07Z"`, "2026-12-02T00:00:00Z"), nil},
		{"local date-time", issuer("2026-12-01T07:14:07", "2026-12-01T07:00:00Z"), []string{
			`content/issuers/acme.toml:7:11: created has no time zone: write it in UTC, e.g. 2026-12-01T07:14:07Z, or with an offset such as +02:00`,
		}},
		{"local date", issuer("2026-11-30T23:00:00Z", "2026-12-01"), []string{
			fmt.Sprintf("content/issuers/acme.toml:%d", line2) + `:11: created has no time zone: write it in UTC, e.g. 2026-12-01T00:00:00Z, or with an offset such as +02:00`,
		}},
		{"local date-time with a space", issuer("2026-12-01 07:14", "2026-12-01T07:00:00Z"), []string{
			`content/issuers/acme.toml:7:11: created has no time zone: write it in UTC, e.g. 2026-12-01T07:14:00Z, or with an offset such as +02:00`,
		}},
		{"inline table", "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"badges@acme.example.org\"\n" +
			"key = [{id = \"k\", created = 2026-12-01T07:14:07, public_key_pem = " + strings.ReplaceAll(`"`+strings.ReplaceAll(pub, "\n", `\n`)+`"`, "\t", "") + "}]\n", []string{
			`content/issuers/acme.toml:4:29: created has no time zone: write it in UTC, e.g. 2026-12-01T07:14:07Z, or with an offset such as +02:00`,
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
			if err == nil && s.Issuer("acme").CurrentKey().ID != "new" {
				t.Errorf("current key %q, want the one created last", s.Issuer("acme").CurrentKey().ID)
			}
		})
	}
}
