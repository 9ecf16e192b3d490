package vc

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"rosette/generator/sign"
)

// jwk is an RSA public key as a JSON Web Key; the field order is the order
// it is written in.
type jwk struct {
	Kty string `json:"kty"`
	N   string `json:"n"`
	E   string `json:"e"`
	Kid string `json:"kid,omitempty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// PublicJWK returns the RSA public key as a JWK: kty, n, e, kid (when not
// empty), alg RS256 and use sig. It never holds a private member.
func PublicJWK(pub *rsa.PublicKey, kid string) []byte {
	enc := base64.RawURLEncoding
	out, err := marshal(jwk{
		Kty: "RSA",
		N:   enc.EncodeToString(pub.N.Bytes()),
		E:   enc.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		Kid: kid,
		Alg: "RS256",
		Use: "sig",
	})
	if err != nil {
		panic(err) // strings only: cannot happen
	}
	return out
}

// ParsePublicJWK reads an RSA public key written as a JWK, as PublicJWK
// writes it, and returns the key and its kid. A JWK with a private member
// (d, p, q, dp, dq, qi), of another kty, or with alg or use that do not
// allow RS256 signatures is refused.
func ParsePublicJWK(data []byte) (*rsa.PublicKey, string, error) {
	if err := checkJSON(data); err != nil {
		return nil, "", fmt.Errorf("JWK: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, "", fmt.Errorf("JWK: %w", err)
	}
	return jwkKey(m)
}

func jwkKey(m map[string]any) (*rsa.PublicKey, string, error) {
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi", "oth"} {
		if _, ok := m[private]; ok {
			return nil, "", fmt.Errorf("JWK holds the private member %q: a private key must never be published", private)
		}
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	if str("kty") != "RSA" {
		return nil, "", fmt.Errorf("JWK kty %v, want RSA", m["kty"])
	}
	if a, ok := m["alg"]; ok && a != "RS256" {
		return nil, "", fmt.Errorf("JWK alg %v, want RS256", a)
	}
	if u, ok := m["use"]; ok && u != "sig" {
		return nil, "", fmt.Errorf("JWK use %v, want sig", u)
	}
	n, err := base64.RawURLEncoding.DecodeString(str("n"))
	if err != nil || len(n) == 0 || n[0] == 0 {
		return nil, "", errors.New("JWK n is not an unpadded base64url big-endian integer")
	}
	e, err := base64.RawURLEncoding.DecodeString(str("e"))
	if err != nil || len(e) == 0 || len(e) > 4 || e[0] == 0 {
		return nil, "", errors.New("JWK e is not an unpadded base64url integer")
	}
	ev := new(big.Int).SetBytes(e)
	if ev.Int64() < 3 || ev.Bit(0) == 0 {
		return nil, "", errors.New("JWK e is not an RSA public exponent")
	}
	k := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(ev.Int64())}
	if k.N.BitLen() < sign.MinBits {
		return nil, "", fmt.Errorf("RSA key of %d bits; at least %d are needed", k.N.BitLen(), sign.MinBits)
	}
	return k, str("kid"), nil
}
