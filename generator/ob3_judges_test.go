package generator

import (
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/internal/judges"
	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/vc"
)

type judgeFile struct {
	File string `json:"file"`
	Now  string `json:"now"`
}

// TestOB3Judges has independent implementations judge a signed 3.0 build,
// offline, through a document loader that serves the built files:
// @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite verifies every
// credential and the status list, ajv (draft 2019-09) validates every
// credential against the 1EdTech schema, jose verifies every VC-JWT with
// the JWK at its kid, and vc-bitstring-status-list finds the revoked
// awards revoked (from the credential their earner was given before the
// revocation) and the others not.
func TestOB3Judges(t *testing.T) {
	node, modules := judges.Node(t, "@digitalbazaar/vc", "@digitalbazaar/eddsa-rdfc-2022-cryptosuite", "@digitalbazaar/data-integrity",
		"@digitalbazaar/vc-bitstring-status-list", "@digitalbazaar/security-document-loader", "ajv", "ajv-formats", "jose")
	spec := specDir(t)
	root, rk, ek := signed3Site(t)
	writeFile(t, filepath.Join(root, "content/endorsements/riverbend-harbor.toml"), "endorser = \"riverbend\"\nissuer = \"harbor\"\ndate = 2026-01-05T10:00:00Z\ncomment = \"A *careful* reviewer.\"\n")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: dest, Clock: goldenClock, SigningKeys: []*rsa.PrivateKey{rk}, EdSigningKeys: []ed25519.PrivateKey{ek}}); err != nil {
		t.Fatal(err)
	}
	s, err := Load(Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	g := ob3.New(ob.New(s))
	cases := struct {
		Base         string            `json:"base"`
		Dir          string            `json:"dir"`
		Contexts     map[string]string `json:"contexts"`
		Schema       string            `json:"schema"`
		Credentials  []judgeFile       `json:"credentials"`
		StatusLists  []judgeFile       `json:"statusLists"`
		JWTs         []judgeFile       `json:"jwts"`
		Endorsements []judgeFile       `json:"endorsements"`
	}{
		Base: g.Base, Dir: dest,
		Contexts: map[string]string{
			ob3.ContextVC:  filepath.Join(spec, "credentials-v2-context.jsonld"),
			ob3.ContextOB3: filepath.Join(spec, "openbadges-v3p0-context-3.0.3.json"),
		},
		Schema:       filepath.Join(spec, "ob-v3p0-achievementcredential-schema.json"),
		StatusLists:  []judgeFile{{filepath.Join(dest, ob3.StatusListPath("riverbend")), "2026-06-01T00:00:00Z"}},
		Endorsements: []judgeFile{{filepath.Join(dest, filepath.FromSlash(ob3.EndorsementPath("riverbend-harbor"))), "2026-06-01T00:00:00Z"}},
	}
	revoked := make(map[string]bool)
	held := t.TempDir()
	for _, a := range s.Awards {
		now := a.Issued.Add(time.Hour).UTC().Format(time.RFC3339)
		file := filepath.Join(dest, filepath.FromSlash(ob3.CredentialPath(a.ID, "json")))
		if a.Revoked {
			// The credential the earner holds from before the revocation.
			doc, err := ob.NewCompactEncoder().Encode(g.Credential(a))
			if err != nil {
				t.Fatal(err)
			}
			signed, err := vc.SignEdDSA(doc, ek, g.EdMethod("riverbend", "k1"), a.Issued)
			if err != nil {
				t.Fatal(err)
			}
			file = filepath.Join(held, a.ID+".json")
			if err := os.WriteFile(file, signed, 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			cases.JWTs = append(cases.JWTs, judgeFile{filepath.Join(dest, filepath.FromSlash(ob3.CredentialPath(a.ID, "jwt"))), now})
		}
		revoked[file] = a.Revoked
		cases.Credentials = append(cases.Credentials, judgeFile{file, now})
	}
	casesFile := filepath.Join(t.TempDir(), "cases.json")
	data, _ := json.Marshal(cases)
	if err := os.WriteFile(casesFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "ob3-judges.mjs"), modules, casesFile)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("judges: %v\n%s", err, stderr)
	}
	var res struct {
		Credentials []struct {
			File, Error, Schema, StatusError string
			Verified                         bool
			Status                           *bool
		}
		StatusLists []struct {
			File, Error string
			Verified    bool
		}
		Endorsements []struct {
			File, Error string
			Verified    bool
		}
		JWTs []struct {
			File, Kid, Error string
			Verified         bool
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("judges' output: %v\n%s", err, out)
	}
	if len(res.Credentials) != len(s.Awards) || len(res.JWTs) == 0 || len(res.StatusLists) != 1 {
		t.Fatalf("judged %d credentials, %d VC-JWTs, %d status lists", len(res.Credentials), len(res.JWTs), len(res.StatusLists))
	}
	nRevoked := 0
	for _, c := range res.Credentials {
		name := filepath.Base(c.File)
		if !c.Verified {
			t.Errorf("%s: @digitalbazaar/vc: %s", name, c.Error)
		}
		if c.Schema != "" {
			t.Errorf("%s: ajv: %s", name, c.Schema)
		}
		switch {
		case c.Status == nil:
			t.Errorf("%s: vc-bitstring-status-list: %s", name, c.StatusError)
		case *c.Status != revoked[c.File]:
			t.Errorf("%s: vc-bitstring-status-list says revoked = %v", name, *c.Status)
		}
		if revoked[c.File] {
			nRevoked++
		}
	}
	if nRevoked == 0 {
		t.Error("no revoked award was judged")
	}
	t.Logf("judged %d credentials (%d revoked), %d VC-JWTs, %d status list", len(res.Credentials), nRevoked, len(res.JWTs), len(res.StatusLists))
	for _, l := range res.StatusLists {
		if !l.Verified {
			t.Errorf("status list: @digitalbazaar/vc: %s", l.Error)
		}
	}
	if len(res.Endorsements) != 1 {
		t.Errorf("judged %d endorsement credentials, want 1", len(res.Endorsements))
	}
	for _, l := range res.Endorsements {
		if !l.Verified {
			t.Errorf("endorsement credential: @digitalbazaar/vc: %s", l.Error)
		}
	}
	for _, j := range res.JWTs {
		if !j.Verified || !strings.HasPrefix(j.Kid, g.Base+"keys/riverbend/") {
			t.Errorf("%s: jose (kid %s): %s", filepath.Base(j.File), j.Kid, j.Error)
		}
	}
}

// specDir returns the directory of the specifications' files (contexts,
// schema, test vectors): ../shared/spec beside the repository, or beside
// the directory that holds it (a git worktree).
func specDir(t *testing.T) string {
	t.Helper()
	for _, up := range []string{filepath.Join("..", ".."), filepath.Join("..", "..", "..")} {
		dir, err := filepath.Abs(filepath.Join(up, "shared", "spec"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "ob-v3p0-achievementcredential-schema.json")); err == nil {
			return dir
		}
	}
	t.Fatal("the specifications' files (../shared/spec) are missing")
	return ""
}
