package audit

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/internal/judges"
)

// gitRepo makes a site in a fresh git repository with three awards and
// commits it. It returns the root and the award files by id.
func gitRepo(t *testing.T) (string, map[string]string) {
	t.Helper()
	judges.Command(t, "git")
	root := t.TempDir()
	files := edit.SiteFiles(edit.SiteOptions{})
	awards := map[string]string{}
	for i, email := range []string{"ada@example.net", "ben@example.com", "cy@example.org"} {
		a := &edit.Award{Badge: "first-badge", Email: email, Issued: time.Date(2024+i, 3, 14, 9, 0, 0, 0, time.UTC)}
		id := []string{"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"}[i]
		p := edit.AwardPath(id, a.Issued)
		files = append(files, edit.Planned{Path: p, Data: a.Encode("0123456789abcdef0123456789abcdef"[:30] + []string{"01", "02", "03"}[i])})
		awards[id] = p
	}
	if err := edit.WriteAll(root, files); err != nil {
		t.Fatal(err)
	}
	git(t, root, "init", "-q", "-b", "main")
	git(t, root, "add", "-A")
	git(t, root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "site")
	return root, awards
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func load(t *testing.T, root string) *content.Site {
	t.Helper()
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func edit1(t *testing.T, root, p, old, new string) {
	t.Helper()
	f := filepath.Join(root, filepath.FromSlash(p))
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(f, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func messages(errs content.Errors) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

func TestSince(t *testing.T) {
	root, awards := gitRepo(t)
	a, b, c := awards["aaaaaaaaaaaaaaaa"], awards["bbbbbbbbbbbbbbbb"], awards["cccccccccccccccc"]

	// Untouched, revoked, edited narrative, moved: all fine.
	if err := edit.RevokeFile(filepath.Join(root, a), "Wrong person."); err != nil {
		t.Fatal(err)
	}
	edit1(t, root, c, "issued", "narrative = \"Well done.\"\nissued")
	os.MkdirAll(filepath.Join(root, "content/awards/old"), 0o755)
	if err := os.Rename(filepath.Join(root, b), filepath.Join(root, "content/awards/old/bbbbbbbbbbbbbbbb.toml")); err != nil {
		t.Fatal(err)
	}
	errs, err := Since(root, "HEAD", load(t, root))
	if err != nil || len(errs) > 0 {
		t.Fatalf("allowed changes reported: %v\n%s", err, messages(errs))
	}

	// Changed badge, issue date and recipient; a deletion; a rename.
	if err := edit.WriteAll(root, edit.BadgeFiles("second", "")); err != nil {
		t.Fatal(err)
	}
	edit1(t, root, a, `badge = "first-badge"`, `badge = "second"`)
	edit1(t, root, a, "issued = 2024-03-14T09:00:00Z", "issued = 2024-03-15T09:00:00Z")
	edit1(t, root, c, `salt = "`, `salt = "ff`)
	os.Remove(filepath.Join(root, "content/awards/old/bbbbbbbbbbbbbbbb.toml"))
	if err := os.Rename(filepath.Join(root, c), filepath.Join(root, "content/awards/2026/dddddddddddddddd.toml")); err != nil {
		t.Fatal(err)
	}
	edit1(t, root, "content/awards/2026/dddddddddddddddd.toml", `salt = "ff`, `salt = "`) // the same recipient, under a new id
	got := ""
	errs, err = Since(root, "HEAD", load(t, root))
	if err != nil {
		t.Fatal(err)
	}
	got = messages(errs)
	want := []string{
		"content/awards/2024/aaaaaaaaaaaaaaaa.toml:1:1: the badge of award aaaaaaaaaaaaaaaa changed since HEAD (was \"first-badge\")",
		"content/awards/2024/aaaaaaaaaaaaaaaa.toml:2:1: the issue date of award aaaaaaaaaaaaaaaa changed since HEAD (was 2024-03-14T09:00:00Z)",
		"content/awards/2025/bbbbbbbbbbbbbbbb.toml: award bbbbbbbbbbbbbbbb was published at HEAD and is deleted",
		"content/awards/2026/dddddddddddddddd.toml:1:1: award dddddddddddddddd was published at HEAD as content/awards/2026/cccccccccccccccc.toml: renaming it breaks its URL",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(errs), len(want), got)
	}

	// A revocation cannot be undone.
	git(t, root, "add", "-A")
	git(t, root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "changes")
	edit1(t, root, a, "revoked = true\nrevocation_reason = \"Wrong person.\"\n", "")
	errs, _ = Since(root, "HEAD", load(t, root))
	if got := messages(errs); !strings.Contains(got, "content/awards/2024/aaaaaaaaaaaaaaaa.toml:1:1: award aaaaaaaaaaaaaaaa was revoked at HEAD: a published revocation cannot be undone") || len(errs) != 1 {
		t.Errorf("undone revocation:\n%s", got)
	}
	git(t, root, "checkout", "-q", "HEAD~1", "--", "content")
	git(t, root, "reset", "-q", "--soft", "HEAD~1")

	// A changed recipient is reported at its identity key.
	edit1(t, root, "content/awards/2026/dddddddddddddddd.toml", "", "")
	if err := os.Rename(filepath.Join(root, "content/awards/2026/dddddddddddddddd.toml"), filepath.Join(root, c)); err != nil {
		t.Fatal(err)
	}
	edit1(t, root, c, `salt = "`, `salt = "ee`)
	errs, _ = Since(root, "HEAD", load(t, root))
	if got := messages(errs); !strings.Contains(got, "content/awards/2026/cccccccccccccccc.toml:7:1: the recipient of award cccccccccccccccc changed since HEAD") {
		t.Errorf("recipient change:\n%s", got)
	}

	if _, err := Since(root, "no-such-ref", load(t, root)); err == nil || !strings.Contains(err.Error(), "--since no-such-ref: not a commit") {
		t.Errorf("bad ref: %v", err)
	}
}

func TestSecrets(t *testing.T) {
	root, awards := gitRepo(t)
	key := "-----BEGIN " + "PRIVATE KEY-----\nMIIE\n-----END " + "PRIVATE KEY-----\n"
	write := func(p, data string) {
		f := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("keys/issuer.pem", "# the key\n"+key)
	write("notes.md", "Contact badges@example.org (the issuer).\nAward for  Ben@Example.com here.\n")
	write("lists/spring.csv", "email\nzed@example.org\n")
	write("testdata/fixture.txt", "ben@example.com\n"+key)
	write("untracked.txt", key)
	edit1(t, root, awards["aaaaaaaaaaaaaaaa"], "badge =", "narrative = \"Mail me: someone@example.org\"\nbadge =")
	// The build would publish it (allowed in site.toml), but the audit
	// still refuses any address in an award record.
	edit1(t, root, "content/site.toml", "title =", "allowed_addresses = [\"someone@example.org\"]\ntitle =")
	git(t, root, "add", "-f", "keys", "notes.md", "lists", "testdata", awards["aaaaaaaaaaaaaaaa"])
	errs, err := Secrets(root, load(t, root))
	if err != nil {
		t.Fatal(err)
	}
	got := messages(errs)
	want := []string{
		"content/awards/2024/aaaaaaaaaaaaaaaa.toml:1:23: a plaintext email address: award records",
		"lists/spring.csv:2:1: a plaintext email address",
		"notes.md:2:12: the plaintext email address of the recipient of award bbbbbbbbbbbbbbbb",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(errs), len(want), got)
	}
}

// TestSinceStatusIndex checks that a published status index may be added
// but never changed or removed.
func TestSinceStatusIndex(t *testing.T) {
	root, awards := gitRepo(t)
	a := awards["aaaaaaaaaaaaaaaa"]
	edit1(t, root, a, "issued", "status_index = 17\nissued")
	if errs, err := Since(root, "HEAD", load(t, root)); err != nil || len(errs) > 0 {
		t.Fatalf("adding an index: %v %s", err, messages(errs))
	}
	git(t, root, "add", "-A")
	git(t, root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "indexes")
	for name, repl := range map[string]string{"changed": "status_index = 18\n", "removed": ""} {
		edit1(t, root, a, "status_index = 17\n", repl)
		errs, err := Since(root, "HEAD", load(t, root))
		if err != nil {
			t.Fatal(err)
		}
		if got := messages(errs); !strings.Contains(got, "the status_index of award aaaaaaaaaaaaaaaa changed since HEAD (was 17)") || len(errs) != 1 {
			t.Errorf("%s index:\n%s", name, got)
		}
		edit1(t, root, a, "issued", "status_index = 17\nissued")
		if repl != "" {
			edit1(t, root, a, repl, "")
		}
	}
}
