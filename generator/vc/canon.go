package vc

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	return canonicalizeText(doc, true)
}

// canonicalizeText is canonicalize; checkText false lets the texts and
// numbers ValidText and CheckNumber refuse through, for the test that compares json-gold with the
// reference implementation on them.
func canonicalizeText(doc map[string]any, checkText bool) (_ string, err error) {
	// json-gold is a large parser of hostile input: a panic in it is an
	// error about this document, not a crash of the build or the verifier.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("JSON-LD: the processor failed on this document: %v", r)
		}
	}()
	if err := checkDocument(doc, 0, checkText); err != nil {
		return "", err
	}
	opts := jsonldOptions()
	expanded, err := expand(doc, opts)
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
	if err := checkDataset(dataset, checkText); err != nil {
		return "", err
	}
	if err := checkBlankNodes(dataset); err != nil {
		return "", err
	}
	na := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015)
	na.Normalize(dataset)
	var b strings.Builder
	for _, q := range na.Quads() {
		writeNQuad(&b, q)
	}
	return b.String(), nil
}

// writeNQuad writes a quad in canonical N-Quads, as json-gold's own
// serializer does (which joins the lines of a dataset in quadratic time).
// Literals have passed ValidText, so the escapes below are all RDFC-1.0
// calls for.
func writeNQuad(b *strings.Builder, q *ld.Quad) {
	writeTerm(b, q.Subject)
	b.WriteByte(' ')
	writeTerm(b, q.Predicate)
	b.WriteByte(' ')
	writeTerm(b, q.Object)
	if q.Graph != nil {
		b.WriteByte(' ')
		writeTerm(b, q.Graph)
	}
	b.WriteString(" .\n")
}

func writeTerm(b *strings.Builder, n ld.Node) {
	switch n := n.(type) {
	case ld.BlankNode:
		b.WriteString(n.Attribute)
	case ld.Literal:
		b.WriteByte('"')
		nquadsEscaper.WriteString(b, n.Value)
		b.WriteByte('"')
		switch n.Datatype {
		case ld.RDFLangString:
			b.WriteByte('@')
			b.WriteString(n.Language)
		case ld.XSDString:
		default:
			b.WriteString("^^<")
			nquadsEscaper.WriteString(b, n.Datatype)
			b.WriteByte('>')
		}
	default:
		b.WriteByte('<')
		nquadsEscaper.WriteString(b, n.GetValue())
		b.WriteByte('>')
	}
}

// nquadsEscaper escapes what json-gold escapes in N-Quads.
var nquadsEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

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

// jsonldError words an error of json-gold.
func jsonldError(err error) error {
	return fmt.Errorf("JSON-LD: %v", err)
}

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

// MaxAlikeBlankNodes is the most blank nodes that may look alike (share
// their first-degree hash) in a document. RDFC-1.0 tells such nodes apart by
// trying the permutations of the nodes related to them, which takes time
// factorial in their number: a clique of eight takes half a minute. The
// reference implementation bounds the same work; json-gold does not, so
// this package refuses such documents before canonicalizing them. Credentials
// have few blank nodes (criteria, identifiers, evidence, alignments), and
// two alike only when their content is identical.
const MaxAlikeBlankNodes = 6

// checkBlankNodes refuses a dataset with more than MaxAlikeBlankNodes blank
// nodes that the first-degree hash of RDFC-1.0 does not tell apart. Instead
// of the hash it compares what the hash is taken of: the sorted quads that
// mention the node, the node itself written _:a and every other blank node
// _:z.
func checkBlankNodes(ds *ld.RDFDataset) error {
	mentions := map[string][]*ld.Quad{}
	for g, quads := range ds.Graphs {
		for _, q := range quads {
			for _, n := range []ld.Node{q.Subject, q.Object} {
				if b, ok := n.(ld.BlankNode); ok {
					mentions[b.Attribute] = append(mentions[b.Attribute], q)
				}
			}
			if strings.HasPrefix(g, "_:") {
				mentions[g] = append(mentions[g], q)
			}
		}
	}
	if len(mentions) <= MaxAlikeBlankNodes {
		return nil
	}
	count := map[string]int{}
	for id, quads := range mentions {
		lines := make([]string, 0, len(quads))
		for _, q := range quads {
			g := ""
			if q.Graph != nil {
				g = q.Graph.GetValue()
			}
			lines = append(lines, strings.Join([]string{
				termKey(q.Subject, id), termKey(q.Predicate, id), termKey(q.Object, id), bnodeKey(g, id),
			}, "\x00"))
		}
		sort.Strings(lines)
		count[strings.Join(lines, "\n")]++
	}
	alike := 0
	for _, n := range count {
		if n > 1 {
			alike += n
		}
	}
	if alike > MaxAlikeBlankNodes {
		return fmt.Errorf("%d blank nodes look alike; at most %d can be canonicalized in bounded time", alike, MaxAlikeBlankNodes)
	}
	return nil
}

// termKey writes an RDF term for checkBlankNodes.
func termKey(n ld.Node, self string) string {
	switch n := n.(type) {
	case ld.BlankNode:
		return bnodeKey(n.Attribute, self)
	case ld.Literal:
		return "L" + n.Value + "\x01" + n.Datatype + "\x01" + n.Language
	case nil:
		return ""
	}
	return "I" + n.GetValue()
}

func bnodeKey(id, self string) string {
	switch {
	case id == self:
		return "_:a"
	case strings.HasPrefix(id, "_:"):
		return "_:z"
	}
	return id
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
