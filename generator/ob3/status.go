package ob3

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// StatusListCredential is an issuer's BitstringStatusListCredential: bit i
// of its list is set when the award with status_index i is revoked.
type StatusListCredential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id"`
	Type              []string          `json:"type"`
	Issuer            string            `json:"issuer"`
	ValidFrom         string            `json:"validFrom"`
	CredentialSubject StatusListSubject `json:"credentialSubject"`
}

// StatusListSubject is the list itself.
type StatusListSubject struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	StatusPurpose string `json:"statusPurpose"`
	EncodedList   string `json:"encodedList"`
}

// StatusList returns the status list credential of an issuer that
// publishes 3.0 (it has an Ed25519 key), or nil. Its validFrom is when the
// issuer's current Ed25519 key was made: a date from the records, never the
// build clock, so an unchanged list is never signed again.
func (g *Graph) StatusList(is *content.Issuer) (*StatusListCredential, error) {
	k := is.CurrentEdKey()
	if k == nil {
		return nil, nil
	}
	bits := make([]byte, content.StatusListSize/8)
	for _, a := range g.Site.Awards {
		if a.Revoked && a.HasStatusIndex && g.IssuerOf(a) == is.ID {
			bits[a.StatusIndex/8] |= 0x80 >> (a.StatusIndex % 8)
		}
	}
	list, err := EncodeStatusList(bits)
	if err != nil {
		return nil, err
	}
	url := g.URL(StatusListPath(is.ID))
	return &StatusListCredential{
		Context:   []string{ContextVC},
		ID:        url,
		Type:      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer:    g.DID(is.ID),
		ValidFrom: ob.FormatTime(k.Created),
		CredentialSubject: StatusListSubject{
			ID:            url + "#list",
			Type:          "BitstringStatusList",
			StatusPurpose: "revocation",
			EncodedList:   list,
		},
	}, nil
}

// status returns the credentialStatus of an award that has a status index.
func (g *Graph) status(a *content.Award, issuer string) *StatusEntry {
	if !a.HasStatusIndex {
		return nil
	}
	list := g.URL(StatusListPath(issuer))
	idx := strconv.Itoa(a.StatusIndex)
	return &StatusEntry{
		ID:                   list + "#" + idx,
		Type:                 "BitstringStatusListEntry",
		StatusPurpose:        "revocation",
		StatusListIndex:      idx,
		StatusListCredential: list,
	}
}

// EncodeStatusList encodes a bitstring as a status list's encodedList:
// GZIP-compressed, then multibase base64url without padding ("u…"). Index
// 0 is the most significant bit of the first byte. The output depends
// only on the bits.
func EncodeStatusList(bits []byte) (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(bits); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// MaxStatusListBytes bounds a decoded status list: 16 MB, 134 million
// entries.
const MaxStatusListBytes = 16 << 20

// DecodeStatusList decodes an encodedList as EncodeStatusList makes it,
// refusing a list that expands beyond MaxStatusListBytes.
func DecodeStatusList(encoded string) ([]byte, error) {
	rest, ok := strings.CutPrefix(encoded, "u")
	if !ok {
		return nil, errors.New(`encodedList is not multibase base64url (it starts with "u")`)
	}
	gz, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("encodedList: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("encodedList is not GZIP: %v", err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, MaxStatusListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("encodedList: %v", err)
	}
	if len(bits) > MaxStatusListBytes {
		return nil, fmt.Errorf("encodedList expands beyond %d bytes", MaxStatusListBytes)
	}
	return bits, nil
}

// StatusBit reports whether bit index of a decoded list is set; ok is
// false when the list is too short to hold it.
func StatusBit(bits []byte, index int) (set, ok bool) {
	if index < 0 || index/8 >= len(bits) {
		return false, false
	}
	return bits[index/8]&(0x80>>(index%8)) != 0, true
}

// RevocationNotice is what the credential URL of a revoked award serves
// instead of the credential: 1EdTech's verification steps do not read
// Bitstring status lists, so the credential itself goes away.
type RevocationNotice struct {
	ID               string       `json:"id"`
	Revoked          bool         `json:"revoked"`
	RevocationReason string       `json:"revocationReason"`
	CredentialStatus *StatusEntry `json:"credentialStatus,omitempty"`
}

// Revoked returns the notice served at the credential URL of a revoked
// award.
func (g *Graph) Revoked(a *content.Award) *RevocationNotice {
	return &RevocationNotice{
		ID:               g.URL(CredentialPath(a.ID, "json")),
		Revoked:          true,
		RevocationReason: a.RevocationReason,
		CredentialStatus: g.status(a, g.IssuerOf(a)),
	}
}
