package content

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
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

// Multicodec prefixes of Ed25519 keys in a Multikey.
var (
	multikeyEdPub  = []byte{0xed, 0x01}
	multikeyEdPriv = []byte{0x80, 0x26}
)

// maxMultikey bounds the text ParseMultikey reads.
const maxMultikey = 200

// ParseMultikey parses an Ed25519 public key in Multikey form: "z", then
// base58btc of the multicodec prefix 0xed01 and the 32-byte key. It
// refuses a secret key outright.
func ParseMultikey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxMultikey {
		return nil, fmt.Errorf("%d characters, too long for an Ed25519 Multikey", len(s))
	}
	rest, ok := strings.CutPrefix(s, "z")
	if !ok {
		return nil, errors.New(`not a base58btc Multikey (it starts with "z6Mk")`)
	}
	raw, err := decodeBase58(rest)
	if err != nil {
		return nil, err
	}
	switch {
	case len(raw) >= 2 && raw[0] == multikeyEdPriv[0] && raw[1] == multikeyEdPriv[1]:
		return nil, errors.New("this is a PRIVATE key: remove it from the repository now, treat it as compromised, and make a new one with rosette keygen")
	case len(raw) != 2+ed25519.PublicKeySize || raw[0] != multikeyEdPub[0] || raw[1] != multikeyEdPub[1]:
		return nil, errors.New(`not an Ed25519 public Multikey (it starts with "z6Mk" and is 48 characters long)`)
	}
	return ed25519.PublicKey(raw[2:]), nil
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// decodeBase58 decodes Bitcoin's base58 alphabet; s is short (bounded by
// the caller).
func decodeBase58(s string) ([]byte, error) {
	n := new(big.Int)
	radix := big.NewInt(58)
	zeros := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base58Alphabet, s[i])
		if d < 0 {
			return nil, fmt.Errorf("%q is not a base58 digit", s[i])
		}
		if d == 0 && i == zeros {
			zeros++
		}
		n.Mul(n, radix)
		n.Add(n, big.NewInt(int64(d)))
	}
	return append(make([]byte, zeros), n.Bytes()...), nil
}

// FormatMultikey returns an Ed25519 public key in Multikey form, as
// ParseMultikey reads it.
func FormatMultikey(pub ed25519.PublicKey) string {
	raw := append(append([]byte{}, multikeyEdPub...), pub...)
	return "z" + encodeBase58(raw)
}

func encodeBase58(raw []byte) string {
	n := new(big.Int).SetBytes(raw)
	radix, mod := big.NewInt(58), new(big.Int)
	var out []byte
	for n.Sign() > 0 {
		n.DivMod(n, radix, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, b := range raw {
		if b != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}
