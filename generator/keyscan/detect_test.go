package keyscan

import (
	"bytes"
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/sitetest"
)

// Every key of these tests is made when they run: the repository is itself
// a site, and its scan must keep finding nothing in it.

func testKeys(t *testing.T) (rsaKey *rsa.PrivateKey, ecKey *ecdsa.PrivateKey, edKey ed25519.PrivateKey) {
	t.Helper()
	var err error
	if rsaKey, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
		t.Fatal(err)
	}
	if ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	if _, edKey, err = ed25519.GenerateKey(rand.Reader); err != nil {
		t.Fatal(err)
	}
	return rsaKey, ecKey, edKey
}

func base58Encode(b []byte) string {
	n := new(big.Int).SetBytes(b)
	var out []byte
	mod, base := new(big.Int), big.NewInt(58)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		out = append([]byte{base58Alphabet[mod.Int64()]}, out...)
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append([]byte{'1'}, out...)
	}
	return string(out)
}

// pngWith returns a small PNG with a chunk after IHDR.
func pngWith(t *testing.T, typ string, data []byte) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	img := buf.Bytes()
	ch := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	ch = append(append(ch, typ...), data...)
	ch = binary.BigEndian.AppendUint32(ch, crc32.ChecksumIEEE(ch[4:]))
	return append(append(append([]byte(nil), img[:33]...), ch...), img[33:]...)
}

func deflate(b []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

func TestDetectKeyForms(t *testing.T) {
	rsaKey, ecKey, edKey := testKeys(t)
	pkcs1 := x509.MarshalPKCS1PrivateKey(rsaKey)
	sec1, _ := x509.MarshalECPrivateKey(ecKey)
	edPKCS8, _ := x509.MarshalPKCS8PrivateKey(edKey)
	ecPKCS8, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	b64 := base64.StdEncoding.EncodeToString
	pemOf := func(typ string, der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	}
	seed := edKey.Seed()
	jwk := fmt.Sprintf(`{"kty":"OKP","crv":"Ed25519","x":%q,"d":%q}`, base64.RawURLEncoding.EncodeToString(edKey.Public().(ed25519.PublicKey)), base64.RawURLEncoding.EncodeToString(seed))
	lines := func(s string, n int, indent string) string {
		var b strings.Builder
		for len(s) > n {
			b.WriteString(indent + s[:n] + "\n")
			s = s[n:]
		}
		return b.String() + indent + s + "\n"
	}
	cases := []struct {
		name, text string
		want       string // start of the message, or "" for nothing
	}{
		{"bare PKCS#1 RSA", "key = \"" + b64(pkcs1) + "\"\n", "a private key (PKCS#1 RSA"},
		{"bare PKCS#8 Ed25519", `{"k": "` + b64(edPKCS8) + `"}`, "a private key (PKCS#8 Ed25519"},
		{"bare PKCS#8 EC, URL alphabet", "x " + base64.RawURLEncoding.EncodeToString(ecPKCS8) + " y", "a private key (PKCS#8 EC"},
		{"bare SEC 1 EC in indented lines", "note = \"\"\"\n" + lines(b64(sec1), 44, "    ") + "\"\"\"\n", "a private key (SEC 1 EC"},
		{"lower-case PEM", strings.ToLower(pemOf("PRIVATE KEY", edPKCS8)[:28]) + pemOf("PRIVATE KEY", edPKCS8)[28:], "a private key"},
		{"PEM with \\u002d and \\n escapes", strings.ReplaceAll(strings.ReplaceAll(pemOf("RSA PRIVATE KEY", pkcs1), "-", `\u002d`), "\n", `\n`), "a private key"},
		{"PEM with HTML references", strings.ReplaceAll(pemOf("EC PRIVATE KEY", sec1), "-", "&#45;"), "a private key"},
		{"bare PKCS#1 in a JSON string, lines joined by \\n", `{"key": "` + strings.ReplaceAll(lines(b64(pkcs1), 64, ""), "\n", `\n`) + `"}`, "a private key (PKCS#1 RSA"},
		{"bare PKCS#8 with \\/ escapes", `{"key": "` + strings.ReplaceAll(b64(edPKCS8)+b64(edPKCS8), "/", `\/`) + `"}`, "a private key (PKCS#8 Ed25519"},
		{"JWK with d", jwk, `a private key (a JWK with a "d" member)`},
		{"JWK in TOML", fmt.Sprintf("jwk = { kty = \"OKP\", crv = \"Ed25519\", d = %q }\n", base64.RawURLEncoding.EncodeToString(seed)), `a private key (a JWK with a "d" member)`},
		{"multibase ed25519-priv", "secretKeyMultibase = \"z" + base58Encode(append([]byte{0x80, 0x26}, seed...)) + "\"", "a private key (a multibase secret key, multicodec ed25519-priv)"},
		{"public JWK", strings.Replace(jwk, `,"d":`, `,"y":`, 1), ""},
		{"multibase ed25519-pub", "z" + base58Encode(append([]byte{0xed, 0x01}, edKey.Public().(ed25519.PublicKey)...)), ""},
		{"public key PEM", pemOf("PUBLIC KEY", func() []byte { b, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey); return b }()), ""},
		{"long slug", "https://example.org/Mentorship-programme-for-new-contributors-2024-spring", ""},
		{"hash", "identity = \"sha256$" + strings.Repeat("ab", 32) + "\"", ""},
	}
	for _, c := range cases {
		fs := detect([]byte(c.text))
		var keys []finding
		for _, f := range fs {
			if f.key {
				keys = append(keys, f)
			}
		}
		switch {
		case c.want == "" && len(keys) > 0:
			t.Errorf("%s: found %+v in %q", c.name, keys, c.text)
		case c.want != "" && (len(keys) != 1 || !strings.HasPrefix(keys[0].what, c.want)):
			t.Errorf("%s: found %+v, want one %q", c.name, keys, c.want)
		}
		if c.want != "" && !MayHold([]byte(c.text)) {
			t.Errorf("%s: MayHold is false", c.name)
		}
	}
	// Markers alone, in any case or escaped.
	for _, m := range []string{"ends with private key-----", `-----BEGIN PRIVATE KEY\u002d\u002d\u002d\u002d\u002d`, "&#80;RIVATE KEY&#x2D;----"} {
		fs := detect([]byte(m))
		if len(fs) != 1 || fs[0].key {
			t.Errorf("marker %q: found %+v", m, fs)
		}
	}
}

// TestFindKeyForms checks positions and PNG chunks through Find.
func TestFindKeyForms(t *testing.T) {
	_, _, edKey := testKeys(t)
	der, _ := x509.MarshalPKCS8PrivateKey(edKey)
	block := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	root := sitetest.Copy(t)
	sitetest.WriteFile(t, filepath.Join(root, "content/earners/ada.toml"), "name = \"Ada\"\nbio = \"\"\"\nhere: "+base64.StdEncoding.EncodeToString(der)+"\n\"\"\"\n")
	sitetest.WriteFile(t, filepath.Join(root, "themes/default/static/k.json"), `{"pem": "`+strings.ReplaceAll(strings.ToLower(block), "\n", `\n`)+`"}`)
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/notes.md"), "our PRIVATE key-----\n")
	sitetest.WriteFile(t, filepath.Join(root, "docs/x.md"), "our PRIVATE key-----\n") // a marker outside content/: allowed
	img := pngWith(t, "zTXt", append([]byte("Comment\x00\x00"), deflate([]byte(block))...))
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/git-foundations.png"), string(img))
	img = pngWith(t, "iTXt", append([]byte("Description\x00\x01\x00\x00\x00"), deflate([]byte("seed: z"+base58Encode(append([]byte{0x80, 0x26}, edKey.Seed()...))))...))
	sitetest.WriteFile(t, filepath.Join(root, "content/issuers/riverbend.png"), string(img))
	errs, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`content/badges/git-foundations.png:1:1: a private key in the zTXt chunk "Comment" at byte 33:`,
		`content/badges/notes.md:1:5: the text "PRIVATE KEY-----"`,
		"content/earners/ada.toml:3:7: a private key (PKCS#8 Ed25519, in base64):",
		`content/issuers/riverbend.png:1:1: a private key (a multibase secret key, multicodec ed25519-priv) in the iTXt chunk "Description" at byte 33:`,
		"themes/default/static/k.json:1:10: a private key:",
	}
	if len(errs) != len(want) {
		t.Fatalf("found:\n%v\nwant %d", errs, len(want))
	}
	for i, e := range errs {
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("got  %s\nwant %s…", e, want[i])
		}
	}
}

// TestRepositoryHoldsNoKey scans this repository, which is itself a site:
// no test fixture, document or source file may hold a private key, and
// the scan must not mistake anything in it for one.
func TestRepositoryHoldsNoKey(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Skip("not in the repository")
	}
	start := time.Now()
	errs, err := Find(root)
	if err != nil || len(errs) > 0 {
		t.Errorf("the repository: %v %v", errs, err)
	}
	t.Logf("scanned the repository in %v", time.Since(start))
}

// TestDetectBounded checks that inputs made to slow the scan down (a
// megabyte of markers, of key-like runs, of JWK members, of escapes) are
// scanned in well under a second each.
func TestDetectBounded(t *testing.T) {
	const mb = 1 << 20
	rep := func(s string) []byte { return bytes.Repeat([]byte(s), mb/len(s)+1)[:mb] }
	for name, in := range map[string][]byte{
		"markers":       rep("-----BEGIN " + "PRIVATE KEY-----\nprivate "),
		"DER runs":      rep("MIIB" + strings.Repeat("A", 60) + "\n"),
		"base58 runs":   rep("z" + strings.Repeat("z", 60) + " "),
		"JWK members":   rep(`{"kty":"oct","k":"` + strings.Repeat("A", 30) + `","d":"` + strings.Repeat("B", 30) + `"} `),
		"escapes":       rep(`\u002d&#45;%2D\/`),
		"one long run":  rep("M"),
		"private words": rep("private "),
	} {
		start := time.Now()
		detect(in)
		d := time.Since(start)
		t.Logf("%s: %v", name, d)
		// About 0.3 s on a quiet machine; the bound is generous, for loaded
		// and slow machines: what it catches is a scan that grows with the
		// square of its input (minutes for 1 MB).
		if d > 10*time.Second {
			t.Errorf("%s: %v for 1 MB", name, d)
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte("-----BEGIN " + "PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASC\n"))
	f.Add([]byte(`{"kty":"OKP","d":"` + strings.Repeat("A", 43) + `"}`))
	f.Add([]byte(`\u0050RIVATE KEY&#45;----- z3u2` + strings.Repeat("A", 44)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := detect(data)
		if len(fs) > 0 && !MayHold(data) {
			t.Fatalf("detect found %+v but MayHold is false", fs)
		}
		for _, f := range fs {
			if f.off < 0 || f.off > len(data) {
				t.Fatalf("offset %d out of %d bytes", f.off, len(data))
			}
		}
	})
}
