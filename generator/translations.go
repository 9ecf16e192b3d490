package generator

import (
	"path"
	"path/filepath"

	"rosette/generator/content"
	"rosette/generator/internal/source"
)

// MissingTranslations lists the texts of the site's records that have no
// translation into one of its languages (content.MissingTranslations),
// reading the records at opts.Source again for their positions; files
// are named as Load names them.
func MissingTranslations(opts Options, s *content.Site) []*content.Missing {
	root := opts.source()
	missing := content.MissingTranslations(source.New(root, nil), s)
	if prefix := filepath.ToSlash(filepath.Clean(root)); prefix != "." {
		for _, m := range missing {
			m.File = path.Join(prefix, m.File)
		}
	}
	return missing
}
