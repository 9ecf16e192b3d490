package render

import (
	"strings"
	"testing"
	"time"

	"rosette/generator/content"
	"rosette/themes"
)

// TestMarkdownBounded checks that the renderer never hands a text beyond
// the limits of content.CheckMarkdown to the markdown parser: such a text
// is shown escaped, cut at the size limit, at once.
func TestMarkdownBounded(t *testing.T) {
	th, err := Open(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	if got := th.Markdown("A [link](https://example.org/) and *emphasis*."); !strings.Contains(string(got), `<a href="https://example.org/">link</a>`) {
		t.Fatalf("markdown not rendered: %s", got)
	}
	for name, src := range map[string]string{
		"link openers": strings.Repeat("[a](", 200000),
		"nesting":      strings.Repeat("> ", 100000) + "<b>x</b>",
		"size":         strings.Repeat("é", content.MaxMarkdownBytes),
	} {
		start := time.Now()
		got := string(th.Markdown(src))
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if strings.Contains(got, "<a ") || strings.Contains(got, "<b>") || strings.Contains(got, "<blockquote>") {
			t.Errorf("%s: rendered as markdown or unescaped: %.100s", name, got)
		}
		if len(got) > content.MaxMarkdownBytes*6 || !strings.HasPrefix(got, "<p>") {
			t.Errorf("%s: %d bytes: %.100s", name, len(got), got)
		}
	}
}
