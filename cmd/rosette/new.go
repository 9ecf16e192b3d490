package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
)

func newCommand() *command {
	return &command{
		name:    "new",
		summary: "create a site, a badge class or an earner",
		usage: `Usage: rosette new site DIR [--baseURL URL] [--issuer NAME] [--issuer-url URL] [--issuer-email ADDR] [--rosette GIT-URL]
                        [--language TAG]
       rosette new badge ID [--name NAME] [-s DIR]
       rosette new earner SLUG [--name NAME] [-s DIR]

new site writes a complete starter site into DIR (which must not exist
or be empty): content/site.toml, one issuer with a generated logo, one
badge class with a generated image, a README for the issuer,
netlify.toml, GitHub Actions workflows (check on pull requests, build and
deploy to GitHub Pages), CODEOWNERS, and .rosette-source, the one line
holding the git URL the deployment builds rosette from. It builds as it
is. A value not given (--issuer-url, --issuer-email, --rosette) is left
as a placeholder under .invalid, which rosette check reports until it is
replaced. With --language, the site is in that language: site.toml says
so, and the title, the issuer's and the badge class's text are written in
it (rosette has them in en, fr, de, es, pt-BR, nl and ar; other languages
get English text to translate).

new badge and new earner write one record under content/, with every key
explained in a comment; a new badge class gets a generated square PNG
image to replace later, its text to replace in the site's language.

Flags:
  -s, --source DIR     site root, the directory holding content/ (default .)
  --name NAME          the badge class or earner name (default: from the id)
  --baseURL URL        new site: the URL it will be served at
  --issuer NAME        new site: the issuer's name
  --issuer-url URL     new site: the issuer's website
  --issuer-email ADDR  new site: the issuer's public contact address
                       (default badges@ the host of --issuer-url)
  --rosette GIT-URL    new site: the git URL of the rosette repository that
                       Netlify and the workflows build the tool from
  --language TAG       new site: its language, a BCP 47 tag such as fr or
                       pt-BR (default en)

Examples:
  rosette new site mybadges --baseURL https://badges.example.org/ --issuer "Example Academy" \
      --issuer-url https://academy.example.org/ --rosette https://github.com/example/rosette.git
  rosette new site sitedemo --language fr --issuer "Cégep de l'Estuaire"
  rosette new badge intro-to-git --name "Introduction to Git"
  rosette new earner ada-okafor --name "Ada Okafor"
`,
		run: runNew,
	}
}

func runNew(e *env, args []string) error {
	fs := newFlags("new")
	src := sourceFlag(fs)
	var name string
	var o edit.SiteOptions
	fs.StringVar(&name, "name", "", "")
	fs.StringVar(&o.BaseURL, "baseURL", "", "")
	fs.StringVar(&o.BaseURL, "baseurl", "", "")
	fs.StringVar(&o.IssuerName, "issuer", "", "")
	fs.StringVar(&o.IssuerURL, "issuer-url", "", "")
	fs.StringVar(&o.IssuerEmail, "issuer-email", "", "")
	fs.StringVar(&o.Source, "rosette", "", "")
	fs.StringVar(&o.Language, "language", "", "")
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usagef("give what to create (site, badge or earner) and its directory or id")
	}
	kind, arg := rest[0], rest[1]
	var files []edit.Planned
	root := *src
	switch kind {
	case "site":
		if o.BaseURL != "" {
			if o.BaseURL, err = content.CheckBaseURL(o.BaseURL); err != nil {
				return usagef("--baseURL: %v", err)
			}
		}
		if ents, err := os.ReadDir(arg); err == nil && len(ents) > 0 {
			return fmt.Errorf("%s is not empty; a new site needs a new or empty directory", arg)
		}
		if o.Language != "" {
			if err := content.CheckLang(o.Language); err != nil {
				return usagef("--language: %v", err)
			}
		}
		root = arg
		files = edit.SiteFiles(o)
		if o.Language != "" && !edit.HasStarter(o.Language) {
			defer fmt.Fprintf(e.stdout, "note: rosette has no starter text in %s (only in %s): the records' text is in English; translate it\n", o.Language, strings.Join(edit.StarterLanguages(), ", "))
		}
	case "badge", "earner":
		if o.Language != "" {
			return usagef("--language is for new site; a badge class or an earner is in the site's languages")
		}
		if !content.IsSlug(arg) {
			return usagef("%q is not a valid id: use lowercase letters, digits and hyphens (e.g. %q)", arg, content.Slugify(arg))
		}
		s, err := generator.Load(generator.Options{Source: root, AllowFuture: true}) // dates are checked by check and build
		if err != nil {
			return err
		}
		if kind == "badge" {
			if s.Badge(arg) != nil {
				return fmt.Errorf("badge class %q already exists in %s", arg, s.Badge(arg).File)
			}
			files = edit.BadgeFilesIn(arg, name, s.Config.DefaultLang())
		} else {
			if s.Earner(arg) != nil {
				return fmt.Errorf("earner %q already exists in %s", arg, s.Earner(arg).File)
			}
			files = []edit.Planned{edit.EarnerFile(arg, name)}
		}
	default:
		return usagef("unknown kind %q: new site, new badge or new earner", kind)
	}
	if err := edit.WriteAll(root, files); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "Wrote %s\n", filepath.ToSlash(filepath.Join(root, f.Path)))
	}
	if kind == "site" {
		var left []string
		for _, p := range [][2]string{{o.BaseURL, "the URL the site is served at (--baseURL; base_url in content/site.toml)"}, {o.IssuerURL, "the issuer's website (--issuer-url)"}, {o.IssuerEmail + o.IssuerURL, "the issuer's contact address (--issuer-email)"}, {o.Source, "the git URL the deployment builds rosette from (--rosette; .rosette-source)"}} {
			if p[0] == "" {
				left = append(left, p[1])
			}
		}
		if len(left) > 0 {
			fmt.Fprintf(e.stdout, "Placeholders to replace before the first deploy (rosette check reports them): %s\n", strings.Join(left, "; "))
		}
	}
	return nil
}
