package vc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// maxUndefinedSearch bounds the work of undefinedTerm, which expands the
// document once per property.
const maxUndefinedSearch = 200

// jsonldOptions returns the options of every JSON-LD operation here: the
// embedded contexts only, JSON-LD 1.1, and safe mode (a property that
// expands to nothing is an error, not dropped).
func jsonldOptions() *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader{}
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.SafeMode = true
	opts.Algorithm = ld.AlgorithmURDNA2015
	return opts
}

// activeContexts caches the active context that a document's top-level
// @context makes (a *ld.Context by the @context's URLs joined with spaces).
// Processing the VC and Open Badges contexts is most of the work of
// expanding a credential, and every credential has the same ones. The
// cached contexts are only ever copied, never used directly: expansion
// starts from a copy, as it does from the result of parsing @context.
var activeContexts sync.Map

// expand is JSON-LD expansion of doc (its contexts checked by
// checkDocument), as ld.JsonLdProcessor.Expand does it, but with the active
// context of the top-level @context taken from activeContexts.
func expand(doc map[string]any, opts *ld.JsonLdOptions) ([]any, error) {
	ctxValue, ok := doc["@context"]
	if !ok {
		return ld.NewJsonLdProcessor().Expand(doc, opts)
	}
	var urls []string
	for _, u := range asList(ctxValue) {
		urls = append(urls, u.(string)) // checkDocument let only URLs through
	}
	key := strings.Join(urls, " ")
	cached, ok := activeContexts.Load(key)
	if !ok {
		c, err := ld.NewContext(nil, opts).Parse(ctxValue)
		if err != nil {
			return nil, err
		}
		cached, _ = activeContexts.LoadOrStore(key, c)
	}
	active := ld.CopyContext(cached.(*ld.Context))
	rest := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "@context" {
			rest[k] = v
		}
	}
	out, err := ld.NewJsonLdApi().Expand(active, "", rest, opts, false, nil)
	if err != nil {
		return nil, err
	}
	// The last steps of the expansion algorithm, as the processor does them.
	switch v := out.(type) {
	case []any:
		return v, nil
	case map[string]any:
		if g, ok := v["@graph"]; ok && len(v) == 1 {
			return asList(g), nil
		}
		if len(v) == 0 {
			return []any{}, nil
		}
		return []any{v}, nil
	case nil:
		return []any{}, nil
	}
	return nil, fmt.Errorf("JSON-LD expansion gave a %T", out)
}

// undefinedTerm finds, after expansion in safe mode failed, a property
// that the contexts do not define, and returns its path ("a.b[0].c"), or ""
// when the failure is something else. It removes properties from a copy of
// doc, deepest first, until expansion succeeds: the last one removed is
// undefined. Ids and types are never removed, since they select the
// contexts that define the other properties.
func undefinedTerm(doc map[string]any, opts *ld.JsonLdOptions) string {
	var e *ld.JsonLdError
	if _, err := expand(doc, opts); !errors.As(err, &e) || e.Code != ld.InvalidProperty {
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
	if len(props) > maxUndefinedSearch {
		return ""
	}
	for _, p := range props {
		delete(p.obj, p.key)
		if _, err := expand(copied, opts); err == nil {
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

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}
