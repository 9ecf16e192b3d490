package main

import (
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"

	"rosette/generator/sign"
	"rosette/generator/vc"
)

// signingKeys reads the private signing keys a build is given: files named
// by --signing-key and ROSETTE_SIGNING_KEY_FILE, and the PEM in
// ROSETTE_SIGNING_KEY, read by vc.ParsePrivateKeys. Each holds an RSA key
// and may hold an Ed25519 key too, as rosette keygen writes them. A key file inside the site or its
// git repository is refused (sign.ReadKeyFile).
func signingKeys(e *env, root string, files []string) ([]*rsa.PrivateKey, []ed25519.PrivateKey, error) {
	if f := e.getenv("ROSETTE_SIGNING_KEY_FILE"); f != "" {
		files = append(files, f)
	}
	var keys []*rsa.PrivateKey
	var eds []ed25519.PrivateKey
	add := func(what string, data []byte) error {
		k, err := vc.ParsePrivateKeys(data)
		if err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		if len(k.RSA) == 0 {
			return fmt.Errorf("%s: no RSA private key (an Ed25519 key signs Open Badges 3.0 only beside its issuer's RSA key: put both in one file, as rosette keygen writes them)", what)
		}
		keys = append(keys, k.RSA...)
		eds = append(eds, k.Ed25519...)
		return nil
	}
	for _, f := range files {
		data, err := sign.ReadKeyFile(root, f)
		if err != nil {
			return nil, nil, err
		}
		if err := add("signing key "+f, data); err != nil {
			return nil, nil, err
		}
	}
	if pemText := e.getenv("ROSETTE_SIGNING_KEY"); pemText != "" {
		if err := add("ROSETTE_SIGNING_KEY", []byte(pemText)); err != nil {
			return nil, nil, err
		}
	}
	return keys, eds, nil
}
