package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator"
	"rosette/generator/sign"
	"rosette/generator/vc"
)

// TestKeygenBothKeys checks that keygen makes an RSA and an Ed25519 key,
// both private halves in one file and both public halves in the record,
// and that --ed25519-only gives an RSA-only issuer the key 3.0 needs.
func TestKeygenBothKeys(t *testing.T) {
	root := exampleSite(t)
	keyFile := filepath.Join(t.TempDir(), "riverbend.pem")
	if code, _, stderr := runWith(nil, "keygen", "-s", root, "--out", keyFile, "--bits", "2048", "--id", "k1"); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := vc.ParsePrivateKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.RSA) != 1 || len(keys.Ed25519) != 1 {
		t.Fatalf("the key file holds %d RSA and %d Ed25519 keys, want one of each", len(keys.RSA), len(keys.Ed25519))
	}
	rk, ek := keys.RSA[0], keys.Ed25519[0]
	s, err := generator.Load(generator.Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	is := s.Issuer("riverbend")
	if k := is.CurrentKey(); k == nil || !k.Public.Equal(&rk.PublicKey) {
		t.Error("the recorded RSA key is not the private key's")
	}
	if k := is.CurrentEdKey(); k == nil || k.ID != "k1" || !k.Public.Equal(ek.Public()) {
		t.Error("the recorded Ed25519 key is not the private key's")
	}

	edFile := filepath.Join(t.TempDir(), "ed.pem")
	code, stdout, stderr := runWith(nil, "keygen", "-s", root, "--out", edFile, "--ed25519-only", "--id", "k2")
	if code != 0 || !strings.Contains(stdout, "beside the RSA private key") {
		t.Fatalf("keygen --ed25519-only: exit %d: %s%s", code, stdout, stderr)
	}
	if data, _ := os.ReadFile(edFile); strings.Count(string(data), "BEGIN PRIVATE KEY") != 1 {
		t.Errorf("--ed25519-only wrote %d keys", strings.Count(string(data), "BEGIN PRIVATE KEY"))
	}
	s, err = generator.Load(generator.Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	if is := s.Issuer("riverbend"); len(is.Keys) != 1 || len(is.EdKeys) != 2 || is.CurrentEdKey().ID != "k2" {
		t.Errorf("after --ed25519-only: %d RSA keys, %d Ed25519 keys", len(is.Keys), len(is.EdKeys))
	}
}

// TestCheckNotesRSAOnly checks that check and build say what an issuer
// that signs with an RSA key only needs for Open Badges 3.0.
func TestCheckNotesRSAOnly(t *testing.T) {
	root := exampleSite(t)
	k, err := sign.GenerateKey(2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := sign.EncodePublicKey(&k.PublicKey)
	if err := appendFile(filepath.Join(root, "content", "issuers", "riverbend.toml"), "\n[[key]]\nid = \"k1\"\ncreated = 2026-01-01T00:00:00Z\npublic_key_pem = \"\"\"\n"+pub+"\"\"\"\n"); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runWith(nil, "check", "-s", root)
	if code != 0 || !strings.Contains(stdout, "note: Open Badges 2.0 only: issuer riverbend") || !strings.Contains(stdout, "--ed25519-only") {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	keyFile := filepath.Join(t.TempDir(), "k.pem")
	priv, _ := sign.EncodePrivateKey(k)
	os.WriteFile(keyFile, priv, 0o600)
	code, stdout, stderr = runWith(nil, "build", "-s", root, "--signing-key", keyFile)
	if code != 0 || !strings.Contains(stdout, "Open Badges 2.0 only: issuer riverbend") {
		t.Errorf("build: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestAssignStatus checks that award writes a status index, that check
// notes the awards of a 3.0 issuer without one, and that assign-status
// gives them one in a single edit.
func TestAssignStatus(t *testing.T) {
	root := exampleSite(t)
	if code, _, stderr := runWith(nil, "keygen", "-s", root, "--out", filepath.Join(t.TempDir(), "k.pem"), "--bits", "2048"); code != 0 {
		t.Fatalf("keygen: %s", stderr)
	}
	code, stdout, stderr := runWith(nil, "check", "-s", root)
	if code != 0 || !strings.Contains(stdout, "of issuer riverbend have no status_index") {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runWith(nil, "award", "-s", root, "--badge", "git-foundations", "--email", "new@example.org", "--issued", "2026-01-05")
	if code != 0 {
		t.Fatalf("award: exit %d %s", code, stderr)
	}
	file := strings.TrimSpace(strings.SplitN(strings.TrimPrefix(stdout, "Wrote "), "\n", 2)[0])
	if data, _ := os.ReadFile(filepath.Join(root, file)); !strings.Contains(string(data), "\nstatus_index = ") {
		t.Errorf("award wrote no status_index:\n%s", data)
	}
	if code, stdout, _ = runWith(nil, "assign-status", "-s", root, "--dry-run"); code != 0 || !strings.Contains(stdout, "would get a status index") {
		t.Errorf("assign-status --dry-run: %s", stdout)
	}
	if code, stdout, stderr = runWith(nil, "assign-status", "-s", root); code != 0 || !strings.Contains(stdout, "got a status index") {
		t.Fatalf("assign-status: exit %d %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runWith(nil, "check", "-s", root)
	if code != 0 || strings.Contains(stdout, "status_index") {
		t.Errorf("check after assign-status: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, stdout, _ = runWith(nil, "assign-status", "-s", root); !strings.Contains(stdout, "0 awards got") {
		t.Errorf("a second assign-status: %s", stdout)
	}
}
