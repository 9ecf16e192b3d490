package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"rosette/generator/bake"
	"rosette/generator/termtext"
	"rosette/generator/verify"
)

func verifyCommand() *command {
	return &command{
		name:    "verify",
		summary: "verify an Open Badges 2.0 assertion or 3.0 credential from its URL, JSON, JWS/JWT or image",
		usage: `Usage: rosette verify URL|FILE.json|FILE.png|FILE.svg|FILE.jws|FILE.jwt|JWS|JWT [flags]

Runs the whole Open Badges 2.0 verification: fetches the assertion (Accept:
application/ld+json, application/json), its badge class and issuer, and
checks that every id equals the URL it is served at, the required
properties and types, the issuer's hosted scope (startsWith/allowedOrigins,
else the issuer's origin), that it was issued in the past and has not
expired, that it is not revoked (revoked body, HTTP 410 or the issuer's
revocation list), and for a signed assertion its RS256 signature with the
creator key, listed in the issuer's publicKey and owned by the issuer.
The URL may be an award's verification page: rosette follows its
<link rel="alternate" type="application/ld+json"> to the assertion. With
--map, a URL ending in / is read from the directory's index.html.

An Open Badges 3.0 credential (JSON with a Data Integrity proof, a VC-JWT,
or an image baked with one) gets the 3.0 verification: the 1EdTech
AchievementCredential JSON schema, the credential's types and subject,
the issuer's did:web DID document, the eddsa-rdfc-2022 proof and the
VC-JWT signature with keys the issuer lists under assertionMethod,
validFrom and validUntil, the issuer's signed Bitstring status list, and
the revocation notice the issuer serves at a revoked credential's URL.

Every failure names the rule that failed. Exits 0 only when the assertion
is valid; 1 when it is invalid, not yet valid (issued in the future),
expired or revoked. A FILE of - is read from standard input; a local file
larger than 16 MB, or one that is not a regular file (a device, a pipe),
is refused.

Flags:
  --recipient EMAIL   also check that the award was made to EMAIL
  --format FORMAT     text (default) or json
  --map PREFIX=DIR    serve URLs under PREFIX from DIR instead of the network
                      (repeatable; with --map nothing else is fetched), to
                      verify a built site offline
  --now TIME          check dates against TIME (RFC 3339) instead of now

Examples:
  rosette verify https://badges.riverbend.example.org/assertions/kwmwkz64xe1t8roq.json
  rosette verify badge.png --recipient ada@example.net
  rosette verify public/assertions/kwmwkz64xe1t8roq.png --map https://badges.riverbend.example.org/=public
  rosette verify "$(cat award.jws)" --format json
  rosette verify public/credentials/kwmwkz64xe1t8roq.jwt --map https://badges.riverbend.example.org/=public
`,
		run: runVerify,
	}
}

func runVerify(e *env, args []string) error {
	fs := newFlags("verify")
	var recipient, format, now string
	var maps verify.Map
	fs.StringVar(&recipient, "recipient", "", "")
	fs.StringVar(&format, "format", "text", "")
	fs.StringVar(&now, "now", "", "")
	fs.Func("map", "", func(s string) error {
		m, err := verify.ParseMapEntry(s)
		if err != nil {
			return err
		}
		maps = append(maps, m)
		return nil
	})
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("want one assertion or credential (URL, file, JWS or JWT), got %d arguments", len(rest))
	}
	if format != "text" && format != "json" {
		return usagef("--format must be text or json, not %q", format)
	}
	opts := verify.Options{Recipient: recipient}
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return usagef("--now %q is not an RFC 3339 time such as 2026-01-01T00:00:00Z", now)
		}
		opts.Now = t
	}
	if len(maps) > 0 {
		opts.Fetcher = maps
	}
	arg := rest[0]
	input := []byte(arg)
	if !strings.HasPrefix(arg, "http://") && !strings.HasPrefix(arg, "https://") && !bake.IsJWS(arg) {
		data, err := readLocal(arg, e.stdin, verify.MaxLocalFile)
		if err != nil {
			return err
		}
		input = data
	}
	rep := verify.Verify(context.Background(), input, opts)
	if format == "json" {
		data, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", termtext.EscapeJSON(data))
	} else {
		rep.WriteText(e.stdout)
	}
	if rep.Verdict != verify.Valid {
		return silentError{exitFailure}
	}
	return nil
}
