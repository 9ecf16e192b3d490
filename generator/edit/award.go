// Package edit writes content records for the issuer: new awards with a
// hashed recipient, revocations that keep every other byte of the record,
// scaffolds for badge classes, earners and whole sites, and bulk awards
// imported from CSV. It never writes a plaintext recipient address: the
// address is normalised, salted and hashed before anything is encoded.
package edit

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
)

// IDLength is the length of a new award id; 16 characters from [a-z0-9]
// are about 82 bits of randomness.
const IDLength = 16

// SaltBytes is the number of random bytes in a new salt (hex encoded).
const SaltBytes = 16

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewID returns a random award id of IDLength characters from [a-z0-9],
// read from r (crypto/rand.Reader in normal use). Bytes are drawn without
// modulo bias.
func NewID(r io.Reader) (string, error) {
	const limit = 256 - 256%len(idAlphabet) // 252: the largest multiple of 36
	out := make([]byte, 0, IDLength)
	buf := make([]byte, 32)
	for len(out) < IDLength {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < IDLength {
				out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			}
		}
	}
	return string(out), nil
}

// NewSalt returns SaltBytes random bytes from r, hex encoded.
func NewSalt(r io.Reader) (string, error) {
	b := make([]byte, SaltBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Award is a new award before it is written.
type Award struct {
	Badge        string
	Earner       string // optional earner slug
	Email        string // plaintext recipient address; only its hash is written
	Issued       time.Time
	Expires      time.Time // optional
	Evidence     string    // optional evidence URL
	EvidenceName string    // optional name of that evidence

	// EvidenceNarrative and EvidenceDescription describe the evidence
	// (markdown and plain text); a narrative is evidence even without a URL.
	EvidenceNarrative   string
	EvidenceDescription string
	Narrative           string // optional markdown

	// MoreEvidence is written after the evidence above.
	MoreEvidence []content.Evidence

	StatusIndex    int // place in the issuer's status list, when HasStatusIndex
	HasStatusIndex bool
}

// CheckEmail reports whether s looks like an email address.
func CheckEmail(s string) error {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n<>\",;") || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return fmt.Errorf("%q is not an email address", s)
	}
	return nil
}

// Check reports what is wrong with a against the loaded site: an unknown
// badge class or earner, a missing or malformed address, an expiry not
// after the issue date, an evidence URL that is not http(s).
func (a *Award) Check(s *content.Site) []string {
	var probs []string
	switch {
	case a.Badge == "":
		probs = append(probs, "no badge class given")
	case s.Badge(a.Badge) == nil:
		probs = append(probs, fmt.Sprintf("unknown badge %q%s", a.Badge, didYouMean(a.Badge, badgeIDs(s))))
	}
	if a.Earner != "" && s.Earner(a.Earner) == nil {
		probs = append(probs, fmt.Sprintf("unknown earner %q%s (create it with: rosette new earner %s)", a.Earner, didYouMean(a.Earner, earnerIDs(s)), a.Earner))
	}
	if strings.TrimSpace(a.Email) == "" {
		probs = append(probs, "no recipient email address given")
	} else if err := CheckEmail(a.Email); err != nil {
		probs = append(probs, err.Error())
	}
	if a.Issued.IsZero() {
		probs = append(probs, "no issue date")
	}
	if !a.Expires.IsZero() && !a.Expires.After(a.Issued) {
		probs = append(probs, "the expiry date is not after the issue date")
	}
	if a.Evidence != "" && !isHTTPURL(a.Evidence) {
		probs = append(probs, fmt.Sprintf("evidence %q is not an absolute http(s) URL", a.Evidence))
	}
	if a.EvidenceName != "" && a.Evidence == "" && a.EvidenceNarrative == "" {
		probs = append(probs, fmt.Sprintf("evidence name %q without an evidence URL", a.EvidenceName))
	}
	if a.EvidenceDescription != "" && a.Evidence == "" && a.EvidenceNarrative == "" {
		probs = append(probs, fmt.Sprintf("evidence description %q without an evidence URL or narrative", a.EvidenceDescription))
	}
	allowed := s.AllowedAddresses()
	for _, f := range []struct{ name, text string }{{"evidence", a.Evidence}, {"evidence name", a.EvidenceName}, {"evidence narrative", a.EvidenceNarrative}, {"evidence description", a.EvidenceDescription}, {"narrative", a.Narrative}} {
		for _, addr := range content.FindAddresses([]byte(f.text)) {
			if !allowed[addr.Text] {
				probs = append(probs, fmt.Sprintf("the %s holds an email address (%s): it is published, and never a plaintext address", f.name, content.MaskAddress(addr.Text)))
				break
			}
		}
	}
	return probs
}

// Encode returns the TOML record of the award with the given salt. The
// address is normalised and hashed; the plaintext is not in the result.
func (a *Award) Encode(salt string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "badge = %s\n", quote(a.Badge))
	if a.Earner != "" {
		fmt.Fprintf(&b, "earner = %s\n", quote(a.Earner))
	}
	fmt.Fprintf(&b, "issued = %s\n", a.Issued.UTC().Format(time.RFC3339))
	if !a.Expires.IsZero() {
		fmt.Fprintf(&b, "expires = %s\n", a.Expires.UTC().Format(time.RFC3339))
	}
	if n := strings.TrimSpace(a.Narrative); n != "" {
		fmt.Fprintf(&b, "narrative = %s\n", quote(n))
	}
	if a.HasStatusIndex {
		fmt.Fprintf(&b, "status_index = %d\n", a.StatusIndex)
	}
	fmt.Fprintf(&b, "\n[recipient]\ntype = \"email\"\nidentity = %s\nsalt = %s\n",
		quote(ob.Hash(ob.Normalize("email", a.Email), salt)), quote(salt))
	evidence := a.MoreEvidence
	if a.Evidence != "" || a.EvidenceNarrative != "" {
		evidence = append([]content.Evidence{{URL: a.Evidence, Name: a.EvidenceName, Description: a.EvidenceDescription, Narrative: a.EvidenceNarrative}}, evidence...)
	}
	for _, ev := range evidence {
		b.WriteString("\n[[evidence]]\n")
		for _, kv := range [][2]string{{"url", ev.URL}, {"name", ev.Name}, {"description", ev.Description}, {"narrative", strings.TrimSpace(ev.Narrative)}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "%s = %s\n", kv[0], quote(kv[1]))
			}
		}
	}
	return []byte(b.String())
}

// AwardPath is where an award with the given id and issue date is written,
// relative to the site root: content/awards/<year>/<id>.toml.
func AwardPath(id string, issued time.Time) string {
	return path.Join(content.Dir, "awards", fmt.Sprint(issued.UTC().Year()), id+".toml")
}

// Planned is one file that a command is about to write.
type Planned struct {
	Path string // slash path relative to the site root
	Data []byte
	ID   string // the record id
}

// PlanAward draws an id and a salt for a, unused by the site and by the
// other planned awards (taken), and a status index from idx unless it is
// nil, and returns the file to write.
func PlanAward(s *content.Site, a *Award, rnd io.Reader, taken map[string]bool, idx *Indexes) (Planned, error) {
	if idx != nil {
		b := s.Badge(a.Badge)
		if b == nil {
			return Planned{}, fmt.Errorf("unknown badge %q", a.Badge)
		}
		n, err := idx.Next(b.Issuer)
		if err != nil {
			return Planned{}, err
		}
		a.StatusIndex, a.HasStatusIndex = n, true
	}
	for range 100 {
		id, err := NewID(rnd)
		if err != nil {
			return Planned{}, err
		}
		if s.Award(id) != nil || taken[id] {
			continue
		}
		salt, err := NewSalt(rnd)
		if err != nil {
			return Planned{}, err
		}
		taken[id] = true
		return Planned{Path: AwardPath(id, a.Issued), Data: a.Encode(salt), ID: id}, nil
	}
	return Planned{}, errors.New("could not draw an unused award id")
}

// writeDirect writes every planned file under root, one by one. No file
// is overwritten: it fails before writing anything when one already
// exists.
func writeDirect(root string, files []Planned) error {
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(f.Path))); err == nil {
			return fmt.Errorf("%s already exists; nothing was written", f.Path)
		}
	}
	for i, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeNew(p, f.Data); err != nil {
			for _, done := range files[:i] {
				os.Remove(filepath.Join(root, filepath.FromSlash(done.Path)))
			}
			return err
		}
	}
	return nil
}

// writeNew creates p with data, failing if it exists, and removes it
// again when writing fails.
func writeNew(p string, data []byte) error {
	if err := writeSynced(p, data); err != nil {
		os.Remove(p)
		return err
	}
	return nil
}

// NewRandom is the source of ids and salts: the operating system's CSPRNG.
func NewRandom() io.Reader { return rand.Reader }
