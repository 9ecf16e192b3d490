package main

import (
	"rosette/generator/audit"
	"rosette/generator/content"
)

// auditSince runs the git checks of check --since: published awards kept
// stable since ref, and no secrets in the tracked files.
func auditSince(root, ref string, s *content.Site) (content.Errors, error) {
	errs, err := audit.Since(root, ref, s)
	if err != nil {
		return nil, err
	}
	more, err := audit.Secrets(root, s)
	if err != nil {
		return nil, err
	}
	errs = append(errs, more...)
	errs.Sort()
	return errs, nil
}
