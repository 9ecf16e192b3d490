package ob

import "rosette/generator/content"

// CryptographicKey is a public key that verifies an issuer's signed
// assertions.
type CryptographicKey struct {
	Context      string `json:"@context"`
	Type         string `json:"type"`
	ID           string `json:"id"`
	Owner        string `json:"owner"`
	PublicKeyPem string `json:"publicKeyPem"`
}

// KeyPath is the path of an issuer's public key document. Keys are never
// removed, so the path of a key is stable across rotations.
func KeyPath(issuer, key string) string { return "keys/" + issuer + "/" + key + ".json" }

// SignedAssertionPath is the path of a signed award's compact JWS.
func SignedAssertionPath(id string) string { return "assertions/" + id + ".jws" }

// Key returns the CryptographicKey document of one of an issuer's keys.
func (g *Graph) Key(is *content.Issuer, k *content.Key) *CryptographicKey {
	return &CryptographicKey{
		Context:      Context,
		Type:         "CryptographicKey",
		ID:           g.URL(KeyPath(is.ID, k.ID)),
		Owner:        g.URL(IssuerPath(is.ID)),
		PublicKeyPem: k.PublicKeyPEM,
	}
}

// SignedAssertion returns the assertion of a, which must not be revoked,
// as it is signed with the key at keyURL. Its id is the hosted URL, so a
// revocation lists it in the issuer's revocation list like any award.
func (g *Graph) SignedAssertion(a *content.Award, keyURL string) *Assertion {
	return g.Assertion(a).Signed(keyURL)
}

// Signed returns a copy of the hosted assertion as, as it is signed with
// the key at keyURL.
func (as *Assertion) Signed(keyURL string) *Assertion {
	signed := *as
	signed.Verification = Verification{Type: "SignedBadge", Creator: keyURL}
	return &signed
}
