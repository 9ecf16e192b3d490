package render

import (
	"encoding/json"
	"html/template"
	"strings"

	"rosette/generator/ob"
	"rosette/generator/ob3"
)

// SearchPath is the path, below the site root, of the search index: the
// JSON the home page's search filters as the visitor types.
const SearchPath = "search.json"

// searchIndex is the search index: the public data of the site's badge
// classes and public earners, by name, and nothing else.
type searchIndex struct {
	Badges  []searchBadge  `json:"badges"`
	Earners []searchEarner `json:"earners"`
}

type searchBadge struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`   // root-relative path of its page
	Image       string `json:"image"` // root-relative path of its image
}

type searchEarner struct {
	Name string `json:"name"`
	URL  string `json:"url"` // root-relative path of the profile
}

// SearchIndex is the search index of the site, as JSON: the name, plain
// description, page and image of every badge class, and the name and
// profile of every public earner, in the order of the home page. It holds
// nothing a page of the site does not show: no earner without a public
// profile, no recipient.
func (p *Pages) SearchIndex() []byte {
	idx := searchIndex{Badges: []searchBadge{}, Earners: []searchEarner{}}
	for _, b := range p.Site.Badges {
		idx.Badges = append(idx.Badges, searchBadge{Name: b.Name, Description: b.Summary, URL: b.Path, Image: b.Image.Path})
	}
	for _, e := range p.Site.Earners {
		idx.Earners = append(idx.Earners, searchEarner{Name: e.Name, URL: e.Path})
	}
	data, _ := json.Marshal(&idx) // strings only
	return append(data, '\n')
}

// Bundle is what a profile's "Download all" gathers in the browser: the
// published files of the earner's valid awards, for one ZIP archive, and
// their Open Badges 3.0 credentials, for one file a wallet imports.
type Bundle struct {
	Archive     string       // file name of the archive: "<earner>-badges.zip"
	Files       []BundleFile // in the archive, in this order
	Wallet      string       // file name of the credentials file; "" when there are no credentials
	Credentials []string     // root-relative paths of the signed credentials
	Data        template.JS  // all of the above, as JSON for the page's script
}

// BundleFile is one published file of a Bundle and its name in the archive.
type BundleFile struct {
	Path string `json:"path"` // root-relative
	Name string `json:"name"`
}

type bundleJSON struct {
	Archive     string       `json:"archive"`
	Credentials []string     `json:"credentials"`
	Files       []BundleFile `json:"files"`
	Wallet      string       `json:"wallet,omitempty"`
}

// bundle is the Bundle of a public earner, or nil when no award of theirs
// is valid. Each valid award gives its baked PNG and SVG (those its badge
// class has) and its hosted JSON, named "<badge>-<award>.<ext>", and its
// signed 3.0 credential when its issuer publishes them.
func (p *Pages) bundle(e *Earner) *Bundle {
	root := p.Site.Root
	var b Bundle
	for _, a := range e.Awards {
		if a.Status.Code != "valid" {
			continue
		}
		name := a.Badge.ID + "-" + a.ID
		if c := p.graph.Site.Badge(a.Badge.ID); c != nil {
			if c.PNG != nil {
				b.Files = append(b.Files, BundleFile{Path: root + ob.BakedImagePath(a.ID, "png"), Name: name + ".png"})
			}
			if c.SVG != nil {
				b.Files = append(b.Files, BundleFile{Path: root + ob.BakedImagePath(a.ID, "svg"), Name: name + ".svg"})
			}
		}
		b.Files = append(b.Files, BundleFile{Path: root + ob.AssertionPath(a.ID), Name: name + ".json"})
		if p.Credentials[a.Issuer.ID] {
			b.Credentials = append(b.Credentials, root+ob3.CredentialPath(a.ID, "json"))
		}
	}
	if len(b.Files) == 0 {
		return nil
	}
	b.Archive = e.ID + "-badges.zip"
	if len(b.Credentials) > 0 {
		b.Wallet = e.ID + "-credentials.json"
	}
	d := bundleJSON{Archive: b.Archive, Credentials: b.Credentials, Files: b.Files, Wallet: b.Wallet}
	if d.Credentials == nil {
		d.Credentials = []string{}
	}
	data, _ := json.Marshal(&d) // strings only; <, > and & escaped
	b.Data = template.JS(strings.TrimSpace(string(data)))
	return &b
}
