package ob3

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"strings"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

func TestStatusListRoundTrip(t *testing.T) {
	bits := make([]byte, content.StatusListSize/8)
	for _, i := range []int{0, 7, 8, 48213, content.StatusListSize - 1} {
		bits[i/8] |= 0x80 >> (i % 8)
	}
	enc, err := EncodeStatusList(bits)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := EncodeStatusList(bits)
	if enc != again || enc[0] != 'u' || strings.ContainsAny(enc, "+/=") {
		t.Fatalf("encodedList %.20q… is not deterministic multibase base64url", enc)
	}
	// Decoded independently of DecodeStatusList, as the spec describes.
	gz, err := base64.RawURLEncoding.DecodeString(enc[1:])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(zr)
	if !bytes.Equal(raw, bits) {
		t.Fatal("the list does not decompress to its bits")
	}
	back, err := DecodeStatusList(enc)
	if err != nil || !bytes.Equal(back, bits) {
		t.Fatalf("DecodeStatusList: %v", err)
	}
	for i, want := range map[int]bool{0: true, 1: false, 7: true, 8: true, 9: false, 48213: true, 48212: false, content.StatusListSize - 1: true} {
		if got, ok := StatusBit(back, i); !ok || got != want {
			t.Errorf("bit %d = %v %v, want %v", i, got, ok, want)
		}
	}
	if _, ok := StatusBit(back, content.StatusListSize); ok {
		t.Error("StatusBit reads past the list")
	}
	// A bomb: 32 MB of zeros, which compress to 32 KB.
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(make([]byte, 2*MaxStatusListBytes))
	zw.Close()
	if _, err := DecodeStatusList("u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())); err == nil || !strings.Contains(err.Error(), "expands beyond") {
		t.Errorf("a list beyond the limit: %v", err)
	}
	for _, bad := range []string{"", "z123", "u!!", "u" + base64.RawURLEncoding.EncodeToString([]byte("not gzip"))} {
		if _, err := DecodeStatusList(bad); err == nil {
			t.Errorf("DecodeStatusList(%q) accepts it", bad)
		}
	}
}

// TestStatusListOfSite checks that revoked awards with an index, and only
// they, are set in their issuer's list, and that credentials name their
// entry.
func TestStatusListOfSite(t *testing.T) {
	g := exampleGraph(t)
	is := g.Site.Issuer("riverbend")
	if l, err := g.StatusList(is); l != nil || err != nil {
		t.Fatalf("an issuer without an Ed25519 key has a status list: %v", err)
	}
	is.EdKeys = []content.EdKey{{ID: "e1", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	want := make(map[int]bool)
	for i, a := range g.Site.Awards {
		a.HasStatusIndex, a.StatusIndex = true, 1000+i*37
		want[a.StatusIndex] = a.Revoked
	}
	l, err := g.StatusList(is)
	if err != nil {
		t.Fatal(err)
	}
	if l.ValidFrom != "2026-01-02T03:04:05Z" || l.Issuer != g.DID(is.ID) || l.CredentialSubject.StatusPurpose != "revocation" {
		t.Errorf("status list %+v", l)
	}
	bits, err := DecodeStatusList(l.CredentialSubject.EncodedList)
	if err != nil || len(bits)*8 < content.StatusListSize {
		t.Fatalf("list of %d entries: %v", len(bits)*8, err)
	}
	revoked := 0
	for i := range content.StatusListSize {
		set, _ := StatusBit(bits, i)
		if set != want[i] {
			t.Errorf("bit %d = %v, want %v", i, set, want[i])
		}
		if set {
			revoked++
		}
	}
	if revoked == 0 {
		t.Error("the example site has no revoked award to check")
	}
	a := g.Site.Awards[0]
	cs := g.Credential(a).CredentialStatus
	if cs == nil || cs.StatusListIndex != "1000" || cs.StatusListCredential != l.ID || cs.ID != l.ID+"#1000" {
		t.Errorf("credentialStatus %+v", cs)
	}
	sch, err := CompileSchema()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := ob.Marshal(g.Credential(a))
	if err := sch.Validate(data); err != nil {
		t.Errorf("a credential with a status: %v", err)
	}
}
