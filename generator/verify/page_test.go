package verify

import "testing"

func TestAlternateJSON(t *testing.T) {
	for body, want := range map[string]string{
		`<!DOCTYPE html><html><head><link rel="alternate" type="application/atom+xml" href="/f.xml"><link rel="alternate" type="application/ld+json" href="https://b.example.org/assertions/x.json"></head>`: "https://b.example.org/assertions/x.json",
		`<html><head><LINK TYPE='application/json' REL='Alternate' href=../x.json?a=1&amp;b=2>`:                                                                                                              "https://b.example.org/assertions/x.json?a=1&b=2",
		`<html><head><link rel="alternate" type="application/ld+json" href="javascript:alert(1)">`:                                                                                                           "",
		`<html><head><link rel="canonical" href="https://b.example.org/">`:                                                                                                                                   "",
		`{"id": "https://b.example.org/assertions/x.json"}`:                                                                                                                                                  "",
	} {
		if got := alternateJSON("https://b.example.org/assertions/x/", []byte(body)); got != want {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}
