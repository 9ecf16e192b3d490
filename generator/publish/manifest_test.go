package publish

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"rosette/generator/internal/fileid"
)

func skipWithoutIDs(t testing.TB) {
	if !fileid.Supported {
		t.Skip("no file IDs on this system: builds keep no manifests")
	}
}

// nextTick waits until the clock that gives the files in dir their ctime
// has moved on since now.
func nextTick(t *testing.T, dir string) {
	t.Helper()
	start, err := treeTime(dir)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if now, err := treeTime(dir); err != nil || now > start {
			return
		}
	}
	t.Fatal("the file system's clock did not move in 5 s")
}

// TestManifestVouchesForUnchangedFiles rebuilds the same files: from the
// third build on, the reused tree has a manifest, and every file is known
// to be unchanged without being read.
func TestManifestVouchesForUnchangedFiles(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	files := map[string]string{"a/b.json": "1", "a/c.html": "<p>2</p>", "d.png": "3"}
	for i := 1; i <= 4; i++ {
		d := buildWith(t, dest, manifests, files)
		want := int64(0)
		if i >= 3 {
			want = int64(len(files)) + 1 // and the marker
		}
		if d.known.Load() != want || d.Unchanged() != want {
			t.Errorf("build %d: %d files vouched for, %d unchanged; want %d", i, d.known.Load(), d.Unchanged(), want)
		}
	}
	// One file changes: only it is written.
	files["a/c.html"] = "<p>two</p>"
	d := buildWith(t, dest, manifests, files)
	if got := tree(t, dest); got != "a/ a/b.json=1 a/c.html=<p>two</p> d.png=3" {
		t.Errorf("output: %s", got)
	}
	if d.known.Load() != 3 || d.Unchanged() != 3 {
		t.Errorf("%d files vouched for, %d unchanged; want 3", d.known.Load(), d.Unchanged())
	}
	// Only the manifests of the output and the spare are kept.
	if names, _ := filepath.Glob(filepath.Join(manifests, "*")); len(names) != 2 {
		t.Errorf("manifests kept: %v", names)
	}
}

// TestManifestListsDirectories rebuilds a tree from which files and
// directories go: the manifest lists what each unchanged directory holds,
// so that only the root is read to find what the build did not write.
func TestManifestListsDirectories(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	all := map[string]string{"a/1.json": "1", "a/2.json": "2", "a/b/3.json": "3", "c/4.json": "4", "5.json": "5"}
	for range 2 {
		buildWith(t, dest, manifests, all)
	}
	fewer := map[string]string{"a/1.json": "1", "5.json": "5"}
	d := buildWith(t, dest, manifests, fewer)
	if got := tree(t, dest); got != "5.json=5 a/ a/1.json=1" {
		t.Errorf("output: %s", got)
	}
	if d.read != 1 {
		t.Errorf("%d directories read, want 1 (the root)", d.read)
	}
	// Back to all the files, in the tree of the build with fewer: the
	// commit that removed a/2.json and a/b changed a/ within the clock
	// tick of its manifest, which therefore may not vouch for a/.
	buildWith(t, dest, manifests, all)
	d = buildWith(t, dest, manifests, all)
	if got := tree(t, dest); got != "5.json=5 a/ a/1.json=1 a/2.json=2 a/b/ a/b/3.json=3 c/ c/4.json=4" {
		t.Errorf("output: %s", got)
	}
	if d.read > 2 {
		t.Errorf("%d directories read, want the root and at most a/", d.read)
	}
}

// TestManifestListedDirectoryChangesKind rebuilds a tree in which, inside
// directories the manifest lists, a file becomes a directory and a
// directory a file.
func TestManifestListedDirectoryChangesKind(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	a := map[string]string{"d/x": "a file", "d/keep.json": "k", "e/y/z.json": "z", "e/keep.json": "k"}
	b := map[string]string{"d/x/y.json": "a directory now", "d/keep.json": "k", "e/y": "a file now", "e/keep.json": "k"}
	for i, files := range []map[string]string{a, a, b, b, a, a} {
		d := buildWith(t, dest, manifests, files)
		want := "d/ d/keep.json=k d/x=a file e/ e/keep.json=k e/y/ e/y/z.json=z"
		if files["e/y"] != "" {
			want = "d/ d/keep.json=k d/x/ d/x/y.json=a directory now e/ e/keep.json=k e/y=a file now"
		}
		if got := tree(t, dest); got != want {
			t.Fatalf("build %d:\n got %s\nwant %s", i+1, got, want)
		}
		if i == 2 && d.state("d") != dirListed {
			t.Errorf("build %d: d/ is not listed", i+1)
		}
	}
}

// TestManifestFileAddedDuringBuild adds a file to a directory that the
// manifest lists while a build is writing the tree: the manifest that
// build leaves must not vouch for the directory as the build knew it, so
// that the next build into that tree finds the stray file and removes it.
func TestManifestFileAddedDuringBuild(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	files := map[string]string{"a/1.json": "1", "a/2.json": "2", "b/3.json": "3"}
	buildWith(t, dest, manifests, files)  // tree 1
	buildWith(t, dest, manifests, files)  // tree 2; tree 1 is the spare
	d, err := Create(dest, "", manifests) // tree 1 again
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{outputMarker: "/*\n", "a/1.json": "1", "a/2.json": "2", "b/3.json": "3"} {
		if err := d.Write(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if d.state("a") != dirListed {
		t.Fatalf("a/ is not listed")
	}
	if err := os.WriteFile(filepath.Join(d.tmp, "a", "stray.json"), []byte("?"), 0o644); err != nil {
		t.Fatal(err)
	}
	nextTick(t, d.tmp)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	buildWith(t, dest, manifests, files)     // tree 2
	d = buildWith(t, dest, manifests, files) // tree 1
	if got := tree(t, dest); got != "a/ a/1.json=1 a/2.json=2 b/ b/3.json=3" {
		t.Errorf("output: %s", got)
	}
	if d.state("b") != dirListed {
		t.Errorf("b/, which nothing changed, is not listed")
	}
}

// TestManifestsOfRemovedOutputsGo builds two destinations, removes one,
// and checks that the next build removes its manifests and keeps the
// others.
func TestManifestsOfRemovedOutputsGo(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	manifests := filepath.Join(dir, "manifests")
	a, b := filepath.Join(dir, "a", "public"), filepath.Join(dir, "b", "public")
	files := map[string]string{"x.json": "x"}
	for range 2 {
		buildWith(t, a, manifests, files)
		buildWith(t, b, manifests, files)
	}
	count := func(dest string) int {
		names, _ := filepath.Glob(filepath.Join(manifests, manifestPrefix(dest)+"*"))
		return len(names)
	}
	if count(a) != 2 || count(b) != 2 {
		t.Fatalf("%d and %d manifests, want 2 each", count(a), count(b))
	}
	os.RemoveAll(filepath.Join(dir, "b"))
	buildWith(t, a, manifests, files)
	if count(a) != 2 || count(b) != 0 {
		t.Errorf("after b/ was removed: %d and %d manifests, want 2 and 0", count(a), count(b))
	}
	if entries, _ := os.ReadDir(manifests); len(entries) != 2 {
		t.Errorf("manifests left: %v", entries)
	}
}

// TestManifestSeesChangesBehindItsBack changes the spare between builds in
// every way that could fool a manifest — other bytes of the same size with
// the modification time set back, a new file with the old bytes, a link,
// a directory, a removed file, a damaged manifest — and checks that the
// next build writes exactly its files.
func TestManifestSeesChangesBehindItsBack(t *testing.T) {
	skipWithoutIDs(t)
	files := map[string]string{"same.json": "same", "sized.json": "abcd", "new.json": "new", "link.json": "link", "dir.json": "dir", "gone.json": "gone", "sub/a.json": "a", "sub/deeper/b.json": "b"}
	changes := map[string]func(t *testing.T, spare, manifests string){
		"files added": func(t *testing.T, spare, _ string) {
			for _, p := range []string{"extra.json", "sub/extra.json", "sub/deeper/extra.json", "sub/new/extra.json"} {
				os.MkdirAll(filepath.Dir(filepath.Join(spare, p)), 0o755)
				if err := os.WriteFile(filepath.Join(spare, p), []byte("extra"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		},
		"file renamed": func(t *testing.T, spare, _ string) {
			os.Rename(filepath.Join(spare, "sub/deeper/b.json"), filepath.Join(spare, "sub/deeper/c.json"))
		},
		"same size, mtime set back": func(t *testing.T, spare, _ string) {
			p := filepath.Join(spare, "sized.json")
			fi, _ := os.Stat(p)
			if err := os.WriteFile(p, []byte("wxyz"), 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		},
		"new file, same bytes": func(t *testing.T, spare, _ string) {
			p := filepath.Join(spare, "new.json")
			os.Remove(p)
			os.WriteFile(p, []byte("new"), 0o644)
		},
		"link": func(t *testing.T, spare, _ string) {
			p := filepath.Join(spare, "link.json")
			os.Remove(p)
			if err := os.Symlink(filepath.Join(spare, "same.json"), p); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		},
		"directory": func(t *testing.T, spare, _ string) {
			p := filepath.Join(spare, "dir.json")
			os.Remove(p)
			os.MkdirAll(filepath.Join(p, "x"), 0o755)
		},
		"removed": func(t *testing.T, spare, _ string) {
			os.Remove(filepath.Join(spare, "gone.json"))
			os.RemoveAll(filepath.Join(spare, "sub", "deeper"))
		},
		"damaged manifest": func(t *testing.T, _, manifests string) {
			names, _ := filepath.Glob(filepath.Join(manifests, "*"))
			for _, n := range names {
				data, _ := os.ReadFile(n)
				data[len(data)/2] ^= 1
				os.WriteFile(n, data, 0o644)
			}
		},
		"manifest of another tree": func(t *testing.T, spare, manifests string) {
			names, _ := filepath.Glob(filepath.Join(manifests, "*"))
			for _, n := range names {
				data, _ := os.ReadFile(n)
				for _, m := range names {
					os.WriteFile(m, data, 0o644)
				}
			}
			// and files that the other tree's manifest vouches for
			for p := range files {
				os.Remove(filepath.Join(spare, p))
				os.WriteFile(filepath.Join(spare, p), []byte("from before"), 0o644)
			}
		},
	}
	for name, change := range changes {
		added := name == "files added" // every file the build writes is unchanged
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
			buildWith(t, dest, manifests, files)
			buildWith(t, dest, manifests, files)
			change(t, SparePath(dest), manifests)
			before := tree(t, dest)
			d := buildWith(t, dest, manifests, files)
			if got := tree(t, dest); got != before {
				t.Errorf("output after the change:\n got %s\nwant %s", got, before)
			}
			if d.known.Load() == int64(len(files))+1 && !added {
				t.Error("the manifest vouched for every file")
			}
		})
	}
}

// writeManifest writes in dir the manifest of the tree 7/42 for
// /site/public, with the files ps and their records rs and the time
// stamp, and reads it back.
func writeManifest(t *testing.T, dir string, ps []string, rs []record, stamp int64) *manifest {
	t.Helper()
	tree := fileid.ID{Dev: 7, Ino: 42}
	w, err := createManifest(dir, "/site/public", tree)
	if err != nil {
		t.Fatal(err)
	}
	w.addAll(ps, rs)
	name := manifestName(dir, "/site/public", tree.Ino)
	if err := w.finish(name, stamp); err != nil {
		t.Fatal(err)
	}
	if readManifest(name, fileid.ID{Dev: 7, Ino: 43}) != nil {
		t.Error("the manifest of another tree was read")
	}
	m := readManifest(name, tree)
	if m == nil {
		t.Fatal("manifest not read back")
	}
	return m
}

// TestManifestRoundTrip writes a manifest and reads it back.
func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := map[string]record{}
	var ps []string
	var rs []record
	for i := range 1000 {
		p := fmt.Sprintf("assertions/%04d/index.html", i)
		r := record{ino: uint64(1000 + i), size: uint64(i), ctime: uint64(i) * 5, sum: uint64(i) << 40}
		ps, rs = append(ps, p), append(rs, r)
		want[p] = r
	}
	m := writeManifest(t, dir, ps, rs, 5*500)
	for p, r := range want {
		got, trusted := m.get(p)
		if got != r || trusted != (r.ctime < 5*500) {
			t.Fatalf("%s: %+v (trusted %v), want %+v", p, got, trusted, r)
		}
	}
	if _, ok := m.get("missing"); ok {
		t.Error("a path not in the manifest was found")
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}
}

// TestManifestCollisions reads back a manifest whose index hashes of
// paths all collide, but by length: every path is found with its own
// record, a path listed twice with its later one, and no other path.
func TestManifestCollisions(t *testing.T) {
	defer func(h func(maphash.Seed, string) uint64) { pathHash = h }(pathHash)
	pathHash = func(_ maphash.Seed, p string) uint64 { return uint64(len(p)) }
	want := map[string]record{}
	var ps []string
	var rs []record
	for i := range 300 {
		p := fmt.Sprintf("credentials/%03d.json", i)
		r := record{ino: uint64(i + 1), size: uint64(i)}
		ps, rs = append(ps, p), append(rs, r)
		want[p] = r
	}
	ps, rs = append(ps, "credentials/007.json"), append(rs, record{ino: 9999}) // listed again: this one wins
	want["credentials/007.json"] = record{ino: 9999}
	m := writeManifest(t, t.TempDir(), ps, rs, 1)
	if len(m.collided) == 0 {
		t.Fatal("no path collided")
	}
	for p, r := range want {
		if got, _ := m.get(p); got != r {
			t.Errorf("%s: %+v, want %+v", p, got, r)
		}
	}
	for _, p := range []string{"credentials/300.json", "credentials/00.json", "x"} {
		if _, ok := m.find(p); ok {
			t.Errorf("%s found", p)
		}
	}
}

// TestManifestNext checks that next finds the entry right after
// another, and only that one, and nothing in a manifest that lists a
// path twice.
func TestManifestNext(t *testing.T) {
	ps := []string{"credentials/a.json", "credentials/a.jwt", "credentials/a.png", "credentials/b.json"}
	rs := []record{{ino: 1}, {ino: 2}, {ino: 3}, {ino: 4}}
	m := writeManifest(t, t.TempDir(), ps, rs, 1)
	offs := make([]uint32, len(ps))
	for i, p := range ps {
		offs[i], _ = m.find(p)
	}
	for i := range len(ps) - 1 {
		if off, ok := m.next(offs[i], ps[i+1]); !ok || off != offs[i+1] {
			t.Errorf("next(%s, %s) = %d, %v; want %d", ps[i], ps[i+1], off, ok, offs[i+1])
		}
	}
	for _, c := range []struct{ after, p string }{{ps[0], ps[2]}, {ps[1], ps[0]}, {ps[3], ps[0]}, {ps[0], "credentials/a.jwtx"}} {
		off, _ := m.find(c.after)
		if _, ok := m.next(off, c.p); ok {
			t.Errorf("next(%s, %s) found an entry", c.after, c.p)
		}
	}
	if m.dups {
		t.Error("a manifest without a path listed twice has dups set")
	}

	// Listed twice: the index tells the later entry, next nothing.
	m = writeManifest(t, t.TempDir(), append(ps, ps[1]), append(rs, record{ino: 9}), 1)
	first, _ := m.find(ps[0])
	if _, ok := m.next(first, ps[1]); ok || !m.dups {
		t.Errorf("next found the earlier of two entries of %s (dups %v)", ps[1], m.dups)
	}
	if r, _ := m.get(ps[1]); r.ino != 9 {
		t.Errorf("%s: %+v, want the later entry", ps[1], r)
	}
}

// TestManifestMarks checks that every entry of a manifest has a bit of
// its own, even entries as close together as they can be (paths of one
// byte), and marks from many goroutines at once.
func TestManifestMarks(t *testing.T) {
	var paths []string
	for c := byte('!'); c <= '~'; c++ {
		paths = append(paths, string(c))
	}
	for i := range 2000 {
		paths = append(paths, fmt.Sprintf("credentials/%04d.json", i))
	}
	rs := make([]record, len(paths))
	for i := range rs {
		rs[i] = record{ino: uint64(i + 1)}
	}
	m := writeManifest(t, t.TempDir(), paths, rs, 1)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(paths); i += 4 {
				if i%3 != 0 {
					off, ok := m.find(paths[i])
					if !ok {
						t.Errorf("%q not found", paths[i])
						return
					}
					m.mark(off)
				}
			}
		})
	}
	wg.Wait()
	for i, p := range paths {
		off, _ := m.find(p)
		if got, want := m.marked(off), i%3 != 0; got != want {
			t.Fatalf("%q: marked %v, want %v", p, got, want)
		}
	}
}

// TestTreeTime checks that the time of a tree is not older than the ctime
// of a file just written in it.
func TestTreeTime(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	id, err := writeFile(filepath.Join(dir, "f"), []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	now, err := treeTime(dir)
	if err != nil || now < id.Ctime || now > time.Now().Add(time.Minute).UnixNano() {
		t.Errorf("treeTime = %d, %v; file ctime %d", now, err, id.Ctime)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("treeTime left files behind: %v", entries)
	}
}

// FuzzDecodeManifest checks that no file makes the decoder fail other than
// with an error, and that what it accepts reads back through get.
func FuzzDecodeManifest(f *testing.F) {
	dir := f.TempDir()
	w, err := createManifest(dir, "/site/public", fileid.ID{Dev: 1, Ino: 2})
	if err != nil {
		f.Fatal(err)
	}
	w.add("a.json", record{ino: 3, size: 1, ctime: 1, sum: 9})
	w.add("b/index.html", record{ino: 4, size: 2, ctime: 2, sum: 8})
	name := filepath.Join(dir, "m")
	if err := w.finish(name, 10); err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(name)
	f.Add(seed)
	f.Add([]byte(manifestMagic))
	f.Add(bytes.Repeat([]byte{0xff}, 80))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := decodeManifest(string(data))
		if err != nil {
			return
		}
		d.paths(func(p string, off uint32) {
			if _, ok := d.find(p); !ok {
				t.Fatalf("%q is listed but not found", p)
			}
			if int(off) < len(p) || d.data[int(off)-len(p):off] != p {
				t.Fatalf("%q is listed with its record at %d, after another path", p, off)
			}
		})
	})
}

// TestManifestRandomRebuilds runs builds of random trees, each a few
// changes away from the one before, in which files and directories come,
// go and change kind at every depth, with random changes to the spare tree
// between builds, and checks that every output is exactly what its build
// wrote.
func TestManifestRandomRebuilds(t *testing.T) {
	skipWithoutIDs(t)
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { randomRebuilds(t, seed, buildWith) })
		t.Run(fmt.Sprintf("keyed-%d", seed), func(t *testing.T) { randomRebuilds(t, seed, buildKeyed) })
	}
}

func randomRebuilds(t *testing.T, seed uint64, buildWith func(t *testing.T, dest, manifests string, files map[string]string) *Dir) {
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	r := rand.New(rand.NewPCG(seed, 7))
	names := []string{"a", "b", "c"}
	randomPath := func() string {
		p := names[r.IntN(3)]
		for r.IntN(3) > 0 && strings.Count(p, "/") < 3 {
			p += "/" + names[r.IntN(3)]
		}
		return p
	}
	// change sets a random path to a file, removing what it replaces: the
	// files below it, and the files at the directories above it.
	change := func(files map[string]string) {
		p := randomPath()
		for q := range files {
			if strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/") {
				delete(files, q)
			}
		}
		files[p] = fmt.Sprintf("v%d", r.IntN(3))
	}
	want := func(files map[string]string) string {
		dirs := map[string]bool{}
		var out []string
		for p, c := range files {
			out = append(out, p+"="+c)
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				dirs[d] = true
			}
		}
		for d := range dirs {
			out = append(out, d+"/")
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	files := map[string]string{}
	for range 12 {
		change(files)
	}
	for i := range 40 {
		next := maps.Clone(files)
		for range r.IntN(3) {
			change(next)
		}
		if r.IntN(4) == 0 {
			meddle(r, SparePath(dest))
		}
		buildWith(t, dest, manifests, next)
		if got := tree(t, dest); got != want(next) {
			t.Fatalf("build %d:\n got %s\nwant %s", i+1, got, want(next))
		}
		files = next
	}
}

// meddle changes one random entry of the tree at dir behind the builds'
// back: adds a file beside it, rewrites a file with other bytes of the
// same size and its old modification time, removes it, or puts a
// directory in its place.
func meddle(r *rand.Rand, dir string) {
	var in []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && p != dir && filepath.Base(p) != outputMarker {
			in = append(in, p)
		}
		return nil
	})
	if len(in) == 0 {
		return
	}
	p := in[r.IntN(len(in))]
	switch r.IntN(4) {
	case 0:
		os.WriteFile(p+"x", []byte("added"), 0o644)
	case 1:
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			os.WriteFile(p, []byte("vX"), 0o644)
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}
	case 2:
		os.RemoveAll(p)
	case 3:
		os.RemoveAll(p)
		os.MkdirAll(filepath.Join(p, "a"), 0o755)
	}
}
