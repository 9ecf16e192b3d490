package render

import (
	"bytes"
	"encoding/xml"
	"slices"
	"sort"
	"strconv"
	"strings"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// maxFeedEntries is how many awards an issuer's feed lists, newest first.
const maxFeedEntries = 50

// maxSitemapURLs is how many URLs one sitemap file may list, by the
// sitemaps protocol.
const maxSitemapURLs = 50000

// Sitemaps returns sitemap.xml, by path: the home page, badge pages,
// public profiles and the award pages of public earners (awards of other
// earners stay unlisted). When there are more URLs than one sitemap may
// list (SitemapLimit, else 50,000), sitemap.xml is a sitemap index of
// sitemaps/1.xml, sitemaps/2.xml, …, which are returned too.
func (p *Pages) Sitemaps() map[string][]byte {
	s := p.graph.Site
	urls := make([]string, 0, len(s.Awards)/2+len(s.Earners)+len(s.Badges)+1)
	urls = append(urls, p.graph.URL(""))
	for _, bd := range s.Badges {
		urls = append(urls, p.badges[bd.ID].URL)
	}
	for _, pw := range p.Site.Pathways {
		urls = append(urls, pw.URL)
	}
	for _, e := range s.Earners {
		if v := p.earners[e.ID]; v != nil {
			urls = append(urls, v.URL)
		}
	}
	for _, a := range s.Awards {
		if v := p.awards[a.ID]; listed(a, v) {
			urls = append(urls, v.URL)
		}
	}
	limit := p.SitemapLimit
	if limit <= 0 {
		limit = maxSitemapURLs
	}
	urls = p.everyLanguage(urls)
	if len(urls) <= limit {
		return map[string][]byte{"sitemap.xml": p.sitemap("urlset", "url", urls)}
	}
	files := map[string][]byte{}
	var parts []string
	for i := 0; i < len(urls); i += limit {
		path := "sitemaps/" + strconv.Itoa(len(parts)+1) + ".xml"
		files[path] = p.sitemap("urlset", "url", urls[i:min(i+limit, len(urls))])
		parts = append(parts, p.graph.URL(path))
	}
	files["sitemap.xml"] = p.sitemap("sitemapindex", "sitemap", parts)
	return files
}

// sitemap is a sitemaps protocol document: a urlset of url entries, or a
// sitemapindex of sitemap entries.
func (p *Pages) sitemap(root, entry string, urls []string) []byte {
	var b bytes.Buffer
	b.Grow(len(urls)*(len(p.graph.Base)+48) + 128)
	alts := root == "urlset" && len(p.Langs) > 1
	b.WriteString(xml.Header + "<" + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	if alts {
		b.WriteString(` xmlns:xhtml="http://www.w3.org/1999/xhtml"`)
	}
	b.WriteString(">\n")
	// Every URL is the base URL and a path of slugs: only the base URL
	// can need escaping.
	plain := !strings.ContainsAny(p.graph.Base, "&<>'\"\r\n\t")
	write := func(u string) {
		if plain {
			b.WriteString(u)
		} else {
			xml.EscapeText(&b, []byte(u))
		}
	}
	for _, u := range urls {
		b.WriteString("<" + entry + "><loc>")
		write(u)
		b.WriteString("</loc>")
		if alts {
			// Every language of the page, itself included, as the
			// sitemaps of Google's hreflang documentation list them.
			rel := p.relative(u)
			for _, l := range p.Langs {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="` + l.Tag + `" href="`)
				write(p.graph.URL(l.Prefix + rel))
				b.WriteString(`"/>`)
			}
		}
		b.WriteString("</" + entry + ">\n")
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
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
		if !listed(a, w) || w.Issuer != v {
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
		Lang:  p.Lang.Tag,
		Title: p.msg("feed_title", "Issuer", v.Name), ID: v.FeedURL, Updated: "1970-01-01T00:00:00Z",
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: v.FeedURL}, {Href: p.graph.URL(p.Lang.Prefix)}},
		Author: atomAuthor{Name: v.Name, URI: v.Website},
	}
	if len(list) > 0 {
		f.Updated = ob.FormatTime(list[0].Issued)
	}
	for _, a := range list {
		f.Entries = append(f.Entries, atomEntry{
			Title: p.msg("feed_entry", "Earner", a.Earner.Name, "Badge", a.Badge.Name), ID: a.URL, Updated: ob.FormatTime(a.Issued),
			Link: atomLink{Href: a.URL}, Summary: a.Badge.Summary,
		})
	}
	data, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), data...), '\n'), nil
}

// everyLanguage is the URLs of the default language's pages followed by
// the same pages in each other language, for a sitemap.
func (p *Pages) everyLanguage(urls []string) []string {
	if len(p.Langs) < 2 {
		return urls
	}
	out := make([]string, 0, len(urls)*len(p.Langs))
	for _, l := range p.Langs {
		for _, u := range urls {
			out = append(out, p.graph.URL(l.Prefix+p.relative(u)))
		}
	}
	return out
}

// relative is the path of a page's URL below its language's root.
func (p *Pages) relative(u string) string {
	rel := strings.TrimPrefix(u, p.graph.Base)
	for _, l := range p.Langs {
		if l.Prefix != "" && strings.HasPrefix(rel, l.Prefix) {
			return rel[len(l.Prefix):]
		}
	}
	return rel
}
