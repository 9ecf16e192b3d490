package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"rosette/generator/content"
	"rosette/generator/notify"
)

// stateDir is where rosette keeps the private files of an issuer, outside
// every site: $XDG_STATE_HOME, else ~/.local/state (on macOS and Windows,
// the user's configuration directory), then rosette/<site>/, named after
// the site's base URL.
func stateDir(e *env, s *content.Site) (string, error) {
	base := e.getenv("XDG_STATE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		switch runtime.GOOS {
		case "windows", "darwin", "ios", "plan9":
			d, err := os.UserConfigDir()
			if err != nil {
				return "", err
			}
			base = d
		default:
			home := e.getenv("HOME")
			if home == "" {
				return "", errors.New("neither $XDG_STATE_HOME nor $HOME is set: give --delivery FILE, a path outside the site")
			}
			base = filepath.Join(home, ".local", "state")
		}
	}
	key := "site"
	if u, err := url.Parse(s.Config.BaseURL); err == nil && u.Host != "" {
		if k := content.Slugify(u.Host + u.Path); k != "" {
			key = k
		}
	}
	return filepath.Join(base, "rosette", key), nil
}

// deliveryFlag adds --delivery FILE to a flag set.
func deliveryFlag(fs *flag.FlagSet) *string {
	return fs.String("delivery", "", "")
}

// deliveryPath is the delivery file: flag, else deliveries.csv in the
// state directory. A path inside the site is refused: the file holds
// plaintext addresses.
func deliveryPath(e *env, s *content.Site, src, flagValue string) (string, error) {
	p := flagValue
	if p == "" {
		dir, err := stateDir(e, s)
		if err != nil {
			return "", err
		}
		p = filepath.Join(dir, "deliveries.csv")
	}
	if err := outsideSite(p, src, "the delivery file"); err != nil {
		return "", err
	}
	return p, nil
}

// outsideSite refuses a private file inside the site.
func outsideSite(p, src, what string) error {
	if notify.Inside(p, src) {
		return fmt.Errorf("%s %s is inside the site %s: it holds plaintext addresses, which must never enter the repository; give a path outside it", what, p, src)
	}
	return nil
}

// writeDeliveries appends the deliveries to the delivery file.
func writeDeliveries(path string, ds []notify.Delivery) error {
	if err := notify.AppendDeliveries(path, ds); err != nil {
		return fmt.Errorf("the delivery file: %w; nothing was written", err)
	}
	return nil
}

// printDelivery says where the addresses went.
func printDelivery(e *env, path string) {
	fmt.Fprintf(e.stdout, "Addresses for rosette notify: %s (private: keep it out of the repository)\n", path)
}
