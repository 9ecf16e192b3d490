package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"rosette/generator/content"
)

// privateKeyRE matches the start of a PEM private key block: the BEGIN
// line followed by a line of base64 or a PEM header, also where the line
// breaks are written as \n in a JSON or TOML string.
var privateKeyRE = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----(\r?\n|(\\r)?\\n)[ \t]*(Proc-Type:|[A-Za-z0-9+/=]{16})`)

// FindPrivateKeys walks the site root and reports every file that holds a
// PEM private key block ("-----BEGIN … PRIVATE KEY-----"), at the line of
// the block. The private signing key must never enter the repository or
// the output. Version control and package directories (.git, node_modules)
// and the build output (public/, which can be large) are skipped.
func FindPrivateKeys(root string) (content.Errors, error) {
	var errs content.Errors
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (d.Name() == ".git" || d.Name() == "node_modules") {
				return fs.SkipDir
			}
			if filepath.Dir(p) == filepath.Clean(root) && d.Name() == "public" {
				return fs.SkipDir // build output: rosette writes no private key, and rebuilds it from scratch
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte("PRIVATE KEY-----")) {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		for _, m := range privateKeyRE.FindAllIndex(data, -1) {
			line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
			col := 1 + m[0] - (bytes.LastIndexByte(data[:m[0]], '\n') + 1)
			errs = append(errs, &content.Error{
				Pos: content.Pos{File: filepath.ToSlash(rel), Line: line, Col: col},
				Msg: "a private key: it must never be in the repository or the site. Remove it, treat it as compromised, and make a new one with rosette keygen (the private key lives outside the repository)",
			})
		}
		return nil
	})
	errs.Sort()
	return errs, err
}
