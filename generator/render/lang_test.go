package render

import (
	"testing"

	"rosette/themes"
)

// englishPages is a Pages that has nothing but the default theme, in
// English, for the functions that write messages.
func englishPages(t *testing.T) *Pages {
	t.Helper()
	th, err := Open(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	return &Pages{Theme: th, Site: &Site{Title: "Site"}, Lang: NewLanguage("en", true, "")}
}
