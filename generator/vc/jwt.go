package vc

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"rosette/generator/sign"
)

// jwtHeader is the JOSE header of every VC-JWT SignJWT makes; the field
// order is the order it is written in.
type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// The JWT claims a VC-JWT adds to the credential (Open Badges 3.0, "JSON
// Web Token Proof Format").
var jwtClaims = []string{"iss", "jti", "sub", "nbf", "exp"}

// SignJWT returns the VC-JWT of credential (with its embedded proof, if it
// has one): a compact JWS, RS256, whose header holds only alg, kid and typ
// ("JWT"), and whose payload is the credential itself with the JWT claims
// added after its members: iss (the issuer's id), jti (the credential's id),
// sub (the credential subject's id, when it has one), nbf (validFrom) and
// exp (validUntil, only when the credential has one), as the Open Badges
// 3.0 specification requires. RS256 is deterministic: the same input gives
// the same token.
func SignJWT(credential []byte, key *rsa.PrivateKey, kid string) (string, error) {
	if key == nil || key.N.BitLen() < sign.MinBits {
		return "", fmt.Errorf("an RSA key of at least %d bits is needed", sign.MinBits)
	}
	input, err := JWTSigningInput(credential, kid)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, h[:])
	if err != nil {
		return "", err
	}
	return AssembleJWT(input, sig), nil
}

// JWTSigningInput returns the part of the VC-JWT of credential that
// SignJWT signs: the base64url header and payload, joined by a dot.
// With AssembleJWT and a signature kept from an earlier build (the last
// part of the token, decoded: sign.Signature reads it), it gives the same
// token without signing again.
func JWTSigningInput(credential []byte, kid string) (string, error) {
	if kid == "" {
		return "", errors.New("no kid")
	}
	if err := checkJSON(credential); err != nil {
		return "", err
	}
	ms, err := members(credential)
	if err != nil {
		return "", err
	}
	for _, c := range jwtClaims {
		if lookup(ms, c) != nil {
			return "", fmt.Errorf("the credential has a member %q, which is a JWT claim", c)
		}
	}
	doc, err := decode(credential)
	if err != nil {
		return "", err
	}
	claims, err := claimsOf(doc)
	if err != nil {
		return "", err
	}
	for _, c := range jwtClaims {
		if v, ok := claims[c]; ok {
			raw, err := marshal(v)
			if err != nil {
				return "", err
			}
			ms = append(ms, member{key: c, value: raw})
		}
	}
	payload, err := appendObject(nil, ms)
	if err != nil {
		return "", err
	}
	header, err := marshal(jwtHeader{Alg: "RS256", Kid: kid, Typ: "JWT"})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload), nil
}

// AssembleJWT returns the compact JWS of a signing input and its RS256
// signature.
func AssembleJWT(signingInput string, signature []byte) string {
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(signature)
}

// claimsOf returns the JWT claims a credential calls for.
func claimsOf(doc map[string]any) (map[string]any, error) {
	c := map[string]any{}
	iss := issuerID(doc)
	if iss == "" {
		return nil, errors.New("the credential has no issuer id")
	}
	c["iss"] = iss
	id, _ := doc["id"].(string)
	if id == "" {
		return nil, errors.New("the credential has no id")
	}
	c["jti"] = id
	switch s := doc["credentialSubject"].(type) {
	case map[string]any:
		if _, has := s["id"]; has {
			sub, ok := s["id"].(string)
			if !ok || sub == "" {
				return nil, errors.New("credentialSubject.id is not a string")
			}
			c["sub"] = sub
		}
	case nil:
		return nil, errors.New("the credential has no credentialSubject")
	default:
		return nil, errors.New("credentialSubject is not one object")
	}
	nbf, err := dateClaim(doc, "validFrom")
	if err != nil {
		return nil, err
	}
	if nbf == nil {
		return nil, errors.New("the credential has no validFrom")
	}
	c["nbf"] = *nbf
	exp, err := dateClaim(doc, "validUntil")
	if err != nil {
		return nil, err
	}
	if exp != nil {
		c["exp"] = *exp
	}
	return c, nil
}

// dateClaim returns the NumericDate (seconds since 1970, UTC) of the
// date-time member key of doc, or nil when doc has none.
func dateClaim(doc map[string]any, key string) (*int64, error) {
	v, ok := doc[key]
	if !ok {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%s is not a string", key)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("%s %q is not a date-time with a time zone", key, s)
	}
	u := t.Unix()
	return &u, nil
}

// VerifyJWT checks a VC-JWT against key and returns the credential it
// carries (its payload without the JWT claims, compact). The header must be
// RS256 with no member other than alg, kid and typ ("JWT"), and the claims
// must agree with the credential as SignJWT writes them. It does not look at
// the clock: whether the credential is valid now is the caller's question.
func VerifyJWT(token string, key *rsa.PublicKey) ([]byte, error) {
	if key == nil || key.N.BitLen() < sign.MinBits {
		return nil, fmt.Errorf("an RSA key of at least %d bits is needed", sign.MinBits)
	}
	token = strings.TrimSpace(token)
	if len(token) > 2*MaxDocument {
		return nil, errors.New("JWT too long")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("not a compact JWS: %d dot-separated parts, want 3", len(parts))
	}
	enc := base64.RawURLEncoding
	hb, err := enc.DecodeString(parts[0])
	if err != nil {
		return nil, errors.New("JWT header is not base64url")
	}
	if err := checkHeader(hb); err != nil {
		return nil, err
	}
	sig, err := enc.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("JWT signature is not base64url")
	}
	h := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, h[:], sig); err != nil {
		return nil, errors.New("JWT: the signature does not match the key")
	}
	payload, err := enc.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("JWT payload is not base64url")
	}
	if err := checkJSON(payload); err != nil {
		return nil, fmt.Errorf("JWT payload: %w", err)
	}
	ms, err := members(payload)
	if err != nil {
		return nil, err
	}
	var cred []member
	got := map[string]json.RawMessage{}
	for _, m := range ms {
		if isClaim(m.key) {
			got[m.key] = m.value
		} else {
			cred = append(cred, m)
		}
	}
	credential, err := appendObject(nil, cred)
	if err != nil {
		return nil, err
	}
	doc, err := decode(credential)
	if err != nil {
		return nil, err
	}
	want, err := claimsOf(doc)
	if err != nil {
		return nil, fmt.Errorf("JWT credential: %w", err)
	}
	for _, c := range jwtClaims {
		w, wok := want[c]
		g, gok := got[c]
		switch {
		case wok && !gok:
			return nil, fmt.Errorf("JWT: claim %s is missing", c)
		case !wok && gok:
			return nil, fmt.Errorf("JWT: claim %s is not called for by the credential", c)
		case wok && !sameClaim(g, w):
			return nil, fmt.Errorf("JWT: claim %s is %s, the credential says %v", c, g, w)
		}
	}
	return credential, nil
}

func isClaim(k string) bool {
	for _, c := range jwtClaims {
		if k == c {
			return true
		}
	}
	return false
}

// sameClaim reports whether the JSON value got equals want, a string or an
// int64.
func sameClaim(got json.RawMessage, want any) bool {
	switch w := want.(type) {
	case string:
		var s string
		return json.Unmarshal(got, &s) == nil && s == w
	case int64:
		var n json.Number
		dec := json.NewDecoder(bytes.NewReader(got))
		dec.UseNumber()
		if dec.Decode(&n) != nil {
			return false
		}
		i, err := n.Int64()
		return err == nil && i == w
	}
	return false
}

// checkHeader refuses a JOSE header other than {"alg":"RS256"} with
// optional kid and typ "JWT".
func checkHeader(hb []byte) error {
	if err := checkJSON(hb); err != nil {
		return fmt.Errorf("JWT header: %w", err)
	}
	var h map[string]any
	if err := json.Unmarshal(hb, &h); err != nil {
		return fmt.Errorf("JWT header: %w", err)
	}
	for k, v := range h {
		switch k {
		case "alg":
			if v != "RS256" {
				return fmt.Errorf("JWT: algorithm %v, want RS256", v)
			}
		case "kid":
			if _, ok := v.(string); !ok {
				return errors.New("JWT: kid is not a string")
			}
		case "typ":
			if v != "JWT" {
				return fmt.Errorf("JWT: typ %v, want JWT", v)
			}
		default:
			return fmt.Errorf("JWT: unexpected header member %q", k)
		}
	}
	if _, ok := h["alg"]; !ok {
		return errors.New("JWT: no alg")
	}
	return nil
}
