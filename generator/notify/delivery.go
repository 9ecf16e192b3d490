// Package notify tells earners of their awards once the awards are live.
// The addresses come from a private delivery file that rosette award and
// rosette import write outside the site (the repository holds only salted
// hashes); notify checks that each award's JSON is served, mails the
// earner from the theme's mail templates through the issuer's own SMTP
// server, and keeps, also outside the site, a record of what was sent that
// holds no plaintext address, so that a re-run never mails anyone twice.
package notify

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Delivery is one line of a delivery file: an award and whom to tell.
type Delivery struct {
	Award string // award id
	Email string // plaintext address
	Name  string // the earner's name, when known (may be absent from the site)
	Badge string // badge class id, for the issuer reading the file
}

var deliveryHeader = []string{"award", "email", "name", "badge"}

// MaxDeliveryFile is the largest delivery file read.
const MaxDeliveryFile = 64 << 20

// AppendDeliveries adds ds to the delivery file at path, creating it (mode
// 0600, its directory 0700) with a header line when it does not exist.
// The file is synced before it returns.
func AppendDeliveries(path string, ds []Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if fi, err := f.Stat(); err == nil && fi.Size() == 0 {
		w.Write(deliveryHeader)
	}
	for _, d := range ds {
		w.Write([]string{d.Award, strings.TrimSpace(d.Email), d.Name, d.Badge})
	}
	w.Flush()
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadDeliveries reads a delivery file. A line that repeats an earlier
// award and address is dropped.
func ReadDeliveries(path string) ([]Delivery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDeliveryFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDeliveryFile {
		return nil, fmt.Errorf("%s: longer than %d MiB", path, MaxDeliveryFile>>20)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(head) < 2 || head[0] != "award" || head[1] != "email" {
		return nil, fmt.Errorf("%s:1: not a delivery file (its first line is not %q)", path, strings.Join(deliveryHeader, ","))
	}
	seen := map[string]bool{}
	var out []Delivery
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d:%d: %v", path, pe.Line, pe.Column, pe.Err)
			}
			return nil, err
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("%s:%d: want award,email,name,badge", path, line)
		}
		d := Delivery{Award: strings.TrimSpace(rec[0]), Email: strings.TrimSpace(rec[1])}
		if len(rec) > 2 {
			d.Name = strings.TrimSpace(rec[2])
		}
		if len(rec) > 3 {
			d.Badge = strings.TrimSpace(rec[3])
		}
		key := d.Award + "\x00" + strings.ToLower(d.Email)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
}

// Inside reports whether path is the directory root or inside it, after
// making both absolute and resolving the links of their existing parts.
func Inside(path, root string) bool {
	p, err1 := resolve(path)
	r, err2 := resolve(root)
	if err1 != nil || err2 != nil {
		return true // unknown: refuse
	}
	rel, err := filepath.Rel(r, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve makes path absolute and resolves the links of its longest
// existing prefix.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
