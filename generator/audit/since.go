package audit

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
)

// Since compares the awards of the site at root (already loaded as s)
// with those at the git revision ref. An award published at ref must
// still exist under the same id — it may move to another directory,
// because its URL depends on its id only — and keep its recipient, badge
// class, issue date and status index, and stay revoked if it was. Anything else is reported: deleting, renaming or
// rewriting a published award breaks links and verifications that are
// already out there; revoke it instead.
func Since(root, ref string, s *content.Site) (content.Errors, error) {
	r := repo{dir: root}
	fsys := sitefs.New(root)
	if _, err := r.git("rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--since %s: not a commit in the git repository at %s (%v)", ref, root, err)
	}
	old, err := r.lsTree(ref, path.Join(content.Dir, "awards"))
	if err != nil {
		return nil, err
	}
	var errs content.Errors
	add := func(p content.Pos, format string, args ...any) {
		errs = append(errs, &content.Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
	}
	type pair struct {
		old blob
		cur *content.Award
	}
	var changed []pair
	var gone []blob
	for _, b := range old {
		if path.Ext(b.path) != ".toml" || strings.HasPrefix(path.Base(b.path), ".") {
			continue
		}
		id := strings.TrimSuffix(path.Base(b.path), ".toml")
		a := s.Award(id)
		if a == nil {
			gone = append(gone, b)
			continue
		}
		data, err := fsys.ReadFile(a.File)
		if err != nil {
			return nil, err
		}
		if blobID(data, b.oid) != b.oid {
			changed = append(changed, pair{b, a})
		}
	}
	oids := make([]string, 0, len(changed)+len(gone))
	for _, c := range changed {
		oids = append(oids, c.old.oid)
	}
	for _, b := range gone {
		oids = append(oids, b.oid)
	}
	blobs, err := r.catBlobs(oids)
	if err != nil {
		return nil, err
	}
	// Awards by recipient hash, to tell a rename from a deletion.
	byHash := make(map[string]*content.Award, len(s.Awards))
	for _, a := range s.Awards {
		byHash[a.Recipient.Identity+a.Recipient.Salt] = a
	}
	for _, b := range gone {
		id := strings.TrimSuffix(path.Base(b.path), ".toml")
		var was content.Award
		decodeOld(b.path, blobs[b.oid], &was) // an error leaves was empty: a deletion
		if to := byHash[was.Recipient.Identity+was.Recipient.Salt]; to != nil && was.Recipient.Identity != "" {
			add(content.Pos{File: to.File, Line: 1, Col: 1}, "award %s was published at %s as %s: renaming it breaks its URL; keep the id %s (moving it to another directory is fine), or revoke it", to.ID, ref, b.path, id)
			continue
		}
		add(content.Pos{File: b.path}, "award %s was published at %s and is deleted: its URL must keep answering; restore it and revoke it instead (rosette revoke %s --reason …)", id, ref, id)
	}
	for _, c := range changed {
		var was content.Award
		md, err := decodeOld(c.old.path, blobs[c.old.oid], &was)
		if err != nil {
			continue // it did not parse then; nothing was published
		}
		data, _ := fsys.ReadFile(c.cur.File)
		src := string(data)
		a := c.cur
		if recipientType(was.Recipient.Type) != recipientType(a.Recipient.Type) || was.Recipient.Identity != a.Recipient.Identity || was.Recipient.Salt != a.Recipient.Salt {
			add(keyPos(src, a.File, "recipient", "identity"), "the recipient of award %s changed since %s: a published award keeps its recipient; revoke it and award the badge anew", a.ID, ref)
		}
		if was.Badge != a.Badge {
			add(keyPos(src, a.File, "", "badge"), "the badge of award %s changed since %s (was %q): revoke it and award the right badge anew", a.ID, ref, was.Badge)
		}
		if was.Revoked && !a.Revoked {
			add(keyPos(src, a.File, "", "badge"), "award %s was revoked at %s: a published revocation cannot be undone; award the badge anew if it is deserved", a.ID, ref)
		}
		if md.IsDefined("status_index") && (!a.HasStatusIndex || a.StatusIndex != was.StatusIndex) {
			add(keyPos(src, a.File, "", "status_index"), "the status_index of award %s changed since %s (was %d): verifiers read its revocation at that place of the status list, so it never changes", a.ID, ref, was.StatusIndex)
		}
		if !was.Issued.Equal(a.Issued) {
			add(keyPos(src, a.File, "", "issued"), "the issue date of award %s changed since %s (was %s): a published award keeps its issue date; revoke it and award anew", a.ID, ref, was.Issued.UTC().Format("2006-01-02T15:04:05Z"))
		}
	}
	errs.Sort()
	return errs, nil
}

func recipientType(t string) string {
	if t == "" {
		return "email"
	}
	return t
}

// keyPos finds key in the given table ("" for the top level) of a TOML
// source, for error positions. It falls back to the start of the file.
func keyPos(src, file, table, key string) content.Pos {
	cur := ""
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			cur = strings.Trim(t, "[] \r")
			continue
		}
		if cur != table {
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return content.Pos{File: file, Line: i + 1, Col: len(line) - len(strings.TrimLeft(line, " \t")) + 1}
		}
	}
	return content.Pos{File: file, Line: 1, Col: 1}
}

// sortedKeys is used for deterministic iteration.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// decodeOld decodes an award as it was at an earlier revision, within
// the limits a record is held to today.
func decodeOld(file string, data []byte, a *content.Award) (toml.MetaData, error) {
	if len(data) > content.MaxRecordBytes {
		return toml.MetaData{}, fmt.Errorf("%s: larger than a record may be", file)
	}
	if e := content.CheckBounds(file, data); e != nil {
		return toml.MetaData{}, e
	}
	return toml.Decode(string(data), a)
}
