package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"rosette/generator"
	"rosette/generator/content"
	"rosette/generator/edit"
)

func expiringCommand() *command {
	return &command{
		name:    "expiring",
		summary: "list the awards that expire soon",
		usage: `Usage: rosette expiring [--within PERIOD] [--format text|csv|json] [--clock TIME] [-s DIR]

Lists the awards that are not revoked, have not expired yet, and expire
within PERIOD (an ISO 8601 period, as a badge class's valid_for: P60D,
P8W, P3M, P1Y): their expiry date, id, badge class, earner and the URL of
their verification page, soonest first. An award expires on its own
expires date, else the badge class's valid_for after it was issued.
Renew one with rosette award --renew ID --email ADDR.

"Now" is the build's clock: --clock, else $SOURCE_DATE_EPOCH, else the
current time.

Flags:
  -s, --source DIR   site root, the directory holding content/ (default .)
  --within PERIOD    how far ahead to look (default P60D)
  --format FORMAT    text (default), csv (a header line, then one row per
                     award: expires,id,badge,earner,url) or json (an array)
  --clock TIME       the time to look ahead from, as 2026-05-01 or
                     2026-05-01T12:00:00Z

Examples:
  rosette expiring --within P60D
  rosette expiring --within P3M --format csv > reminders.csv
`,
		run: runExpiring,
	}
}

func runExpiring(e *env, args []string) error {
	fs := newFlags("expiring")
	src := sourceFlag(fs)
	var within, format, clockFlag string
	fs.StringVar(&within, "within", "P60D", "")
	fs.StringVar(&format, "format", "text", "")
	fs.StringVar(&clockFlag, "clock", "", "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	period, err := content.ParseDuration(within)
	if err != nil {
		return usagef("--within: %v", err)
	}
	if format != "text" && format != "csv" && format != "json" {
		return usagef("--format %q: give text, csv or json", format)
	}
	clock, err := buildClock(clockFlag, e.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	s, err := generator.Load(generator.Options{Source: *src})
	if err != nil {
		return err
	}
	list := edit.ExpiringAwards(s, clock, period)
	switch format {
	case "json":
		if list == nil {
			list = []edit.Expiring{}
		}
		data, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", data)
		return err
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write([]string{"expires", "id", "badge", "earner", "url"})
		for _, x := range list {
			w.Write([]string{x.Expires.Format(time.RFC3339), x.ID, x.Badge, x.Earner, x.URL})
		}
		w.Flush()
		return w.Error()
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "No award expires within %s of %s.\n", within, clock.Format(time.DateOnly))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EXPIRES\tID\tBADGE\tEARNER\tURL")
	for _, x := range list {
		earner := x.Earner
		if earner == "" {
			earner = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", x.Expires.Format(time.DateOnly), x.ID, x.Badge, earner, x.URL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verb := "expire"
	if len(list) == 1 {
		verb = "expires"
	}
	fmt.Fprintf(e.stdout, "%s %s within %s of %s.\n", plural(len(list), "award"), verb, within, clock.Format(time.DateOnly))
	return nil
}
