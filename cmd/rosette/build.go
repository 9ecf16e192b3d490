package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"rosette/generator"
	"rosette/generator/content"
)

func buildCommand() *command {
	return &command{
		name:    "build",
		summary: "build the site into public/",
		usage: `Usage: rosette build [-s DIR] [-d DIR] [--baseURL URL] [--clock TIME] [--allow-future] [--cacheDir DIR] [--exact]

Reads the records under DIR/content/, checks them, and writes the site:
Open Badges 2.0 JSON for every issuer, badge class and award, revocation
lists and images. The build goes to a fresh directory that replaces the
destination only when everything succeeded: on any error the previous
output is left exactly as it was, and nothing is written.

Awards of issuers with a public key (rosette keygen) are also signed when
the private key is given, with --signing-key FILE or the environment
variable ROSETTE_SIGNING_KEY_FILE (a path outside the site) or
ROSETTE_SIGNING_KEY (the PEM itself). Without it the build is hosted only,
and says so.

Flags:
  -s, --source DIR        site root, the directory holding content/ (default .)
  -d, --destination DIR   output directory (default DIR/public)
  --baseURL URL           absolute http(s) URL the site is served at,
                          replacing base_url from content/site.toml
  --signing-key FILE      an issuer's private signing key (repeatable)
  --clock TIME            the time award pages state their status at (valid
                          or expired), as 2026-05-01 or 2026-05-01T12:00:00Z;
                          default $SOURCE_DATE_EPOCH (Unix seconds), else now.
                          Pages re-check the status live in the browser.
                          An award issued after the clock (by more than 5
                          minutes) is an error.
  --allow-future          publish awards issued after the clock as "not
                          yet valid" instead
  --cacheDir DIR          where builds keep what makes the next one faster:
                          signatures and output manifests, safe to delete
                          (default DIR/.rosette-cache)
  --exact                 execute the theme's templates with html/template
                          only, not with the faster compiled programs that
                          give the same bytes (docs/templates-execution.md)

Examples:
  rosette build
  rosette build -s mysite -d /tmp/out
  rosette build --baseURL https://deploy-preview-42.example.netlify.app/
  rosette build --clock 2026-01-01
`,
		run: runBuild,
	}
}

func runBuild(e *env, args []string) error {
	fs := newFlags("build")
	src := sourceFlag(fs)
	var dest, baseURL, clockFlag, cacheDir string
	fs.StringVar(&dest, "d", "", "")
	fs.StringVar(&dest, "destination", "", "")
	fs.StringVar(&baseURL, "baseURL", "", "")
	fs.StringVar(&baseURL, "baseurl", "", "")
	var keyFiles []string
	fs.Func("signing-key", "", func(f string) error { keyFiles = append(keyFiles, f); return nil })
	fs.StringVar(&clockFlag, "clock", "", "")
	fs.StringVar(&cacheDir, "cacheDir", "", "")
	fs.StringVar(&cacheDir, "cachedir", "", "")
	exact := fs.Bool("exact", false, "")
	allowFuture := fs.Bool("allow-future", false, "")
	err := parseNoArgs(e, fs, args)
	if err != nil {
		return err
	}
	if baseURL != "" {
		if _, err := content.CheckBaseURL(baseURL); err != nil {
			return usagef("--baseURL: %v", err)
		}
	}
	clock, err := buildClock(clockFlag, e.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	if dest == "" {
		dest = filepath.Join(*src, content.OutputDir)
	}
	keys, edKeys, err := signingKeys(e, *src, keyFiles)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := generator.Build(generator.Options{Source: *src, Destination: dest, BaseURL: baseURL, Clock: clock, AllowFuture: *allowFuture, CacheDir: cacheDir, SigningKeys: keys, EdSigningKeys: edKeys, BeforeRender: tuneMemory, ExactTemplates: *exact})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Built %s (%d revoked), %s, %s, %s → %s: %s, %s in %s\n",
		plural(res.Awards, "award"), res.Revoked, plural(res.Badges, "badge class"), plural(res.Issuers, "issuer"),
		plural(res.Earners, "earner"), dest, plural(int(res.Files), "file"), formatBytes(res.Bytes), formatDuration(time.Since(start)))
	printSigning(e, res)
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "rosette build: warning: %s\n", w)
	}
	return nil
}

// buildClock is the build clock: --clock, else SOURCE_DATE_EPOCH, else now.
func buildClock(flag, epoch string) (time.Time, error) {
	if flag != "" {
		for _, layout := range []string{time.RFC3339, "2006-01-02"} {
			if t, err := time.Parse(layout, flag); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, usagef("--clock %q: want a date (2026-05-01) or a date-time with a time zone (2026-05-01T12:00:00Z)", flag)
	}
	if epoch != "" {
		n, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}

func formatBytes(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// printSigning says which awards were signed, and which issuers were built
// hosted only for want of their private key.
func printSigning(e *env, res *generator.Result) {
	if res.Signed > 0 {
		fmt.Fprintf(e.stdout, "Signed %s (JWS at assertions/<id>.jws, baked into the images).\n", plural(res.Signed, "award"))
	}
	if res.Credentials > 0 {
		fmt.Fprintf(e.stdout, "Published %s as Open Badges 3.0 credentials too (credentials/<id>.json and .jwt, baked into credentials/<id>.png and .svg).\n", plural(res.Credentials, "award"))
	}
	for _, is := range res.Only2 {
		fmt.Fprintf(e.stdout, "%s\n", only2Note(is))
	}
	for _, is := range res.EdKeyMissing {
		fmt.Fprintf(e.stdout, "Open Badges 2.0 only: issuer %s has an Ed25519 key but its private key was not given (put it in the signing key file beside the RSA key), so its awards are not published as 3.0 credentials.\n", is)
	}
	for _, is := range res.HostedOnly {
		fmt.Fprintf(e.stdout, "Hosted only: issuer %s has a signing key but its private key was not given (--signing-key, ROSETTE_SIGNING_KEY_FILE or ROSETTE_SIGNING_KEY), so its awards are not signed.\n", is)
	}
}

// only2Note says what an issuer that signs with an RSA key only needs to
// publish Open Badges 3.0 as well.
func only2Note(issuer string) string {
	return fmt.Sprintf("Open Badges 2.0 only: issuer %s signs with an RSA key but has no Ed25519 key, which Open Badges 3.0 credentials need; make one with rosette keygen --issuer %s --ed25519-only --out FILE and give builds both private keys.", issuer, issuer)
}

// printOnly2 notes the issuers that sign but publish Open Badges 2.0 only,
// and the awards of 3.0 issuers whose credentials carry no status yet.
func printOnly2(e *env, s *content.Site) {
	for _, is := range s.Issuers {
		if len(is.Keys) > 0 && len(is.EdKeys) == 0 {
			fmt.Fprintf(e.stdout, "note: %s\n", only2Note(is.ID))
		}
		if len(is.EdKeys) == 0 {
			continue
		}
		n := 0
		for _, a := range s.Awards {
			if !a.HasStatusIndex && s.IssuerOf(a) == is.ID {
				n++
			}
		}
		if n > 0 {
			fmt.Fprintf(e.stdout, "note: %s of issuer %s %s no status_index, so their Open Badges 3.0 credentials carry no status a wallet can check; give them one with rosette assign-status\n", plural(n, "award"), is.ID, map[bool]string{true: "has", false: "have"}[n == 1])
		}
	}
}
