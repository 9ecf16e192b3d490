package ob

import (
	"errors"
	"net/url"
	"path"
	"strings"
	"time"

	"rosette/generator/content"
)

// Outside is an endorsement that an organisation publishes on its own
// site, at Base, of a badge class, issuer or assertion of another site
// (Claim, its URL). Profile is the URL of the organisation's Open Badges
// Profile; when it is "", Documents makes one at issuers/<slug>.json from
// Name, Website and Email, with an empty revocation list.
type Outside struct {
	Base, ID                   string // Base ends with "/"; ID is a slug
	Profile                    string
	Name, Website, Email, Slug string // Slug: the profile's file name; default from Name
	Claim, Comment             string
	Date                       time.Time
}

// Documents returns the documents to publish under Base, by slash path.
func (o Outside) Documents() (map[string]any, error) {
	switch {
	case !strings.HasSuffix(o.Base, "/") || !isHTTPURL(o.Base) || !strings.HasPrefix(o.Base, "https://"):
		return nil, errors.New("the base URL must be an https URL ending in /: the endorsed site's pages fetch the endorsement over https")
	case !content.IsSlug(o.ID):
		return nil, errors.New("the endorsement id must be a lowercase slug, such as partner-endorses-go-basics")
	case !isHTTPURL(o.Claim):
		return nil, errors.New("the endorsed object must be the http(s) URL of a badge class, issuer profile or assertion")
	case o.Profile != "" && !isHTTPURL(o.Profile):
		return nil, errors.New("the profile must be an http(s) URL")
	case o.Profile == "" && (strings.TrimSpace(o.Name) == "" || !isHTTPURL(o.Website) || !strings.Contains(o.Email, "@")):
		return nil, errors.New("without an existing profile, give the organisation's name, website and email: a Profile is made from them")
	case o.Website != "" && !strings.HasPrefix(o.Website, "https://"):
		return nil, errors.New("the website must be an https URL")
	}
	docs := map[string]any{}
	profile := o.Profile
	if profile == "" {
		slug := o.Slug
		if slug == "" {
			slug = content.Slugify(o.Name)
		}
		profile = o.Base + IssuerPath(slug)
		docs[IssuerPath(slug)] = &Profile{
			Context: Context, Type: "Profile", ID: profile, Name: o.Name, URL: o.Website, Email: o.Email,
			Verification:   &Verification{Type: "VerificationObject", StartsWith: o.Base},
			RevocationList: o.Base + RevocationListPath(slug),
		}
		docs[RevocationListPath(slug)] = &RevocationList{
			Context: Context, Type: "RevocationList", ID: o.Base + RevocationListPath(slug), Issuer: profile, RevokedAssertions: []Revocation{},
		}
	}
	docs[EndorsementPath(o.ID)] = &Endorsement{
		Context:      Context,
		Type:         "Endorsement",
		ID:           o.Base + EndorsementPath(o.ID),
		Claim:        Claim{ID: o.Claim, EndorsementComment: o.Comment},
		Issuer:       profile,
		IssuedOn:     FormatTime(o.Date),
		Verification: Verification{Type: "HostedBadge"},
	}
	return docs, nil
}

// ClaimTarget guesses, from the URL of a rosette site's document, what
// the endorsed site's record names: "badge", "issuer" or "award" and the
// id; ok is false for another layout.
func ClaimTarget(claim string) (kind, id string, ok bool) {
	u, err := url.Parse(claim)
	if err != nil {
		return "", "", false
	}
	dir, file := path.Split(u.Path)
	id, found := strings.CutSuffix(file, ".json")
	if !found || id == "" {
		return "", "", false
	}
	switch path.Base(dir) {
	case "badges":
		return "badge", id, true
	case "issuers":
		return "issuer", id, true
	case "assertions":
		return "award", id, true
	}
	return "", "", false
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
