package ob3

import (
	"encoding/json"
	"strings"
	"testing"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
	"rosette/generator/ob"
)

// exampleGraph is the 3.0 graph of the example site in content/.
func exampleGraph(t *testing.T) *Graph {
	t.Helper()
	s, err := content.Load(sitefs.New("../.."), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(ob.New(s))
}

func TestDIDBase(t *testing.T) {
	for base, want := range map[string]string{
		"https://badges.example.org/":           "did:web:badges.example.org",
		"https://example.org/riverbend/badges/": "did:web:example.org:riverbend:badges",
		"http://localhost:8080/":                "did:web:localhost%3A8080",
		"https://example.org/a%20b/":            "did:web:example.org:a%20b",
	} {
		if got := DIDBase(base); got != want {
			t.Errorf("DIDBase(%q) = %q, want %q", base, got, want)
		}
	}
}

func TestSubjectID(t *testing.T) {
	a := &content.Award{ID: "k3x9", Recipient: content.Recipient{Salt: "00ff"}}
	id := SubjectID(a)
	if len(id) != len("urn:uuid:")+36 || !strings.HasPrefix(id, "urn:uuid:") || id[9+14] != '8' || !strings.ContainsRune("89ab", rune(id[9+19])) {
		t.Errorf("SubjectID = %q, want a version 8 urn:uuid", id)
	}
	if want := "urn:uuid:4f35bb36-005c-8cdf-bab4-3a9f68193210"; id != want {
		t.Errorf("SubjectID = %q, want %q: published subjects must not change", id, want)
	}
	long := &content.Award{ID: strings.Repeat("k", 300), Recipient: content.Recipient{Salt: "00ff"}}
	if SubjectID(long) == SubjectID(&content.Award{ID: strings.Repeat("k", 299), Recipient: content.Recipient{Salt: "00ff"}}) {
		t.Error("two long award ids share a subject id")
	}
	b := *a
	b.ID = "k3x8"
	if SubjectID(&b) == id {
		t.Error("two awards share a subject id")
	}
}

// TestCredentialsConform checks every credential of the example site
// against the 1EdTech schema, and what each says.
func TestCredentialsConform(t *testing.T) {
	g := exampleGraph(t)
	sch, err := CompileSchema()
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Site.Awards) == 0 {
		t.Fatal("the example site has no awards")
	}
	for _, a := range g.Site.Awards {
		c := g.Credential(a)
		data, err := ob.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(data); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
		b := g.Site.Badge(a.Badge)
		if c.ID != g.Base+"credentials/"+a.ID+".json" || c.Issuer.ID != g.DID(b.Issuer) || c.ValidFrom != ob.FormatTime(a.Issued) {
			t.Errorf("%s: id %s issuer %s validFrom %s", a.ID, c.ID, c.Issuer.ID, c.ValidFrom)
		}
		id := c.CredentialSubject.Identifier[0]
		if id.IdentityHash != a.Recipient.Identity || id.Salt != a.Recipient.Salt || !id.Hashed {
			t.Errorf("%s: identifier %+v, want the 2.0 hash and salt", a.ID, id)
		}
		if c.CredentialSubject.Achievement.ID != g.Base+"achievements/"+a.Badge+".json" {
			t.Errorf("%s: achievement id %s", a.ID, c.CredentialSubject.Achievement.ID)
		}
		if strings.Contains(string(data), a.Earner) && a.Earner != "" {
			t.Errorf("%s: the credential names the earner %q", a.ID, a.Earner)
		}
	}
}

// TestSchemaRejects checks that the schema catches what a broken
// credential lacks or gets wrong.
func TestSchemaRejects(t *testing.T) {
	g := exampleGraph(t)
	sch, err := CompileSchema()
	if err != nil {
		t.Fatal(err)
	}
	data, err := ob.Marshal(g.Credential(g.Site.Awards[0]))
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(m map[string]any){
		"no validFrom":      func(m map[string]any) { delete(m, "validFrom") },
		"bad validFrom":     func(m map[string]any) { m["validFrom"] = "yesterday" },
		"no subject":        func(m map[string]any) { delete(m, "credentialSubject") },
		"wrong context":     func(m map[string]any) { m["@context"] = []any{"https://w3id.org/openbadges/v2", ContextOB3} },
		"no achievement":    func(m map[string]any) { delete(m["credentialSubject"].(map[string]any), "achievement") },
		"bad identity type": func(m map[string]any) { ident(m)["identityType"] = "phone number" },
		"unhashed, no hash": func(m map[string]any) { delete(ident(m), "identityHash") },
		"issuer without id": func(m map[string]any) { delete(m["issuer"].(map[string]any), "id") },
	} {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		bad, _ := json.Marshal(m)
		if err := sch.Validate(bad); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
	if err := sch.Validate([]byte("{")); err == nil {
		t.Error("the schema accepts a truncated document")
	}
}

func ident(m map[string]any) map[string]any {
	return m["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)
}

func TestAchievementTypes(t *testing.T) {
	for _, typ := range content.BadgeTypes {
		v, ok := AchievementTypes[typ]
		if !ok || v == "" {
			t.Errorf("badge type %q has no achievement type", typ)
		}
	}
}
