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
	pages := []*render.Page{r.pages.Home(), r.pages.NotFound()}
	for _, b := range r.site.Badges {
		pages = append(pages, r.pages.Badge(b))
	}
	for _, e := range r.site.Earners {
		if p := r.pages.Earner(e); p != nil {
			pages = append(pages, p, r.pages.Wall(e))
		}
	}
	for _, p := range pages {
		if err := r.writePage(p); err != nil {
			return err
		}
	}
	if err := r.pub.Write("sitemap.xml", r.pages.Sitemap()); err != nil {
		return err
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
