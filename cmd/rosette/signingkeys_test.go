package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/sign"
	"rosette/generator/vc"
)

// TestSigningKeys reads key files and ROSETTE_SIGNING_KEY through the one
// PEM reader, vc.ParsePrivateKeys: both keys of one text, and errors that
// name the text and the PEM block.
func TestSigningKeys(t *testing.T) {
	rk, err := sign.GenerateKey(sign.MinBits)
	if err != nil {
		t.Fatal(err)
	}
	_, ek, _ := ed25519.GenerateKey(rand.Reader)
	rsaPEM, _ := sign.EncodePrivateKey(rk)
	edPEM, _ := vc.EncodeEd25519PrivateKey(ek)
	dir, site := t.TempDir(), t.TempDir()
	both := filepath.Join(dir, "both.pem")
	if err := os.WriteFile(both, append(append([]byte{}, rsaPEM...), edPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	e := &env{getenv: func(k string) string {
		if k == "ROSETTE_SIGNING_KEY" {
			return string(rsaPEM)
		}
		return ""
	}}
	keys, eds, err := signingKeys(e, site, []string{both})
	if err != nil || len(keys) != 2 || !keys[0].Equal(rk) || len(eds) != 1 || !eds[0].Equal(ek) {
		t.Fatalf("signingKeys: %v, %d RSA and %d Ed25519 keys", err, len(keys), len(eds))
	}
	for name, c := range map[string]struct{ text, want string }{
		"Ed25519 alone": {string(edPEM), "signing key " + filepath.Join(dir, "Ed25519 alone") + ": no RSA private key"},
		"certificate":   {string(rsaPEM) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", `PEM block 2 is "CERTIFICATE", not a private key`},
		"empty":         {"", "no PEM private key"},
	} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(c.text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := signingKeys(&env{getenv: func(string) string { return "" }}, site, []string{f})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), f) {
			t.Errorf("%s: %v, want an error naming the file and saying %q", name, err, c.want)
		}
	}
	if _, _, err := signingKeys(&env{getenv: func(k string) string {
		if k == "ROSETTE_SIGNING_KEY" {
			return string(edPEM)
		}
		return ""
	}}, site, nil); err == nil || !strings.HasPrefix(err.Error(), "ROSETTE_SIGNING_KEY: no RSA private key") {
		t.Errorf("an Ed25519 key alone in ROSETTE_SIGNING_KEY: %v", err)
	}
}
