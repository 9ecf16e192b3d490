// Package generator builds a rosette site. Build runs the phases in a fixed
// order — load (content/ → typed records, all problems reported at once),
// model (records → the Open Badges graph), render (graph → output files)
// and write (a fresh directory swapped in place of the destination) — and
// writes nothing unless every phase succeeds.
package generator

import (
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"rosette/generator/content"
	"rosette/generator/internal/imagecheck"
	"rosette/generator/internal/sigcache"
	"rosette/generator/internal/source"
	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/publish"
	"rosette/generator/render"
)

// Options configure a build.
type Options struct {
	Source      string    // site root holding content/; default "."
	Destination string    // output directory; default <Source>/public
	BaseURL     string    // replaces base_url from site.toml when set
	Clock       time.Time // the time award statuses are computed at; zero: now

	// AllowFuture publishes awards issued after the clock as not yet
	// valid, instead of refusing them (content.Options.AllowFuture).
	AllowFuture bool

	// SigningKeys are private keys of issuers' current public keys: the
	// awards of those issuers are also signed. Without them, a build is
	// hosted only.
	SigningKeys []*rsa.PrivateKey

	// CacheDir is where builds keep what makes the next build faster,
	// all of it safe to delete: the signature cache (CacheDir/signatures)
	// and the manifests of output trees (CacheDir/outputs/). Default
	// <Source>/.rosette-cache.
	CacheDir string

	// EdSigningKeys are private Ed25519 keys of issuers' current
	// [[ed25519_key]]s: an issuer given both its RSA and its Ed25519 key
	// also publishes every award as an Open Badges 3.0 credential.
	EdSigningKeys []ed25519.PrivateKey

	// SignatureCache remembers the signatures of earlier builds, so that
	// an unchanged award is never signed again. When it is nil and the
	// build signs, Build uses the cache in CacheDir and saves it after a
	// successful build.
	SignatureCache *sigcache.Cache

	// ExactTemplates executes the theme's templates with html/template
	// only, instead of the compiled programs that give the same bytes
	// faster (docs/templates-execution.md).
	ExactTemplates bool

	// BeforeRender, when set, is called once the site has loaded and
	// passed its checks, before anything is rendered, with the size of
	// what the build holds mapped into memory outside the Go heap (the
	// signature cache's file); the function it returns is called when
	// Build returns. A command tunes the garbage collector for the render
	// there: the library never changes settings of the whole process.
	BeforeRender func(mapped int64) (after func())
}

// hooks let tests reach into a build (see export_test.go); Build, Render
// and RenderMemory use none.
type hooks struct {
	wrap         func(Publisher) Publisher // wraps the publisher, to inject write failures
	sitemapLimit int                       // how many URLs a sitemap file lists; 0: the protocol's limit
	themeHook    func(*render.Theme)       // sees the theme before any page is rendered
	beforeCommit func()                    // called when the build is rendered, before it replaces the destination
}

func (o Options) clock() time.Time {
	if o.Clock.IsZero() {
		return time.Now().UTC()
	}
	return o.Clock.UTC()
}

func (o Options) source() string {
	if o.Source == "" {
		return "."
	}
	return o.Source
}

func (o Options) cacheDir() string {
	if o.CacheDir == "" {
		return filepath.Join(o.source(), content.CacheDir)
	}
	return o.CacheDir
}

func (o Options) destination() string {
	if o.Destination == "" {
		return filepath.Join(o.source(), content.OutputDir)
	}
	return o.Destination
}

// Result counts what a build made.
type Result struct {
	Issuers, Badges, Earners, Awards, Revoked int
	Files, Bytes                              int64
	Kept                                      int64    // files of the previous build kept by the key of their inputs, without being made again
	Signed                                    int      // awards issued signed too
	HostedOnly                                []string // issuers with a public key whose private key was not given
	Only2                                     []string // issuers that sign with an RSA key but have no Ed25519 key: Open Badges 2.0 only
	EdKeyMissing                              []string // issuers with an Ed25519 key whose private key was not given: 2.0 only in this build
	Credentials                               int      // awards published as signed Open Badges 3.0 credentials too
	Warnings                                  []string // problems that did not stop the build
}

// Publisher receives every output file of a build. Write is called from
// several goroutines at once. Like io.Writer, it must not keep data after
// it returns: the renderer reuses the buffer for the next file. A
// publisher that keeps files copies them.
type Publisher interface {
	Write(path string, data []byte) error
}

// Load reads and checks the content of the site at opts.Source. A content
// problem is returned as content.Errors.
func Load(opts Options) (*content.Site, error) { return load(opts, nil) }

// load is Load, noting in clean the files read that hold no private key
// marker (clean may be nil).
func load(opts Options, clean *source.Clean) (*content.Site, error) {
	if opts.BaseURL != "" {
		u, err := content.CheckBaseURL(opts.BaseURL)
		if err != nil {
			return nil, err
		}
		opts.BaseURL = u
	}
	root := opts.source()
	if fi, err := os.Stat(root); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, errors.New(root + " is not a directory")
	}
	s, err := content.Load(source.New(root, clean), content.Options{BaseURL: opts.BaseURL, CheckImage: imagecheck.Check, ImageText: imagecheck.Text, Clock: opts.Clock, AllowFuture: opts.AllowFuture})
	return s, content.RelativeTo(root, err)
}

// Build loads the site, renders it and replaces the destination with the
// result. On any error the destination is left as it was.
func Build(opts Options) (*Result, error) { return build(opts, hooks{}) }

func build(opts Options, h hooks) (*Result, error) {
	// The signature cache is read while the site loads.
	type opened struct {
		c   *sigcache.Cache
		err error
	}
	var cache chan opened
	if len(opts.SigningKeys) > 0 && opts.SignatureCache == nil {
		cache = make(chan opened, 1)
		go func() {
			c, err := sigcache.Open(filepath.Join(opts.cacheDir(), "signatures"))
			cache <- opened{c, err}
		}()
	}
	var warnings []string
	var own *sigcache.Cache // the cache Build opened: closed when it returns
	useCache := func() {
		if cache == nil {
			return
		}
		o := <-cache
		cache = nil
		if o.err != nil {
			warnings = append(warnings, fmt.Sprintf("signature cache: %v; signing every award", o.err))
			return
		}
		own, opts.SignatureCache = o.c, o.c
	}
	defer func() {
		useCache() // also on an early return, so that the cache is closed
		if own != nil {
			own.Close()
		}
	}()
	s, err := loadChecked(opts)
	if err != nil {
		return nil, err
	}
	dir, err := publish.Create(opts.destination(), opts.source(), filepath.Join(opts.cacheDir(), "outputs"))
	if err != nil {
		return nil, err
	}
	var pub Publisher = dir
	if h.wrap != nil {
		pub = h.wrap(dir)
	}
	useCache()
	if opts.BeforeRender != nil {
		defer opts.BeforeRender(opts.SignatureCache.Mapped())() // until the build returns: the commit walks a reused tree
	}
	if err := renderWith(s, pub, opts, h); err != nil {
		dir.Abort()
		return nil, err
	}
	res := count(s)
	res.Files, res.Bytes, res.Kept = dir.Files(), dir.Bytes(), dir.Kept()
	signingSummary(s, opts.SigningKeys, opts.EdSigningKeys, res)
	if h.beforeCommit != nil {
		h.beforeCommit()
	}
	if err := dir.Commit(); err != nil {
		return nil, err
	}
	if c := opts.SignatureCache; c != nil {
		if err := c.Save(); err != nil {
			warnings = append(warnings, fmt.Sprintf("saving the signature cache: %v", err))
		}
	}
	res.Warnings = warnings
	return res, nil
}

func count(s *content.Site) *Result {
	r := &Result{Issuers: len(s.Issuers), Badges: len(s.Badges), Earners: len(s.Earners), Awards: len(s.Awards)}
	for _, a := range s.Awards {
		if a.Revoked {
			r.Revoked++
		}
	}
	return r
}

// Render makes every output file of a loaded site and hands it to pub.
// Site-wide outputs come first, then every award's outputs, in parallel.
// opts supply the source (for the site's theme files), the build clock,
// and signing keys: the awards of issuers whose current key is among them
// are also signed. Every file goes through a guard that refuses private
// key material.
func Render(s *content.Site, pub Publisher, opts Options) error {
	return renderWith(s, pub, opts, hooks{})
}

func renderWith(s *content.Site, pub Publisher, opts Options, h hooks) error {
	r := newRenderer(s, guard(pub), opts, h)
	if err := r.siteWide(); err != nil {
		return err
	}
	return parallel(len(s.Awards), func(i int) error { return r.award(s.Awards[i]) })
}

func newRenderer(s *content.Site, pub Publisher, opts Options, h hooks) *renderer {
	g := ob.New(s)
	return &renderer{site: s, graph: g, graph3: ob3.New(g), pub: pub, opts: opts, hooks: h,
		bake:    bakeStage{keys: opts.SigningKeys, cache: opts.SignatureCache},
		ob3:     ob3Stage{keys: opts.EdSigningKeys, cache: opts.SignatureCache},
		scratch: &sync.Pool{New: newScratch}}
}

// renderer holds what every render stage (the stage_*.go files) shares.
// Its methods are safe for concurrent use: they only read the site and
// the graph.
type renderer struct {
	site   *content.Site
	graph  *ob.Graph
	graph3 *ob3.Graph // over graph
	pub    Publisher
	opts   Options
	hooks  hooks
	bake   bakeStage       // baked images and signing (stage_bake.go)
	ob3    ob3Stage        // Open Badges 3.0 (stage_ob3.go)
	pages  *render.Pages   // set by sitePages: the default language's
	langs  []*render.Pages // the pages of every language, the default first

	scratch *sync.Pool // of *scratch
}

// siteWide renders everything that is not per award.
func (r *renderer) siteWide() error {
	for _, stage := range []func() error{r.hostFiles, r.hostedDocuments, r.prepareBake, r.prepareOB3, r.sitePages} {
		if err := stage(); err != nil {
			return err
		}
	}
	return nil
}

// award renders every output of one award: its hosted assertion (or
// revocation notice), baked images and signed assertion, and its page.
// The assertion JSON is made once and baked as it is served.
func (r *renderer) award(a *content.Award) error {
	sc := r.scratch.Get().(*scratch)
	defer r.scratch.Put(sc)
	if a.Revoked {
		doc, err := sc.json.Encode(r.graph.Revoked(a))
		if err != nil {
			return err
		}
		if err := r.pub.Write(ob.AssertionPath(a.ID), doc); err != nil {
			return err
		}
	} else {
		as := r.graph.Assertion(a)
		hosted, payload, err := sc.json.EncodeAssertion(as, r.bake.signingKeyURL(r.site.Badge(a.Badge).Issuer))
		if err != nil {
			return err
		}
		if err := r.pub.Write(ob.AssertionPath(a.ID), hosted); err != nil {
			return err
		}
		if err := r.bakedImages(sc, a, as, hosted, payload); err != nil {
			return err
		}
	}
	if err := r.credential(sc, a); err != nil {
		return err
	}
	return r.awardPage(a)
}

// scratch is memory that the render of one award reuses: publishers do
// not keep what they are given.
type scratch struct {
	json   *ob.Encoder // the hosted assertion and the payload of the signed one
	jws    []byte      // the signed assertion
	sig    []byte      // its signature
	img    []byte      // a baked image
	verify []byte      // the verify attribute of a baked SVG

	compact     *ob.Encoder // the unsigned 3.0 credential
	proof       *ob.Encoder // its proof
	payload     []byte      // what the signature cache keys the proof by
	proofValue  []byte      // the proof's value
	credCompact []byte      // the signed 3.0 credential, compact
	cred        []byte      // the signed 3.0 credential, indented
	file        []byte      // the signed 3.0 credential as published
	claims      []byte      // the claims of its VC-JWT
	input       []byte      // the VC-JWT's signing input
	sig3        []byte      // the VC-JWT's signature

	proofKey, jwtKey sigcache.Key // the cache keys of the proof and the VC-JWT signature
	key              []byte       // what the key of the award's 3.0 files is the hash of
	paths            []string     // the paths of its 3.0 files
}

func newScratch() any { return &scratch{json: ob.NewEncoder()} }

func writeJSON(pub Publisher, path string, v any) error {
	data, err := ob.Marshal(v)
	if err != nil {
		return err
	}
	return pub.Write(path, data)
}

// parallel calls f(0) … f(n-1) on all cores and returns the first error;
// after an error no new calls start.
func parallel(n int, f func(i int) error) error {
	var (
		next   atomic.Int64
		failed atomic.Bool
		once   sync.Once
		first  error
		wg     sync.WaitGroup
	)
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}
