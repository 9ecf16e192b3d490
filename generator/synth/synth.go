// Package synth writes synthetic rosette sites for benchmarks and scale
// tests: N awards over M badge classes and K earners, with field sizes like
// a real issuer's (about 500 bytes of markdown criteria per badge class,
// narratives and evidence on some awards, some revoked or expiring awards,
// some public earners) and real square PNG images. The same Options always
// give byte-identical files.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"rosette/generator/artwork"
)

// Options describe a synthetic site.
type Options struct {
	Awards  int    // number of awards
	Badges  int    // number of badge classes; default max(5, Awards/200), at most 250
	Earners int    // number of earners; default max(5, Awards/3)
	Seed    uint64 // every file is derived from it
	BaseURL string // default "https://badges.example.org/"
}

// withDefaults fills in the zero fields.
func (o Options) withDefaults() Options {
	if o.Badges <= 0 {
		o.Badges = min(max(5, o.Awards/200), 250)
	}
	if o.Earners <= 0 {
		o.Earners = max(5, o.Awards/3)
	}
	if o.BaseURL == "" {
		o.BaseURL = "https://badges.example.org/"
	}
	return o
}

// Stats count what Write made.
type Stats struct {
	Files int
	Bytes int64
}

// Write writes the site's content/ directory under root, which must not
// already hold one.
func Write(root string, o Options) (Stats, error) {
	if o.Awards < 0 {
		return Stats{}, errors.New("synth: negative number of awards")
	}
	o = o.withDefaults()
	if _, err := os.Stat(filepath.Join(root, "content")); err == nil {
		return Stats{}, fmt.Errorf("synth: %s already holds content/", root)
	}
	w := &writer{root: filepath.Join(root, "content")}
	g := &gen{o: o}
	w.file("site.toml", g.siteTOML())
	w.file("issuers/synth-academy.toml", g.issuerTOML())
	images := drawImages(min(o.Badges, distinctImages))
	w.file("issuers/synth-academy.png", images[0])
	for i := 0; i < o.Badges; i++ {
		w.file("badges/"+g.badgeID(i)+".toml", g.badgeTOML(i))
		w.file("badges/"+g.badgeID(i)+".png", images[i%len(images)])
	}
	for i := 0; i < o.Earners; i++ {
		w.file("earners/"+g.earnerID(i)+".toml", g.earnerTOML(i))
	}
	w.parallel(o.Awards, func(i int) (string, []byte) {
		a := g.award(i)
		return fmt.Sprintf("awards/%d/%s.toml", a.year, a.id), a.toml
	})
	return Stats{Files: int(w.files.Load()), Bytes: w.bytes.Load()}, w.err()
}

// writer writes files under root, remembering the first error.
type writer struct {
	root  string
	dirs  sync.Map
	files atomic.Int64
	bytes atomic.Int64

	mu    sync.Mutex
	first error
}

func (w *writer) file(rel string, data []byte) {
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(p)
	if _, ok := w.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			w.fail(err)
			return
		}
		w.dirs.Store(dir, true)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		w.fail(err)
		return
	}
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
}

func (w *writer) fail(err error) {
	w.mu.Lock()
	if w.first == nil {
		w.first = err
	}
	w.mu.Unlock()
}

func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// parallel makes and writes n files on all cores.
func (w *writer) parallel(n int, make func(i int) (string, []byte)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || w.err() != nil {
					return
				}
				w.file(make(i))
			}
		}()
	}
	wg.Wait()
}

// gen derives every record from the seed. Each record has its own random
// stream, so records can be made in any order and in parallel.
type gen struct{ o Options }

// Streams of the records, so that no two kinds of record share one.
const (
	streamBadge = iota + 1
	streamEarner
	streamAward
)

func (g *gen) rng(kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.o.Seed, uint64(kind)<<56|uint64(i)))
}

func (g *gen) badgeID(i int) string {
	return fmt.Sprintf("%s-%03d", badgeTopics[i%len(badgeTopics)], i)
}

func (g *gen) earnerID(i int) string {
	return fmt.Sprintf("%s-%s-%d", lower(firstNames[i%len(firstNames)]), lower(lastNames[(i/len(firstNames))%len(lastNames)]), i)
}

// distinctImages is how many different badge images a site has; badge
// classes share them in turn. Drawing one takes a fifth of a second.
const distinctImages = 12

// imageSize is the width and height of the badge images, in pixels.
const imageSize = 200

// drawImages draws n different square PNGs on all cores.
func drawImages(n int) [][]byte {
	images := make([][]byte, max(n, 1))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range images {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			images[i] = artwork.Badge(imageSize, artwork.Palette[i%len(artwork.Palette)], artwork.Glyph(i%artwork.Glyphs))
			<-sem
		}()
	}
	wg.Wait()
	return images
}
