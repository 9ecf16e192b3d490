package vc

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"rosette/generator/sign"
)

// PrivateKeys are the private keys of one or more issuers, as one PEM text
// carries them (a key file, or a CI secret): RSA keys sign the Open Badges
// 2.0 assertions and the VC-JWTs, Ed25519 keys the Data Integrity proofs.
type PrivateKeys struct {
	RSA     []*rsa.PrivateKey
	Ed25519 []ed25519.PrivateKey
}

// EncodeEd25519PrivateKey returns an Ed25519 private key as a PEM "PRIVATE
// KEY" block (PKCS #8, RFC 8410), the form `openssl genpkey -algorithm
// ed25519` writes. Appended to an issuer's RSA key file, it makes the one
// file (or CI secret) that carries both keys.
func EncodeEd25519PrivateKey(k ed25519.PrivateKey) ([]byte, error) {
	if len(k) != ed25519.PrivateKeySize {
		return nil, errors.New("not an Ed25519 private key")
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParsePrivateKeys reads every PEM block of data: "PRIVATE KEY" (PKCS #8,
// RSA or Ed25519) and "RSA PRIVATE KEY" (PKCS #1). Text between blocks is
// ignored; any other block, an RSA key under sign.MinBits bits, or a text
// with no key is an error.
func ParsePrivateKeys(data []byte) (*PrivateKeys, error) {
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("key text of %d bytes; at most %d are accepted", len(data), MaxDocument)
	}
	keys := &PrivateKeys{}
	for n := 1; ; n++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		var k any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			return nil, fmt.Errorf("PEM block %d is %q, not a private key", n, block.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("PEM block %d: unreadable private key: %v", n, err)
		}
		switch k := k.(type) {
		case *rsa.PrivateKey:
			if k.N.BitLen() < sign.MinBits {
				return nil, fmt.Errorf("PEM block %d: RSA key of %d bits; at least %d are needed", n, k.N.BitLen(), sign.MinBits)
			}
			keys.RSA = append(keys.RSA, k)
		case ed25519.PrivateKey:
			keys.Ed25519 = append(keys.Ed25519, k)
		default:
			return nil, fmt.Errorf("PEM block %d: a %T; rosette signs with RSA and Ed25519 keys", n, k)
		}
	}
	if len(keys.RSA) == 0 && len(keys.Ed25519) == 0 {
		return nil, errors.New("no PEM private key (-----BEGIN PRIVATE KEY----- …)")
	}
	return keys, nil
}
