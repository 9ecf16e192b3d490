package generator

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"sync"

	"rosette/generator/bake"
	"rosette/generator/content"
	"rosette/generator/internal/sigcache"
	"rosette/generator/ob"
	"rosette/generator/sign"
)

// bakeStage is what baking and signing share across awards. prepareBake
// fills it before the awards render; after that it is read-only.
type bakeStage struct {
	keys    []*rsa.PrivateKey          // private keys given to Render
	signers map[string]*rsa.PrivateKey // by issuer id: the issuers that sign
	keyURL  map[string]string          // by issuer id: URL of the current key
	svgs    map[string]*bake.SVG       // by badge id: the minified badge SVG, parsed
	pngs    map[string]*bake.PNG       // by badge id: the badge PNG, checked

	cache    *sigcache.Cache   // signatures of earlier builds; nil: sign everything
	cacheID  map[string]string // by issuer id: the key's name in the cache
	verified *sync.Map         // issuer ids whose first cached signature was verified
}

// prepareBake publishes every issuer's public keys, matches the private
// keys with them, and minifies each badge SVG once (minify first, then
// bake: baked bytes are never post-processed).
func (r *renderer) prepareBake() error {
	st := &r.bake
	var err error
	if st.signers, err = signers(r.site, st.keys); err != nil {
		return err
	}
	st.keyURL = make(map[string]string)
	for _, is := range r.site.Issuers {
		for i := range is.Keys {
			doc := r.graph.Key(is, &is.Keys[i])
			if err := writeJSON(r.pub, ob.KeyPath(is.ID, is.Keys[i].ID), doc); err != nil {
				return err
			}
			if &is.Keys[i] == is.CurrentKey() {
				st.keyURL[is.ID] = doc.ID
			}
		}
	}
	st.cacheID, st.verified = make(map[string]string), new(sync.Map)
	for id, k := range st.signers {
		fp, err := fingerprint(&k.PublicKey)
		if err != nil {
			return err
		}
		st.cacheID[id] = st.keyURL[id] + "#" + fp
	}
	st.svgs, st.pngs = make(map[string]*bake.SVG), make(map[string]*bake.PNG)
	for _, b := range r.site.Badges {
		if err := st.prepareImages(b); err != nil {
			return err
		}
	}
	return nil
}

// prepareImages checks a badge class's PNG and minifies and parses its
// SVG, if it has them, for baking.
func (st *bakeStage) prepareImages(b *content.Badge) error {
	delete(st.pngs, b.ID)
	if b.PNG != nil {
		p, err := bake.PreparePNG(b.PNG.Data)
		if err != nil {
			return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.PNG.Path, err)
		}
		st.pngs[b.ID] = p
	}
	delete(st.svgs, b.ID)
	if b.SVG == nil {
		return nil
	}
	min, err := bake.MinifySVG(b.SVG.Data)
	if err != nil {
		return fmt.Errorf("%s/%s: %v", content.Dir, b.SVG.Path, err)
	}
	// Defence in depth: what is baked and published is the minified SVG,
	// so it must pass the allowlist too.
	if ps := bake.CheckSVG(min); len(ps) > 0 {
		return fmt.Errorf("%s/%s: the minified SVG fails the allowlist: %d:%d: %s", content.Dir, b.SVG.Path, ps[0].Line, ps[0].Col, ps[0].Msg)
	}
	svg, err := bake.NewSVG(min)
	if err != nil {
		return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.SVG.Path, err)
	}
	st.svgs[b.ID] = svg
	return nil
}

// signingKeyURL is the URL of the key that the awards of issuer are
// signed with, or "" when the issuer does not sign in this build.
func (st *bakeStage) signingKeyURL(issuer string) string {
	if st.signers[issuer] == nil {
		return ""
	}
	return st.keyURL[issuer]
}

// bakedImages writes an award's baked PNG and SVG, and its signed JWS when
// its issuer signs. The PNG carries the hosted assertion JSON, or the JWS;
// the SVG carries the assertion JSON with verify = the assertion URL, or
// the signed payload with verify = the JWS.
//
// as is the award's hosted assertion and hosted its JSON, as served;
// payload is the JSON of its signed form when its issuer signs
// (ob.Encoder.EncodeAssertion makes both). A revoked award gets no baked
// image and no JWS: nothing fresh is issued for it, and its URL serves
// only the revocation notice.
func (r *renderer) bakedImages(sc *scratch, a *content.Award, as *ob.Assertion, hosted, payload []byte) error {
	b := r.site.Badge(a.Badge)
	text, svgJSON := hosted, hosted
	k := r.bake.signers[b.Issuer]
	if k != nil {
		if payload == nil {
			return fmt.Errorf("%s: sign: no payload", a.File)
		}
		var err error
		sc.jws, sc.sig, err = r.bake.sign(sc.jws[:0], sc.sig, k, b.Issuer, payload)
		if err != nil {
			return fmt.Errorf("%s: sign: %v", a.File, err)
		}
		if err := r.pub.Write(ob.SignedAssertionPath(a.ID), sc.jws); err != nil {
			return err
		}
		text, svgJSON = sc.jws, payload
	}
	if png := r.bake.pngs[b.ID]; png != nil {
		img, err := png.Append(sc.img[:0], text)
		if err != nil {
			return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.PNG.Path, err)
		}
		sc.img = img
		if err := r.pub.Write(ob.BakedImagePath(a.ID, "png"), img); err != nil {
			return err
		}
	}
	if svg := r.bake.svgs[b.ID]; svg != nil {
		verify := sc.jws
		if k == nil {
			sc.verify = append(sc.verify[:0], as.ID...)
			verify = sc.verify
		}
		img, err := svg.Append(sc.img[:0], verify, svgJSON)
		if err != nil {
			return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.SVG.Path, err)
		}
		sc.img = img
		if err := r.pub.Write(ob.BakedImagePath(a.ID, "svg"), img); err != nil {
			return err
		}
	}
	return nil
}

// fingerprint is the hex SHA-256 of a public key's DER form: with the key
// URL it names the key in the signature cache, so that a new key under an
// old URL never meets the old key's signatures.
func fingerprint(k *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:]), nil
}

// sign is the one place assertions are signed: it appends the compact JWS
// of payload to dst, with the signature of an earlier build when the cache
// has one for this key and payload (RS256 is deterministic, so the bytes
// are the same), else signed with the key. A cached signature is read into
// sigBuf, which sign returns for the next call.
//
// The first signature taken from the cache for each issuer in a build is
// verified, so that a cache that does not fit the key fails the build
// instead of publishing signatures no one can verify.
func (st *bakeStage) sign(dst, sigBuf []byte, k *rsa.PrivateKey, issuer string, payload []byte) (jws, nextBuf []byte, err error) {
	if st.cache == nil {
		jws, err := sign.Sign(k, payload)
		return append(dst, jws...), sigBuf, err
	}
	signed := false
	sig, err := st.cache.AppendSign(sigBuf[:0], st.cacheID[issuer], payload, func(p []byte) ([]byte, error) {
		signed = true
		jws, err := sign.Sign(k, p)
		if err != nil {
			return nil, err
		}
		return sign.Signature(jws)
	})
	if err != nil {
		return nil, sigBuf, err
	}
	dst = sign.AppendCompact(dst, payload, sig)
	if !signed {
		if _, checked := st.verified.LoadOrStore(issuer, true); !checked {
			if _, err := sign.Verify(string(dst), &k.PublicKey); err != nil {
				return nil, sig, fmt.Errorf("the signature cache holds a signature that %s's key does not verify: delete %s and build again", issuer, st.cache.Path())
			}
		}
	}
	return dst, sig, nil
}
