package publish

import (
	"hash/fnv"
	"os"
	"path/filepath"
	"testing"
)

// keyOf is the key a test gives the file whose bytes are data: any
// number that changes with them.
func keyOf(data string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(data))
	return h.Sum64() | 1
}

// buildKeyed is buildWith for files written with their keys: each file
// is kept by its key if the reused tree has it, and written otherwise.
func buildKeyed(t *testing.T, dest, manifests string, files map[string]string) *Dir {
	t.Helper()
	return buildUsing(t, dest, manifests, files, func(d *Dir, p, data string) error {
		if kept, err := d.Keep(keyOf(data), p); err != nil || kept {
			return err
		}
		return d.WriteKeyed(p, []byte(data), keyOf(data))
	})
}

// TestKeepByKey checks that a file written with a key is kept by a later
// build that gives the same key, without its bytes, and only then: not
// under another key, not after it was changed behind the build's back,
// not when one of the paths kept together fails; and that a kept file
// can be kept again by the build after.
func TestKeepByKey(t *testing.T) {
	skipWithoutIDs(t)
	dir := t.TempDir()
	dest, manifests := filepath.Join(dir, "public"), filepath.Join(dir, "manifests")
	// a.json and z.json have the same bytes, so the same key: they are
	// kept together below.
	files := map[string]string{"c/a.json": "{}", "c/a.jwt": "x.y.z", "c/z.json": "{}"}
	const all = "c/ c/a.json={} c/a.jwt=x.y.z c/z.json={}"
	// Neither the first build nor the second (which finds no spare tree)
	// can keep anything; the third reuses the first's tree.
	for i := 1; i <= 4; i++ {
		d := buildKeyed(t, dest, manifests, files)
		want := int64(0)
		if i >= 3 {
			want = 3
		}
		if d.Kept() != want {
			t.Errorf("build %d kept %d files, want %d", i, d.Kept(), want)
		}
		if got := tree(t, dest); got != all {
			t.Fatalf("build %d: %s", i, got)
		}
	}

	keep := func(key uint64, ps ...string) (*Dir, bool) {
		t.Helper()
		d, err := Create(dest, "", manifests)
		if err != nil {
			t.Fatal(err)
		}
		kept, err := d.Keep(key, ps...)
		if err != nil {
			t.Fatal(err)
		}
		return d, kept
	}
	// Another key keeps nothing; a key of 0 never keeps.
	if d, kept := keep(keyOf("other"), "c/a.json"); kept {
		t.Error("kept under another key")
	} else {
		d.Abort()
	}
	if d, kept := keep(0, "c/a.json"); kept {
		t.Error("kept under the key 0")
	} else {
		d.Abort()
	}
	// An aborted build removes the tree it reused: rebuild twice, so that
	// the spare has a manifest again.
	buildKeyed(t, dest, manifests, files)
	buildKeyed(t, dest, manifests, files)

	// A file changed in place, behind the build's back, is not kept, and
	// neither is a path kept together with it.
	spare := SparePath(dest)
	if err := os.WriteFile(filepath.Join(spare, "c", "z.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if d, kept := keep(keyOf("{}"), "c/z.json"); kept {
		t.Error("kept a file changed since the manifest was made")
	} else {
		d.Abort()
	}
	buildKeyed(t, dest, manifests, files)
	buildKeyed(t, dest, manifests, files)
	if err := os.WriteFile(filepath.Join(spare, "c", "z.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if d, kept := keep(keyOf("{}"), "c/a.json", "c/z.json"); kept || d.Kept() != 0 {
		t.Errorf("kept %d files of a pair of which one was changed", d.Kept())
	} else {
		d.Abort()
	}
	buildKeyed(t, dest, manifests, files)
	buildKeyed(t, dest, manifests, files)
	if got := tree(t, dest); got != all {
		t.Errorf("after changes behind the builds' back: %s", got)
	}

	// A file that the manifest has without a key is not kept.
	if d := buildWith(t, dest, manifests, files); d.Kept() != 0 {
		t.Errorf("Write kept %d files", d.Kept())
	}
	buildWith(t, dest, manifests, files)
	if d, kept := keep(keyOf("{}"), "c/a.json"); kept {
		t.Error("kept a file written without a key")
	} else {
		d.Abort()
	}
}
