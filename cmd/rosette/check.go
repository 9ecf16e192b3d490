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
                     [--clock TIME] [--allow-future]

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

Examples:
  rosette check
  rosette check --format github     # in a GitHub Actions workflow
  rosette check --since origin/main # before opening a pull request
  rosette check --format json | jq '.problems[].message'
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
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
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
	if s != nil {
		errs = append(errs, generator.CheckTheme(generator.Options{Source: *src}, s.Config.Theme)...)
		errs = append(errs, edit.Placeholders(*src, s)...)
	}
	if since != "" && contentClean {
		hist, err := auditSince(*src, since, s)
		if err != nil {
			return err
		}
		errs = append(errs, hist...)
	}
	errs.Sort()
	report(e.stdout, format, errs)
	if len(errs) > 0 {
		if format == "text" {
			fmt.Fprintf(e.stderr, "%s\n", plural(len(errs), "problem"))
		}
		return silentError{exitFailure}
	}
	if format == "text" && s != nil {
		fmt.Fprintf(e.stdout, "ok: %s, %s, %s, %s\n", plural(len(s.Issuers), "issuer"), plural(len(s.Badges), "badge class"), plural(len(s.Earners), "earner"), plural(len(s.Awards), "award"))
		printOnly2(e, s)
	}
	return nil
}

func report(w io.Writer, format string, errs content.Errors) {
	switch format {
	case "json":
		ps := make([]problem, 0, len(errs))
		for _, pe := range errs {
			ps = append(ps, problem{File: pe.File, Line: pe.Line, Column: pe.Col, Message: pe.Msg})
		}
		data, _ := json.MarshalIndent(struct {
			Problems []problem `json:"problems"`
		}{ps}, "", "  ")
		fmt.Fprintf(w, "%s\n", termtext.EscapeJSON(data))
	case "github":
		for _, pe := range errs {
			props := "file=" + ghProperty(termtext.Escape(pe.File))
			if pe.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", pe.Line, pe.Col)
			}
			fmt.Fprintf(w, "::error %s,title=rosette check::%s\n", props, ghData(termtext.Escape(pe.Msg)))
		}
	default:
		for _, pe := range errs {
			fmt.Fprintln(w, pe.Error())
		}
	}
}

// ghData escapes a workflow command message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
