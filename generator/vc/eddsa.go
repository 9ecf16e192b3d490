package vc

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// The proof this package makes and checks.
const (
	ProofType    = "DataIntegrityProof"
	Cryptosuite  = "eddsa-rdfc-2022"
	ProofPurpose = "assertionMethod"
)

// proof is a DataIntegrityProof; the field order is the order it is written
// in.
type proof struct {
	Type               string `json:"type"`
	Created            string `json:"created"`
	VerificationMethod string `json:"verificationMethod"`
	Cryptosuite        string `json:"cryptosuite"`
	ProofPurpose       string `json:"proofPurpose"`
	ProofValue         string `json:"proofValue,omitempty"`
}

// SignEdDSA adds an eddsa-rdfc-2022 DataIntegrityProof (proofPurpose
// assertionMethod) to the JSON credential doc and returns the signed JSON,
// indented with two spaces, the members of doc in their order and the proof
// last. It is deterministic: the same input gives the same bytes. created is
// written to the second, in UTC.
func SignEdDSA(doc []byte, key ed25519.PrivateKey, verificationMethod string, created time.Time) ([]byte, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("not an Ed25519 private key")
	}
	ms, p, err := unsignedProof(doc, verificationMethod, created)
	if err != nil {
		return nil, err
	}
	unsecured, err := decode(doc)
	if err != nil {
		return nil, err
	}
	data, err := hashData(unsecured, p)
	if err != nil {
		return nil, err
	}
	p.ProofValue = "z" + base58Encode(ed25519.Sign(key, data))
	return attach(ms, p)
}

// AttachProof returns what SignEdDSA returns for doc, verificationMethod and
// created, given the proofValue it wrote (ProofValue reads it), without
// canonicalizing or signing again: a build keeps proof values from earlier
// builds and attaches them to unchanged credentials. It does not check the
// value: VerifyEdDSA does.
func AttachProof(doc []byte, verificationMethod string, created time.Time, proofValue string) ([]byte, error) {
	ms, p, err := unsignedProof(doc, verificationMethod, created)
	if err != nil {
		return nil, err
	}
	if _, err := decodeMultibase(proofValue); err != nil {
		return nil, fmt.Errorf("proofValue: %w", err)
	}
	p.ProofValue = proofValue
	return attach(ms, p)
}

// ProofValue returns the proofValue of the signed document's proof.
func ProofValue(signed []byte) (string, error) {
	if err := checkJSON(signed); err != nil {
		return "", err
	}
	var d struct {
		Proof *struct {
			ProofValue string `json:"proofValue"`
		} `json:"proof"`
	}
	if err := json.Unmarshal(signed, &d); err != nil || d.Proof == nil || d.Proof.ProofValue == "" {
		return "", errors.New("no proof with a proofValue")
	}
	return d.Proof.ProofValue, nil
}

// unsignedProof checks doc and returns its members and the proof to add,
// without proofValue.
func unsignedProof(doc []byte, verificationMethod string, created time.Time) ([]member, proof, error) {
	if !absoluteIRI(verificationMethod) {
		return nil, proof{}, fmt.Errorf("verification method %q is not an absolute URL", verificationMethod)
	}
	if err := checkJSON(doc); err != nil {
		return nil, proof{}, err
	}
	ms, err := members(doc)
	if err != nil {
		return nil, proof{}, err
	}
	if lookup(ms, "proof") != nil {
		return nil, proof{}, errors.New("the document already has a proof")
	}
	return ms, proof{
		Type:               ProofType,
		Created:            created.UTC().Format(time.RFC3339),
		VerificationMethod: verificationMethod,
		Cryptosuite:        Cryptosuite,
		ProofPurpose:       ProofPurpose,
	}, nil
}

// attach returns the document made of ms with p added last, indented.
func attach(ms []member, p proof) ([]byte, error) {
	pj, err := marshal(p)
	if err != nil {
		return nil, err
	}
	ms = append(ms, member{key: "proof", value: pj})
	compact, err := appendObject(nil, ms)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// hashData is the data an eddsa-rdfc-2022 proof signs: the SHA-256 of the
// canonical proof configuration (the proof without proofValue, with the
// document's @context), then the SHA-256 of the canonical document.
func hashData(unsecured map[string]any, p proof) ([]byte, error) {
	ctx, ok := unsecured["@context"]
	if !ok {
		return nil, errors.New("the document has no @context")
	}
	proofCanon, err := proofCanonical(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("proof: %w", err)
	}
	docCanon, err := canonicalize(unsecured)
	if err != nil {
		return nil, err
	}
	ph := sha256.Sum256([]byte(proofCanon))
	dh := sha256.Sum256([]byte(docCanon))
	return append(ph[:], dh[:]...), nil
}

// proofConfig is the proof configuration of p: the proof without
// proofValue, with the document's @context.
func proofConfig(ctx any, p proof) map[string]any {
	return map[string]any{
		"@context":           ctx,
		"type":               p.Type,
		"created":            p.Created,
		"verificationMethod": p.VerificationMethod,
		"cryptosuite":        p.Cryptosuite,
		"proofPurpose":       p.ProofPurpose,
	}
}

// The stand-ins for created and verificationMethod in the proof
// configuration whose canonical form proofTemplates keeps.
const (
	probeCreated = "rosette-probe-created"
	probeMethod  = "urn:rosette:probe-method"
)

// proofTemplates caches, per list of context URLs, the canonical form of
// the proof configuration with probeCreated and probeMethod in it (a
// string), or the error canonicalizing it gave.
var proofTemplates sync.Map

// proofCanonical returns the canonical form of the proof configuration. It
// has one blank node (always _:c14n0) and five statements whose order the
// predicates fix, so it is the same text whatever created and the
// verification method are, but for those two values: it is taken from a
// template json-gold canonicalized once per list of contexts, with the
// values put in place of the stand-ins. Values that would need escaping,
// or that json-gold would not keep as they are, go the long way.
// TestProofTemplate compares both ways.
func proofCanonical(ctx any, p proof) (string, error) {
	config := proofConfig(ctx, p)
	if p.Type != ProofType || p.Cryptosuite != Cryptosuite || p.ProofPurpose != ProofPurpose ||
		strings.ContainsAny(p.Created, "\"\\") || ValidText(p.Created) != nil || hasControl(p.Created) ||
		checkIRI(p.VerificationMethod) != nil || checkContextValue(ctx) != nil {
		return canonicalize(config)
	}
	var urls []string
	for _, u := range asList(ctx) {
		urls = append(urls, u.(string))
	}
	key := strings.Join(urls, " ")
	t, ok := proofTemplates.Load(key)
	if !ok {
		probe, err := canonicalize(proofConfig(ctx, proof{
			Type: ProofType, Created: probeCreated, VerificationMethod: probeMethod,
			Cryptosuite: Cryptosuite, ProofPurpose: ProofPurpose,
		}))
		if err != nil {
			t = err
		} else if strings.Count(probe, `"`+probeCreated+`"`) != 1 || strings.Count(probe, "<"+probeMethod+">") != 1 {
			t = errors.New("no template")
		} else {
			t = probe
		}
		t, _ = proofTemplates.LoadOrStore(key, t)
	}
	tmpl, ok := t.(string)
	if !ok {
		return canonicalize(config)
	}
	return strings.NewReplacer(`"`+probeCreated+`"`, `"`+p.Created+`"`, "<"+probeMethod+">", "<"+p.VerificationMethod+">").Replace(tmpl), nil
}

// VerifyEdDSA checks the eddsa-rdfc-2022 proof of a signed document. resolve
// returns the public key of a verification method; the method must belong to
// the document's issuer (its id, then '#'). Only one proof, of type
// DataIntegrityProof with proofPurpose assertionMethod, is accepted.
func VerifyEdDSA(signed []byte, resolve func(verificationMethod string) (ed25519.PublicKey, error)) error {
	if err := checkJSON(signed); err != nil {
		return err
	}
	doc, err := decode(signed)
	if err != nil {
		return err
	}
	raw, ok := doc["proof"]
	if !ok {
		return errors.New("no proof")
	}
	pm, ok := raw.(map[string]any)
	if !ok {
		return errors.New("proof: not one object")
	}
	p, err := readProof(pm)
	if err != nil {
		return err
	}
	issuer := issuerID(doc)
	if issuer == "" {
		return errors.New("no issuer id")
	}
	if !strings.HasPrefix(p.VerificationMethod, issuer+"#") {
		return fmt.Errorf("proof: verification method %q is not a key of the issuer %q", p.VerificationMethod, issuer)
	}
	sig, err := decodeMultibase(p.ProofValue)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("proof: proofValue is not a base58btc Ed25519 signature")
	}
	pub, err := resolve(p.VerificationMethod)
	if err != nil {
		return fmt.Errorf("proof: verification method %q: %w", p.VerificationMethod, err)
	}
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("proof: verification method %q: not an Ed25519 key", p.VerificationMethod)
	}
	delete(doc, "proof")
	data, err := hashData(doc, p)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, data, sig) {
		return errors.New("proof: the signature does not match the document and the key")
	}
	return nil
}

// readProof checks the members of a proof object and returns it.
func readProof(m map[string]any) (proof, error) {
	var p proof
	str := func(key string) (string, error) {
		s, ok := m[key].(string)
		if !ok {
			return "", fmt.Errorf("proof: %s missing or not a string", key)
		}
		return s, nil
	}
	for k := range m {
		switch k {
		case "type", "created", "verificationMethod", "cryptosuite", "proofPurpose", "proofValue":
		default:
			return p, fmt.Errorf("proof: unexpected member %q", k)
		}
	}
	var err error
	if p.Type, err = str("type"); err != nil {
		return p, err
	}
	if p.Created, err = str("created"); err != nil {
		return p, err
	}
	if p.VerificationMethod, err = str("verificationMethod"); err != nil {
		return p, err
	}
	if p.Cryptosuite, err = str("cryptosuite"); err != nil {
		return p, err
	}
	if p.ProofPurpose, err = str("proofPurpose"); err != nil {
		return p, err
	}
	if p.ProofValue, err = str("proofValue"); err != nil {
		return p, err
	}
	switch {
	case p.Type != ProofType:
		return p, fmt.Errorf("proof: type %q, want %q", p.Type, ProofType)
	case p.Cryptosuite != Cryptosuite:
		return p, fmt.Errorf("proof: cryptosuite %q, want %q", p.Cryptosuite, Cryptosuite)
	case p.ProofPurpose != ProofPurpose:
		return p, fmt.Errorf("proof: proofPurpose %q, want %q", p.ProofPurpose, ProofPurpose)
	}
	if _, err := time.Parse(time.RFC3339, p.Created); err != nil {
		return p, fmt.Errorf("proof: created %q is not a date-time", p.Created)
	}
	return p, nil
}

// issuerID returns the id of the document's issuer, given as a string or as
// an object with an id.
func issuerID(doc map[string]any) string {
	switch v := doc["issuer"].(type) {
	case string:
		return v
	case map[string]any:
		s, _ := v["id"].(string)
		return s
	}
	return ""
}
