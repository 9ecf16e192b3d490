package vc

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/sign"
)

func TestEd25519PrivateKeyPEM(t *testing.T) {
	k := edKey(t)
	p, err := EncodeEd25519PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(p)
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("not a PRIVATE KEY block:\n%s", p)
	}
	// RFC 8410: a fixed PKCS #8 prefix, then the 32-byte seed.
	if want := "302e020100300506032b657004220420" + hex.EncodeToString(k.Seed()); hex.EncodeToString(block.Bytes) != want {
		t.Errorf("DER %x, want %s", block.Bytes, want)
	}
}

func TestParsePrivateKeys(t *testing.T) {
	rk := rsaKey(t)
	rsaPEM, err := sign.EncodePrivateKey(rk)
	if err != nil {
		t.Fatal(err)
	}
	edPEM, _ := EncodeEd25519PrivateKey(edKey(t))
	// The proposed secret: the RSA block first (builds that read one key
	// still find it), then the Ed25519 block, with comments around.
	secret := "# issuer acme\n" + string(rsaPEM) + "\n" + string(edPEM)
	keys, err := ParsePrivateKeys([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.RSA) != 1 || !keys.RSA[0].Equal(rk) || len(keys.Ed25519) != 1 || !keys.Ed25519[0].Equal(edKey(t)) {
		t.Fatalf("keys %+v", keys)
	}
	// Either order; an RSA key alone; PKCS #1 as older tools write it.
	for name, c := range map[string]struct {
		text string
		eds  int
	}{
		"Ed25519 first": {string(edPEM) + string(rsaPEM), 1},
		"RSA alone":     {string(rsaPEM), 0},
		"PKCS #1":       {string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)})), 0},
	} {
		keys, err := ParsePrivateKeys([]byte(c.text))
		if err != nil || len(keys.RSA) != 1 || !keys.RSA[0].Equal(rk) || len(keys.Ed25519) != c.eds {
			t.Errorf("%s: %v, %+v", name, err, keys)
		}
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallDER, _ := x509.MarshalPKCS8PrivateKey(small)
	smallPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: smallDER})
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})
	for name, c := range map[string]struct{ text, want string }{
		"empty":      {"", "no PEM private key"},
		"public key": {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", `"PUBLIC KEY", not a private key`},
		"ECDSA":      {string(ecPEM), "rosette signs with RSA and Ed25519"},
		"broken":     {"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "unreadable"},
		"second bad": {string(edPEM) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "PEM block 2"},
		"small RSA":  {string(smallPEM), "RSA key of 1024 bits; at least 2048"},
		"too long":   {strings.Repeat("#", MaxDocument+1), "at most"},
	} {
		_, err := ParsePrivateKeys([]byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", name, err, c.want)
		}
	}
}

// TestParseOpenSSLKey reads an Ed25519 key made by openssl, when openssl is
// installed.
func TestParseOpenSSLKey(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("skipping: openssl is not installed")
	}
	f := filepath.Join(t.TempDir(), "ed.pem")
	if out, err := exec.Command(openssl, "genpkey", "-algorithm", "ed25519", "-out", f).CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(f)
	keys, err := ParsePrivateKeys(data)
	if err != nil || len(keys.Ed25519) != 1 {
		t.Fatalf("%v %+v", err, keys)
	}
	again, _ := EncodeEd25519PrivateKey(keys.Ed25519[0])
	if !bytes.Equal(bytes.TrimSpace(again), bytes.TrimSpace(data)) {
		t.Errorf("re-encoded key differs from openssl's:\n%s\n%s", again, data)
	}
}
