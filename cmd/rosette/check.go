package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/keyscan"
	"rosette/generator/termtext"
)

func checkCommand() *command {
	return &command{
		name:    "check",
		summary: "check the content and report every problem",
		usage: `Usage: rosette check [-s DIR] [--format text|github|json] [--baseURL URL] [--since REF]
                     [--clock TIME] [--allow-future] [--strict-translations]

Checks every record under DIR/content/ without writing anything, and
reports all problems at once, sorted, each as path:line:col: message.
Exits 0 when the content is clean, 1 when it has problems.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --format FORMAT    text (default), github (workflow annotations on the
                     changed files of a pull request) or json
  --baseURL URL      check with this base URL instead of site.toml's
  --since REF        also compare with the git revision REF: an award
                     published there must not be deleted, renamed (moving
                     it to another directory is fine) or get another
                     recipient, badge or issue date — revoke it instead;
                     and no tracked file may hold a private key or the
                     plaintext address of a recipient (files under
                     testdata/ are skipped)
  --clock TIME       the build clock, as for rosette build (default
                     $SOURCE_DATE_EPOCH, else now): an award issued more
                     than 5 minutes after it is a problem
  --allow-future     accept awards issued after the clock, as
                     rosette build --allow-future publishes them
  --strict-translations
                     a record's text without a translation into one of
                     the site's languages is a problem, not a warning

In a site of several languages, each record's text that has no
translation into one of them is a warning (its text in the default
language shows in its place), and a summary counts them per language.

Examples:
  rosette check
  rosette check --format github     # in a GitHub Actions workflow
  rosette check --since origin/main # before opening a pull request
  rosette check --format json | jq '.problems[].message'
  rosette check --strict-translations # every text in every language
`,
		run: runCheck,
	}
}

// problem is one entry of check's JSON report.
type problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// warning is a missing translation in check's JSON report.
type warning struct {
	problem
	Language string `json:"language"`
}

func runCheck(e *env, args []string) error {
	fs := newFlags("check")
	src := sourceFlag(fs)
	var format, baseURL string
	fs.StringVar(&format, "format", "text", "")
	fs.StringVar(&baseURL, "baseURL", "", "")
	fs.StringVar(&baseURL, "baseurl", "", "")
	var since, clockFlag string
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&clockFlag, "clock", "", "")
	allowFuture := fs.Bool("allow-future", false, "")
	strict := fs.Bool("strict-translations", false, "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	if format != "text" && format != "github" && format != "json" {
		return usagef("--format must be text, github or json, not %q", format)
	}
	if baseURL != "" {
		if _, err := content.CheckBaseURL(baseURL); err != nil {
			return usagef("--baseURL: %v", err)
		}
	}
	clock, err := buildClock(clockFlag, e.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src, BaseURL: baseURL, Clock: clock, AllowFuture: *allowFuture})
	var errs content.Errors
	if err != nil && !errors.As(err, &errs) {
		return err
	}
	contentClean := err == nil
	keys, err := keyscan.Find(*src)
	if err != nil {
		return err
	}
	errs = append(errs, keys...)
	var missing []*content.Missing
	if s != nil {
		errs = append(errs, generator.CheckTheme(generator.Options{Source: *src}, s.Config.Theme)...)
		errs = append(errs, edit.Placeholders(*src, s)...)
		missing = generator.MissingTranslations(generator.Options{Source: *src}, s)
		if *strict {
			for _, m := range missing {
				errs = append(errs, &content.Error{Pos: m.Pos, Msg: m.Message(s.Config.DefaultLang()) + " (--strict-translations)"})
			}
			missing = nil
		}
	}
	if since != "" && contentClean {
		hist, err := auditSince(*src, since, s)
		if err != nil {
			return err
		}
		errs = append(errs, hist...)
	}
	errs.Sort()
	report(e.stdout, format, errs, missing, s)
	if len(errs) > 0 {
		if format == "text" {
			fmt.Fprintf(e.stderr, "%s\n", plural(len(errs), "problem"))
		}
		return silentError{exitFailure}
	}
	if format == "text" && s != nil {
		fmt.Fprintf(e.stdout, "ok: %s, %s, %s, %s\n", plural(len(s.Issuers), "issuer"), plural(len(s.Badges), "badge class"), plural(len(s.Earners), "earner"), plural(len(s.Awards), "award"))
		if len(missing) > 0 {
			fmt.Fprintf(e.stdout, "%s\n", missingSummary(s, missing))
		}
		printOnly2(e, s)
	}
	return nil
}

// report writes the problems, and the missing translations as warnings
// (s is the site, nil when it did not load).
func report(w io.Writer, format string, errs content.Errors, missing []*content.Missing, s *content.Site) {
	def := ""
	if s != nil {
		def = s.Config.DefaultLang()
	}
	switch format {
	case "json":
		ps := make([]problem, 0, len(errs))
		for _, pe := range errs {
			ps = append(ps, problem{File: pe.File, Line: pe.Line, Column: pe.Col, Message: pe.Msg})
		}
		ws := make([]warning, 0, len(missing))
		for _, m := range missing {
			ws = append(ws, warning{problem{File: m.File, Line: m.Line, Column: m.Col, Message: m.Message(def)}, m.Lang})
		}
		data, _ := json.MarshalIndent(struct {
			Problems []problem `json:"problems"`
			Warnings []warning `json:"warnings"`
		}{ps, ws}, "", "  ")
		fmt.Fprintf(w, "%s\n", termtext.EscapeJSON(data))
	case "github":
		annotate := func(level string, p content.Pos, msg string) {
			props := "file=" + ghProperty(termtext.Escape(p.File))
			if p.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", p.Line, p.Col)
			}
			fmt.Fprintf(w, "::%s %s,title=rosette check::%s\n", level, props, ghData(termtext.Escape(msg)))
		}
		for _, pe := range errs {
			annotate("error", pe.Pos, pe.Msg)
		}
		for _, m := range missing {
			annotate("warning", m.Pos, m.Message(def))
		}
	default:
		for _, pe := range errs {
			fmt.Fprintln(w, pe.Error())
		}
		for _, m := range missing {
			fmt.Fprintf(w, "%s: warning: %s\n", m.Pos, termtext.Escape(m.Message(def)))
		}
	}
}

// missingSummary counts the missing translations per language, in the
// order of the site's languages.
func missingSummary(s *content.Site, missing []*content.Missing) string {
	count := make(map[string]int)
	for _, m := range missing {
		count[m.Lang]++
	}
	var parts []string
	for _, lang := range s.Config.Langs()[1:] {
		if n := count[lang]; n > 0 {
			parts = append(parts, lang+" "+plural(n, "record"))
		}
	}
	return fmt.Sprintf("warning: missing translations: %s; the text in %s shows in their place (--strict-translations makes them problems)",
		strings.Join(parts, ", "), s.Config.DefaultLang())
}

// ghData escapes a workflow command message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
