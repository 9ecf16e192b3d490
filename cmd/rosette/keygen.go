package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/sign"
	"rosette/generator/vc"
)

func keygenCommand() *command {
	return &command{
		name:    "keygen",
		summary: "make an issuer's signing keys",
		usage: `Usage: rosette keygen --out FILE [--issuer ID] [--id KEYID] [--bits N] [--ed25519-only] [-s DIR]

Makes an issuer's two signing key pairs: RSA, which signs its Open Badges
2.0 assertions (JWS) and 3.0 VC-JWTs (RS256), and Ed25519, which signs the
Data Integrity proofs of its 3.0 credentials (eddsa-rdfc-2022). Both
private keys are written to FILE, one PEM block each, with mode 0600; FILE
must be outside the site and outside the git repository that holds it (so
never in content/ or public/), and must not exist. The public keys are
appended to content/issuers/<ID>.toml as a [[key]] and an [[ed25519_key]]
table; the newest key of each kind signs, and older keys stay published so
that what they signed still verifies.

An issuer that signs with an RSA key only publishes Open Badges 2.0; give
it an Ed25519 key with --ed25519-only, then give builds both private keys:
concatenate the two files into one (cat old.pem new-ed25519.pem), which a
single CI secret can carry.

Builds sign when given the private key: rosette build --signing-key FILE,
or the environment variable ROSETTE_SIGNING_KEY_FILE (a path) or
ROSETTE_SIGNING_KEY (the PEM itself, e.g. a CI secret).

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --out FILE         where to write the private key (required); missing
                     directories are made, readable by you only (0700)
  --issuer ID        the issuer (default: default_issuer, or the only issuer)
  --id KEYID         key id, a lowercase slug (default: today's date)
  --bits N           RSA key size, at least 2048 (default 3072)
  --ed25519-only     make only the Ed25519 key, for an issuer that has an
                     RSA key already

Examples:
  rosette keygen --out ~/.config/rosette/riverbend.pem
  rosette keygen --issuer riverbend --id 2027 --out /secure/riverbend-2027.pem
`,
		run: runKeygen,
	}
}

func runKeygen(e *env, args []string) error {
	fs := newFlags("keygen")
	src := sourceFlag(fs)
	var out, issuer, id string
	var bits int
	var edOnly bool
	fs.BoolVar(&edOnly, "ed25519-only", false, "")
	fs.StringVar(&out, "out", "", "")
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&issuer, "issuer", "", "")
	fs.StringVar(&id, "id", "", "")
	fs.IntVar(&bits, "bits", sign.Bits, "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	if out == "" {
		return usagef("--out FILE is required: where to write the private key, outside the site")
	}
	if bits < sign.MinBits {
		return usagef("--bits must be at least %d", sign.MinBits)
	}
	if id != "" && !content.IsSlug(id) {
		return usagef("--id %q is not a lowercase slug", id)
	}
	if err := sign.CheckKeyPath(*src, out); err != nil {
		return usagef("--out %s: %v", out, err)
	}
	if _, err := os.Stat(out); err == nil {
		return usagef("--out %s exists: rosette keygen never overwrites a key", out)
	}
	s, err := generator.Load(generator.Options{Source: *src, AllowFuture: true}) // dates are checked by check and build
	if err != nil {
		return err
	}
	is, err := pickIssuer(s, issuer)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if id == "" {
		id = now.Format("2006-01-02")
		for n := 2; hasKey(is, id, edOnly); n++ {
			id = fmt.Sprintf("%s-%d", now.Format("2006-01-02"), n)
		}
	} else if hasKey(is, id, edOnly) {
		return usagef("issuer %s already has a key %q", is.ID, id)
	}

	var privPEM []byte
	var table string
	if !edOnly {
		key, err := sign.GenerateKey(bits)
		if err != nil {
			return err
		}
		if privPEM, err = sign.EncodePrivateKey(key); err != nil {
			return err
		}
		pubPEM, err := sign.EncodePublicKey(&key.PublicKey)
		if err != nil {
			return err
		}
		table = fmt.Sprintf("\n[[key]]\nid = %q\ncreated = %s\npublic_key_pem = \"\"\"\n%s\"\"\"\n", id, now.Format(time.RFC3339), pubPEM)
	}
	edPub, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	edPEM, err := vc.EncodeEd25519PrivateKey(edKey)
	if err != nil {
		return err
	}
	privPEM = append(privPEM, edPEM...)
	table += fmt.Sprintf("\n[[ed25519_key]]\nid = %q\ncreated = %s\npublic_key_multibase = %q\n", id, now.Format(time.RFC3339), content.FormatMultikey(edPub))
	// Missing parent directories are made private: a key directory that
	// others can list is a hint where keys are.
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(privPEM); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	file := filepath.Join(*src, filepath.FromSlash(is.File))
	if err := appendFile(file, table); err != nil {
		return fmt.Errorf("wrote the private key to %s but could not record the public key: %v", out, err)
	}
	if edOnly {
		fmt.Fprintf(e.stdout, "Wrote the Ed25519 private key to %s (mode 0600). Keep it secret and out of the repository.\n", out)
		fmt.Fprintf(e.stdout, "Recorded Ed25519 public key %q for issuer %s in %s; it is published in %s.\n", id, is.ID, is.File, s.Config.BaseURL+ob3.DIDPath(is.ID))
		fmt.Fprintf(e.stdout, "Builds need it beside the RSA private key: put both in one file (cat rsa.pem %s > both.pem), outside the repository.\n", out)
		return nil
	}
	fmt.Fprintf(e.stdout, "Wrote the private keys (RSA and Ed25519) to %s (mode 0600). Keep it secret and out of the repository.\n", out)
	fmt.Fprintf(e.stdout, "Recorded public key %q for issuer %s in %s; it is published at %s and in %s.\n", id, is.ID, is.File, s.Config.BaseURL+ob.KeyPath(is.ID, id), s.Config.BaseURL+ob3.DIDPath(is.ID))
	fmt.Fprintf(e.stdout, "Sign builds with: rosette build --signing-key %s   (or ROSETTE_SIGNING_KEY_FILE / ROSETTE_SIGNING_KEY)\n", out)
	return nil
}

func pickIssuer(s *content.Site, id string) (*content.Issuer, error) {
	switch {
	case id != "":
		if is := s.Issuer(id); is != nil {
			return is, nil
		}
		return nil, usagef("--issuer %q: no such issuer", id)
	case s.Config.DefaultIssuer != "":
		return s.Issuer(s.Config.DefaultIssuer), nil
	case len(s.Issuers) == 1:
		return s.Issuers[0], nil
	}
	return nil, usagef("the site has several issuers: name one with --issuer")
}

// hasKey reports whether the issuer has a key of that id: an Ed25519 key
// when ed is set, else either kind (keygen makes both with one id).
func hasKey(is *content.Issuer, id string, ed bool) bool {
	for _, k := range is.EdKeys {
		if k.ID == id {
			return true
		}
	}
	if ed {
		return false
	}
	for _, k := range is.Keys {
		if k.ID == id {
			return true
		}
	}
	return false
}

func appendFile(name, text string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		text = "\n" + text
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
