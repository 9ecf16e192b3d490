package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"rosette/generator/bake"
	"rosette/generator/sign"
	"rosette/generator/termtext"
	"rosette/generator/verify"
)

func unbakeCommand() *command {
	return &command{
		name:    "unbake",
		summary: "print the assertion or credential baked into a PNG or SVG badge",
		usage: `Usage: rosette unbake FILE.png|FILE.svg|-

Prints what a baked badge image carries: the Open Badges 2.0 assertion
JSON, pretty-printed; or, for a signed award, the compact JWS and its
decoded payload; or the Open Badges 3.0 credential (JSON, or a VC-JWT and
its decoded payload) of an image baked as 3.0 (no signature is checked
here: rosette verify checks them). Fails with a clear
error on an image without a baked assertion, a corrupt chunk (bad CRC), a
second openbadges chunk or a truncated file. - reads the image from
standard input. A file larger than 16 MB, or one that is not a regular
file (a device, a pipe), is refused. Control characters in what the image
carries are printed escaped.

Examples:
  rosette unbake public/assertions/kwmwkz64xe1t8roq.png
  rosette unbake badge.svg | jq .recipient
  rosette verify badge.png     # to check it as well
`,
		run: runUnbake,
	}
}

func runUnbake(e *env, args []string) error {
	fs := newFlags("unbake")
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("want one image file, got %d arguments", len(rest))
	}
	data, err := readLocal(rest[0], e.stdin, verify.MaxLocalFile)
	if err != nil {
		return err
	}
	if text, err := unbakeCredential(data); err == nil {
		if bake.IsJWS(text) {
			_, payload, err := sign.Decode(text)
			if err != nil {
				return fmt.Errorf("%s: the baked VC-JWT is not a valid JWS: %v", rest[0], err)
			}
			fmt.Fprintf(e.stdout, "Open Badges 3.0 credential (VC-JWT; the signature is not checked here, run rosette verify):\n%s\n\nPayload:\n%s\n", text, pretty(payload))
			return nil
		}
		fmt.Fprintf(e.stdout, "%s\n", pretty([]byte(text)))
		return nil
	} else if err != bake.ErrNoCredential {
		return fmt.Errorf("%s: %v", rest[0], err)
	}
	b, err := bake.Unbake(data)
	if err != nil {
		return fmt.Errorf("%s: %v", rest[0], err)
	}
	// What an image carries is untrusted: printed, its control characters
	// are escaped (as JSON escapes, in JSON).
	switch {
	case bake.IsJWS(b.Text):
		_, payload, err := sign.Decode(b.Text)
		if err != nil {
			return fmt.Errorf("%s: the baked signed assertion is not a valid JWS: %v", rest[0], err)
		}
		fmt.Fprintf(e.stdout, "Signed assertion (JWS; the signature is not checked here, run rosette verify):\n%s\n\nPayload:\n%s\n", b.Text, prettySafe(payload))
	case json.Valid([]byte(b.Text)):
		fmt.Fprintf(e.stdout, "%s\n", prettySafe([]byte(b.Text)))
	default:
		fmt.Fprintf(e.stdout, "%s\n", termtext.EscapeMessage(b.Text))
	}
	return nil
}

// prettySafe is pretty, with control characters escaped: as JSON escapes
// in JSON, else as termtext.EscapeMessage does.
func prettySafe(js []byte) []byte {
	if !json.Valid(js) {
		return []byte(termtext.EscapeMessage(string(js)))
	}
	return termtext.EscapeJSON(pretty(js))
}

// pretty indents JSON, or returns it as it is when it is not JSON.
func pretty(js []byte) []byte {
	var buf bytes.Buffer
	if err := json.Indent(&buf, bytes.TrimSpace(js), "", "  "); err != nil {
		return js
	}
	return buf.Bytes()
}

// unbakeCredential returns the Open Badges 3.0 credential baked into a PNG
// or SVG, or bake.ErrNoCredential.
func unbakeCredential(img []byte) (string, error) {
	switch bake.Format(img) {
	case "png":
		return bake.UnbakeCredentialPNG(img)
	case "svg":
		if !bytes.Contains(img, []byte(bake.NamespaceV3)) {
			return "", bake.ErrNoCredential
		}
		return bake.UnbakeCredentialSVG(img)
	}
	return "", bake.ErrNoCredential
}
