package vc

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedSpec returns the directory of the specification files the tests
// check against: ../shared/spec beside the repository (found by walking up
// from the package), or $ROSETTE_SHARED/spec. Without it the test is
// skipped, except in CI, where it fails.
func sharedSpec(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("ROSETTE_SHARED"); d != "" {
		return filepath.Join(d, "spec")
	}
	dir, _ := filepath.Abs(".")
	for {
		p := filepath.Join(dir, "shared", "spec", "eddsa-rdfc-2022-vectors")
		if _, err := os.Stat(p); err == nil {
			return filepath.Dir(p)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("../shared/spec/eddsa-rdfc-2022-vectors is missing beside the repository")
	}
	t.Skip("skipping: ../shared/spec/eddsa-rdfc-2022-vectors is missing (set ROSETTE_SHARED to the shared folder)")
	return ""
}

// vector is the eddsa-rdfc-2022 test vector of the Open Badges 3.0
// implementation guide.
type vector struct {
	credential, documentCanon, proofCanon, signed []byte
	docHash, proofHash, signature, proofValue     string
	created                                       time.Time
	verificationMethod                            string
	key                                           ed25519.PrivateKey
	publicMultibase, secretMultibase              string
}

func readVector(t testing.TB) *vector {
	t.Helper()
	dir := filepath.Join(sharedSpec(t), "eddsa-rdfc-2022-vectors")
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	v := &vector{
		credential:    read("credential.json"),
		documentCanon: read("document-canon.txt"),
		proofCanon:    read("proof-canon.txt"),
		signed:        read("signed-credential.json"),
	}
	for _, line := range strings.Split(string(read("hashes.txt")), "\n") {
		k, val, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(k, "document hash"):
			v.docHash = val
		case strings.HasPrefix(k, "proof hash"):
			v.proofHash = val
		case strings.HasPrefix(k, "signature"):
			v.signature = val
		case strings.HasPrefix(k, "proofValue"):
			v.proofValue = val
		}
	}
	var opts struct{ Created, VerificationMethod string }
	if err := json.Unmarshal(read("proof-options.json"), &opts); err != nil {
		t.Fatal(err)
	}
	created, err := time.Parse(time.RFC3339, opts.Created)
	if err != nil {
		t.Fatal(err)
	}
	v.created, v.verificationMethod = created, opts.VerificationMethod
	var key map[string]string
	if err := json.Unmarshal(read("key.json"), &key); err != nil {
		t.Fatal(err)
	}
	for k, val := range key {
		if strings.HasPrefix(k, "privateKeyHex") {
			b, err := hex.DecodeString(val)
			if err != nil || len(b) != ed25519.PrivateKeySize {
				t.Fatalf("key.json: %s is not a 64-byte hex key", k)
			}
			v.key = ed25519.PrivateKey(b)
		}
	}
	if v.key == nil || v.docHash == "" || v.proofHash == "" || v.signature == "" || v.proofValue == "" {
		t.Fatal("the vector is incomplete")
	}
	v.publicMultibase, v.secretMultibase = key["publicKeyMultibase"], key["secretKeyMultibase"]
	return v
}

func TestVectorCanonicalForms(t *testing.T) {
	v := readVector(t)
	got, err := Canonicalize(v.credential)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, v.documentCanon) {
		t.Fatalf("document canonical form differs:\n got: %s\nwant: %s", got, v.documentCanon)
	}
	if h := sha256.Sum256(got); hex.EncodeToString(h[:]) != v.docHash {
		t.Errorf("document hash %x, want %s", h, v.docHash)
	}
	// The proof configuration: the proof options with the document's context.
	var cred map[string]any
	json.Unmarshal(v.credential, &cred)
	opts := proof{Type: ProofType, Created: v.created.UTC().Format(time.RFC3339),
		VerificationMethod: v.verificationMethod, Cryptosuite: Cryptosuite, ProofPurpose: ProofPurpose}
	cfg, _ := json.Marshal(map[string]any{"@context": cred["@context"], "type": opts.Type,
		"created": opts.Created, "verificationMethod": opts.VerificationMethod,
		"cryptosuite": opts.Cryptosuite, "proofPurpose": opts.ProofPurpose})
	pc, err := Canonicalize(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pc, v.proofCanon) {
		t.Fatalf("proof canonical form differs:\n got: %s\nwant: %s", pc, v.proofCanon)
	}
	if h := sha256.Sum256(pc); hex.EncodeToString(h[:]) != v.proofHash {
		t.Errorf("proof hash %x, want %s", h, v.proofHash)
	}
	data, err := hashData(cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(data); got != v.proofHash+v.docHash {
		t.Errorf("hash data %s, want proof hash then document hash", got)
	}
}

func TestVectorSign(t *testing.T) {
	v := readVector(t)
	signed, err := SignEdDSA(v.credential, v.key, v.verificationMethod, v.created)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(signed, v.signed) {
		t.Fatalf("signed credential differs:\n got: %s\nwant: %s", signed, v.signed)
	}
	var p struct{ Proof proof }
	json.Unmarshal(signed, &p)
	if p.Proof.ProofValue != v.proofValue {
		t.Errorf("proofValue %s, want %s", p.Proof.ProofValue, v.proofValue)
	}
	sig, err := decodeMultibase(p.Proof.ProofValue)
	if err != nil || hex.EncodeToString(sig) != v.signature {
		t.Errorf("signature %x, want %s (%v)", sig, v.signature, err)
	}
	pub := v.key.Public().(ed25519.PublicKey)
	resolve := func(vm string) (ed25519.PublicKey, error) {
		if vm != v.verificationMethod {
			return nil, errors.New("unknown key")
		}
		return pub, nil
	}
	if err := VerifyEdDSA(v.signed, resolve); err != nil {
		t.Fatalf("the vector's signed credential does not verify: %v", err)
	}
}

func TestVectorMultikey(t *testing.T) {
	v := readVector(t)
	pub := v.key.Public().(ed25519.PublicKey)
	if got := EncodeMultikey(pub); got != v.publicMultibase {
		t.Errorf("EncodeMultikey = %s, want %s", got, v.publicMultibase)
	}
	if !strings.HasSuffix(v.verificationMethod, "#"+v.publicMultibase) {
		t.Errorf("verification method %s does not end in the key", v.verificationMethod)
	}
	back, err := DecodeMultikey(v.publicMultibase)
	if err != nil || !back.Equal(pub) {
		t.Errorf("DecodeMultikey = %x, %v", back, err)
	}
	// The vector's secret key holds seed and public key (64 bytes).
	k, err := DecodeSecretMultikey(v.secretMultibase)
	if err != nil || !k.Equal(v.key) {
		t.Errorf("DecodeSecretMultikey(vector) = %v", err)
	}
	s := EncodeSecretMultikey(v.key)
	if !strings.HasPrefix(s, "z3u2") {
		t.Errorf("EncodeSecretMultikey = %s…, want z3u2…", s[:8])
	}
	if k, err := DecodeSecretMultikey(s); err != nil || !k.Equal(v.key) {
		t.Errorf("DecodeSecretMultikey round trip: %v", err)
	}
}
