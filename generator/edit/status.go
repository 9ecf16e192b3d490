package edit

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"

	"github.com/BurntSushi/toml"

	"rosette/generator/content"
	"rosette/generator/internal/atomicfile"
)

// Indexes hands out status indexes (places in an issuer's status list) at
// random among those no award of the site, and no index handed out
// before, holds. It is not safe for concurrent use.
type Indexes struct {
	s    *content.Site
	rnd  io.Reader
	used map[string]map[int]bool // by issuer, filled on first use
}

// NewIndexes returns an Indexes over the awards of s, drawing from rnd
// (crypto/rand.Reader in normal use).
func NewIndexes(s *content.Site, rnd io.Reader) *Indexes {
	return &Indexes{s: s, rnd: rnd, used: make(map[string]map[int]bool)}
}

// Next returns a free status index of the issuer's list, drawn uniformly
// among the free ones, and marks it used.
func (x *Indexes) Next(issuer string) (int, error) {
	used := x.used[issuer]
	if used == nil {
		used = x.s.UsedStatusIndexes(issuer)
		x.used[issuer] = used
	}
	if len(used) >= content.StatusListSize {
		return 0, fmt.Errorf("the status list of issuer %s is full (%d awards)", issuer, content.StatusListSize)
	}
	var buf [4]byte
	for range 64 { // while the list is less than full, a draw is free more often than not
		if _, err := io.ReadFull(x.rnd, buf[:]); err != nil {
			return 0, err
		}
		n := int(binary.BigEndian.Uint32(buf[:]) % content.StatusListSize) // a power of two: no bias
		if !used[n] {
			used[n] = true
			return n, nil
		}
	}
	// Nearly full: draw among the free indexes.
	free := make([]int, 0, content.StatusListSize-len(used))
	for n := range content.StatusListSize {
		if !used[n] {
			free = append(free, n)
		}
	}
	if _, err := io.ReadFull(x.rnd, buf[:]); err != nil {
		return 0, err
	}
	n := free[int(binary.BigEndian.Uint32(buf[:])%uint32(len(free)))] // bias below 2^-14: the list is small next to 2^32
	used[n] = true
	return n, nil
}

// SetStatusIndex returns the award record src with status_index = n
// added among its top-level keys; every other byte is kept. The result is
// checked to decode to the same award with that index.
func SetStatusIndex(src []byte, n int) ([]byte, error) {
	var before content.Award
	md, err := toml.Decode(string(src), &before)
	if err != nil {
		return nil, fmt.Errorf("the record does not parse: %v", err)
	}
	if md.IsDefined("status_index") {
		return nil, fmt.Errorf("it has a status_index already (%d), which never changes", before.StatusIndex)
	}
	out, err := insertTopKeys(src, nil, func(nl string) string { return "status_index = " + strconv.Itoa(n) + nl })
	if err != nil {
		return nil, err
	}
	var after content.Award
	if _, err := toml.Decode(string(out), &after); err != nil {
		return nil, fmt.Errorf("adding a status_index would break the record (%v); edit it by hand", err)
	}
	want := before
	want.StatusIndex = n
	if !reflect.DeepEqual(after, want) {
		return nil, fmt.Errorf("adding a status_index would change more; edit the record by hand")
	}
	return out, nil
}

// Assigned is one award given a status index by AssignStatus.
type Assigned struct {
	File  string // slash path relative to the site root
	Index int
	Data  []byte // the record with its index
}

// AssignStatus gives every award of the site without a status index one,
// drawn at random among its issuer's free ones, and returns the records
// to write (sorted by file), having written nothing. fsys reads the
// records under root, the site root.
func AssignStatus(root string, s *content.Site, rnd io.Reader) ([]Assigned, error) {
	var todo []*content.Award
	for _, a := range s.Awards {
		if !a.HasStatusIndex {
			todo = append(todo, a)
		}
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].File < todo[j].File })
	idx := NewIndexes(s, rnd)
	out := make([]Assigned, 0, len(todo))
	for _, a := range todo {
		src, err := readRecord(root, a.File)
		if err != nil {
			return nil, err
		}
		n, err := idx.Next(s.IssuerOf(a))
		if err != nil {
			return nil, err
		}
		data, err := SetStatusIndex(src, n)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", a.File, err)
		}
		out = append(out, Assigned{File: a.File, Index: n, Data: data})
	}
	return out, nil
}

// WriteAssigned writes the records AssignStatus returned, each replaced
// atomically under root.
func WriteAssigned(root string, as []Assigned) error {
	for _, a := range as {
		p := filepath.Join(root, filepath.FromSlash(a.File))
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file: rosette edits only the record itself", a.File)
		}
		if err := atomicfile.Write(p, a.Data, fi.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// readRecord reads the record file (a slash path under root), which must
// be a regular file of at most content.MaxRecordBytes.
func readRecord(root, file string) ([]byte, error) {
	p := filepath.Join(root, filepath.FromSlash(file))
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file: rosette edits only the record itself", file)
	}
	if fi.Size() > content.MaxRecordBytes {
		return nil, fmt.Errorf("%s: larger than a record may be", file)
	}
	return os.ReadFile(p)
}
