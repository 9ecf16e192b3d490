package vc

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/big"
)

// Multicodec prefixes (unsigned varints) of Ed25519 keys.
var (
	ed25519PubPrefix  = []byte{0xed, 0x01}
	ed25519PrivPrefix = []byte{0x80, 0x26}
)

// EncodeMultikey returns the publicKeyMultibase of an Ed25519 public key:
// "z", then base58btc of the multicodec prefix 0xed01 and the 32 key bytes
// (z6Mk…).
func EncodeMultikey(pub ed25519.PublicKey) string {
	return "z" + base58Encode(append(bytes.Clone(ed25519PubPrefix), pub...))
}

// DecodeMultikey reads a publicKeyMultibase that EncodeMultikey writes.
func DecodeMultikey(s string) (ed25519.PublicKey, error) {
	b, err := decodeMultibase(s)
	if err != nil {
		return nil, err
	}
	if len(b) != 2+ed25519.PublicKeySize || !bytes.HasPrefix(b, ed25519PubPrefix) {
		return nil, errors.New("not an Ed25519 Multikey public key (z6Mk…)")
	}
	return ed25519.PublicKey(b[2:]), nil
}

// EncodeSecretMultikey returns the secretKeyMultibase of an Ed25519 private
// key: "z", then base58btc of the multicodec prefix 0x8026 and the 32-byte
// seed (z3u2…), as the Multikey specification defines it.
func EncodeSecretMultikey(priv ed25519.PrivateKey) string {
	return "z" + base58Encode(append(bytes.Clone(ed25519PrivPrefix), priv.Seed()...))
}

// DecodeSecretMultikey reads a secretKeyMultibase: the 32-byte seed that
// EncodeSecretMultikey writes, or the 64 bytes of seed and public key that
// some libraries write (zrv…), whose public half must then match the seed.
func DecodeSecretMultikey(s string) (ed25519.PrivateKey, error) {
	b, err := decodeMultibase(s)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, ed25519PrivPrefix) {
		return nil, errors.New("not an Ed25519 Multikey secret key (z3u2…)")
	}
	b = b[2:]
	switch len(b) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if !bytes.Equal(k[ed25519.SeedSize:], b[ed25519.SeedSize:]) {
			return nil, errors.New("Ed25519 secret key: the public half does not match the seed")
		}
		return k, nil
	}
	return nil, errors.New("not an Ed25519 Multikey secret key (z3u2…): wrong length")
}

// decodeMultibase decodes a base58btc multibase string ("z…"). Input is
// bounded: nothing here is longer than a signature.
func decodeMultibase(s string) ([]byte, error) {
	if len(s) < 2 || s[0] != 'z' {
		return nil, errors.New("not a base58btc multibase value (z…)")
	}
	if len(s) > 200 {
		return nil, errors.New("multibase value too long")
	}
	return base58Decode(s[1:])
}

// ErrNotBase58 is the cause of the error for a character outside base58's
// alphabet.
var ErrNotBase58 = errors.New("not a base58 digit")

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Encode encodes b in the Bitcoin base58 alphabet.
func base58Encode(b []byte) string {
	n := new(big.Int).SetBytes(b)
	var out []byte
	radix, mod := big.NewInt(58), new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, radix, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// base58Decode decodes a Bitcoin base58 string.
func base58Decode(s string) ([]byte, error) {
	n := new(big.Int)
	radix := big.NewInt(58)
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	for i := 0; i < len(s); i++ {
		d := bytes.IndexByte([]byte(base58Alphabet), s[i])
		if d < 0 {
			return nil, fmt.Errorf("%q is %w", s[i], ErrNotBase58)
		}
		n.Mul(n, radix)
		n.Add(n, big.NewInt(int64(d)))
	}
	return append(make([]byte, zeros), n.Bytes()...), nil
}
