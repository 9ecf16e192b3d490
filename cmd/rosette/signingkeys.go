package main

import (
	"crypto/rsa"
	"fmt"

	"rosette/generator/sign"
)

// signingKeys reads the private signing keys a build is given: files named
// by --signing-key and ROSETTE_SIGNING_KEY_FILE, and the PEM in
// ROSETTE_SIGNING_KEY. A key file inside the site or its git repository is refused
// (sign.ReadKeyFile).
func signingKeys(e *env, root string, files []string) ([]*rsa.PrivateKey, error) {
	if f := e.getenv("ROSETTE_SIGNING_KEY_FILE"); f != "" {
		files = append(files, f)
	}
	var keys []*rsa.PrivateKey
	for _, f := range files {
		k, err := sign.ReadKeyFile(root, f)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if pemText := e.getenv("ROSETTE_SIGNING_KEY"); pemText != "" {
		k, err := sign.ParsePrivateKey([]byte(pemText))
		if err != nil {
			return nil, fmt.Errorf("ROSETTE_SIGNING_KEY: %v", err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
