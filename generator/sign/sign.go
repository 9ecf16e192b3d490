// Package sign makes and checks signed Open Badges assertions: RSA keys in
// PEM, and compact JWS with RS256, the algorithm verifiers support.
//
// Sign and Verify are inverses: Verify(Sign(k, p), &k.PublicKey) returns p.
// RS256 signatures are deterministic, so the same key and payload always
// give the same JWS, and a signed build is reproducible.
package sign

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// Bits is the size of the keys GenerateKey makes.
const Bits = 3072

// MinBits is the smallest RSA key Sign and Verify accept.
const MinBits = 2048

// GenerateKey makes a new RSA key pair of the given size (at least MinBits).
func GenerateKey(bits int) (*rsa.PrivateKey, error) {
	if bits < MinBits {
		return nil, fmt.Errorf("RSA keys need at least %d bits, not %d", MinBits, bits)
	}
	return rsa.GenerateKey(rand.Reader, bits)
}

// EncodePrivateKey returns a private key as a PEM "PRIVATE KEY" block
// (PKCS #8).
func EncodePrivateKey(k *rsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// EncodePublicKey returns a public key as a PEM "PUBLIC KEY" block (PKIX),
// the publicKeyPem of an Open Badges CryptographicKey.
func EncodePublicKey(k *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// ParsePublicKey reads an RSA public key from a PEM "PUBLIC KEY" block.
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM public key (-----BEGIN PUBLIC KEY----- …)")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("unreadable public key: %v", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T, want an RSA key", k)
	}
	if err := checkSize(rk); err != nil {
		return nil, err
	}
	return rk, nil
}

// checkSize refuses an RSA key smaller than MinBits.
func checkSize(k *rsa.PublicKey) error {
	if k.N.BitLen() < MinBits {
		return fmt.Errorf("RSA key of %d bits; at least %d are needed", k.N.BitLen(), MinBits)
	}
	return nil
}

// SamePublicKey reports whether two RSA public keys are equal.
func SamePublicKey(a, b *rsa.PublicKey) bool { return a != nil && b != nil && a.Equal(b) }

// Sign returns the compact JWS (RS256) of payload signed with k.
func Sign(k *rsa.PrivateKey, payload []byte) (string, error) {
	if err := checkSize(&k.PublicKey); err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: k}, nil)
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// rs256Header is the protected header of every JWS that Sign makes,
// base64url-encoded: {"alg":"RS256"}.
var rs256Header = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`))

// Signature returns the signature of a compact JWS made by Sign, decoded.
func Signature(jws string) ([]byte, error) {
	i := strings.LastIndexByte(jws, '.')
	if i < 0 {
		return nil, errors.New("not a compact JWS")
	}
	return base64.RawURLEncoding.DecodeString(jws[i+1:])
}

// Compact assembles the compact JWS that Sign makes of payload from its
// signature, so that a signature kept from an earlier build gives the
// same bytes without signing again.
func Compact(payload, signature []byte) string {
	return string(AppendCompact(nil, payload, signature))
}

// AppendCompact appends the compact JWS of payload and its signature, as
// Compact makes it, to dst.
func AppendCompact(dst, payload, signature []byte) []byte {
	enc := base64.RawURLEncoding
	dst = slices.Grow(dst, len(rs256Header)+enc.EncodedLen(len(payload))+enc.EncodedLen(len(signature))+2)
	dst = append(dst, rs256Header...)
	dst = append(dst, '.')
	dst = enc.AppendEncode(dst, payload)
	dst = append(dst, '.')
	return enc.AppendEncode(dst, signature)
}

// Verify checks a compact JWS against a public key and returns its payload.
// Only RS256 is accepted.
func Verify(jws string, k *rsa.PublicKey) ([]byte, error) {
	if err := checkSize(k); err != nil {
		return nil, err
	}
	obj, err := jose.ParseSignedCompact(strings.TrimSpace(jws), []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("not an RS256 compact JWS: %v", err)
	}
	payload, err := obj.Verify(k)
	if err != nil {
		return nil, errors.New("the signature does not match the key")
	}
	return payload, nil
}

// Header is the protected header of a JWS.
type Header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid,omitempty"`
}

// Decode splits a compact JWS without checking its signature and returns
// its header and payload. Use it to find the key, then Verify.
func Decode(jws string) (*Header, []byte, error) {
	parts := strings.Split(strings.TrimSpace(jws), ".")
	if len(parts) != 3 {
		return nil, nil, fmt.Errorf("not a compact JWS: %d dot-separated parts, want 3", len(parts))
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, nil, fmt.Errorf("JWS header is not base64url: %v", err)
	}
	var h Header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, nil, fmt.Errorf("JWS header is not JSON: %v", err)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, nil, fmt.Errorf("JWS payload is not base64url: %v", err)
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return nil, nil, fmt.Errorf("JWS signature is not base64url: %v", err)
	}
	return &h, payload, nil
}
