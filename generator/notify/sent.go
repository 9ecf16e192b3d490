package notify

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"rosette/generator/ob"
)

// SentLog is the record of the messages sent (or exported for a mail
// merge), one line per award and address: the award id, the salted
// SHA-256 of the address with the award's own salt (the same hash as the
// award's public recipient identity, so the record reveals nothing the
// site does not), how it went out and when. It holds no plaintext address.
type SentLog struct {
	path string
	done map[string]bool // id + " " + hash
}

// OpenSentLog reads the record at path; a missing file is an empty record.
func OpenSentLog(path string) (*SentLog, error) {
	l := &SentLog{path: path, done: map[string]bool{}}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if len(fs) < 2 || !strings.HasPrefix(fs[1], "sha256$") {
			return nil, fmt.Errorf("%s:%d: not a line of a sent record (award id, hash, how, when)", path, n)
		}
		l.done[fs[0]+" "+fs[1]] = true
	}
	return l, sc.Err()
}

// Key is what the record keeps of a message: the award id and the hash
// of the address with the award's salt.
func Key(award, email, salt string) string {
	return award + " " + ob.Hash(ob.Normalize("email", email), salt)
}

// Done reports whether the message of key went out.
func (l *SentLog) Done(key string) bool { return l.done[key] }

// Add records key as sent by how ("smtp" or "csv") at t, and syncs the
// record to disk before it returns.
func (l *SentLog) Add(key, how string, t time.Time) error {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%s %s %s\n", key, how, t.UTC().Format(time.RFC3339)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	l.done[key] = true
	return f.Close()
}
