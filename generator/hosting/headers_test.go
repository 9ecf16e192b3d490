package hosting

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// parseHeaders reads a _headers file: a path line, then indented
// "Name: value" lines. It fails on anything else.
func parseHeaders(t *testing.T, data string) []HeaderRule {
	t.Helper()
	var rules []HeaderRule
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "/"):
			rules = append(rules, HeaderRule{Path: line})
		case strings.HasPrefix(line, "  ") && len(rules) > 0:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || !regexp.MustCompile(`^[A-Za-z-]+$`).MatchString(name) {
				t.Fatalf("_headers:%d: bad header line %q", i+1, line)
			}
			r := &rules[len(rules)-1]
			r.Headers = append(r.Headers, Header{name, value})
		default:
			t.Fatalf("_headers:%d: unexpected line %q", i+1, line)
		}
	}
	return rules
}

// headersFor returns the headers a host would send for path: those of
// every rule whose pattern matches.
func headersFor(rules []HeaderRule, path string) map[string][]string {
	out := map[string][]string{}
	for _, r := range rules {
		re := "^" + strings.ReplaceAll(regexp.QuoteMeta(r.Path), `\*`, `.*`) + "$"
		if regexp.MustCompile(re).MatchString(path) {
			for _, h := range r.Headers {
				out[h.Name] = append(out[h.Name], h.Value)
			}
		}
	}
	return out
}

// TestHeadersFile checks that the _headers file parses back to the rules,
// and the headers a host sends for each kind of file.
func TestHeadersFile(t *testing.T) {
	rules := parseHeaders(t, string(HeadersFile(HeaderRules(false))))
	if !reflect.DeepEqual(rules, HeaderRules(false)) {
		t.Errorf("_headers parses to %+v", rules)
	}
	cors := "Access-Control-Allow-Origin"
	for _, c := range []struct {
		path string
		want map[string][]string
	}{
		{"/assertions/6pycdybk155oxtz7.json", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"application/json"}}},
		{"/issuers/riverbend.json", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"application/json"}}},
		{"/assertions/6pycdybk155oxtz7.jws", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"application/jose"}}},
		{"/credentials/6pycdybk155oxtz7.jwt", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"application/vc+jwt"}}},
		{"/issuers/riverbend/did.json", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"application/json"}}},
		{"/badges/git-foundations.png", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"image/png"}}},
		{"/badges/x.svg", map[string][]string{"X-Content-Type-Options": {"nosniff"}, cors: {"*"}, "Content-Type": {"image/svg+xml"},
			"Content-Security-Policy": {"default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"}}},
		{"/assertions/6pycdybk155oxtz7/", map[string][]string{"X-Content-Type-Options": {"nosniff"}}},
	} {
		if got := headersFor(rules, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: headers %v, want %v", c.path, got, c.want)
		}
	}
}

// TestPreviewHeaders: a preview is kept out of search engines.
func TestPreviewHeaders(t *testing.T) {
	for _, preview := range []bool{false, true} {
		got := headersFor(parseHeaders(t, string(HeadersFile(HeaderRules(preview)))), "/index.html")["X-Robots-Tag"]
		if (len(got) == 1 && got[0] == "noindex") != preview {
			t.Errorf("preview %v: X-Robots-Tag %v", preview, got)
		}
	}
}

// repoRoot is the repository, which is also the example site.
const repoRoot = "../.."

// TestNetlifyTOML checks the repository's netlify.toml: the build, the
// previews built for their own URL, the Go version of go.mod, and the same
// header rules as _headers.
func TestNetlifyTOML(t *testing.T) {
	var cfg struct {
		Build struct {
			Command, Publish string
			Environment      map[string]string
		}
		Context map[string]struct{ Command string }
		Headers []headerTable
	}
	md, err := toml.DecodeFile(filepath.Join(repoRoot, "netlify.toml"), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("unexpected keys %v", u)
	}
	if cfg.Build.Command != "go run ./cmd/rosette build" || cfg.Build.Publish != "public" {
		t.Errorf("build = %+v", cfg.Build)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)[1]
	if cfg.Build.Environment["GO_VERSION"] != string(goVersion) {
		t.Errorf("GO_VERSION = %q, go.mod says %s", cfg.Build.Environment["GO_VERSION"], goVersion)
	}
	for _, ctx := range []string{"deploy-preview", "branch-deploy"} {
		if got := cfg.Context[ctx].Command; got != `go run ./cmd/rosette build --baseURL "$DEPLOY_PRIME_URL"` {
			t.Errorf("context %s command = %q", ctx, got)
		}
	}
	checkHeaderTables(t, "netlify.toml", cfg.Headers, HeaderRules(false))
}

// headerTable is a [[headers]] table of netlify.toml.
type headerTable struct {
	For    string
	Values map[string]string
}

// TestNetlifyHeaders checks that the [[headers]] tables of a new site's
// netlify.toml decode to the rules.
func TestNetlifyHeaders(t *testing.T) {
	for _, preview := range []bool{false, true} {
		rules := HeaderRules(preview)
		var cfg struct{ Headers []headerTable }
		if _, err := toml.Decode(NetlifyHeaders(rules), &cfg); err != nil {
			t.Fatalf("NetlifyHeaders does not parse: %v\n%s", err, NetlifyHeaders(rules))
		}
		checkHeaderTables(t, "NetlifyHeaders", cfg.Headers, rules)
	}
}

// checkHeaderTables checks that the [[headers]] tables of name are the
// rules want, in order.
func checkHeaderTables(t *testing.T, name string, got []headerTable, want []HeaderRule) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d [[headers]], want %d", name, len(got), len(want))
	}
	for i, r := range want {
		if got[i].For != r.Path || len(got[i].Values) != len(r.Headers) {
			t.Errorf("%s: [[headers]] %d = %+v, want %+v", name, i, got[i], r)
			continue
		}
		for _, h := range r.Headers {
			if v := got[i].Values[h.Name]; v != h.Value {
				t.Errorf("%s: [[headers]] for %s: %s = %q, want %q", name, r.Path, h.Name, v, h.Value)
			}
		}
	}
}

// TestDeployingDoc checks that docs/deploying.md gives every rule's
// headers in its table, and that its nginx configuration sets the type
// and CORS of every file whose type nginx does not know: signed
// assertions (.jws) and VC-JWTs (.jwt).
func TestDeployingDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "docs", "deploying.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, r := range HeaderRules(false) {
		row := "| `" + r.Path + "` | "
		i := strings.Index(doc, row)
		if i < 0 {
			t.Errorf("docs/deploying.md: no table row for %s", r.Path)
			continue
		}
		line, _, _ := strings.Cut(doc[i+len(row):], "\n")
		for _, h := range r.Headers {
			if !strings.Contains(line, "`"+h.Name+": "+h.Value+"`") {
				t.Errorf("docs/deploying.md, row %s: no `%s: %s`", r.Path, h.Name, h.Value)
			}
		}
	}
	for ext, typ := range map[string]string{"jws": JWSType, "jwt": JWTType} {
		block := regexp.MustCompile(`(?s)location ~ \\\.` + ext + `\$ \{(.*?)\}\n`).FindStringSubmatch(doc)
		if block == nil || !strings.Contains(block[1], "default_type "+typ+";") || !strings.Contains(block[1], "add_header Access-Control-Allow-Origin * always;") {
			t.Errorf("docs/deploying.md: the nginx configuration does not serve .%s as %s with CORS", ext, typ)
		}
	}
	for _, want := range []string{"--include '*.jwt' --content-type " + JWTType, "issuers/<id>/did.json"} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/deploying.md does not say %q", want)
		}
	}
}
