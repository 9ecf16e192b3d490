package site

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"rosette/generator/rawfile"
)

// A manifest lists the files of one output tree: for each, its path, the
// ID the file system gave it (rawfile.ID) and a checksum of its bytes.
// When a build reuses a tree, a file whose ID is still the one in the
// manifest holds the bytes the manifest says, so one lstat and the
// checksum of the new bytes tell whether it must be written, without
// opening and reading it. A file whose ID differs, or that the manifest
// does not know, is compared as before.
//
// Manifests are kept outside the output, in a directory of their own (the
// site's .rosette-cache/outputs), one per tree, named after the
// destination and the tree's inode, which survives the renames that turn
// a build into the output and the output into the spare. A missing,
// damaged or foreign manifest is ignored. They hold nothing that a build
// cannot make again.
//
// The checksum is CRC-32C and CRC-32 (IEEE) of the bytes side by side: two
// checksums of different polynomials, 64 bits that any change of up to 64
// bits in a row always alters, computed in hardware at over 20 GB/s; the
// size must match too. A file that is changed again within the same tick
// of the file system's clock keeps its ID; so entries whose ctime is not
// older than the manifest itself are compared by reading.
const manifestMagic = "rosette output manifest 1\n"

// record is what a manifest says of one file.
type record struct {
	id  rawfile.ID
	sum uint64
}

const recordSize = 6 * 8 // dev, ino, size, mtime, ctime, sum

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is the manifest's checksum of data.
func checksum(data []byte) uint64 {
	return uint64(crc32.Checksum(data, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(data))
}

// manifestName is the file of the manifest of the tree whose inode is ino,
// for the destination dest (an absolute path).
func manifestName(dir, dest string, ino uint64) string {
	return filepath.Join(dir, manifestPrefix(dest)+strconv.FormatUint(ino, 10))
}

func manifestPrefix(dest string) string {
	sum := sha256.Sum256([]byte(dest))
	return hex.EncodeToString(sum[:8]) + "-"
}

// manifest is the manifest of a reused tree, read when the build starts.
type manifest struct {
	data  string            // the file
	index map[string]uint32 // path → offset of its record in data
	stamp int64             // the manifest's time: younger entries are not trusted
}

// readManifest reads the manifest of the tree whose ID is tree. Any
// problem gives nil: the build then compares every file.
func readManifest(name string, tree rawfile.ID) *manifest {
	data, err := rawfile.ReadFile(name, math.MaxUint32)
	if err != nil {
		return nil
	}
	m, err := decodeManifest(data)
	if err != nil || m.tree != [2]uint64{tree.Dev, tree.Ino} {
		return nil
	}
	return m.manifest
}

type decoded struct {
	*manifest
	tree [2]uint64 // device and inode of the tree
}

// decodeManifest parses a manifest file: the header (see decodeHeader),
// then per file the length of its path as a uvarint, the path and its
// record, then the manifest's time, the number of records and the CRC-32C
// of everything before it.
func decodeManifest(b []byte) (decoded, error) {
	const tail = 8 + 8 + 4
	h, head, err := decodeHeader(b)
	if err != nil || len(b) < head+tail {
		return decoded{}, errors.New("not a manifest")
	}
	body, trailer := b[:len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(trailer) {
		return decoded{}, errors.New("damaged manifest")
	}
	le := binary.LittleEndian
	d := decoded{tree: h.tree}
	stamp, count := int64(le.Uint64(b[len(b)-tail:])), le.Uint64(b[len(b)-tail+8:])
	data := string(b[:len(b)-tail])
	m := &manifest{data: data, stamp: stamp, index: make(map[string]uint32, min(count, uint64(len(data)/recordSize)))}
	for off := head; off < len(data); {
		n, w := binary.Uvarint(b[off:len(data)])
		if w <= 0 || n == 0 || n > uint64(len(data)-off-w) || uint64(len(data)-off-w)-n < recordSize {
			return decoded{}, errors.New("damaged manifest")
		}
		off += w
		p := data[off : off+int(n)]
		off += int(n)
		m.index[p] = uint32(off)
		off += recordSize
	}
	if uint64(len(m.index)) != count {
		return decoded{}, errors.New("damaged manifest")
	}
	d.manifest = m
	return d, nil
}

// header is the start of a manifest: the tree's device and inode, and the
// destination it was built for (an absolute path).
type header struct {
	tree [2]uint64
	dest string
}

// decodeHeader parses the header of a manifest: the magic, the device and
// inode, the length of the destination as a uvarint and the destination.
// It returns the header's length.
func decodeHeader(b []byte) (header, int, error) {
	off := len(manifestMagic) + 16
	if len(b) < off || string(b[:len(manifestMagic)]) != manifestMagic {
		return header{}, 0, errors.New("not a manifest")
	}
	le := binary.LittleEndian
	h := header{tree: [2]uint64{le.Uint64(b[len(manifestMagic):]), le.Uint64(b[len(manifestMagic)+8:])}}
	n, w := binary.Uvarint(b[off:])
	if w <= 0 || n > uint64(len(b)-off-w) {
		return header{}, 0, errors.New("not a manifest")
	}
	off += w
	h.dest = string(b[off : off+int(n)])
	return h, off + int(n), nil
}

// get returns the record of the file at p, if the manifest has one that
// can be trusted.
func (m *manifest) get(p string) (record, bool) {
	if m == nil {
		return record{}, false
	}
	off, ok := m.index[p]
	if !ok {
		return record{}, false
	}
	b := m.data[off : off+recordSize]
	u := func(i int) uint64 {
		var v uint64
		for j := 7; j >= 0; j-- {
			v = v<<8 | uint64(b[8*i+j])
		}
		return v
	}
	r := record{id: rawfile.ID{Dev: u(0), Ino: u(1), Size: int64(u(2)), Mtime: int64(u(3)), Ctime: int64(u(4))}, sum: u(5)}
	return r, r.id.Ctime < m.stamp
}

// manifestWriter writes the manifest of the tree a build writes, as the
// files are written, into a temporary file that Commit renames.
type manifestWriter struct {
	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer
	crc   hash.Hash32
	count uint64
	err   error
}

// createManifest starts, in dir, the manifest of the tree whose ID is
// tree, built for the destination dest (an absolute path).
func createManifest(dir, dest string, tree rawfile.ID) (*manifestWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return nil, err
	}
	m := &manifestWriter{f: f, crc: crc32.New(castagnoli)}
	m.w = bufio.NewWriterSize(writerFunc(func(p []byte) (int, error) {
		m.crc.Write(p)
		return f.Write(p)
	}), 64<<10)
	m.w.WriteString(manifestMagic)
	m.u64(tree.Dev, tree.Ino)
	m.str(dest)
	return m, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (m *manifestWriter) u64(vs ...uint64) {
	var b [8]byte
	for _, v := range vs {
		binary.LittleEndian.PutUint64(b[:], v)
		m.w.Write(b[:])
	}
}

// str writes s with its length before it.
func (m *manifestWriter) str(s string) {
	var n [binary.MaxVarintLen64]byte
	m.w.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
	m.w.WriteString(s)
}

// add records the file at p. It is safe for concurrent use; a nil
// manifestWriter records nothing.
func (m *manifestWriter) add(p string, r record) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.str(p)
	m.u64(r.id.Dev, r.id.Ino, uint64(r.id.Size), uint64(r.id.Mtime), uint64(r.id.Ctime), r.sum)
	m.count++
}

// finish completes the manifest and renames it to name. stamp is the
// time of the file system of the tree after its last file was written
// (see treeTime).
func (m *manifestWriter) finish(name string, stamp int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.u64(uint64(stamp), m.count)
	err := m.w.Flush()
	if err == nil {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], m.crc.Sum32())
		_, err = m.f.Write(b[:])
	}
	if cerr := m.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(m.f.Name(), name)
	}
	if err != nil {
		os.Remove(m.f.Name())
	}
	return err
}

// treeTime is the current time of the clock that gives the files of the
// tree at dir their ctime: the ctime of a file created there.
func treeTime(dir string) (int64, error) {
	f, err := os.CreateTemp(dir, ".stamp-")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	f.Close()
	id, _, err := rawfile.Lstat(f.Name())
	return id.Ctime, err
}

// discard removes the unfinished manifest.
func (m *manifestWriter) discard() {
	if m == nil {
		return
	}
	m.f.Close()
	os.Remove(m.f.Name())
}

// pruneManifests removes the manifests of dest's trees other than those of
// the trees with the inodes keep, and the manifests of other destinations
// whose trees are gone: neither the destination nor its spare is the tree.
func pruneManifests(dir, dest string, keep ...uint64) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := manifestPrefix(dest)
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if ino, err := strconv.ParseUint(strings.TrimPrefix(e.Name(), prefix), 10, 64); err == nil {
			if !slices.Contains(keep, ino) {
				os.Remove(name)
			}
			continue
		}
		if strings.HasPrefix(e.Name(), ".tmp-") {
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
				os.Remove(name) // left by a build that was killed
			}
			continue
		}
		if h, ok := readHeader(name); ok && !treeExists(h.dest, h.tree) && !treeExists(SparePath(h.dest), h.tree) {
			os.Remove(name)
		}
	}
}

// readHeader reads the header of the manifest file name.
func readHeader(name string) (header, bool) {
	f, err := os.Open(name)
	if err != nil {
		return header{}, false
	}
	defer f.Close()
	b := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, b)
	h, _, err := decodeHeader(b[:n])
	return h, err == nil
}

// treeExists reports whether the directory at p is the tree whose device
// and inode are tree.
func treeExists(p string, tree [2]uint64) bool {
	id, _, err := rawfile.Lstat(p)
	return err == nil && [2]uint64{id.Dev, id.Ino} == tree
}
