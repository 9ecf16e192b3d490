package verify

import (
	"encoding/json"
	"reflect"
	"strings"

	"rosette/generator/bake"
	"rosette/generator/sign"
)

// bakedSVG checks that the two things a baked SVG carries agree, as the
// Open Badges baking specification has them: the verify attribute of the
// openbadges:assertion element is the assertion URL of a hosted award or
// the compact JWS of a signed one, and the assertion JSON the element
// holds, if any, is that same award — the document whose id is the URL,
// or the JWS payload. Otherwise someone could point the verify attribute
// at another (say revoked) award while the JSON still verifies. It reports
// false after a failure; other images pass without a check.
func (v *verifier) bakedSVG(b *bake.Baked) bool {
	if b.Format != "svg" || b.Verify == "" || b.Content == "" {
		return true
	}
	verify, content := strings.TrimSpace(b.Verify), strings.TrimSpace(b.Content)
	switch {
	case bake.IsJWS(verify):
		if content == verify {
			break // the element holds the JWS itself
		}
		_, payload, err := sign.Decode(verify)
		if err != nil {
			v.fail(RuleSignature, "the SVG verify attribute: %v", err)
			return false
		}
		if !sameJSON([]byte(content), payload) {
			v.fail(RuleBakedSVG, "the assertion JSON in the SVG is not the payload of the JWS in its verify attribute: the image was changed")
			return false
		}
	case isHTTP(verify):
		var doc map[string]any
		if err := json.Unmarshal([]byte(content), &doc); err != nil || doc == nil {
			v.fail(RuleBakedSVG, "the SVG verify attribute is the URL %s, but the assertion element holds no JSON object", verify)
			return false
		}
		if id, _ := doc["id"].(string); id != verify {
			v.fail(RuleBakedSVG, "the SVG verify attribute is %s, but the assertion JSON it holds has id %q: the image was changed", verify, id)
			return false
		}
	default:
		v.fail(RuleBakedSVG, "the SVG verify attribute %q is neither an assertion URL nor a compact JWS", shortText(verify))
		return false
	}
	v.pass(RuleBakedSVG, "the SVG verify attribute and the assertion JSON it holds name the same award")
	return true
}

// sameJSON reports whether two texts are JSON documents with equal values.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func shortText(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
