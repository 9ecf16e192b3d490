// Package ob3 turns loaded content into Open Badges 3.0 documents: for each
// award an OpenBadgeCredential (a W3C Verifiable Credential), for each badge
// class the Achievement it refers to, for each issuer a did:web DID
// document and a Bitstring status list credential. Struct field order fixes
// the JSON key order; ids are the URLs the documents are served at, or the
// issuer's DID.
package ob3

// Contexts of an OpenBadgeCredential: the Verifiable Credentials Data Model
// 2.0 and Open Badges 3.0.3.
const (
	ContextVC  = "https://www.w3.org/ns/credentials/v2"
	ContextOB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// Credential is an OpenBadgeCredential (an AchievementCredential).
type Credential struct {
	Context           []string           `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Name              string             `json:"name"`
	Issuer            *Profile           `json:"issuer"`
	ValidFrom         string             `json:"validFrom"`
	ValidUntil        string             `json:"validUntil,omitempty"`
	AwardedDate       string             `json:"awardedDate"`
	CredentialSubject AchievementSubject `json:"credentialSubject"`
	CredentialStatus  *StatusEntry       `json:"credentialStatus,omitempty"`
	Evidence          []Evidence         `json:"evidence,omitempty"`
}

// Profile is an issuer (or creator) Profile; its id is the issuer's DID.
type Profile struct {
	ID          string   `json:"id"`
	Type        []string `json:"type"`
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Phone       string   `json:"phone,omitempty"`
	Description string   `json:"description,omitempty"`
	Image       *Image   `json:"image,omitempty"`
	Email       string   `json:"email,omitempty"`
}

// AchievementSubject is the earner of a credential: an id that reveals
// nothing and the hashed identity of the recipient.
type AchievementSubject struct {
	ID          string           `json:"id"`
	Type        []string         `json:"type"`
	Achievement *Achievement     `json:"achievement"`
	Identifier  []IdentityObject `json:"identifier"`
	Narrative   string           `json:"narrative,omitempty"`
}

// IdentityObject is a salted hash of the recipient's identity.
type IdentityObject struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt,omitempty"`
}

// Achievement is what a badge class is in 3.0. Served on its own it has a
// context; inside a credential it has none.
type Achievement struct {
	Context         []string    `json:"@context,omitempty"`
	ID              string      `json:"id"`
	Type            []string    `json:"type"`
	AchievementType string      `json:"achievementType,omitempty"`
	Name            string      `json:"name"`
	Description     string      `json:"description"`
	Criteria        Criteria    `json:"criteria"`
	Image           *Image      `json:"image,omitempty"`
	Tag             []string    `json:"tag,omitempty"`
	Alignment       []Alignment `json:"alignment,omitempty"`
	Creator         *Profile    `json:"creator,omitempty"`
	// InLanguage is the language of the text, the site's default (BCP
	// 47): a credential is signed in one language only, as the 3.0.3
	// context defines no language maps.
	InLanguage string `json:"inLanguage,omitempty"`
}

// Criteria says what an earner must do: a page, a narrative, or both.
type Criteria struct {
	ID        string `json:"id,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

// Image is an image by URL.
type Image struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// Alignment aligns an achievement with a framework, standard or competency.
type Alignment struct {
	Type              []string `json:"type"`
	TargetName        string   `json:"targetName"`
	TargetURL         string   `json:"targetUrl"`
	TargetDescription string   `json:"targetDescription,omitempty"`
	TargetFramework   string   `json:"targetFramework,omitempty"`
	TargetCode        string   `json:"targetCode,omitempty"`
}

// Evidence is one piece of evidence of an award.
type Evidence struct {
	ID          string   `json:"id,omitempty"`
	Type        []string `json:"type"`
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	Narrative   string   `json:"narrative,omitempty"`
	Genre       string   `json:"genre,omitempty"`
	Audience    string   `json:"audience,omitempty"`
}

// StatusEntry is a BitstringStatusListEntry: where in its issuer's status
// list a credential's revocation bit is.
type StatusEntry struct {
	ID                   string `json:"id"`
	Type                 string `json:"type"`
	StatusPurpose        string `json:"statusPurpose"`
	StatusListIndex      string `json:"statusListIndex"`
	StatusListCredential string `json:"statusListCredential"`
}
