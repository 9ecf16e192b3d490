package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"hash/maphash"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"rosette/generator/internal/fileid"
)

// A manifest lists the files and directories of one output tree: for
// each, its path (a directory's ends in "/"), the ID the file system gave
// it (fileid.ID) and, for a file, a checksum of its bytes. When a build
// reuses a tree, a file whose ID is still the one in the manifest holds
// the bytes the manifest says, so one lstat and the checksum of the new
// bytes tell whether it must be written, without opening and reading it;
// and a directory whose ID is unchanged holds exactly the entries the
// manifest lists under it (see Dir.removeUnwritten). A file whose ID
// differs, or that the manifest does not know, is compared as before.
//
// Manifests are kept outside the output, in a directory of their own (the
// site's .rosette-cache/outputs), one per tree, named after the
// destination and the tree's inode, which survives the renames that turn
// a build into the output and the output into the spare. A missing,
// damaged or foreign manifest is ignored. They hold nothing that a build
// cannot make again.
//
// The checksum is CRC-32C and CRC-32 (IEEE) of the bytes side by side:
// their polynomials have no common factor, so together they are a 64-bit
// code that any change of up to 64 bits in a row alters, computed in
// hardware at over 20 GB/s; the size must match too. A file that is changed again within the same tick
// of the file system's clock keeps its ID; so entries whose ctime is not
// older than the manifest itself are compared by reading.
//
// A file written with WriteKeyed also has the key of the inputs it was
// made from, so that the next build can keep it (Dir.Keep) without
// making its bytes again.
const manifestMagic = "rosette output manifest 2\n"

// record is what a manifest says of one file or directory: the parts of
// its fileid.ID that any change alters (the device is the tree's), the
// checksum of a file's bytes and the key of its inputs (0: none).
type record struct {
	ino, size, ctime uint64
	sum              uint64
	key              uint64
}

const recordSize = 5 * 8

func recordOf(id fileid.ID, sum, key uint64) record {
	return record{ino: id.Ino, size: uint64(id.Size), ctime: uint64(id.Ctime), sum: sum, key: key}
}

// is reports whether the file whose ID is id is the one r describes, as
// it was then.
func (r record) is(id fileid.ID) bool {
	return r.ino == id.Ino && r.size == uint64(id.Size) && r.ctime == uint64(id.Ctime)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

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
// At 100,000 awards it lists half a million files and directories (more
// than 700,000 with Open Badges 3.0). Its index maps a hash of each path
// to the offset of its entry, which holds the path: a map without
// pointers, which the garbage collector does not scan at every cycle, as
// it would half a million strings.
type manifest struct {
	data     string            // the file, without its trailer
	seed     maphash.Seed      // of the index's hashes
	index    map[uint64]uint32 // hash of a path → offset of its entry in data
	collided map[string]uint32 // path → offset of its entry, for the paths whose hash an earlier path has; nil while none
	dups     bool              // some path is listed twice (see next)
	head     int               // where the entries start
	stamp    int64             // the manifest's time: younger entries are not trusted
	tree     [2]uint64         // device and inode of the tree it lists

	// marks has a bit for each entry, by the offset of its record
	// (entries are more than 32 bytes apart): set once the build has
	// written or kept the file again (Dir.written). A bit set costs
	// nothing to allocate and nothing to the garbage collector, where a
	// set of half a million paths would keep their strings alive.
	marks []atomic.Uint64
}

var errDamaged = errors.New("damaged manifest")

// readManifest reads the manifest of the tree whose ID is tree. Any
// problem gives nil: the build then compares every file.
func readManifest(name string, tree fileid.ID) *manifest {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() > math.MaxUint32 {
		return nil
	}
	// Read into the string the index points into: one copy in memory.
	var data strings.Builder
	data.Grow(int(fi.Size()))
	if _, err := io.Copy(&data, f); err != nil {
		return nil
	}
	m, err := decodeManifest(data.String())
	if err != nil || m.tree != [2]uint64{tree.Dev, tree.Ino} {
		return nil
	}
	return m
}

// decodeManifest parses a manifest file: the header (see decodeHeader),
// then per file the length of its path as a uvarint, the path and its
// record, then the manifest's time, the number of records and the CRC-32C
// of everything before it.
func decodeManifest(b string) (*manifest, error) {
	const tail = 8 + 8 + 4
	h, head, err := decodeHeader(b)
	if err != nil || len(b) < head+tail {
		return nil, errors.New("not a manifest")
	}
	if crcOf(b[:len(b)-4]) != le32(b[len(b)-4:]) {
		return nil, errDamaged
	}
	stamp, count := int64(le64(b[len(b)-tail:])), le64(b[len(b)-tail+8:])
	data := b[:len(b)-tail]
	if count > uint64(len(data)-head)/(1+recordSize) {
		return nil, errDamaged
	}
	m := &manifest{data: data, seed: maphash.MakeSeed(), index: make(map[uint64]uint32, count), head: head, stamp: stamp, tree: h.tree}
	m.marks = make([]atomic.Uint64, len(data)>>markShift/64+1)
	n := uint64(0)
	for off := head; off < len(data); n++ {
		p, tail, ok := m.entry(off)
		if !ok || n == count {
			return nil, errDamaged
		}
		// A path listed twice: the later entry wins.
		h := pathHash(m.seed, p)
		if at, taken := m.index[h]; !taken || m.pathAt(at) == p {
			m.dups = m.dups || taken
			m.index[h] = uint32(off)
		} else {
			if m.collided == nil {
				m.collided = make(map[string]uint32)
			}
			_, again := m.collided[p]
			m.dups = m.dups || again
			m.collided[p] = uint32(off)
		}
		off = tail + recordSize
	}
	if n != count {
		return nil, errDamaged
	}
	return m, nil
}

// entry returns the path of the entry at off and the offset of its
// record, or ok false if the manifest holds no whole entry there.
func (m *manifest) entry(off int) (p string, tail int, ok bool) {
	n, w := uvarint(m.data[off:])
	rest := uint64(len(m.data) - off - w)
	if w <= 0 || n == 0 || n > rest || rest-n < recordSize {
		return "", 0, false
	}
	start := off + w
	return m.data[start : start+int(n)], start + int(n), true
}

// paths calls f with every path the manifest lists, in its order, and
// the offset of its record.
func (m *manifest) paths(f func(p string, off uint32)) {
	for off := m.head; off < len(m.data); {
		p, tail, _ := m.entry(off) // checked by decodeManifest
		f(p, uint32(tail))
		off = tail + recordSize
	}
}

// crcOf is the CRC-32C of s.
func crcOf(s string) uint32 {
	var buf [16 << 10]byte
	crc := uint32(0)
	for len(s) > 0 {
		n := copy(buf[:], s)
		crc = crc32.Update(crc, castagnoli, buf[:n])
		s = s[n:]
	}
	return crc
}

// le64 decodes the little-endian uint64 at the start of s, which holds at
// least 8 bytes.
func le64(s string) uint64 {
	var b [8]byte
	copy(b[:], s[:8])
	return binary.LittleEndian.Uint64(b[:])
}

// le32 decodes the little-endian uint32 at the start of s, which holds at
// least 4 bytes.
func le32(s string) uint32 {
	var b [4]byte
	copy(b[:], s[:4])
	return binary.LittleEndian.Uint32(b[:])
}

// uvarint is binary.Uvarint of the start of s.
func uvarint(s string) (uint64, int) {
	var b [binary.MaxVarintLen64]byte
	return binary.Uvarint(b[:copy(b[:], s)])
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
func decodeHeader(b string) (header, int, error) {
	off := len(manifestMagic) + 16
	if len(b) < off || b[:len(manifestMagic)] != manifestMagic {
		return header{}, 0, errors.New("not a manifest")
	}
	h := header{tree: [2]uint64{le64(b[len(manifestMagic):]), le64(b[len(manifestMagic)+8:])}}
	n, w := uvarint(b[off:])
	if w <= 0 || n > uint64(len(b)-off-w) {
		return header{}, 0, errors.New("not a manifest")
	}
	off += w
	h.dest = b[off : off+int(n)]
	return h, off + int(n), nil
}

// get returns the record of the file at p, and whether the manifest has
// one that can be trusted.
func (m *manifest) get(p string) (record, bool) {
	off, ok := m.find(p)
	if !ok {
		return record{}, false
	}
	return m.at(off)
}

// find returns the offset of the record of p, if the manifest lists p.
func (m *manifest) find(p string) (uint32, bool) {
	if m == nil {
		return 0, false
	}
	at, ok := m.index[pathHash(m.seed, p)]
	if ok {
		if q, tail, _ := m.entry(int(at)); q == p {
			return uint32(tail), true
		}
	}
	if at, ok := m.collided[p]; ok {
		_, tail, _ := m.entry(int(at))
		return uint32(tail), true
	}
	return 0, false
}

// next returns the offset of the record of p if the entry right after
// the record at off lists p, as the entries of files kept together do
// (Dir.Keep records a group at once): then the index need not be looked
// up. In a manifest that lists a path twice the index alone tells which
// entry counts, and next finds nothing.
func (m *manifest) next(off uint32, p string) (uint32, bool) {
	start := int(off) + recordSize
	if m.dups || start >= len(m.data) {
		return 0, false
	}
	q, tail, ok := m.entry(start)
	if !ok || q != p {
		return 0, false
	}
	return uint32(tail), true
}

// pathHash is the hash of the manifest index (a variable for the tests,
// which make every hash collide).
var pathHash = maphash.String

// pathAt returns the path of the entry at off, which decodeManifest
// checked.
func (m *manifest) pathAt(off uint32) string {
	p, _, _ := m.entry(int(off))
	return p
}

// markShift turns the offset of a record into the number of its bit in
// manifest.marks.
const markShift = 5

// mark sets the bit of the record at off. It is safe for concurrent use.
func (m *manifest) mark(off uint32) {
	i := off >> markShift
	m.marks[i/64].Or(1 << (i % 64))
}

// marked reports whether the bit of the record at off is set.
func (m *manifest) marked(off uint32) bool {
	i := off >> markShift
	return m.marks[i/64].Load()&(1<<(i%64)) != 0
}

// at returns the record at off, and whether it can be trusted.
func (m *manifest) at(off uint32) (record, bool) {
	b := m.data[off : off+recordSize]
	r := record{ino: le64(b), size: le64(b[8:]), ctime: le64(b[16:]), sum: le64(b[24:]), key: le64(b[32:])}
	return r, int64(r.ctime) < m.stamp
}

// manifestWriter writes the manifest of the tree a build writes, as the
// files are written, into a temporary file that Commit renames.
type manifestWriter struct {
	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer
	crc   hash.Hash32
	count uint64
}

// createManifest starts, in dir, the manifest of the tree whose ID is
// tree, built for the destination dest (an absolute path).
func createManifest(dir, dest string, tree fileid.ID) (*manifestWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, manifestTemp)
	if err != nil {
		return nil, err
	}
	lockFile(f) // while the build runs: see removeManifestTemps
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
	for _, v := range vs {
		// Appended in the writer's own buffer: a local array would
		// escape, through the writer, to the heap.
		m.w.Write(binary.LittleEndian.AppendUint64(m.w.AvailableBuffer(), v))
	}
}

// str writes s with its length before it.
func (m *manifestWriter) str(s string) {
	m.w.Write(binary.AppendUvarint(m.w.AvailableBuffer(), uint64(len(s))))
	m.w.WriteString(s)
}

// add records the file at p. It is safe for concurrent use; a nil
// manifestWriter records nothing.
func (m *manifestWriter) add(p string, r record) {
	m.addAll([]string{p}, []record{r})
}

// addAll records the files at ps, whose records are rs, as add does.
func (m *manifestWriter) addAll(ps []string, rs []record) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, r := range rs {
		m.str(ps[i])
		m.u64(r.ino, r.size, r.ctime, r.sum, r.key)
		m.count++
	}
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
	id, _, err := fileid.Lstat(f.Name())
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
		if strings.HasPrefix(e.Name(), manifestTemp) {
			removeManifestTemp(name)
			continue
		}
		if h, ok := readHeader(name); ok && !treeExists(h.dest, h.tree) && !treeExists(SparePath(h.dest), h.tree) {
			os.Remove(name)
		}
	}
}

// manifestTemp is the name prefix of a manifest being written.
const manifestTemp = ".tmp-"

// removeManifestTemps removes from dir the unfinished manifests of builds
// that were killed.
func removeManifestTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), manifestTemp) {
			removeManifestTemp(filepath.Join(dir, e.Name()))
		}
	}
}

// removeManifestTemp removes the unfinished manifest at name if no
// running build holds a lock on it (where the system has locks; else
// once it is a day old).
func removeManifestTemp(name string) {
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || !lockFile(f) {
		return
	}
	if canLock || time.Since(fi.ModTime()) > orphanAge {
		os.Remove(name)
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
	h, _, err := decodeHeader(string(b[:n]))
	return h, err == nil
}

// treeExists reports whether the directory at p is the tree whose device
// and inode are tree.
func treeExists(p string, tree [2]uint64) bool {
	id, _, err := fileid.Lstat(p)
	return err == nil && [2]uint64{id.Dev, id.Ino} == tree
}
