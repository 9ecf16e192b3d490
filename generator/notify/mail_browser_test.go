package notify

import (
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"rosette/generator/content"
	"rosette/generator/internal/judges"
	"rosette/generator/internal/sitetest"
	"rosette/generator/ob"
	"rosette/themes"
)

// exampleMails renders the default theme's mail for awards of the example
// site: with an earner who has a public profile, with an expiry, and with
// no earner and no name. It returns name → the rendered parts, and the
// badge image URLs → their files.
func exampleMails(t *testing.T) (map[string][2]string, map[string]string) {
	t.Helper()
	root := sitetest.ModuleRoot(t)
	s, err := content.Load(os.DirFS(root), content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := ob.New(s)
	tp, err := LoadTemplates(themes.Default(), s.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	mails, images := map[string][2]string{}, map[string]string{}
	for name, id := range map[string]string{"profile": "asvmzxej4hlafbt2", "expires": "nlkpjo871jfunk6k", "no-name": "f3ugnuowr9zloz1p"} {
		a := s.Award(id)
		if a == nil {
			t.Fatalf("no award %s in the example site", id)
		}
		m := NewMessage(s, g, a, "")
		if img := ob.BadgeImage(s.Badge(a.Badge)); img != nil {
			images[m.Badge.Image] = filepath.Join(root, content.Dir, filepath.FromSlash(img.Path))
		}
		_, text, html, err := tp.Render(m)
		if err != nil {
			t.Fatal(err)
		}
		mails[name] = [2]string{text, html}
	}
	return mails, images
}

var (
	attrURL  = regexp.MustCompile(`\s(?:href|src|background|action)\s*=\s*"([^"]*)"`)
	imgTag   = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	altAttr  = regexp.MustCompile(`\salt="([^"]+)"`)
	tagOrURL = regexp.MustCompile(`<title>.*?</title>|<[^>]*>|https://\S+`)
	word     = regexp.MustCompile(`[\pL\pN]+`)
	textURL  = regexp.MustCompile(`https://\S+`)
)

// TestMailHTML checks the default theme's mail as mail clients need it:
// no script, no style sheet (inline styles only), every link and image
// an absolute https URL, every image with a text alternative, and a
// plain-text part that says the same words and links the same URLs.
func TestMailHTML(t *testing.T) {
	mails, _ := exampleMails(t)
	for name, parts := range mails {
		text, h := parts[0], parts[1]
		for _, bad := range []string{"<script", "<link", "<style", "javascript:", "<form", "<iframe"} {
			if strings.Contains(strings.ToLower(h), bad) {
				t.Errorf("%s: the HTML holds %s", name, bad)
			}
		}
		var htmlURLs []string
		for _, m := range attrURL.FindAllStringSubmatch(h, -1) {
			u := html.UnescapeString(m[1])
			if !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: %q is not an absolute https URL", name, u)
			}
			htmlURLs = append(htmlURLs, u)
		}
		for _, img := range imgTag.FindAllString(h, -1) {
			if !altAttr.MatchString(img) {
				t.Errorf("%s: an image without alt text: %s", name, img)
			}
		}
		// The same URLs in both parts.
		textURLs := textURL.FindAllString(text, -1)
		for _, u := range htmlURLs {
			if !strings.HasSuffix(u, ".png") && !strings.HasSuffix(u, ".svg") && !slices.Contains(textURLs, u) {
				t.Errorf("%s: the HTML links %s, the plain text does not", name, u)
			}
		}
		for _, u := range textURLs {
			if !slices.Contains(htmlURLs, u) {
				t.Errorf("%s: the plain text has %s, the HTML does not link it", name, u)
			}
		}
		// The same words in both parts (the image's alt text aside).
		words := func(s string) []string {
			var out []string
			for _, w := range word.FindAllString(strings.ToLower(s), -1) {
				if !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
			slices.Sort(out)
			return out
		}
		body := h[strings.Index(h, "<body"):]
		htmlWords, textWords := words(html.UnescapeString(tagOrURL.ReplaceAllString(body, " "))), words(textURL.ReplaceAllString(text, " "))
		if !slices.Equal(htmlWords, textWords) {
			var onlyHTML, onlyText []string
			for _, w := range htmlWords {
				if !slices.Contains(textWords, w) {
					onlyHTML = append(onlyHTML, w)
				}
			}
			for _, w := range textWords {
				if !slices.Contains(htmlWords, w) {
					onlyText = append(onlyText, w)
				}
			}
			t.Errorf("%s: the parts differ: only in the HTML %q, only in the plain text %q\n%s\n%s", name, onlyHTML, onlyText, text, h)
		}
	}
}

// TestMailInBrowser opens the mail HTML in headless Chromium at 600 and
// 390 px (a mail client's pane, a phone): no error, no request but the
// badge image, no horizontal scrolling, the image shown with its alt
// text, and no axe-core violation of the rules that apply to a mail.
// Set ROSETTE_SCREENSHOTS to a directory to keep screenshots.
func TestMailInBrowser(t *testing.T) {
	node, modules := judges.Node(t, "playwright-core", "axe-core")
	chromium := judges.Chromium(t)
	mails, images := exampleMails(t)
	dir := t.TempDir()
	type mail struct {
		Name string `json:"name"`
		File string `json:"file"`
	}
	var plan struct {
		Mails  []mail            `json:"mails"`
		Images map[string]string `json:"images"`
	}
	plan.Images = images
	for name, parts := range mails {
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, []byte(parts[1]), 0o600); err != nil {
			t.Fatal(err)
		}
		plan.Mails = append(plan.Mails, mail{name, f})
	}
	planJSON, _ := json.Marshal(map[string]any{"mails": plan.Mails, "images": plan.Images})
	cmd := exec.Command(node, filepath.Join("testdata", "mail.mjs"))
	cmd.Env = append(os.Environ(), "ROSETTE_PLAYWRIGHT="+filepath.Join(modules, "playwright-core"), "ROSETTE_CHROMIUM="+chromium,
		"ROSETTE_AXE="+filepath.Join(modules, "axe-core", "axe.min.js"), "ROSETTE_PLAN="+string(planJSON), "ROSETTE_SHOTS="+os.Getenv("ROSETTE_SCREENSHOTS"))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser script: %v", err)
	}
	var rep map[string]struct {
		Errors, Outside, Clipped, Axe []string
		Overflow                      int
		Lang, Text                    string
		Images                        []struct {
			Alt    string
			Loaded bool
			Width  float64
		}
	}
	if err := json.Unmarshal(stdout, &rep); err != nil {
		t.Fatalf("browser report: %v\n%s", err, stdout)
	}
	if len(rep) != 2*len(mails) {
		t.Errorf("%d views, want %d", len(rep), 2*len(mails))
	}
	for name, v := range rep {
		if len(v.Errors) > 0 || len(v.Outside) > 0 {
			t.Errorf("%s: errors %q, requests %q", name, v.Errors, v.Outside)
		}
		if v.Overflow > 0 || len(v.Clipped) > 0 {
			t.Errorf("%s: %d px wider than the pane; clipped %q", name, v.Overflow, v.Clipped)
		}
		if v.Lang != "en" {
			t.Errorf("%s: lang %q", name, v.Lang)
		}
		for _, img := range v.Images {
			if img.Alt == "" || !img.Loaded || img.Width < 100 {
				t.Errorf("%s: image %+v", name, img)
			}
		}
		if len(v.Axe) > 0 {
			t.Errorf("%s: axe-core violations:\n%s", name, strings.Join(v.Axe, "\n"))
		}
		if !strings.Contains(v.Text, "View and verify your award") {
			t.Errorf("%s: text\n%s", name, v.Text)
		}
	}
}
