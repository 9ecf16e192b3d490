package edit

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
)

// placeholderRE finds a URL or an address whose host is under .invalid,
// as rosette new site writes for a value it was not given, and the
// github.com/OWNER/ URL that older starter sites held.
var placeholderRE = regexp.MustCompile(`(?i)(?:https?://|[^\s"'@]*@)[^\s"'/]*\.invalid\b[^\s"']*|https://github\.com/OWNER/[^\s"']*`)

// maxPlaceholderFile bounds each file read for placeholders.
const maxPlaceholderFile = 1 << 20

// Placeholders reports the values of the site at root that are still
// placeholders of a new site: the base URL, the issuers' url and email,
// and the git URL that the deployment files build rosette from. Each is
// reported at its file, line and column, saying what to put there.
func Placeholders(root string, s *content.Site) content.Errors {
	files := []string{path.Join(content.Dir, "site.toml"), SourceFile, "netlify.toml"}
	for _, is := range s.Issuers {
		files = append(files, is.File)
	}
	fsys := sitefs.New(root)
	if es, err := fsys.ReadDir(".github/workflows"); err == nil {
		for _, e := range es {
			if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".yaml")) {
				files = append(files, ".github/workflows/"+e.Name())
			}
		}
	}
	sort.Strings(files)
	var errs content.Errors
	for _, f := range files {
		data, tooLarge, err := fsys.ReadFileLimit(f, maxPlaceholderFile)
		if err != nil || tooLarge {
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, &content.Error{Pos: content.Pos{File: f, Line: 1, Col: 1}, Msg: err.Error()})
			}
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, loc := range placeholderRE.FindAllStringIndex(line, -1) {
				errs = append(errs, &content.Error{
					Pos: content.Pos{File: f, Line: i + 1, Col: loc[0] + 1},
					Msg: placeholderMessage(f, line, line[loc[0]:loc[1]]),
				})
			}
		}
	}
	return errs
}

func placeholderMessage(file, line, value string) string {
	if file == SourceFile || strings.Contains(line, "ROSETTE_SOURCE") || strings.Contains(line, "git clone") {
		return fmt.Sprintf("%q is a placeholder: the deployment builds rosette from this git URL; put the URL of your rosette repository (your fork or copy) in %s, its one line", value, SourceFile)
	}
	key, _, _ := strings.Cut(line, "=")
	key = strings.TrimSpace(key)
	what := map[string]string{
		"base_url": "the absolute URL the site is served at",
		"url":      "your organisation's website",
		"email":    "a public contact address of the issuer",
	}[key]
	if what == "" {
		what = "a real value"
	}
	return fmt.Sprintf("%s %q is a placeholder of rosette new site: replace it with %s", key, value, what)
}
