package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
	"sync"
	"time"

	"rosette/generator/content"
	"rosette/generator/ob"
	"rosette/generator/ob3"
)

// A warm rebuild keeps the Open Badges 3.0 files of an unchanged award —
// its credential, VC-JWT and baked images — without making them again:
// they are written with a key of everything they are made from
// (publish.Dir.WriteKeyed), and a later build that finds the same key
// keeps them (publish.Dir.Keep) after one lstat each, as it would keep a
// file whose bytes it made and found unchanged. The key covers the award
// (outputsKey), its badge class and issuer as the credential embeds them,
// the site's base URL, the issuer's keys and the badge images
// (badgeOutputsKey), and the program itself: the SHA-256 of the running
// executable, so that files made by another version of rosette are made
// again. The signature cache remembers which two signatures each award's
// files hold (sigcache.Cache.Remember), so that they are not dropped
// from it while the files are kept.

// keeper is a Publisher that can keep a file of an earlier build by the
// key of its inputs (publish.Dir).
type keeper interface {
	Publisher
	Keep(key uint64, paths ...string) (bool, error)
	WriteKeyed(path string, data []byte, key uint64) error
}

// executableSum is the SHA-256 of the running program, or an error when
// it cannot be read: then nothing is kept by key.
var executableSum = sync.OnceValues(func() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
})

// keyWriter appends the parts of a key, each unambiguously: strings with
// their length before them.
type keyWriter []byte

func (w keyWriter) str(s string) keyWriter {
	return append(binary.AppendUvarint(w, uint64(len(s))), s...)
}

func (w keyWriter) bytes(b []byte) keyWriter {
	return append(binary.AppendUvarint(w, uint64(len(b))), b...)
}

func (w keyWriter) num(n int) keyWriter { return binary.AppendVarint(w, int64(n)) }

func (w keyWriter) flag(b bool) keyWriter {
	if b {
		return append(w, 1)
	}
	return append(w, 0)
}

func (w keyWriter) time(t time.Time) keyWriter {
	// With its zone: the key only has to change when the time might.
	return w.str(t.Format(time.RFC3339Nano))
}

// badgeOutputsKey is the key of what the 3.0 files of every award of the
// badge class b share: the program, the issuer's Profile and the
// Achievement as the credential embeds them, the badge's name and
// validity, the base URL and status list, the issuer's keys as the
// proofs and VC-JWTs name them, and the badge images the credential is
// baked into.
func (r *renderer) badgeOutputsKey(exe [sha256.Size]byte, is *content.Issuer, b *content.Badge) ([sha256.Size]byte, error) {
	st, g := &r.ob3, r.graph3
	profile, err := ob.Marshal(g.Profile(is))
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	achievement, err := ob.Marshal(g.Achievement(b))
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	w := keyWriter(exe[:]).str("rosette award 3.0 outputs").str(g.Base)
	w = w.bytes(profile).bytes(achievement).str(b.ID).str(b.Name)
	w = w.num(b.Validity.Years).num(b.Validity.Months).num(b.Validity.Days)
	w = w.str(g.URL(ob3.StatusListPath(is.ID)))
	w = w.str(st.method[is.ID]).str(st.kid[is.ID]).str(st.edID[is.ID]).str(st.jwtID[is.ID]).bytes(st.jwtHead[is.ID])
	for _, img := range []*content.Image{b.PNG, b.SVG} {
		w = w.flag(img != nil)
		if img != nil {
			w = w.str(img.Format).bytes(img.Data)
		}
	}
	w = w.flag(r.bake.pngs[b.ID] != nil).flag(r.bake.svgs[b.ID] != nil)
	return sha256.Sum256(w), nil
}

// outputsKey is the key of the 3.0 files of the award a, which is not
// revoked, of a badge class whose key is badge: every field of the award
// that the credential is made from (TestOutputsKeyCoversTheAward).
func outputsKey(buf []byte, badge [sha256.Size]byte, a *content.Award) ([sha256.Size]byte, []byte) {
	w := keyWriter(append(buf[:0], badge[:]...)).str(a.ID).str(a.Badge)
	w = w.time(a.Issued).time(a.Expires).str(a.Narrative)
	w = w.str(a.Recipient.Type).str(a.Recipient.Identity).str(a.Recipient.Salt)
	w = w.num(len(a.Evidence))
	for _, e := range a.Evidence {
		w = w.str(e.URL).str(e.Name).str(e.Description).str(e.Narrative).str(e.Genre).str(e.Audience)
	}
	w = w.flag(a.Revoked).str(a.RevocationReason).flag(a.HasStatusIndex).num(a.StatusIndex)
	return sha256.Sum256(w), w
}

// manifestKey is the publisher's 64-bit key for the outputs key k: its
// first bytes, never 0.
func manifestKey(k [sha256.Size]byte) uint64 {
	return binary.LittleEndian.Uint64(k[:8]) | 1
}

// credentialPaths appends to ps the paths of the 3.0 files of the award
// id of the badge class b: the credential, its VC-JWT and the baked
// images the badge has, PNG before SVG — the order credential writes
// them in, and the group Keep keeps.
func (r *renderer) credentialPaths(ps []string, id string, b *content.Badge) []string {
	ps = append(ps, ob3.CredentialPath(id, "json"), ob3.CredentialPath(id, "jwt"))
	if r.bake.pngs[b.ID] != nil {
		ps = append(ps, ob3.CredentialPath(id, "png"))
	}
	if r.bake.svgs[b.ID] != nil {
		ps = append(ps, ob3.CredentialPath(id, "svg"))
	}
	return ps
}
