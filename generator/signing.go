package generator

import (
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"

	"rosette/generator/content"
	"rosette/generator/sign"
)

// signers matches the private keys given to a build with the issuers'
// public keys: an issuer signs when one of the keys is the private half of
// its current (newest) key. A key that matches an older key of an issuer,
// or no key at all, is an error, since signing with it would produce
// assertions that name the wrong key.
func signers(s *content.Site, keys []*rsa.PrivateKey) (map[string]*rsa.PrivateKey, error) {
	out := make(map[string]*rsa.PrivateKey)
	for i, k := range keys {
		matched := false
		for _, is := range s.Issuers {
			for j := range is.Keys {
				pk := &is.Keys[j]
				if !sign.SamePublicKey(pk.Public, &k.PublicKey) {
					continue
				}
				matched = true
				if cur := is.CurrentKey(); cur != pk {
					return nil, fmt.Errorf("signing key %d is the private half of %s's key %q, which key %q has replaced: sign with the private key of %q", i+1, is.ID, pk.ID, cur.ID, cur.ID)
				}
				out[is.ID] = k
			}
		}
		if !matched {
			return nil, fmt.Errorf("signing key %d matches no public key of any issuer: record its public key with rosette keygen, or give the right private key", i+1)
		}
	}
	return out, nil
}

// signingSummary fills in how many awards a build signed, and which
// issuers have a public key but were built hosted only because their
// private key was not given.
func signingSummary(s *content.Site, keys []*rsa.PrivateKey, edKeys []ed25519.PrivateKey, res *Result) {
	by, err := signers(s, keys)
	if err != nil {
		return // Render has reported it
	}
	eds, err := edSigners(s, edKeys)
	if err != nil {
		return
	}
	for _, is := range s.Issuers {
		if len(is.Keys) > 0 && by[is.ID] == nil {
			res.HostedOnly = append(res.HostedOnly, is.ID)
		}
		switch {
		case by[is.ID] != nil && len(is.EdKeys) == 0:
			res.Only2 = append(res.Only2, is.ID)
		case by[is.ID] != nil && eds[is.ID] == nil:
			res.EdKeyMissing = append(res.EdKeyMissing, is.ID)
		}
	}
	for _, a := range s.Awards {
		is := s.Badge(a.Badge).Issuer
		if !a.Revoked && by[is] != nil {
			res.Signed++
			if eds[is] != nil {
				res.Credentials++
			}
		}
	}
}
