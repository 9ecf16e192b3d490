// Package content reads a site's records — content/site.toml, issuers,
// badge classes, earners and awards in TOML, with their images — from an
// fs.FS into typed values (Site), and checks them: every problem is an
// Error at its file:line:col, and Load reports all of them at once, sorted
// (Errors). It knows nothing of Open Badges JSON (package ob) or of pages
// (package render). Site.UpdateAwards and Site.ReloadBadges read changed
// records again for rosette serve.
package content
