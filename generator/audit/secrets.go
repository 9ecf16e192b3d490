package audit

import (
	"bytes"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
	"rosette/generator/ob"
)

// maxScan is the size above which a tracked file is not scanned.
const maxScan = 8 << 20

// Secrets scans the files git tracks under root for plaintext email
// addresses that must never be committed: an address that is the recipient of one of the site's
// awards (it hashes to the award's identity), anywhere, or any address at
// all in an award record or a .csv file (a bulk award list). Private keys
// are found by keyscan.Find, in every file. Binary files
// and files under testdata/ directories (test fixtures) are skipped.
// Positions are file:line:col relative to root.
func Secrets(root string, s *content.Site) (content.Errors, error) {
	out, err := repo{dir: root}.git("ls-files", "-z", "--cached")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p == "" || p == "testdata" || strings.HasPrefix(p, "testdata/") || strings.Contains(p, "/testdata/") {
			continue
		}
		files = append(files, p)
	}
	type hit struct {
		pos  content.Pos
		addr string
	}
	var (
		mu   sync.Mutex
		errs content.Errors
		hits []hit
	)
	add := func(p content.Pos, format string, args ...any) {
		mu.Lock()
		errs = append(errs, &content.Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
		mu.Unlock()
	}
	fsys := sitefs.New(root)
	scan := func(p string) {
		data, _, err := fsys.ReadFileLimit(p, maxScan)
		if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			return // deleted in the work tree, too large, or binary
		}
		strict := path.Ext(p) == ".csv" || (strings.HasPrefix(p, content.Dir+"/awards/") && path.Ext(p) == ".toml")
		for i, line := range bytes.Split(data, []byte("\n")) {
			for _, a := range content.FindAddresses(line) {
				pos := content.Pos{File: p, Line: i + 1, Col: a.Off + 1}
				if strict {
					add(pos, "a plaintext email address: award records and award lists must not hold addresses (rosette award and rosette import write only their salted hash)")
					continue
				}
				mu.Lock()
				hits = append(hits, hit{pos, a.Text})
				mu.Unlock()
			}
		}
	}
	parallelEach(len(files), func(i int) { scan(files[i]) })

	// Which addresses are recipients: hash each distinct address with the
	// salt of every award.
	distinct := map[string]bool{}
	for _, h := range hits {
		distinct[ob.Normalize("email", h.addr)] = true
	}
	addrs := sortedKeys(distinct)
	recipientOf := make([]string, len(addrs))
	parallelEach(len(addrs), func(i int) {
		for _, a := range s.Awards {
			if recipientType(a.Recipient.Type) == "email" && ob.Match(a.Recipient.Identity, a.Recipient.Salt, "email", addrs[i]) {
				recipientOf[i] = a.ID
				return
			}
		}
	})
	found := map[string]string{}
	for i, a := range addrs {
		if recipientOf[i] != "" {
			found[a] = recipientOf[i]
		}
	}
	for _, h := range hits {
		if id := found[ob.Normalize("email", h.addr)]; id != "" {
			add(h.pos, "the plaintext email address of the recipient of award %s: remove it (only its salted hash belongs in the repository)", id)
		}
	}
	errs.Sort()
	return errs, nil
}

// parallelEach calls f(0) … f(n-1) on all cores.
func parallelEach(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
