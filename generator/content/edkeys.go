package content

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"rosette/generator/vc"
)

// EdKey is an issuer's Ed25519 public key: one [[ed25519_key]] table in its
// file, as `rosette keygen` appends it. It signs the issuer's Open Badges
// 3.0 credentials (Data Integrity proofs, eddsa-rdfc-2022). Like RSA keys,
// Ed25519 keys are never removed, and the newest one signs.
type EdKey struct {
	ID                 string    `toml:"id"`                   // slug, unique among the issuer's Ed25519 keys
	Created            time.Time `toml:"created"`              // with a time zone
	PublicKeyMultibase string    `toml:"public_key_multibase"` // Multikey: "z6Mk…"

	Public ed25519.PublicKey `toml:"-"` // the parsed key
}

// CurrentEdKey returns the Ed25519 key that signs the issuer's 3.0
// credentials: the one created last (the later one in the file on a tie),
// or nil when the issuer has none and publishes Open Badges 2.0 only.
func (is *Issuer) CurrentEdKey() *EdKey {
	var cur *EdKey
	for i := range is.EdKeys {
		k := &is.EdKeys[i]
		if cur == nil || !k.Created.Before(cur.Created) {
			cur = k
		}
	}
	return cur
}

// checkEdKeys checks the [[ed25519_key]] tables of an issuer and parses
// each key.
func checkEdKeys(d *doc, is *Issuer, errs *Errors) {
	seen := make(map[string]bool)
	for i := range is.EdKeys {
		k := &is.EdKeys[i]
		key := "ed25519_key." + strconv.Itoa(i)
		if required(d, key+".id", k.ID, errs) {
			switch {
			case !IsSlug(k.ID):
				errs.add(d.pos(key+".id", false), "key id %q is not a lowercase slug", k.ID)
			case seen[k.ID]:
				errs.add(d.pos(key+".id", false), "duplicate Ed25519 key id %q", k.ID)
			}
			seen[k.ID] = true
		}
		if k.Created.IsZero() {
			errs.add(d.pos(key, true), "missing required key \"created\" in [[ed25519_key]] (a date-time such as 2025-03-14T09:00:00Z)")
		} else {
			checkDate(d, key+".created", k.Created, errs)
		}
		k.Created = k.Created.UTC()
		if !required(d, key+".public_key_multibase", k.PublicKeyMultibase, errs) {
			continue
		}
		pub, err := ParseMultikey(k.PublicKeyMultibase)
		if err != nil {
			errs.add(d.pos(key+".public_key_multibase", false), "public_key_multibase: %v", err)
			continue
		}
		k.Public = pub
	}
}

// maxMultikey bounds the text ParseMultikey reads.
const maxMultikey = 200

// ParseMultikey parses an Ed25519 public key in Multikey form (z6Mk…, see
// vc.DecodeMultikey), and refuses a secret key outright, saying what to do.
func ParseMultikey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxMultikey {
		return nil, fmt.Errorf("%d characters, too long for an Ed25519 Multikey", len(s))
	}
	if !strings.HasPrefix(s, "z") {
		return nil, errors.New(`not a base58btc Multikey (it starts with "z6Mk")`)
	}
	if _, err := vc.DecodeSecretMultikey(s); err == nil {
		return nil, errors.New("this is a PRIVATE key: remove it from the repository now, treat it as compromised, and make a new one with rosette keygen")
	}
	pub, err := vc.DecodeMultikey(s)
	if errors.Is(err, vc.ErrNotBase58) {
		return nil, err
	}
	if err != nil {
		return nil, errors.New(`not an Ed25519 public Multikey (it starts with "z6Mk" and is 48 characters long)`)
	}
	return pub, nil
}

// FormatMultikey returns an Ed25519 public key in Multikey form, as
// ParseMultikey reads it.
func FormatMultikey(pub ed25519.PublicKey) string { return vc.EncodeMultikey(pub) }
