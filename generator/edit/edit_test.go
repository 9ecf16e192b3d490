package edit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
	"rosette/generator/hosting"
	"rosette/generator/ob"
)

var update = flag.Bool("update", false, "rewrite the repository's .github/workflows from Workflows")

func TestNewID(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]{16}$`)
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 2000 {
		id, err := NewID(NewRandom())
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(id) || !content.IsSlug(id) {
			t.Fatalf("bad id %q", id)
		}
		if seen[id] {
			t.Fatalf("repeated id %q", id)
		}
		seen[id] = true
		for _, r := range id {
			counts[r]++
		}
	}
	// 32000 characters over 36 symbols: about 889 each.
	for _, r := range idAlphabet {
		if c := counts[r]; c < 700 || c > 1100 {
			t.Errorf("%c drawn %d times of 32000", r, c)
		}
	}
	// Bytes 252…255 are rejected rather than folded onto a…d.
	id, err := NewID(bytes.NewReader(append(bytes.Repeat([]byte{255}, 16), bytes.Repeat([]byte{36 + 1}, 48)...)))
	if err != nil || id != strings.Repeat("b", 16) {
		t.Errorf("NewID over rejected bytes = %q, %v", id, err)
	}
}

func TestNewSalt(t *testing.T) {
	s, err := NewSalt(NewRandom())
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(s) {
		t.Fatalf("salt %q, %v", s, err)
	}
}

// TestEncodeRoundTrip loads an encoded award with the content loader and
// matches the hash against the plaintext address.
func TestEncodeRoundTrip(t *testing.T) {
	a := &Award{Badge: "git", Earner: "ada", Email: "  Ada@Example.ORG ", Issued: time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC),
		Expires: time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC), Evidence: "https://example.org/e", Narrative: "Line one\nline \"two\"\t\\ \x01"}
	data := a.Encode("00112233445566778899aabbccddeeff")
	if bytes.Contains(bytes.ToLower(data), []byte("ada@example.org")) {
		t.Fatalf("plaintext address in record:\n%s", data)
	}
	var got content.Award
	if _, err := toml.Decode(string(data), &got); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if got.Badge != "git" || got.Earner != "ada" || !got.Issued.Equal(a.Issued) || !got.Expires.Equal(a.Expires) ||
		got.Narrative != strings.TrimSpace(a.Narrative) || len(got.Evidence) != 1 || got.Evidence[0].URL != a.Evidence {
		t.Errorf("decoded %+v", got)
	}
	if !ob.Match(got.Recipient.Identity, got.Recipient.Salt, got.Recipient.Type, "ada@example.org") {
		t.Errorf("identity does not match the address")
	}
}

func TestRevoke(t *testing.T) {
	const rec = "[recipient]\nidentity = \"sha256$" + "0000000000000000000000000000000000000000000000000000000000000000" + "\"\nsalt = \"s\"\n"
	tests := []struct {
		name, in, want, err string
	}{
		{"before first table", "badge = \"b\"\nissued = 2025-01-01T00:00:00Z\n\n" + rec,
			"badge = \"b\"\nissued = 2025-01-01T00:00:00Z\nrevoked = true\nrevocation_reason = \"Wrong person.\"\n\n" + rec, ""},
		{"comments stay with the table", "badge = \"b\" # the badge\n\n# Who.\n" + rec,
			"badge = \"b\" # the badge\nrevoked = true\nrevocation_reason = \"Wrong person.\"\n\n# Who.\n" + rec, ""},
		{"multi-line string holding a bracket", "narrative = \"\"\"\n[not a table]\n\"\"\"\nbadge = \"b\"\n" + rec,
			"narrative = \"\"\"\n[not a table]\n\"\"\"\nbadge = \"b\"\nrevoked = true\nrevocation_reason = \"Wrong person.\"\n" + rec, ""},
		{"no table, no final newline", "badge = \"b\"",
			"badge = \"b\"\nrevoked = true\nrevocation_reason = \"Wrong person.\"\n", ""},
		{"revoked = false is replaced", "badge = \"b\"\nrevoked = false\n" + rec,
			"badge = \"b\"\nrevoked = true\nrevocation_reason = \"Wrong person.\"\n" + rec, ""},
		{"CRLF kept", "badge = \"b\"\r\n\r\n" + strings.ReplaceAll(rec, "\n", "\r\n"),
			"badge = \"b\"\r\nrevoked = true\r\nrevocation_reason = \"Wrong person.\"\r\n\r\n" + strings.ReplaceAll(rec, "\n", "\r\n"), ""},
		{"already revoked", "badge = \"b\"\nrevoked = true\nrevocation_reason = \"x\"\n", "", "already revoked (x)"},
		{"broken record", "badge = \n", "", "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Revoke([]byte(tt.in), "Wrong person.")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	if _, err := Revoke([]byte("badge = \"b\"\n"), "  "); err == nil {
		t.Error("empty reason accepted")
	}
}

func FuzzRevoke(f *testing.F) {
	f.Add("badge = \"b\"\nnarrative = '''\n[x]\n'''\n[recipient]\nsalt = \"s\"\n", "r")
	f.Add("a = 1\n[[evidence]]\nurl = \"u\"\n", "why")
	f.Fuzz(func(t *testing.T, src, reason string) {
		var before content.Award
		if _, err := toml.Decode(src, &before); err != nil {
			return
		}
		out, err := Revoke([]byte(src), reason)
		if err != nil {
			return
		}
		var after content.Award
		if _, err := toml.Decode(string(out), &after); err != nil {
			t.Fatalf("result does not parse: %v\n%s", err, out)
		}
		if !after.Revoked || after.RevocationReason != strings.TrimSpace(reason) {
			t.Fatalf("not revoked:\n%s", out)
		}
	})
}

// TestSiteFilesLoad checks that a new site's content loads clean.
func TestSiteFilesLoad(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, f := range SiteFiles(SiteOptions{IssuerName: "Zoë's Club"}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Issuer("zoe-s-club") == nil || s.Badge("first-badge") == nil || s.Config.DefaultIssuer != "zoe-s-club" {
		t.Errorf("site: %+v", s.Config)
	}
}

// TestRepositoryWorkflows keeps .github/workflows of this repository equal
// to Workflows(""), the workflows every new site gets in its own form.
func TestRepositoryWorkflows(t *testing.T) {
	dir := filepath.Join("..", "..", ".github", "workflows")
	for name, want := range Workflows("") {
		p := filepath.Join(dir, name)
		if *update {
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(p, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s differs from Workflows(\"\"); run: go test ./generator/edit -run TestRepositoryWorkflows -update", p)
		}
	}
	site := Workflows(SourceFile)
	if !strings.Contains(site["check.yml"], "run: rosette check --format github --since") ||
		!strings.Contains(site["deploy.yml"], "ROSETTE_SIGNING_KEY: ${{ secrets.ROSETTE_SIGNING_KEY }}") ||
		strings.Contains(site["check.yml"], "${{ secrets") || !strings.Contains(site["check.yml"], `git clone --depth 1 "$(head -n 1 .rosette-source)"`) {
		t.Errorf("site workflows:\n%s\n%s", site["check.yml"], site["deploy.yml"])
	}
}

// TestSiteNetlifyTOML parses a new site's netlify.toml.
func TestSiteNetlifyTOML(t *testing.T) {
	var data []byte
	for _, f := range SiteFiles(SiteOptions{}) {
		if f.Path == "netlify.toml" {
			data = f.Data
		}
	}
	var cfg struct {
		Build struct {
			Command, Publish string
			Environment      map[string]string
		}
		Context map[string]struct{ Command string }
	}
	if _, err := toml.Decode(string(data), &cfg); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if cfg.Build.Publish != "public" || !strings.HasSuffix(cfg.Build.Command, `build`) || cfg.Build.Environment["GO_VERSION"] == "" {
		t.Errorf("build = %+v", cfg.Build)
	}
	if !strings.HasSuffix(cfg.Context["deploy-preview"].Command, `build --baseURL "$DEPLOY_PRIME_URL"`) {
		t.Errorf("deploy-preview = %q", cfg.Context["deploy-preview"].Command)
	}
	// The same header rules as the build's _headers (their tables are
	// checked in package hosting).
	if !strings.Contains(string(data), hosting.NetlifyHeaders(hosting.HeaderRules(false))) {
		t.Errorf("netlify.toml lacks the header rules:\n%s", data)
	}
}

// TestPlanAwardSkipsUsedIDs: a drawn id that an award already has, or
// that another planned award took, is drawn again.
func TestPlanAwardSkipsUsedIDs(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, f := range SiteFiles(SiteOptions{}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	a := &Award{Badge: "first-badge", Email: "a@example.org", Issued: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	fsys["content/awards/2025/aaaaaaaaaaaaaaaa.toml"] = &fstest.MapFile{Data: a.Encode("00")}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Bytes 0, 1, 2 draw 'a', 'b', 'c'. An id takes 32 bytes and is
	// followed by a 16-byte salt only when it is kept.
	chunk := func(c byte, n int) []byte { return bytes.Repeat([]byte{c}, n) }
	var rnd bytes.Buffer
	for _, b := range [][]byte{chunk(0, 32), chunk(1, 32), chunk(9, 16), chunk(1, 32), chunk(2, 32), chunk(9, 16)} {
		rnd.Write(b)
	}
	taken := map[string]bool{}
	p1, err := PlanAward(s, a, &rnd, taken, nil)
	if err != nil || p1.ID != "bbbbbbbbbbbbbbbb" {
		t.Fatalf("first plan %q, %v", p1.ID, err)
	}
	p2, err := PlanAward(s, a, &rnd, taken, nil)
	if err != nil || p2.ID != "cccccccccccccccc" {
		t.Fatalf("second plan %q, %v", p2.ID, err)
	}
	if p1.Path != "content/awards/2025/bbbbbbbbbbbbbbbb.toml" {
		t.Errorf("path %s", p1.Path)
	}
}
