package vc

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"
)

// checkDocument refuses an @context anywhere in doc that is not the URL of
// an embedded context (or a list of them), and a number that CheckNumber
// refuses.
func checkDocument(v any, depth int, checkNumbers bool) error {
	if depth > maxDepth {
		return fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "@context" {
				if err := checkContextValue(e); err != nil {
					return err
				}
				continue
			}
			if err := checkDocument(e, depth+1, checkNumbers); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := checkDocument(e, depth+1, checkNumbers); err != nil {
				return err
			}
		}
	case float64:
		if checkNumbers {
			return CheckNumber(v)
		}
	}
	return nil
}

// CheckNumber refuses a JSON number that cannot be signed as it is: an
// integer of magnitude 2⁵³ or more, or a fraction closer to zero than
// 10⁻⁶. json-gold and the reference implementation of RDFC-1.0 (jsonld.js,
// which tells integers from doubles by how JavaScript prints the number)
// write those differently in the canonical form, so a signature over them
// would not verify elsewhere.
func CheckNumber(f float64) error {
	a := math.Abs(f)
	if math.IsNaN(f) || a >= 1<<53 || (a < 1e-6 && a != math.Trunc(a)) {
		return fmt.Errorf("number %v is out of the range a signed credential can hold (integers of magnitude below 2^53, fractions from 0.000001)", f)
	}
	return nil
}

func checkContextValue(v any) error {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	for _, c := range list {
		u, ok := c.(string)
		if !ok {
			return errors.New("an inline @context (only the URLs of known contexts are accepted)")
		}
		if _, known := contextFile[u]; !known {
			return fmt.Errorf("unknown JSON-LD context %q (only the embedded contexts are used; nothing is fetched)", u)
		}
	}
	return nil
}

// checkExpanded refuses what JSON-LD to RDF would silently drop, or what
// json-gold would write differently from the reference implementation: an
// @id, @type or property that is not an absolute IRI (such as a type the
// contexts do not define), an http(s) IRI that json-gold's URL check drops
// (longer than 2,082 characters, or a malformed host), a malformed language
// tag, and a JSON literal (@json), whose canonical form json-gold does not
// write as the reference does.
func checkExpanded(v any, depth int) error {
	if depth > 2*maxDepth+8 {
		return fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case map[string]any:
		_, isValue := v["@value"]
		for k, e := range v {
			switch k {
			case "@id":
				if s, ok := e.(string); ok && !strings.HasPrefix(s, "_:") {
					if err := checkIRI(s); err != nil {
						return fmt.Errorf("id: %w", err)
					}
				}
			case "@type":
				for _, t := range asList(e) {
					s, ok := t.(string)
					if !ok || strings.HasPrefix(s, "_:") {
						continue
					}
					if isValue && s == "@json" {
						return errors.New("a JSON literal (@json) cannot be signed here")
					}
					if !absoluteIRI(s) {
						return fmt.Errorf("type %q is not defined by the document's contexts", s)
					}
					if err := checkIRI(s); err != nil {
						return fmt.Errorf("type: %w", err)
					}
				}
			case "@value":
				// a literal: nothing in it is an IRI
			case "@language":
				if s, ok := e.(string); ok && !languageTag.MatchString(s) {
					return fmt.Errorf("language tag %q is not well formed", s)
				}
			default:
				if !strings.HasPrefix(k, "@") {
					if err := checkIRI(k); err != nil {
						return fmt.Errorf("property: %w", err)
					}
				}
				if err := checkExpanded(e, depth+1); err != nil {
					return err
				}
			}
		}
	case []any:
		for _, e := range v {
			if err := checkExpanded(e, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// languageTag is the form of language tag json-gold keeps (it drops a
// literal with any other).
var languageTag = regexp.MustCompile(`^[a-zA-Z]+(-[a-zA-Z0-9]+)*$`)

// goodIRIs remembers http(s) IRIs that passed ld.IsURL (a costly regular
// expression); it stops growing at maxGoodIRIs, enough for the vocabulary
// of the contexts and a site's own URLs.
var (
	goodIRIs    sync.Map
	goodIRIsLen atomic.Int64
)

const maxGoodIRIs = 1 << 14

// checkIRI refuses s unless it is an absolute IRI that json-gold keeps.
func checkIRI(s string) error {
	if !absoluteIRI(s) {
		return fmt.Errorf("%.80q is not an absolute IRI", s)
	}
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		return nil
	}
	if _, ok := goodIRIs.Load(s); ok {
		return nil
	}
	if !ld.IsURL(s) {
		return fmt.Errorf("%.80q is not a URL the canonicalizer accepts (too long, or a malformed host)", s)
	}
	if goodIRIsLen.Load() < maxGoodIRIs {
		if _, loaded := goodIRIs.LoadOrStore(s, true); !loaded {
			goodIRIsLen.Add(1)
		}
	}
	return nil
}

// absoluteIRI reports whether s is an absolute IRI: a scheme, a colon, and
// none of the characters an IRI may not hold.
func absoluteIRI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return !strings.ContainsAny(s, " <>\"{}|^`\\") && !hasControl(s)
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// checkDataset checks every literal of the dataset with ValidText, so that
// the canonical form json-gold writes is the one RDFC-1.0 defines.
func checkDataset(ds *ld.RDFDataset, checkText bool) error {
	for _, quads := range ds.Graphs {
		for _, q := range quads {
			for _, n := range []ld.Node{q.Subject, q.Predicate, q.Object} {
				switch n := n.(type) {
				case ld.Literal:
					if !checkText {
						continue
					}
					if err := ValidText(n.Value); err != nil {
						return fmt.Errorf("%w: %.40q", err, n.Value)
					}
				case ld.IRI:
					if !absoluteIRI(n.Value) {
						return fmt.Errorf("%q is not an absolute IRI", n.Value)
					}
				}
			}
		}
	}
	return nil
}

// ValidText refuses a string that cannot be signed as it is: one that is not
// UTF-8, or holds a control character other than tab, line feed and
// carriage return (U+0000–U+001F, U+007F). RDFC-1.0 writes those as \b,
// \f or \u00XX escapes in the canonical N-Quads, and json-gold writes them
// raw, so a signature over them would not verify elsewhere. Content checks
// call it on every text that goes into a credential.
func ValidText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("text is not valid UTF-8")
	}
	for i, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return fmt.Errorf("control character U+%04X at byte %d (not allowed in a signed credential)", r, i)
		}
	}
	return nil
}
