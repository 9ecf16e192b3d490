package edit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
	"rosette/generator/internal/atomicfile"
)

// Revoke returns the award record src with revoked = true and
// revocation_reason = reason added among its top-level keys (see
// insertTopKeys). Every other byte is kept. An existing single-line revoked or revocation_reason key is replaced.
// The result is checked to decode to the same award, now revoked.
func Revoke(src []byte, reason string) ([]byte, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("a revocation reason is required: the earner and every verifier see it")
	}
	var before content.Award
	if e := content.CheckBounds("", src); e != nil {
		return nil, fmt.Errorf("the record is beyond the limits of a record: line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	if _, err := toml.Decode(string(src), &before); err != nil {
		return nil, fmt.Errorf("the record does not parse: %v", err)
	}
	if before.Revoked {
		return nil, fmt.Errorf("already revoked (%s)", before.RevocationReason)
	}
	out, err := insertTopKeys(src, []string{"revoked", "revocation_reason"}, func(nl string) string {
		return "revoked = true" + nl + "revocation_reason = " + quote(reason) + nl
	})
	if err != nil {
		return nil, err
	}

	var after content.Award
	if _, err := toml.Decode(string(out), &after); err != nil {
		return nil, fmt.Errorf("revoking would break the record (%v); edit it by hand", err)
	}
	want := before
	want.Revoked, want.RevocationReason = true, reason
	if !reflect.DeepEqual(after, want) {
		return nil, fmt.Errorf("revoking would change more than the revocation; edit the record by hand")
	}
	return out, nil
}

// insertTopKeys returns the TOML record src with the keys text(nl) makes
// (nl the file's line ending) added among its top-level keys, just before
// the first table (after the last top-level key, so that comments and
// blank lines that introduce the table stay with it). Every other byte is
// kept but single-line top-level keys named in drop, which text replaces.
func insertTopKeys(src []byte, drop []string, text func(nl string) string) ([]byte, error) {
	lines := strings.SplitAfter(string(src), "\n")
	insert := len(lines)
	lastKey := -1
	var kept []string
	open := "" // delimiter of an open multi-line string
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if open != "" {
			if strings.Count(ln, open)%2 == 1 {
				open = ""
			}
			kept = append(kept, ln)
			lastKey = len(kept) - 1
			continue
		}
		if strings.HasPrefix(t, "[") {
			insert = i
			break
		}
		if k := topKey(t); contains(drop, k) {
			if strings.Contains(t, `"""`) || strings.Contains(t, "'''") {
				return nil, fmt.Errorf("%s spans several lines; edit it by hand", k)
			}
			continue // replaced below
		}
		for _, d := range []string{`"""`, "'''"} {
			if strings.Count(t, d)%2 == 1 {
				open = d
			}
		}
		kept = append(kept, ln)
		if t != "" && !strings.HasPrefix(t, "#") {
			lastKey = len(kept) - 1
		}
	}
	head := kept
	at := lastKey + 1
	var out bytes.Buffer
	for _, ln := range head[:at] {
		out.WriteString(ln)
	}
	nl := "\n"
	if strings.Contains(string(src), "\r\n") {
		nl = "\r\n" // keep the file's line endings
	}
	if at > 0 && !strings.HasSuffix(head[at-1], "\n") {
		out.WriteString(nl)
	}
	out.WriteString(text(nl))
	for _, ln := range head[at:] {
		out.WriteString(ln)
	}
	for _, ln := range lines[insert:] {
		out.WriteString(ln)
	}

	return out.Bytes(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// topKey returns the bare key a TOML line starts with, or "".
func topKey(line string) string {
	i := strings.IndexByte(line, '=')
	if i <= 0 {
		return ""
	}
	k := strings.TrimSpace(line[:i])
	k = strings.Trim(k, `"'`)
	return k
}

// RevokeFile revokes the award record at path in place. The file is
// replaced atomically and keeps its permissions.
func RevokeFile(file, reason string) error {
	fi, err := os.Lstat(file)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file (a symbolic link, pipe or device): rosette edits only the record itself", filepath.ToSlash(file))
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	out, err := Revoke(src, reason)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.ToSlash(file), err)
	}
	return atomicfile.Write(file, out, fi.Mode().Perm())
}
