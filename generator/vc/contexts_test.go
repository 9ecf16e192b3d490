package vc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestContextsMatchSources compares every embedded context with the file
// it was copied from: the specification files in ../shared/spec and the
// npm packages .ci installs.
func TestContextsMatchSources(t *testing.T) {
	spec := sharedSpec(t)
	_, modules := nodeJudges(t)
	sources := map[string][]string{
		ContextCredentialsV2: {filepath.Join(spec, "credentials-v2-context.jsonld"),
			filepath.Join(modules, "@digitalbazaar/credentials-context/contexts/v2.jsonld")},
		ContextOpenBadgesV3:   {filepath.Join(spec, "openbadges-v3p0-context-3.0.3.json")},
		ContextDIDV1:          {filepath.Join(modules, "did-context/contexts/did-v1.jsonld")},
		ContextMultikeyV1:     {filepath.Join(modules, "@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld")},
		ContextDataIntegrity2: {filepath.Join(modules, "@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld")},
		ContextJWS2020:        {filepath.Join(modules, "@transmute/security-context/contexts/suites/jws-2020-v1.json")},
	}
	for _, u := range Contexts() {
		files, ok := sources[u]
		if !ok {
			t.Errorf("%s: no source to compare with", u)
			continue
		}
		got, _ := Context(u)
		for _, f := range files {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Errorf("%s: %v", u, err)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s", u, f)
			}
		}
	}
	if _, ok := Context("https://example.org/unknown"); ok {
		t.Error("Context serves an unknown URL")
	}
	if _, err := (loader{}).LoadDocument("https://www.w3.org/2018/credentials/v1"); err == nil {
		t.Error("the loader serves a context that is not embedded")
	}
}
