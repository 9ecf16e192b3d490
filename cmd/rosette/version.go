package main

import (
	"fmt"
	"runtime/debug"
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of rosette",
		usage: `Usage: rosette version

Prints the version of rosette and of the Go toolchain that built it.
`,
		run: func(e *env, args []string) error {
			fs := newFlags("version")
			if _, err := parseFlags(e, fs, args); err != nil {
				return err
			}
			v, goVersion := "(devel)", ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				goVersion = bi.GoVersion
				if bi.Main.Version != "" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintf(e.stdout, "rosette %s %s\n", v, goVersion)
			return nil
		},
	}
}
