package ob3

import (
	"encoding/base64"
	"math/big"

	"rosette/generator/content"
)

// Contexts of a DID document.
const (
	ContextDID      = "https://www.w3.org/ns/did/v1"
	ContextMultikey = "https://w3id.org/security/multikey/v1"
)

// DIDDocument is an issuer's DID document, served at DIDPath: every one of
// its keys, Ed25519 (Multikey) and RSA (JsonWebKey), may assert credentials.
type DIDDocument struct {
	Context            []string             `json:"@context"`
	ID                 string               `json:"id"`
	VerificationMethod []VerificationMethod `json:"verificationMethod"`
	AssertionMethod    []string             `json:"assertionMethod"`
}

// VerificationMethod is one key of a DID document.
type VerificationMethod struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Controller         string `json:"controller"`
	PublicKeyMultibase string `json:"publicKeyMultibase,omitempty"`
	PublicKeyJwk       *JWK   `json:"publicKeyJwk,omitempty"`
}

// JWK is the public JSON Web Key of an RSA key, never with its private
// members.
type JWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// EdMethod returns the id of the verification method of an issuer's
// Ed25519 key: the proofs' verificationMethod.
func (g *Graph) EdMethod(issuer, key string) string { return g.DID(issuer) + "#ed25519-" + key }

// RSAMethod returns the id of the verification method of an issuer's RSA
// key in its DID document.
func (g *Graph) RSAMethod(issuer, key string) string { return g.DID(issuer) + "#rsa-" + key }

// KeyID returns the kid of the VC-JWTs an issuer's RSA key signs: the URL
// serving its public JWK.
func (g *Graph) KeyID(issuer, key string) string { return g.URL(JWKPath(issuer, key)) }

// Signs3 reports whether an issuer publishes Open Badges 3.0: it has an
// Ed25519 key for the proofs and an RSA key for the VC-JWTs.
func Signs3(is *content.Issuer) bool { return len(is.EdKeys) > 0 && len(is.Keys) > 0 }

// JWK returns the public JWK of one of an issuer's RSA keys, served at
// JWKPath; its kid is that URL.
func (g *Graph) JWK(is *content.Issuer, k *content.Key) *JWK {
	j := rsaJWK(k)
	j.Kid = g.KeyID(is.ID, k.ID)
	return j
}

func rsaJWK(k *content.Key) *JWK {
	b64 := base64.RawURLEncoding.EncodeToString
	return &JWK{
		Kty: "RSA",
		Use: "sig",
		Alg: "RS256",
		N:   b64(k.Public.N.Bytes()),
		E:   b64(big.NewInt(int64(k.Public.E)).Bytes()),
	}
}

// DIDDocument returns the DID document of an issuer.
func (g *Graph) DIDDocument(is *content.Issuer) *DIDDocument {
	did := g.DID(is.ID)
	d := &DIDDocument{
		Context:            []string{ContextDID, ContextMultikey},
		ID:                 did,
		VerificationMethod: []VerificationMethod{},
		AssertionMethod:    []string{},
	}
	for _, k := range is.EdKeys {
		d.VerificationMethod = append(d.VerificationMethod, VerificationMethod{
			ID:                 g.EdMethod(is.ID, k.ID),
			Type:               "Multikey",
			Controller:         did,
			PublicKeyMultibase: k.PublicKeyMultibase,
		})
	}
	for i := range is.Keys {
		k := &is.Keys[i]
		d.VerificationMethod = append(d.VerificationMethod, VerificationMethod{
			ID:           g.RSAMethod(is.ID, k.ID),
			Type:         "JsonWebKey",
			Controller:   did,
			PublicKeyJwk: g.JWK(is, k),
		})
	}
	for _, m := range d.VerificationMethod {
		d.AssertionMethod = append(d.AssertionMethod, m.ID)
	}
	return d
}
