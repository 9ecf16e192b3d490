package generator

import (
	"errors"
	"io/fs"
	"maps"
	"slices"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
	"rosette/generator/render"
	"rosette/themes"
)

// sitePages prepares the theme and the page data, then writes the pages
// that are not per award: the theme's static files, the home page, badge
// class pages, pathway pages, public profiles and their walls, 404.html, sitemap.xml and
// one Atom feed per issuer.
func (r *renderer) sitePages() error {
	site := sitefs.New(r.opts.source())
	fsys, err := render.ThemeFS(themes.Default(), site, r.site.Config.Theme)
	if err != nil {
		return err
	}
	langs := siteLanguages(r.site)
	r.langs = nil
	for _, l := range langs {
		cat, err := render.LoadCatalog(themes.Default(), site, r.site.Config.Theme, l.Tag)
		if err != nil {
			return err
		}
		th, err := render.OpenIn(fsys, cat)
		if err != nil {
			return err
		}
		th.Exact = r.opts.ExactTemplates
		if r.hooks.themeHook != nil {
			r.hooks.themeHook(th)
		}
		p := render.NewIn(th, r.site, r.graph, r.opts.clock(), l, langs)
		p.SitemapLimit = r.hooks.sitemapLimit
		p.Signing = make(map[string]bool)
		for id := range r.bake.signers {
			p.Signing[id] = true
		}
		p.Credentials = make(map[string]bool)
		for id := range r.ob3.signers {
			p.Credentials[id] = true
		}
		r.langs = append(r.langs, p)
	}
	r.pages = r.langs[0]
	if err := r.pages.Theme.Static(r.pub.Write); err != nil {
		return err
	}
	for _, p := range r.langs {
		if err := r.writePage(p, p.NotFound()); err != nil {
			return err
		}
	}
	return r.listings(listing{badges: r.site.Badges, earners: r.site.Earners, home: true, sitemap: true, feeds: r.site.Issuers, pathways: true})
}

// siteLanguages are the languages of a site's pages, the default first.
func siteLanguages(s *content.Site) []render.Language {
	tags := s.Config.Langs()
	out := make([]render.Language, len(tags))
	for i, t := range tags {
		out[i] = render.NewLanguage(t, i == 0, s.Config.OGLocale(t))
	}
	return out
}

// listing says which of the pages that list awards to write.
type listing struct {
	badges  []*content.Badge  // their pages
	earners []*content.Earner // their profiles and walls (public earners only)
	home    bool              // the home page
	sitemap bool              // sitemap.xml
	feeds   []*content.Issuer // their Atom feeds
	// pathways: every pathway page (they show the names of badge classes)
	pathways bool
}

// listings writes the pages that list awards, as l says.
func (r *renderer) listings(l listing) error {
	// The data of each page is made just before it is written: the
	// profiles of a large site, with their QR codes and credential lists,
	// would take hundreds of megabytes all at once.
	var pages []func() error
	for _, lp := range r.langs {
		if l.home {
			pages = append(pages, func() error { return r.writePage(lp, lp.Home()) })
			pages = append(pages, func() error {
				return r.pub.Write(lp.Site.Search[len(render.RootPath(r.graph.Base)):], lp.SearchIndex())
			})
		}
		for _, b := range l.badges {
			pages = append(pages, func() error { return r.writePage(lp, lp.Badge(b)) })
		}
		if l.pathways {
			for _, pw := range r.site.Pathways {
				pages = append(pages, func() error { return r.writePage(lp, lp.Pathway(pw)) })
			}
		}
		for _, e := range l.earners {
			pages = append(pages, func() error {
				p := lp.Earner(e)
				if p == nil {
					return nil // no public profile
				}
				if err := r.writePage(lp, p); err != nil {
					return err
				}
				return r.writePage(lp, render.WallOf(p))
			})
		}
	}
	if err := parallel(len(pages), func(i int) error { return pages[i]() }); err != nil {
		return err
	}
	if l.sitemap {
		files := r.pages.Sitemaps()
		for _, path := range slices.Sorted(maps.Keys(files)) {
			if err := r.pub.Write(path, files[path]); err != nil {
				return err
			}
		}
	}
	for _, lp := range r.langs {
		for _, is := range l.feeds {
			feed, err := lp.Feed(is)
			if err != nil {
				return err
			}
			if err := r.pub.Write(lp.Lang.Prefix+render.FeedPath(is.ID), feed); err != nil {
				return err
			}
		}
	}
	return nil
}

// awardPage writes the verification page of one award, in every language.
func (r *renderer) awardPage(a *content.Award) error {
	for _, lp := range r.langs {
		if err := r.writePage(lp, lp.Award(a)); err != nil {
			return err
		}
	}
	return nil
}

// writePage writes a page of the pages lp.
func (r *renderer) writePage(lp *render.Pages, p *render.Page) error {
	path := p.Path[len(render.RootPath(r.graph.Base)):]
	if path == "" || path[len(path)-1] == '/' {
		path += "index.html"
	}
	return lp.Theme.Render(p, func(data []byte) error { return r.pub.Write(path, data) })
}

// CheckTheme opens the theme the site at opts.Source uses, as a build
// does, and reads its static files, without writing anything: a link, an
// unreadable file or a template that does not parse is a problem of the
// site, named at its file.
func CheckTheme(opts Options, name string) content.Errors {
	root := opts.source()
	fsys, err := render.ThemeFS(themes.Default(), sitefs.New(root), name)
	if err == nil {
		var th *render.Theme
		if th, err = render.Open(fsys); err == nil {
			err = th.Static(func(string, []byte) error { return nil })
		}
	}
	if err == nil {
		return nil
	}
	pos, msg := content.Pos{File: "themes/" + name}, err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) && fs.ValidPath(pe.Path) {
		pos, msg = content.Pos{File: pe.Path}, pe.Err.Error()
	}
	errs := content.Errors{{Pos: pos, Msg: msg}}
	var out content.Errors
	errors.As(content.RelativeTo(root, errs), &out)
	return out
}
