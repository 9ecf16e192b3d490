package vc

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"testing"
)

func rs256(t *testing.T, key *rsa.PrivateKey, input string) []byte {
	t.Helper()
	h := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return sig
}
