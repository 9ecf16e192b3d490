package vc

import (
	"crypto/ed25519"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary bytes to every reader of hostile input:
// VerifyEdDSA, Canonicalize, VerifyJWT, the Multikey, JWK, DID document
// and PEM readers must return an error (or succeed), never panic or hang.
func FuzzVerify(f *testing.F) {
	key := edKey(f)
	signed, err := SignEdDSA([]byte(testCredential), key, testVM, time.Unix(1709285400, 0))
	if err != nil {
		f.Fatal(err)
	}
	rk := rsaKey(f)
	tok, err := SignJWT(signed, rk, "kid")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add([]byte(tok))
	f.Add([]byte(testCredential))
	f.Add([]byte(EncodeMultikey(key.Public().(ed25519.PublicKey))))
	f.Add([]byte(EncodeSecretMultikey(key)))
	f.Add(PublicJWK(&rk.PublicKey, "kid"))
	f.Add(didDocument(key.Public().(ed25519.PublicKey), &rk.PublicKey))
	f.Add([]byte(`{"@context":"https://www.w3.org/ns/credentials/v2","proof":{}}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	pub := key.Public().(ed25519.PublicKey)
	resolve := func(string) (ed25519.PublicKey, error) { return pub, nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		VerifyEdDSA(data, resolve)
		Canonicalize(data)
		VerifyJWT(string(data), &rk.PublicKey)
		DecodeMultikey(string(data))
		DecodeSecretMultikey(string(data))
		ParsePublicJWK(data)
		DIDEd25519Key(data, testVM)
		DIDRSAKey(data, testVM)
		ParsePrivateKeys(data)
	})
}
