package generator

import (
	"os"

	"rosette/generator/content"
	"rosette/generator/render"
	"rosette/themes"
)

// sitePages prepares the theme and the page data, then writes the pages
// that are not per award: the theme's static files, the home page, badge
// class pages, public profiles and their walls, 404.html, sitemap.xml and
// one Atom feed per issuer.
func (r *renderer) sitePages() error {
	fsys, err := render.ThemeFS(themes.Default(), os.DirFS(r.opts.source()), r.site.Config.Theme)
	if err != nil {
		return err
	}
	th, err := render.Open(fsys)
	if err != nil {
		return err
	}
	r.pages = render.New(th, r.site, r.graph, r.opts.clock())
	r.pages.Signing = make(map[string]bool)
	for id := range r.bake.signers {
		r.pages.Signing[id] = true
	}
	if err := th.Static(r.pub.Write); err != nil {
		return err
	}
	if err := r.writePage(r.pages.NotFound()); err != nil {
		return err
	}
	return r.listings(r.site.Badges, r.site.Earners, true)
}

// listings writes the pages that list awards: the home page, the pages of
// the given badge classes and earners (public profiles and their walls),
// the issuers' feeds and, with sitemap, sitemap.xml.
func (r *renderer) listings(badges []*content.Badge, earners []*content.Earner, sitemap bool) error {
	pages := []*render.Page{r.pages.Home()}
	for _, b := range badges {
		pages = append(pages, r.pages.Badge(b))
	}
	for _, e := range earners {
		if p := r.pages.Earner(e); p != nil {
			pages = append(pages, p, r.pages.Wall(e))
		}
	}
	for _, p := range pages {
		if err := r.writePage(p); err != nil {
			return err
		}
	}
	if sitemap {
		if err := r.pub.Write("sitemap.xml", r.pages.Sitemap()); err != nil {
			return err
		}
	}
	for _, is := range r.site.Issuers {
		feed, err := r.pages.Feed(is)
		if err != nil {
			return err
		}
		if err := r.pub.Write(render.FeedPath(is.ID), feed); err != nil {
			return err
		}
	}
	return nil
}

// awardPage writes the verification page of one award.
func (r *renderer) awardPage(a *content.Award) error {
	return r.writePage(r.pages.Award(a))
}

func (r *renderer) writePage(p *render.Page) error {
	data, err := r.pages.Theme.Bytes(p)
	if err != nil {
		return err
	}
	path := p.Path[len(r.pages.Site.Root):]
	if path == "" || path[len(path)-1] == '/' {
		path += "index.html"
	}
	return r.pub.Write(path, data)
}
