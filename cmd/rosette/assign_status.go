package main

import (
	"fmt"

	"rosette/generator"
	"rosette/generator/edit"
)

func assignStatusCommand() *command {
	return &command{
		name:    "assign-status",
		summary: "give every award without one a status list index",
		usage: `Usage: rosette assign-status [-s DIR] [--dry-run]

Gives every award that has no status_index one, drawn at random among the
free places of its issuer's status list (131,072 of them), and adds it to
the award's record as status_index = N, keeping every other line. Run it
once when an issuer starts publishing Open Badges 3.0, and commit the
result as one change to review: a published index never changes, since
verifiers read the award's revocation at that place of the list.
rosette award and rosette import give new awards an index themselves.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --dry-run          list what would change, write nothing

Examples:
  rosette assign-status && git add content/awards && git commit -m "Status list indexes"
`,
		run: runAssignStatus,
	}
}

func runAssignStatus(e *env, args []string) error {
	fs := newFlags("assign-status")
	src := sourceFlag(fs)
	var dry bool
	fs.BoolVar(&dry, "dry-run", false, "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src})
	if err != nil {
		return err
	}
	as, err := edit.AssignStatus(*src, s, edit.NewRandom())
	if err != nil {
		return err
	}
	for _, a := range as {
		fmt.Fprintf(e.stdout, "%s: status_index = %d\n", a.File, a.Index)
	}
	if dry {
		fmt.Fprintf(e.stdout, "%s would get a status index (dry run: nothing written)\n", plural(len(as), "award"))
		return nil
	}
	if err := edit.WriteAssigned(*src, as); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s got a status index\n", plural(len(as), "award"))
	return nil
}
