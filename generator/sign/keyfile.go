package sign

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckKeyPath refuses a private key file at p when it lies inside the site
// root, or inside the git work tree that holds the site (the nearest
// directory at or above root with a .git entry): a key there could be
// committed or published. Symbolic links are resolved first.
func CheckKeyPath(root, p string) error {
	absRoot, err := resolve(root)
	if err != nil {
		return err
	}
	absP, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	if d, err := resolve(filepath.Dir(absP)); err == nil {
		absP = filepath.Join(d, filepath.Base(absP))
	}
	if rel, ok := within(absRoot, absP); ok {
		switch first := strings.Split(filepath.ToSlash(rel), "/")[0]; first {
		case "content", "public":
			return fmt.Errorf("inside %s/: a private key must never be in the content or the output; write it outside the site", first)
		}
		return errors.New("inside the site (the repository): a private key must never be committed; write it outside the site, e.g. ~/.config/rosette/")
	}
	if repo := gitTop(absRoot); repo != "" {
		if _, ok := within(repo, absP); ok {
			return fmt.Errorf("inside the git repository %s that holds the site: a private key must never be committed; write it outside, e.g. ~/.config/rosette/", repo)
		}
	}
	return nil
}

// ReadKeyFile returns the text of a private key file, refusing a file
// that CheckKeyPath refuses; vc.ParsePrivateKeys reads the keys in it.
func ReadKeyFile(root, file string) ([]byte, error) {
	if err := CheckKeyPath(root, file); err != nil {
		return nil, fmt.Errorf("signing key %s: %v", file, err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("signing key: %v", err)
	}
	return data, nil
}

// resolve returns the absolute path of p with symbolic links resolved
// where p exists.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return abs, nil
}

// within reports whether p is dir or under it, and p relative to dir.
func within(dir, p string) (string, bool) {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// gitTop returns the nearest directory at or above dir that holds a .git
// directory or file (a work tree), or "".
func gitTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
