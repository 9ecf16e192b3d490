package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"rosette/generator/content"
	"rosette/generator/edit"
	"rosette/generator/termtext"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // content or build error
	exitUsage   = 2 // bad command line
)

// command is one rosette subcommand.
type command struct {
	name    string
	summary string
	usage   string // full help: synopsis, description and examples
	run     func(e *env, args []string) error
}

// env is what a command runs with.
type env struct {
	stdin          io.Reader // nil in tests that give none
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError is a problem with the command line (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// silentError has already been reported; it only sets the exit code.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func commands() []*command {
	cs := []*command{buildCommand(), checkCommand(), versionCommand(), unbakeCommand(), keygenCommand(), verifyCommand()}
	cs = append(cs, awardCommand(), revokeCommand(), newCommand(), importCommand(), serveCommand(), assignStatusCommand(), pathwaysCommand(), endorseCommand(), expiringCommand(), notifyCommand())
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

func run(args []string, stdout, stderr io.Writer) int {
	return runEnv(args, &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: osGetenv})
}

func runEnv(args []string, e *env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, mainUsage())
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fmt.Fprint(e.stdout, c.usage)
				return exitOK
			}
			fmt.Fprintf(e.stderr, "rosette: unknown command %q\n", args[1])
			return exitUsage
		}
		fmt.Fprint(e.stdout, mainUsage())
		return exitOK
	}
	if name == "--version" || name == "-version" {
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "rosette: unknown command %q\nRun 'rosette help' for the list of commands.\n", name)
		return exitUsage
	}
	err := c.run(e, args[1:])
	var (
		ue usageError
		se silentError
		ce content.Errors
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, c.usage)
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "rosette %s: %s\nRun 'rosette help %s' for usage.\n", c.name, termtext.Escape(ue.msg), c.name)
		return exitUsage
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &ce):
		for _, pe := range ce {
			fmt.Fprintln(e.stderr, pe.Error())
		}
		where := "the content"
		if c.name == "import" && len(ce) > 0 && !strings.HasPrefix(ce[0].Pos.File, "content/") {
			where = ce[0].Pos.File // the CSV file, whose problems are all reported alone
		}
		fmt.Fprintf(e.stderr, "rosette %s: %s in %s; nothing was written\n", c.name, plural(len(ce), "problem"), termtext.Escape(where))
		return exitFailure
	default:
		fmt.Fprintf(e.stderr, "rosette %s: %s\n", c.name, termtext.EscapeMessage(err.Error()))
		return exitFailure
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func mainUsage() string {
	var b strings.Builder
	b.WriteString(`rosette publishes Open Badges 2.0 as a static site: badge classes, earners
and awards kept as TOML under content/ become hosted JSON-LD, verification
pages and baked images that any static host can serve.

Usage:
  rosette <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run 'rosette help <command>' for a command's flags and examples.
Exit status: 0 ok, 1 content or build error, 2 usage error.
`)
	return b.String()
}

// newFlags returns a flag set that reports errors as usage errors and keeps
// quiet about them (run prints them).
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments.
//
// A command with a site (-s) first finishes or rolls back a write that a
// killed rosette left there (edit.Recover), before it does anything else.
// parseNoArgs is parseFlags for a command that takes no positional
// argument: one is a usage error.
func parseNoArgs(e *env, fs *flag.FlagSet, args []string) error {
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	return nil
}

func parseFlags(e *env, fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	if src := fs.Lookup("s"); src != nil {
		msg, err := edit.Recover(src.Value.String())
		if err != nil {
			return nil, err
		}
		if msg != "" {
			fmt.Fprintf(e.stderr, "rosette: %s\n", msg)
		}
	}
	return pos, nil
}

func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error() + flagSuggestion(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagSuggestion suggests, for a flag that is not defined, the flag of
// fs whose name ends with it (--email for --issuer-email) or else the
// nearest one.
func flagSuggestion(fs *flag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	name = strings.TrimPrefix(name, "-")
	var names, ends []string
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) > 1 {
			names = append(names, f.Name)
			if strings.HasSuffix(f.Name, "-"+name) {
				ends = append(ends, f.Name)
			}
		}
	})
	if len(ends) == 1 {
		return fmt.Sprintf(" (did you mean --%s?)", ends[0])
	}
	if s := edit.DidYouMean(name, names); strings.HasPrefix(s, ` (did you mean "`) {
		return fmt.Sprintf(" (did you mean --%s?)", strings.TrimSuffix(strings.TrimPrefix(s, ` (did you mean "`), `"?)`))
	}
	return ""
}

// sourceFlag adds -s/--source to a flag set.
func sourceFlag(fs *flag.FlagSet) *string {
	s := new(string)
	fs.StringVar(s, "s", ".", "")
	fs.StringVar(s, "source", ".", "")
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
