package render

import (
	"bytes"
	"encoding/xml"
	"slices"
	"sort"
	"strings"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// maxFeedEntries is how many awards an issuer's feed lists, newest first.
const maxFeedEntries = 50

// Sitemap is sitemap.xml: the home page, badge pages, public profiles and
// the award pages of public earners. Awards of other earners stay
// unlisted.
func (p *Pages) Sitemap() []byte {
	s := p.graph.Site
	var b bytes.Buffer
	b.Grow((len(s.Awards)/2 + len(s.Earners) + len(s.Badges) + 1) * (len(p.graph.Base) + 48))
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	// Every URL is the base URL and a path of slugs: only the base URL
	// can need escaping.
	plain := !strings.ContainsAny(p.graph.Base, "&<>'\"\r\n\t")
	add := func(u string) {
		b.WriteString("<url><loc>")
		if plain {
			b.WriteString(u)
		} else {
			xml.EscapeText(&b, []byte(u))
		}
		b.WriteString("</loc></url>\n")
	}
	add(p.graph.URL(""))
	for _, bd := range s.Badges {
		add(p.badges[bd.ID].URL)
	}
	for _, e := range s.Earners {
		if v := p.earners[e.ID]; v != nil {
			add(v.URL)
		}
	}
	for _, a := range s.Awards {
		if v := p.awards[a.ID]; !v.Private && !a.Revoked {
			add(v.URL)
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// newerAward orders a feed: newest first, then by id.
func newerAward(a, b *Award) bool {
	if !a.Issued.Equal(b.Issued) {
		return a.Issued.After(b.Issued)
	}
	return a.ID < b.ID
}

// Feed is the Atom feed of an issuer's awards to earners with a public
// profile, newest first. Its dates come from the awards, never the clock.
func (p *Pages) Feed(is *content.Issuer) ([]byte, error) {
	s := p.graph.Site
	v := p.issuers[is.ID]
	// The newest maxFeedEntries, kept sorted as they are found: one pass,
	// however many awards the site has.
	newer := newerAward
	list := make([]*Award, 0, maxFeedEntries+1)
	for _, a := range s.Awards {
		w := p.awards[a.ID]
		if w.Private || a.Revoked || w.Issuer != v {
			continue
		}
		if len(list) == maxFeedEntries && !newer(w, list[len(list)-1]) {
			continue
		}
		i := sort.Search(len(list), func(i int) bool { return newer(w, list[i]) })
		list = slices.Insert(list, i, w)
		if len(list) > maxFeedEntries {
			list = list[:maxFeedEntries]
		}
	}
	p.feedMu.Lock()
	if p.feedTop == nil {
		p.feedTop = make(map[string][]*Award)
	}
	p.feedTop[is.ID] = list
	p.feedMu.Unlock()
	f := atomFeed{
		Title: v.Name + ": badges awarded", ID: v.FeedURL, Updated: "1970-01-01T00:00:00Z",
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: v.FeedURL}, {Href: p.graph.URL("")}},
		Author: atomAuthor{Name: v.Name, URI: v.Website},
	}
	if len(list) > 0 {
		f.Updated = ob.FormatTime(list[0].Issued)
	}
	for _, a := range list {
		f.Entries = append(f.Entries, atomEntry{
			Title: a.Earner.Name + " earned " + a.Badge.Name, ID: a.URL, Updated: ob.FormatTime(a.Issued),
			Link: atomLink{Href: a.URL}, Summary: a.Badge.Summary,
		})
	}
	data, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), data...), '\n'), nil
}
