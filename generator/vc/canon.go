package vc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"
)

// Canonicalize returns the RDF Dataset Canonicalization (RDFC-1.0, the
// algorithm also known as URDNA2015) of the JSON-LD document doc, as
// canonical N-Quads. Contexts come only from the embedded set (never
// fetched): an unknown context is an error, and so is an inline one. A
// property or type the contexts do not define is an error (JSON-LD would
// silently drop it from what is signed), as is a string that ValidText
// refuses.
func Canonicalize(doc []byte) ([]byte, error) {
	if err := checkJSON(doc); err != nil {
		return nil, err
	}
	v, err := decode(doc)
	if err != nil {
		return nil, err
	}
	s, err := canonicalize(v)
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// canonicalize is Canonicalize of a decoded document.
func canonicalize(doc map[string]any) (string, error) {
	if err := checkContexts(doc, 0); err != nil {
		return "", err
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader{}
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.SafeMode = true // a property that expands to nothing is an error, not dropped
	opts.Algorithm = ld.AlgorithmURDNA2015
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(doc, opts)
	if err != nil {
		if where := undefinedTerm(doc, opts); where != "" {
			return "", fmt.Errorf("%s: not defined by the document's contexts (JSON-LD would drop it from what is signed)", where)
		}
		return "", jsonldError(err)
	}
	if err := checkExpanded(expanded, 0); err != nil {
		return "", err
	}
	api := ld.NewJsonLdApi()
	dataset, err := api.ToRDF(expanded, opts)
	if err != nil {
		return "", jsonldError(err)
	}
	if err := checkDataset(dataset); err != nil {
		return "", err
	}
	opts.Format = "application/n-quads"
	out, err := api.Normalize(dataset, opts)
	if err != nil {
		return "", jsonldError(err)
	}
	return out.(string), nil
}

// undefinedTerm finds, after expansion in safe mode failed, a property
// that the contexts do not define, and returns its path ("a.b[0].c"), or ""
// when the failure is something else. It removes properties from a copy of
// doc, deepest first, until expansion succeeds: the last one removed is
// undefined. Ids and types are never removed, since they select the
// contexts that define the other properties.
func undefinedTerm(doc map[string]any, opts *ld.JsonLdOptions) string {
	var e *ld.JsonLdError
	if _, err := ld.NewJsonLdProcessor().Expand(doc, opts); !errors.As(err, &e) || e.Code != ld.InvalidProperty {
		return ""
	}
	copied := deepCopy(doc).(map[string]any)
	type prop struct {
		obj  map[string]any
		key  string
		path string
	}
	var props []prop
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(v[k], p)
				switch k {
				case "@context", "id", "type", "@id", "@type":
				default:
					props = append(props, prop{v, k, p})
				}
			}
		case []any:
			for i, e := range v {
				walk(e, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(copied, "")
	for _, p := range props {
		delete(p.obj, p.key)
		if _, err := ld.NewJsonLdProcessor().Expand(copied, opts); err == nil {
			return p.path
		}
	}
	return ""
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// jsonldError words an error of json-gold.
func jsonldError(err error) error {
	return fmt.Errorf("JSON-LD: %v", err)
}

// checkContexts refuses an @context anywhere in doc that is not the URL of
// an embedded context (or a list of them).
func checkContexts(v any, depth int) error {
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
			if err := checkContexts(e, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := checkContexts(e, depth+1); err != nil {
				return err
			}
		}
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

// checkExpanded refuses what JSON-LD to RDF would silently drop: an @id or
// @type that is not an absolute IRI (or a blank node), such as a type the
// contexts do not define.
func checkExpanded(v any, depth int) error {
	if depth > 2*maxDepth+8 {
		return fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			switch k {
			case "@id":
				if s, ok := e.(string); ok && !absoluteIRI(s) && !strings.HasPrefix(s, "_:") {
					return fmt.Errorf("id %q is not an absolute IRI", s)
				}
			case "@type":
				_, isValue := v["@value"]
				for _, t := range asList(e) {
					s, ok := t.(string)
					if !ok {
						continue
					}
					if isValue && s == "@json" {
						continue
					}
					if !absoluteIRI(s) && !strings.HasPrefix(s, "_:") {
						return fmt.Errorf("type %q is not defined by the document's contexts", s)
					}
				}
			default:
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

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
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
func checkDataset(ds *ld.RDFDataset) error {
	for _, quads := range ds.Graphs {
		for _, q := range quads {
			for _, n := range []ld.Node{q.Subject, q.Predicate, q.Object} {
				switch n := n.(type) {
				case ld.Literal:
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
