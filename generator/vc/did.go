package vc

import (
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"rosette/generator/sign"
)

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

// didDoc is the part of a DID document the resolvers read.
type didDoc struct {
	ID                 string            `json:"id"`
	VerificationMethod []json.RawMessage `json:"verificationMethod"`
	AssertionMethod    []json.RawMessage `json:"assertionMethod"`
}

type verificationMethod struct {
	ID                 string         `json:"id"`
	Type               string         `json:"type"`
	Controller         string         `json:"controller"`
	PublicKeyMultibase string         `json:"publicKeyMultibase"`
	PublicKeyJwk       map[string]any `json:"publicKeyJwk"`
}

// assertionMethod returns the verification method id of the DID document
// data, which must be listed under assertionMethod (by reference or
// embedded) and controlled by the document's subject.
func assertionMethod(data []byte, id string) (*verificationMethod, error) {
	if err := checkJSON(data); err != nil {
		return nil, fmt.Errorf("DID document: %w", err)
	}
	var doc didDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("DID document: %w", err)
	}
	var found *verificationMethod
	all := append(slices.Clone(doc.VerificationMethod), doc.AssertionMethod...)
	for _, raw := range all {
		var vm verificationMethod
		if json.Unmarshal(raw, &vm) == nil && vm.ID == id {
			found = &vm
			break
		}
	}
	if found == nil {
		return nil, fmt.Errorf("DID document %s has no verification method %s", doc.ID, id)
	}
	listed := false
	for _, raw := range doc.AssertionMethod {
		var ref string
		var vm verificationMethod
		if json.Unmarshal(raw, &ref) == nil && ref == id || json.Unmarshal(raw, &vm) == nil && vm.ID == id {
			listed = true
		}
	}
	if !listed {
		return nil, fmt.Errorf("DID document %s does not list %s under assertionMethod", doc.ID, id)
	}
	if found.Controller != doc.ID {
		return nil, fmt.Errorf("verification method %s is controlled by %q, not by %s", id, found.Controller, doc.ID)
	}
	return found, nil
}

// DIDEd25519Key returns the Ed25519 public key of the verification method
// id in the DID document data: a Multikey listed under assertionMethod and
// controlled by the document's subject. With it, a verifier builds the
// resolve function VerifyEdDSA asks for.
func DIDEd25519Key(data []byte, id string) (ed25519.PublicKey, error) {
	vm, err := assertionMethod(data, id)
	if err != nil {
		return nil, err
	}
	if vm.Type != "Multikey" {
		return nil, fmt.Errorf("verification method %s is a %q, not a Multikey", id, vm.Type)
	}
	return DecodeMultikey(vm.PublicKeyMultibase)
}

// DIDRSAKey returns the RSA public key of the verification method id in the
// DID document data: a JsonWebKey2020 (or JsonWebKey) with publicKeyJwk,
// listed under assertionMethod and controlled by the document's subject.
func DIDRSAKey(data []byte, id string) (*rsa.PublicKey, error) {
	vm, err := assertionMethod(data, id)
	if err != nil {
		return nil, err
	}
	if vm.Type != "JsonWebKey2020" && vm.Type != "JsonWebKey" {
		return nil, fmt.Errorf("verification method %s is a %q, not a JsonWebKey2020", id, vm.Type)
	}
	if vm.PublicKeyJwk == nil {
		return nil, fmt.Errorf("verification method %s has no publicKeyJwk", id)
	}
	k, _, err := jwkKey(vm.PublicKeyJwk)
	return k, err
}
