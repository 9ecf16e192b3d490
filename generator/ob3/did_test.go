package ob3

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"rosette/generator/content"
	"rosette/generator/ob"
)

func TestDIDDocument(t *testing.T) {
	g := exampleGraph(t)
	is := g.Site.Issuer("riverbend")
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	is2 := *is
	is2.Keys = []content.Key{{ID: "r1", Public: &rk.PublicKey}}
	is2.EdKeys = []content.EdKey{{ID: "e1", PublicKeyMultibase: content.FormatMultikey(pub), Public: pub}}
	if !Signs3(&is2) || Signs3(&content.Issuer{Keys: is2.Keys}) {
		t.Error("Signs3 wants both an Ed25519 and an RSA key")
	}
	d := g.DIDDocument(&is2)
	did := "did:web:badges.riverbend.example.org:issuers:" + is.ID
	if d.ID != did || len(d.VerificationMethod) != 2 || strings.Join(d.AssertionMethod, " ") != did+"#ed25519-e1 "+did+"#rsa-r1" {
		t.Fatalf("DID document %+v", d)
	}
	m := d.VerificationMethod[1].PublicKeyJwk
	n, _ := base64.RawURLEncoding.DecodeString(m.N)
	e, _ := base64.RawURLEncoding.DecodeString(m.E)
	if new(big.Int).SetBytes(n).Cmp(rk.N) != 0 || new(big.Int).SetBytes(e).Int64() != int64(rk.E) {
		t.Error("the JWK is not the RSA key")
	}
	if m.Kid != g.Base+"keys/"+is.ID+"/r1.jwk.json" {
		t.Errorf("kid %s", m.Kid)
	}
	data, err := ob.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(data, &raw)
	for _, vm := range raw["verificationMethod"].([]any) {
		if jwk, ok := vm.(map[string]any)["publicKeyJwk"].(map[string]any); ok {
			for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
				if _, ok := jwk[private]; ok {
					t.Errorf("the published JWK has the private member %q", private)
				}
			}
		}
	}
}
