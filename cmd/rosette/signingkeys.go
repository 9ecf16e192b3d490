package main

import (
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
	"os"

	"rosette/generator/sign"
)

// signingKeys reads the private signing keys a build is given: files named
// by --signing-key and ROSETTE_SIGNING_KEY_FILE, and the PEM in
// ROSETTE_SIGNING_KEY. Each holds an RSA key and may hold an Ed25519 key
// too, as rosette keygen writes them. A key file inside the site or its
// git repository is refused (sign.ReadKeyFile).
func signingKeys(e *env, root string, files []string) ([]*rsa.PrivateKey, []ed25519.PrivateKey, error) {
	if f := e.getenv("ROSETTE_SIGNING_KEY_FILE"); f != "" {
		files = append(files, f)
	}
	var keys []*rsa.PrivateKey
	var eds []ed25519.PrivateKey
	add := func(what string, data []byte) error {
		k, err := sign.ParsePrivateKey(data)
		if err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		keys = append(keys, k)
		ek, err := sign.ParseEdPrivateKey(data)
		if err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		if ek != nil {
			eds = append(eds, ek)
		}
		return nil
	}
	for _, f := range files {
		if _, err := sign.ReadKeyFile(root, f); err != nil {
			return nil, nil, err
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, fmt.Errorf("signing key: %v", err)
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
