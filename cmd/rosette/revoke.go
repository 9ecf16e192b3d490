package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
)

func revokeCommand() *command {
	return &command{
		name:    "revoke",
		summary: "revoke an award (it is never deleted)",
		usage: `Usage: rosette revoke ID --reason TEXT [-s DIR]

Marks the award ID revoked: adds revoked = true and revocation_reason to
its record, keeping every other line as it was. A published award is never
deleted: its URL keeps answering, now as revoked, and it is listed in the
issuer's revocation list. Earners and verifiers see the reason.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --reason TEXT      why the award is revoked (required)

Examples:
  rosette revoke zsjqdfbcwxugd95s --reason "Awarded in error: the final quiz was not passed."
`,
		run: runRevoke,
	}
}

func runRevoke(e *env, args []string) error {
	fs := newFlags("revoke")
	src := sourceFlag(fs)
	var reason string
	fs.StringVar(&reason, "reason", "", "")
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("give exactly one award id")
	}
	if strings.TrimSpace(reason) == "" {
		return usagef("--reason is required: the earner and every verifier see it")
	}
	id := rest[0]
	s, err := generator.Load(generator.Options{Source: *src, AllowFuture: true}) // dates are checked by check and build
	if err != nil {
		return err
	}
	a := s.Award(id)
	if a == nil {
		if !content.IsSlug(id) {
			return fmt.Errorf("%q is not an award id", id)
		}
		return fmt.Errorf("no award %q under %s%s", id, filepath.Join(*src, content.Dir, "awards"), edit.DidYouMean(id, awardIDs(s)))
	}
	if a.Revoked {
		return fmt.Errorf("%s: award %s is already revoked (%s)", a.File, id, a.RevocationReason)
	}
	if err := edit.RevokeFile(filepath.Join(*src, filepath.FromSlash(a.File)), reason); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Revoked %s in %s\n", id, a.File)
	return nil
}
