package vc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/piprate/json-gold/ld"
)

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
