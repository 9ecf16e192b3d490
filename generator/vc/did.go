package vc

import (
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"slices"
)

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
