package generator

import "rosette/generator/internal/sitetest"

// The example site to change, and files written into it (see package
// sitetest).
var (
	copyExampleSite = sitetest.Copy
	writeFile       = sitetest.WriteFile
)
