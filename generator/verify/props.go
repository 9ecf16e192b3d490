package verify

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"rosette/generator/ob"
)

var hashRE = regexp.MustCompile(`^(?i)(sha256\$[0-9a-f]{64}|md5\$[0-9a-f]{32})$`)

// assertionProps checks the required properties and types of an
// Assertion.
func (v *verifier) assertionProps(doc map[string]any) bool {
	var probs []string
	if !hasContext(doc) {
		probs = append(probs, "@context is not the Open Badges 2.0 context "+ob.Context)
	}
	if !hasType(doc, "Assertion") {
		probs = append(probs, "type is not Assertion")
	}
	if !isHTTP(idOf(doc["id"])) && !strings.HasPrefix(idOf(doc["id"]), "urn:uuid:") {
		probs = append(probs, "id is not an http(s) URL or urn:uuid")
	}
	if r, ok := doc["recipient"].(map[string]any); !ok {
		probs = append(probs, "recipient is missing or not an IdentityObject")
	} else {
		identity, _ := r["identity"].(string)
		typ, _ := r["type"].(string)
		hashed, isBool := r["hashed"].(bool)
		switch {
		case typ == "":
			probs = append(probs, "recipient.type is missing")
		case identity == "":
			probs = append(probs, "recipient.identity is missing")
		case r["hashed"] != nil && !isBool:
			probs = append(probs, "recipient.hashed is not a boolean")
		case hashed && !hashRE.MatchString(identity):
			probs = append(probs, fmt.Sprintf("recipient.identity %q is not a sha256$ (or md5$) hash", identity))
		}
	}
	if !isHTTP(idOf(doc["badge"])) {
		probs = append(probs, "badge is not the URL of a BadgeClass")
	}
	if verification(doc) == nil {
		probs = append(probs, "verification is missing")
	}
	if _, ok := parseTime(doc["issuedOn"]); !ok {
		probs = append(probs, "issuedOn is missing or not an ISO 8601 date-time")
	}
	if doc["expires"] != nil {
		if _, ok := parseTime(doc["expires"]); !ok {
			probs = append(probs, "expires is not an ISO 8601 date-time")
		}
	}
	return v.props(RuleAssertion, "Assertion", probs)
}

// badgeProps checks the required properties and types of a BadgeClass.
func (v *verifier) badgeProps(doc map[string]any) bool {
	var probs []string
	if !hasType(doc, "BadgeClass") {
		probs = append(probs, "type is not BadgeClass")
	}
	for _, k := range []string{"name", "description"} {
		if s, _ := doc[k].(string); strings.TrimSpace(s) == "" {
			probs = append(probs, k+" is missing")
		}
	}
	if img := idOf(doc["image"]); !isHTTP(img) && !strings.HasPrefix(img, "data:") {
		probs = append(probs, "image is not a URL or data URI")
	}
	switch c := doc["criteria"].(type) {
	case string:
		if !isHTTP(c) {
			probs = append(probs, "criteria is not a URL")
		}
	case map[string]any:
		if idOf(c["id"]) == "" && c["narrative"] == nil {
			probs = append(probs, "criteria has neither id nor narrative")
		}
	default:
		probs = append(probs, "criteria is missing")
	}
	// The issuer is its URL or an embedded Profile; either way it is
	// fetched from its id, the copy the issuer hosts.
	if !isHTTP(idOf(doc["issuer"])) {
		probs = append(probs, "issuer is neither the URL of a Profile nor a Profile with an http(s) id")
	}
	return v.props(RuleBadgeClass, "BadgeClass", probs)
}

// profileProps checks the required properties and types of an issuer.
func (v *verifier) profileProps(doc map[string]any) bool {
	var probs []string
	if !hasType(doc, "Profile") && !hasType(doc, "Issuer") {
		probs = append(probs, "type is not Profile")
	}
	if s, _ := doc["name"].(string); strings.TrimSpace(s) == "" {
		probs = append(probs, "name is missing")
	}
	if s, _ := doc["url"].(string); !isHTTP(s) {
		probs = append(probs, "url is not an http(s) URL")
	}
	return v.props(RuleProfile, "Profile", probs)
}

func (v *verifier) props(rule, what string, probs []string) bool {
	if len(probs) > 0 {
		v.fail(rule, "%s: %s", what, strings.Join(probs, "; "))
		return false
	}
	v.pass(rule, "%s has the required properties", what)
	return true
}

func hasContext(doc map[string]any) bool {
	for _, c := range strs(doc["@context"]) {
		switch c {
		case ob.Context, "https://w3id.org/openbadges/v2/", "https://openbadgespec.org/v2/context.json":
			return true // the JSON-LD contexts of Open Badges 2.0
		}
	}
	return false
}

// hasType reports whether a document's type is, or includes, t.
func hasType(doc map[string]any, t string) bool {
	for _, s := range strs(doc["type"]) {
		if s == t || s == "https://w3id.org/openbadges#"+t {
			return true
		}
	}
	return false
}

func verification(doc map[string]any) map[string]any {
	m, _ := doc["verification"].(map[string]any)
	return m
}

// verificationType returns the first verification type of doc, in its
// Open Badges 2.0 name, or "".
func verificationType(doc map[string]any) string {
	types := strs(verification(doc)["type"])
	if len(types) == 0 {
		return ""
	}
	switch t := types[0]; t {
	case "hosted", "HostedBadge":
		return "HostedBadge"
	case "signed", "SignedBadge":
		return "SignedBadge"
	default:
		return t
	}
}

// idOf returns a string value, or the id of an embedded object.
func idOf(x any) string {
	switch x := x.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["id"].(string)
		return s
	}
	return ""
}

// ids returns the ids of a value that is one id, one object, or a list.
func ids(x any) []string {
	if l, ok := x.([]any); ok {
		var out []string
		for _, e := range l {
			if s := idOf(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := idOf(x); s != "" {
		return []string{s}
	}
	return nil
}

// strs returns a string or a list of strings.
func strs(x any) []string {
	switch x := x.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// parseTime reads an ISO 8601 date-time (with or without zone; UTC when
// none) or date.
func parseTime(x any) (time.Time, bool) {
	s, _ := x.(string)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
