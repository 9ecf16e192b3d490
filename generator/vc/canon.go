package vc

import (
	"fmt"
	"strings"

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
// numbers ValidText and CheckNumber refuse through, for the test that
// compares json-gold with the reference implementation on them.
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

// jsonldError words an error of json-gold.
func jsonldError(err error) error {
	return fmt.Errorf("JSON-LD: %v", err)
}
