package content

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MinKeyBits is the smallest RSA signing key accepted.
const MinKeyBits = 2048

// Key is a public signing key of an issuer: one [[key]] table in its file,
// as `rosette keygen` appends it. Keys are never removed, so that
// assertions signed before a rotation still verify.
type Key struct {
	ID           string    `toml:"id"`             // slug, unique within the issuer
	Created      time.Time `toml:"created"`        // when the key was made, with a time zone; the newest key signs
	PublicKeyPEM string    `toml:"public_key_pem"` // PEM "PUBLIC KEY" block (PKIX, RSA)

	Public *rsa.PublicKey `toml:"-"` // the parsed key
}

// CurrentKey returns the key that signs the issuer's assertions: the one
// created last (the later one in the file on a tie), or nil.
func (is *Issuer) CurrentKey() *Key {
	var cur *Key
	for i := range is.Keys {
		k := &is.Keys[i]
		if cur == nil || !k.Created.Before(cur.Created) {
			cur = k
		}
	}
	return cur
}

// checkKeys checks the [[key]] tables of an issuer and parses each key.
func checkKeys(d *doc, is *Issuer, errs *Errors) {
	seen := make(map[string]bool)
	for i := range is.Keys {
		k := &is.Keys[i]
		key := "key." + strconv.Itoa(i)
		if required(d, key+".id", k.ID, errs) {
			switch {
			case !IsSlug(k.ID):
				errs.add(d.pos(key+".id", false), "key id %q is not a lowercase slug", k.ID)
			case seen[k.ID]:
				errs.add(d.pos(key+".id", false), "duplicate key id %q", k.ID)
			}
			seen[k.ID] = true
		}
		if k.Created.IsZero() {
			errs.add(d.pos(key, true), "missing required key \"created\" in [[key]] (a date-time such as 2025-03-14T09:00:00Z)")
		} else {
			// Which key signs depends on created: without a zone, on the
			// machine's time zone.
			checkDate(d, key+".created", k.Created, errs)
		}
		k.Created = k.Created.UTC()
		if !required(d, key+".public_key_pem", k.PublicKeyPEM, errs) {
			continue
		}
		pub, err := ParsePublicKeyPEM(k.PublicKeyPEM)
		if err != nil {
			errs.add(d.pos(key+".public_key_pem", false), "public_key_pem: %v", err)
			continue
		}
		k.Public = pub
	}
}

// ParsePublicKeyPEM parses a PEM "PUBLIC KEY" block holding an RSA key of
// at least MinKeyBits bits. It refuses private keys outright.
func ParsePublicKeyPEM(s string) (*rsa.PublicKey, error) {
	if strings.Contains(s, "PRIVATE KEY") {
		return nil, fmt.Errorf("this is a PRIVATE key: remove it from the repository now, treat it as compromised, and make a new one with rosette keygen")
	}
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return nil, fmt.Errorf("not a PEM block (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)")
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, fmt.Errorf("more than one PEM block")
	}
	if block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("PEM block is %q, want \"PUBLIC KEY\"", block.Type)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("unreadable public key: %v", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T, want an RSA key (RS256 is what verifiers support)", k)
	}
	if rk.N.BitLen() < MinKeyBits {
		return nil, fmt.Errorf("RSA key of %d bits; at least %d are needed", rk.N.BitLen(), MinKeyBits)
	}
	return rk, nil
}
