package vc

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// The JSON-LD contexts a credential, a DID document or a status list may
// use, embedded so that nothing is ever fetched. Sources (all allow
// redistribution):
//
//   - credentials-v2.jsonld: the W3C VC Data Model 2.0 context, also
//     @digitalbazaar/credentials-context 3.2.0 contexts/v2.jsonld (W3C
//     Software and Document License);
//   - ob-v3p0-3.0.3.json: the 1EdTech Open Badges 3.0.3 context;
//   - did-v1.jsonld: the W3C DID v1 context, from did-context 3.1.1
//     (W3C Software and Document License);
//   - multikey-v1.jsonld: from @digitalbazaar/multikey-context 2.0.1
//     (BSD-3-Clause);
//   - data-integrity-v2.jsonld: from @digitalbazaar/data-integrity-context
//     2.0.1 (BSD-3-Clause);
//   - jws-2020-v1.json: the JSON Web Signature 2020 suite context
//     (JsonWebKey2020, publicKeyJwk), from @transmute/security-context
//     0.7.0-unstable.82 contexts/suites/jws-2020-v1.json (Apache-2.0).
//
// TestContextsMatchSources compares each with its source.
//
//go:embed contexts/*.json contexts/*.jsonld
var contextFiles embed.FS

// Context URLs.
const (
	ContextCredentialsV2  = "https://www.w3.org/ns/credentials/v2"
	ContextOpenBadgesV3   = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextDIDV1          = "https://www.w3.org/ns/did/v1"
	ContextMultikeyV1     = "https://w3id.org/security/multikey/v1"
	ContextDataIntegrity2 = "https://w3id.org/security/data-integrity/v2"
	ContextJWS2020        = "https://w3id.org/security/suites/jws-2020/v1"
)

// contextFile maps each known context URL to its embedded file.
var contextFile = map[string]string{
	ContextCredentialsV2:  "contexts/credentials-v2.jsonld",
	ContextOpenBadgesV3:   "contexts/ob-v3p0-3.0.3.json",
	ContextDIDV1:          "contexts/did-v1.jsonld",
	ContextMultikeyV1:     "contexts/multikey-v1.jsonld",
	ContextDataIntegrity2: "contexts/data-integrity-v2.jsonld",
	ContextJWS2020:        "contexts/jws-2020-v1.json",
}

// Contexts returns the URLs of the embedded contexts, sorted.
func Contexts() []string {
	urls := make([]string, 0, len(contextFile))
	for u := range contextFile {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return urls
}

// Context returns the embedded JSON-LD context document served at url, or
// false when url is not one of Contexts.
func Context(url string) ([]byte, bool) {
	name, ok := contextFile[url]
	if !ok {
		return nil, false
	}
	data, err := contextFiles.ReadFile(name)
	if err != nil {
		panic("vc: embedded context missing: " + name)
	}
	return data, true
}

// loader is the document loader json-gold uses: it serves the embedded
// contexts, each parsed once, and refuses every other URL.
type loader struct{}

var _ ld.DocumentLoader = loader{}

var parsedContexts = sync.OnceValue(func() map[string]*ld.RemoteDocument {
	docs := make(map[string]*ld.RemoteDocument, len(contextFile))
	for u := range contextFile {
		data, _ := Context(u)
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			panic("vc: embedded context " + u + " is not JSON: " + err.Error())
		}
		docs[u] = &ld.RemoteDocument{DocumentURL: u, Document: v}
	}
	return docs
})

// LoadDocument returns an embedded context; any other URL is an error.
func (loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	d, ok := parsedContexts()[u]
	if !ok {
		return nil, fmt.Errorf("unknown JSON-LD context %q (only the embedded contexts are used; nothing is fetched)", u)
	}
	return d, nil
}
