package ob

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// Normalize prepares a recipient identity for hashing: surrounding space
// is trimmed and email addresses are lower-cased.
func Normalize(typ, identity string) string {
	identity = strings.TrimSpace(identity)
	if typ == "" || typ == "email" {
		identity = strings.ToLower(identity)
	}
	return identity
}

// Hash returns the Open Badges hashed identity of a plaintext identity:
// "sha256$" and the hex SHA-256 of identity followed by salt. The identity
// must already be normalized.
func Hash(identity, salt string) string {
	sum := sha256.Sum256([]byte(identity + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// Match reports whether the plaintext identity of the given type, once
// normalized, hashes with salt to hashed. Hex digits compare
// case-insensitively.
func Match(hashed, salt, typ, identity string) bool {
	want := strings.ToLower(hashed)
	if !strings.HasPrefix(want, "sha256$") {
		return false
	}
	got := Hash(Normalize(typ, identity), salt)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
