package generator

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/ob"
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
