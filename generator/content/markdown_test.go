package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCheckMarkdown(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "" when the text is within the limits
	}{
		{"link openers", strings.Repeat("[a](", MaxMarkdownBrackets+1), "1:4001: more than 1000 \"[\""},
		{"images over lines", strings.Repeat("![a]\n", MaxMarkdownBrackets) + "![", "1001:2: more than 1000"},
		{"block quotes", "text\n" + strings.Repeat(">", 1000), "2:17: more than 16 block quotes and lists"},
		{"lists", strings.Repeat("- ", 17) + "a", "1:33: more than 16"},
		{"ordered lists", strings.Repeat("1. ", 17) + "a", "1:49: more than 16"},
		{"mixed", strings.Repeat("> -\t2) ", 6) + "a", "1:38: more than 16"},
		{"size", strings.Repeat("a\n", MaxMarkdownBytes), "32769:1: markdown text is longer than 64 KB"},

		{"brackets", strings.Repeat("[a](b) ", MaxMarkdownBrackets), ""},
		{"sixteen deep", strings.Repeat("> ", 8) + strings.Repeat("- ", 8) + "a", ""},
		{"thematic break", "> " + strings.Repeat("- ", 40) + "\n" + strings.Repeat("* ", 40), ""},
		{"numbers", strings.Repeat("1.5 ", 40) + "\n" + strings.Repeat("1234567890. ", 40), ""},
		{"hyphens", strings.Repeat("-- ", 40) + "\n" + strings.Repeat("-a ", 40), ""},
		{"longest", strings.Repeat("é", MaxMarkdownBytes/2), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msg string
			if e := CheckMarkdown(tt.src); e != nil {
				msg = e.Error()
			}
			checkRefusal(t, msg, tt.want)
		})
	}
}

// TestMarkdownFieldErrors checks that every markdown field is checked,
// with the error at its place in the file.
func TestMarkdownFieldErrors(t *testing.T) {
	deep := strings.Repeat("> ", 17) + "x"
	tests := []struct {
		file, src, want string
	}{
		{"content/badges/git.toml", "name = \"Git\"\ndescription = \"" + deep + "\"\ncriteria = \"c\"\n",
			"content/badges/git.toml:2:48: description: more than 16 block quotes and lists nested on one line"},
		{"content/badges/git.toml", "name = \"Git\"\ndescription = \"d\"\ncriteria = \"\"\"\nFirst line\n  " + deep + "\n\"\"\"\n",
			"content/badges/git.toml:5:35: criteria: more than 16"},
		{"content/badges/git.toml", "name = \"Git\"\ndescription = \"d\"\ncriteria = '''" + "ok\n" + deep + "'''\n",
			"content/badges/git.toml:4:33: criteria: more than 16"},
		{"content/badges/git.toml", "name = \"Git\"\ndescription = \"d\"\ncriteria = \"ok\\n" + deep + "\"\n",
			"content/badges/git.toml:3:12: criteria: line 2, column 33 of the text: more than 16"},
		{"content/earners/ada.toml", "name = \"Ada\"\nbio = \"\"\"\n" + strings.Repeat("[", 1001) + "\n\"\"\"\n",
			"content/earners/ada.toml:3:1001: bio: more than 1000 \"[\""},
		{"content/awards/2025/abc123de.toml", "narrative = \"\"\"\n" + deep + "\n\"\"\"\n" + baseAward,
			"content/awards/2025/abc123de.toml:2:33: narrative: more than 16"},
		{"content/awards/2025/abc123de.toml", baseAward + "\n[[evidence]]\nurl = \"https://e.example/\"\n[[evidence]]\nnarrative = \"" + deep + "\"\n",
			"content/awards/2025/abc123de.toml:12:46: narrative: more than 16"},
	}
	for _, tt := range tests {
		fsys := baseSite()
		fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.src)}
		_, err := Load(fsys, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.file, err, tt.want)
		}
	}
}

// FuzzCheckMarkdown checks that a refusal points inside the text.
func FuzzCheckMarkdown(f *testing.F) {
	f.Add("> - 1. text\n* * *\n[a](b)")
	f.Add(strings.Repeat("> ", 17) + "x")
	f.Add(strings.Repeat("[", 1001))
	f.Fuzz(func(t *testing.T, src string) {
		e := CheckMarkdown(src)
		if e == nil {
			return
		}
		lines := strings.Split(src, "\n")
		if e.Line < 1 || e.Line > len(lines) || e.Col < 1 || e.Col > len(lines[e.Line-1])+1 {
			t.Fatalf("%v is outside the text", e)
		}
	})
}
