package verify

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

var (
	linkTagRE = regexp.MustCompile(`(?is)<link\b[^>]*>`)
	attrRE    = regexp.MustCompile(`(?is)([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
)

// alternateJSON returns the absolute URL of the JSON-LD or JSON
// alternate that an HTML page links (<link rel="alternate"
// type="application/ld+json" href="…">), as an award's verification
// page links its assertion; "" when the body is no such page.
func alternateJSON(pageURL string, body []byte) string {
	head := body
	if len(head) > 1<<20 {
		head = head[:1<<20]
	}
	if !strings.HasPrefix(strings.TrimSpace(strings.ToLower(string(head[:min(len(head), 512)]))), "<") {
		return ""
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	for _, tag := range linkTagRE.FindAll(head, -1) {
		attrs := map[string]string{}
		for _, m := range attrRE.FindAllSubmatch(tag, -1) {
			attrs[strings.ToLower(string(m[1]))] = html.UnescapeString(string(m[2]) + string(m[3]) + string(m[4]))
		}
		rels := strings.Fields(strings.ToLower(attrs["rel"]))
		typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
		if !contains(rels, "alternate") || (typ != "application/ld+json" && typ != "application/json") || attrs["href"] == "" {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(attrs["href"]))
		if err != nil {
			continue
		}
		if u := base.ResolveReference(ref); u.Scheme == "http" || u.Scheme == "https" {
			return u.String()
		}
	}
	return ""
}
