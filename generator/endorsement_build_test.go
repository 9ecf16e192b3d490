package generator

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/vc"
)

// TestEndorsementLeavesAwardUnchanged endorses a signed award (Open Badges
// 2.0 JWS and 3.0 credential, baked images) and checks that every file of
// the award is byte-identical, while the endorsement is published and
// points at the award.
func TestEndorsementLeavesAwardUnchanged(t *testing.T) {
	root, rk, ek := signed3Site(t)
	const award = "bh3cbhhhpwdmnu4q"
	before := build3(t, root, rk, ek, nil)
	writeFile(t, filepath.Join(root, "content/endorsements/harbor-award.toml"), "endorser = \"harbor\"\naward = \""+award+"\"\ndate = 2025-12-01T10:00:00Z\ncomment = \"Well earned.\"\n")
	after := build3(t, root, rk, ek, nil)
	var awardFiles int
	for p, data := range before {
		if !strings.Contains(p, award) || strings.HasSuffix(p, "/index.html") {
			continue
		}
		awardFiles++
		if !bytes.Equal(after[p], data) {
			t.Errorf("%s changed when the award was endorsed", p)
		}
	}
	if awardFiles < 4 {
		t.Fatalf("only %d files of award %s (JSON, JWS, credential, baked images expected)", awardFiles, award)
	}
	var doc ob.Endorsement
	if err := json.Unmarshal(after["endorsements/harbor-award.json"], &doc); err != nil {
		t.Fatalf("endorsement document: %v", err)
	}
	if want := "https://badges.riverbend.example.org/" + ob.AssertionPath(award); doc.Claim.ID != want || doc.Claim.EndorsementComment != "Well earned." || doc.Type != "Endorsement" {
		t.Errorf("endorsement = %+v, want a claim about %s", doc, want)
	}
	if doc.Issuer != "https://badges.riverbend.example.org/issuers/harbor.json" || doc.Verification.Type != "HostedBadge" {
		t.Errorf("endorsement issuer/verification = %s %+v", doc.Issuer, doc.Verification)
	}
}

// TestRevokedEndorsement checks what a revoked endorsement's URL serves,
// that the endorser's revocation list names it, and that neither the
// badge class document nor its page lists it.
func TestRevokedEndorsement(t *testing.T) {
	root := copyExampleSite(t)
	writeFile(t, filepath.Join(root, "content/endorsements/harbor-web-accessibility.toml"), "endorser = \"harbor\"\nbadge = \"web-accessibility\"\ndate = 2025-09-15T10:00:00Z\ncomment = \"Withdrawn words.\"\nrevoked = true\nrevocation_reason = \"The course changed.\"\n")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: dest, CacheDir: t.TempDir(), Clock: goldenClock}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	url := "https://badges.riverbend.example.org/endorsements/harbor-web-accessibility.json"
	var doc ob.RevokedEndorsement
	if err := json.Unmarshal(files["endorsements/harbor-web-accessibility.json"], &doc); err != nil || !doc.Revoked || doc.RevocationReason != "The course changed." {
		t.Errorf("revoked endorsement serves %s (%v)", files["endorsements/harbor-web-accessibility.json"], err)
	}
	var list ob.RevocationList
	if err := json.Unmarshal(files["revocations/harbor.json"], &list); err != nil || len(list.RevokedAssertions) != 1 || list.RevokedAssertions[0].ID != url {
		t.Errorf("harbor's revocation list = %s", files["revocations/harbor.json"])
	}
	if bytes.Contains(files["badges/web-accessibility.json"], []byte(url)) {
		t.Error("the badge class still lists the revoked endorsement")
	}
	if page := files["badges/web-accessibility/index.html"]; bytes.Contains(page, []byte("Withdrawn words")) || bytes.Contains(page, []byte(`class="endorsements"`)) {
		t.Error("the badge page shows the revoked endorsement")
	}
}

// TestEndorsementCredential checks the Open Badges 3.0 EndorsementCredential
// of an endorsement by an issuer that signs 3.0: its types, subject and
// issuer, and its eddsa-rdfc-2022 proof. A revoked endorsement has none.
func TestEndorsementCredential(t *testing.T) {
	root, rk, ek := signed3Site(t)
	writeFile(t, filepath.Join(root, "content/endorsements/riverbend-harbor.toml"), "endorser = \"riverbend\"\nissuer = \"harbor\"\ndate = 2026-01-05T10:00:00Z\ncomment = \"A careful reviewer.\"\n")
	files := build3(t, root, rk, ek, nil)
	data := files[ob3.EndorsementPath("riverbend-harbor")]
	if err := vc.VerifyEdDSA(data, func(string) (ed25519.PublicKey, error) { return ek.Public().(ed25519.PublicKey), nil }); err != nil {
		t.Fatalf("proof: %v\n%s", err, data)
	}
	var c ob3.EndorsementCredential
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	base := "https://badges.riverbend.example.org/"
	if c.ID != base+ob3.EndorsementPath("riverbend-harbor") || strings.Join(c.Type, ",") != "VerifiableCredential,EndorsementCredential" ||
		c.CredentialSubject.ID != base+"issuers/harbor.json" || strings.Join(c.CredentialSubject.Type, ",") != "EndorsementSubject" ||
		c.CredentialSubject.EndorsementComment != "A careful reviewer." || !strings.HasPrefix(c.Issuer.ID, "did:web:") {
		t.Errorf("credential = %s", data)
	}

	writeFile(t, filepath.Join(root, "content/endorsements/riverbend-harbor.toml"), "endorser = \"riverbend\"\nissuer = \"harbor\"\ndate = 2026-01-05T10:00:00Z\nrevoked = true\nrevocation_reason = \"withdrawn\"\n")
	if files := build3(t, root, rk, ek, nil); files[ob3.EndorsementPath("riverbend-harbor")] != nil {
		t.Error("a revoked endorsement still has a credential")
	}
}
