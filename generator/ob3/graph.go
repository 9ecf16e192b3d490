package ob3

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// Paths of the 3.0 documents, relative to the site root.

// CredentialPath is the path of an award's credential: ".json" for the
// credential with its embedded proof, ".jwt" for its VC-JWT, ".png" and
// ".svg" for the badge image with the credential baked in.
func CredentialPath(id, ext string) string { return "credentials/" + id + "." + ext }

// AchievementPath is the path of a badge class's Achievement.
func AchievementPath(badge string) string { return "achievements/" + badge + ".json" }

// DIDPath is the path of an issuer's DID document, where did:web resolves
// the issuer's DID.
func DIDPath(issuer string) string { return "issuers/" + issuer + "/did.json" }

// StatusListPath is the path of an issuer's status list credential.
func StatusListPath(issuer string) string { return "status/" + issuer + ".json" }

// JWKPath is the path of the public JWK of an issuer's RSA key: the kid of
// the VC-JWTs it signs.
func JWKPath(issuer, key string) string { return "keys/" + issuer + "/" + key + ".jwk.json" }

// Graph builds the 3.0 documents of a loaded site. It is read-only and
// safe for concurrent use.
type Graph struct {
	*ob.Graph
	didBase string // "did:web:host[:path…]"
}

// New prepares the 3.0 graph of a site over its 2.0 graph.
func New(g *ob.Graph) *Graph {
	return &Graph{Graph: g, didBase: DIDBase(g.Base)}
}

// DIDBase returns the did:web prefix of a base URL: "did:web:" and the host
// (a port's colon percent-encoded), then each path segment after a colon.
func DIDBase(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "did:web:invalid"
	}
	did := "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg != "" {
			did += ":" + url.PathEscape(seg)
		}
	}
	return did
}

// DID returns the did:web of an issuer. It resolves to the issuer's DID
// document at DIDPath, so adding an issuer never changes another's DID.
func (g *Graph) DID(issuer string) string { return g.didBase + ":issuers:" + issuer }

// Profile returns the issuer's 3.0 profile, as a credential embeds it.
func (g *Graph) Profile(is *content.Issuer) *Profile {
	p := &Profile{
		ID:          g.DID(is.ID),
		Type:        []string{"Profile"},
		Name:        is.Name,
		URL:         is.URL,
		Phone:       is.Telephone,
		Description: strings.TrimSpace(is.Description),
		Email:       is.Email,
	}
	if is.Logo != nil {
		p.Image = &Image{ID: g.URL(ob.IssuerImagePath(is.ID, is.Logo)), Type: "Image"}
	}
	return p
}

// AchievementTypes maps badge types to 3.0 achievement types; those 3.0
// has no word for are extensions ("ext:").
var AchievementTypes = map[string]string{
	"knowledge":     "ext:Knowledge",
	"skill":         "Competency",
	"proficiency":   "ext:Proficiency",
	"certification": "Certification",
	"participation": "ext:Participation",
	"other":         "Badge",
	"":              "Badge",
}

// Achievement returns the Achievement of a badge class, as a credential
// embeds it (without a context).
func (g *Graph) Achievement(b *content.Badge) *Achievement {
	bc := g.BadgeClass(b)
	a := &Achievement{
		ID:              g.URL(AchievementPath(b.ID)),
		Type:            []string{"Achievement"},
		AchievementType: AchievementTypes[b.Type],
		Name:            bc.Name,
		Description:     bc.Description,
		Criteria:        Criteria{ID: bc.Criteria.ID, Narrative: bc.Criteria.Narrative},
		Tag:             bc.Tags,
		InLanguage:      g.Site.Config.DefaultLang(),
	}
	if a.AchievementType == "" {
		a.AchievementType = "Badge"
	}
	if img := ob.BadgeImage(b); img != nil {
		a.Image = &Image{ID: g.URL(ob.BadgeImagePath(b.ID, img.Format)), Type: "Image"}
	}
	for _, al := range bc.Alignment {
		a.Alignment = append(a.Alignment, Alignment{
			Type:              []string{"Alignment"},
			TargetName:        al.TargetName,
			TargetURL:         al.TargetURL,
			TargetDescription: al.TargetDescription,
			TargetFramework:   al.TargetFramework,
			TargetCode:        al.TargetCode,
		})
	}
	if is := g.Site.Issuer(b.Issuer); is != nil {
		a.Creator = g.Profile(is)
	}
	return a
}

// HostedAchievement returns the Achievement of a badge class as it is
// served at AchievementPath, with its contexts.
func (g *Graph) HostedAchievement(b *content.Badge) *Achievement {
	a := g.Achievement(b)
	a.Context = []string{ContextVC, ContextOB3}
	return a
}

// IdentityTypes maps recipient types to 3.0 identity types.
var IdentityTypes = map[string]string{
	"":          "emailAddress",
	"email":     "emailAddress",
	"url":       "ext:url",
	"telephone": "ext:telephone",
}

// SubjectID returns the credentialSubject id of an award: a name-based
// UUID (RFC 9562 version 8) of the award id and recipient salt, which
// tells nothing about the earner and differs between awards.
func SubjectID(a *content.Award) string {
	var in [128]byte // every award page asks: one allocation, the string
	b := append(append(in[:0], "rosette credentialSubject\x00"...), a.ID...)
	b = append(append(b, 0), a.Recipient.Salt...)
	sum := sha256.Sum256(b)
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	var out [len("urn:uuid:") + 36]byte
	o := append(out[:0], "urn:uuid:"...)
	for i, part := range [][]byte{u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]} {
		if i > 0 {
			o = append(o, '-')
		}
		o = hex.AppendEncode(o, part)
	}
	return string(o)
}

// Credential returns the unsigned OpenBadgeCredential of an award.
func (g *Graph) Credential(a *content.Award) *Credential {
	b := g.Site.Badge(a.Badge)
	is := g.Site.Issuer(b.Issuer)
	c := &Credential{
		Context:     []string{ContextVC, ContextOB3},
		ID:          g.URL(CredentialPath(a.ID, "json")),
		Type:        []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:        b.Name,
		Issuer:      g.Profile(is),
		ValidFrom:   ob.FormatTime(a.Issued),
		AwardedDate: ob.FormatTime(a.Issued),
		CredentialSubject: AchievementSubject{
			ID:          SubjectID(a),
			Type:        []string{"AchievementSubject"},
			Achievement: g.Achievement(b),
			Identifier: []IdentityObject{{
				Type:         "IdentityObject",
				Hashed:       true,
				IdentityHash: a.Recipient.Identity,
				IdentityType: IdentityTypes[a.Recipient.Type],
				Salt:         a.Recipient.Salt,
			}},
			Narrative: a.Narrative,
		},
	}
	if exp := a.ExpiresAt(b); !exp.IsZero() {
		c.ValidUntil = ob.FormatTime(exp)
	}
	c.CredentialStatus = g.status(a, is.ID)
	for _, e := range a.Evidence {
		c.Evidence = append(c.Evidence, Evidence{
			ID:          e.URL,
			Type:        []string{"Evidence"},
			Name:        e.Name,
			Description: e.Description,
			Narrative:   e.Narrative,
			Genre:       e.Genre,
			Audience:    e.Audience,
		})
	}
	return c
}
