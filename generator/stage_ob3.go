package generator

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"rosette/generator/content"
	"rosette/generator/internal/sigcache"
	"rosette/generator/ob"
	"rosette/generator/ob3"
	"rosette/generator/vc"
)

// ob3Stage is what the Open Badges 3.0 outputs share across awards.
// prepareOB3 fills it before the awards render; after that it is
// read-only.
type ob3Stage struct {
	keys    []ed25519.PrivateKey          // Ed25519 private keys given to Render
	signers map[string]ed25519.PrivateKey // by issuer id: the issuers that publish 3.0 in this build
	method  map[string]string             // by issuer id: verificationMethod of the current Ed25519 key
	kid     map[string]string             // by issuer id: kid of the current RSA key
	edID    map[string]string             // by issuer id: the Ed25519 key's name in the signature cache
	jwtID   map[string]string             // by issuer id: the RSA key's name for VC-JWTs in the cache
	jwtHead map[string][]byte             // by issuer id: the encoded JOSE header of its VC-JWTs and the '.' after it

	cache    *sigcache.Cache
	verified *sync.Map // "eddsa "+issuer and "jwt "+issuer: a cached signature was verified

	// keep, when the publisher and the signature cache let a build keep
	// unchanged 3.0 files by the key of their inputs (ob3_keep.go), is
	// the publisher; badgeKey is the key of what the files of every
	// award of a badge class share, by badge id.
	keep     keeper
	badgeKey map[string][sha256.Size]byte
}

// edSigners matches the Ed25519 private keys given to a build with the
// issuers' current Ed25519 keys, as signers does for RSA keys.
func edSigners(s *content.Site, keys []ed25519.PrivateKey) (map[string]ed25519.PrivateKey, error) {
	out := make(map[string]ed25519.PrivateKey)
	for i, k := range keys {
		pub := k.Public().(ed25519.PublicKey)
		matched := false
		for _, is := range s.Issuers {
			for j := range is.EdKeys {
				ek := &is.EdKeys[j]
				if !ek.Public.Equal(pub) {
					continue
				}
				matched = true
				if cur := is.CurrentEdKey(); cur != ek {
					return nil, fmt.Errorf("Ed25519 signing key %d is the private half of %s's key %q, which key %q has replaced: sign with the private key of %q", i+1, is.ID, ek.ID, cur.ID, cur.ID)
				}
				out[is.ID] = k
			}
		}
		if !matched {
			return nil, fmt.Errorf("Ed25519 signing key %d matches no [[ed25519_key]] of any issuer: record its public key with rosette keygen, or give the right private key", i+1)
		}
	}
	return out, nil
}

// prepareOB3 publishes every 3.0 issuer's DID document, the public JWKs
// of its RSA keys and the Achievements of its badge classes, and, for the
// issuers that sign 3.0 in this build (both private keys given), their
// signed status lists.
func (r *renderer) prepareOB3() error {
	st, g := &r.ob3, r.graph3
	eds, err := edSigners(r.site, st.keys)
	if err != nil {
		return err
	}
	st.signers = make(map[string]ed25519.PrivateKey)
	st.method, st.kid = make(map[string]string), make(map[string]string)
	st.edID, st.jwtID = make(map[string]string), make(map[string]string)
	st.jwtHead = make(map[string][]byte)
	st.verified = new(sync.Map)
	for _, is := range r.site.Issuers {
		if len(is.EdKeys) == 0 {
			continue
		}
		if err := writeJSON(r.pub, ob3.DIDPath(is.ID), g.DIDDocument(is)); err != nil {
			return err
		}
		for i := range is.Keys {
			if err := writeJSON(r.pub, ob3.JWKPath(is.ID, is.Keys[i].ID), g.JWK(is, &is.Keys[i])); err != nil {
				return err
			}
		}
		rk, ek := r.bake.signers[is.ID], eds[is.ID]
		if rk == nil || ek == nil {
			continue
		}
		st.signers[is.ID] = ek
		st.method[is.ID] = g.EdMethod(is.ID, is.CurrentEdKey().ID)
		st.kid[is.ID] = g.KeyID(is.ID, is.CurrentKey().ID)
		fp := sha256.Sum256(ek.Public().(ed25519.PublicKey))
		st.edID[is.ID] = st.method[is.ID] + "#" + hex.EncodeToString(fp[:])
		st.jwtID[is.ID] = "jwt " + r.bake.cacheID[is.ID]
		header, err := ob.NewCompactEncoder().Encode(jwtHeader{Alg: "RS256", Kid: st.kid[is.ID], Typ: "JWT"})
		if err != nil {
			return err
		}
		st.jwtHead[is.ID] = append(base64.RawURLEncoding.AppendEncode(nil, header), '.')
	}
	for _, b := range r.site.Badges {
		if is := r.site.Issuer(b.Issuer); is != nil && len(is.EdKeys) > 0 {
			if err := writeJSON(r.pub, ob3.AchievementPath(b.ID), g.HostedAchievement(b)); err != nil {
				return err
			}
		}
	}
	if err := r.prepareKeep(); err != nil {
		return err
	}
	if err := r.endorsementCredentials(r.site.Endorsements); err != nil {
		return err
	}
	return r.statusLists()
}

// prepareKeep lets the awards keep their unchanged 3.0 files, if the
// publisher can keep files by key, there is a signature cache to
// remember their signatures, and the program can be read.
func (r *renderer) prepareKeep() error {
	st := &r.ob3
	k, ok := r.pub.(keeper)
	if !ok || st.cache == nil || len(st.signers) == 0 {
		return nil
	}
	exe, err := executableSum()
	if err != nil {
		return nil // every file is made, as without a publisher that keeps
	}
	st.badgeKey = make(map[string][sha256.Size]byte)
	for _, b := range r.site.Badges {
		if st.signers[b.Issuer] == nil {
			continue
		}
		key, err := r.badgeOutputsKey(exe, r.site.Issuer(b.Issuer), b)
		if err != nil {
			return err
		}
		st.badgeKey[b.ID] = key
	}
	st.keep = k
	return nil
}

// statusLists writes the signed status list of every issuer that signs
// 3.0 in this build.
func (r *renderer) statusLists() error {
	for _, is := range r.site.Issuers {
		if r.ob3.signers[is.ID] == nil {
			continue
		}
		l, err := r.graph3.StatusList(is)
		if err != nil {
			return err
		}
		doc, err := ob.NewCompactEncoder().Encode(l)
		if err != nil {
			return err
		}
		signed, _, err := r.ob3.signEdDSA(newScratch().(*scratch), is.ID, doc, is.CurrentEdKey().Created)
		if err != nil {
			return fmt.Errorf("status list of %s: %v", is.ID, err)
		}
		if err := r.pub.Write(ob3.StatusListPath(is.ID), append(signed, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// credential writes the 3.0 outputs of an award whose issuer signs 3.0:
// the credential with its Data Integrity proof, its VC-JWT, and the badge
// images with the credential baked in; or, for a revoked award, the
// revocation notice at the credential's URL.
func (r *renderer) credential(sc *scratch, a *content.Award) error {
	b := r.site.Badge(a.Badge)
	st := &r.ob3
	if st.signers[b.Issuer] == nil {
		return nil
	}
	if a.Revoked {
		return writeJSON(r.pub, ob3.CredentialPath(a.ID, "json"), r.graph3.Revoked(a))
	}
	// The credential, its VC-JWT, then the baked images the badge has,
	// in the order they are written below.
	sc.paths = r.credentialPaths(sc.paths[:0], a.ID, b)
	paths := sc.paths
	var key [sha256.Size]byte
	write := r.pub.Write
	if st.keep != nil {
		key, sc.key = outputsKey(sc.key, st.badgeKey[b.ID], a)
		if st.cache.Recall(key[:]) {
			if kept, err := st.keep.Keep(manifestKey(key), paths...); err != nil || kept {
				return err
			}
		}
		write = func(p string, data []byte) error { return st.keep.WriteKeyed(p, data, manifestKey(key)) }
	}
	c := r.graph3.Credential(a)
	if sc.compact == nil {
		sc.compact = ob.NewCompactEncoder()
	}
	doc, err := sc.compact.Encode(c)
	if err != nil {
		return err
	}
	signed, compact, err := st.signEdDSA(sc, b.Issuer, doc, a.Issued)
	if err != nil {
		return fmt.Errorf("%s: sign the credential: %v", a.File, err)
	}
	sc.file = append(append(sc.file[:0], signed...), '\n')
	if err := write(paths[0], sc.file); err != nil {
		return err
	}
	token, err := st.signJWT(sc, b.Issuer, c, signed, compact, r.bake.signers[b.Issuer])
	if err != nil {
		return fmt.Errorf("%s: sign the VC-JWT: %v", a.File, err)
	}
	if err := write(paths[1], token); err != nil {
		return err
	}
	images := paths[2:]
	if png := r.bake.pngs[b.ID]; png != nil {
		img, err := png.AppendCredential(sc.img[:0], signed)
		if err != nil {
			return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.PNG.Path, err)
		}
		sc.img = img
		if err := write(images[0], img); err != nil {
			return err
		}
		images = images[1:]
	}
	if svg := r.bake.svgs[b.ID]; svg != nil {
		img, err := svg.AppendCredential(sc.img[:0], signed)
		if err != nil {
			return fmt.Errorf("%s/%s: bake: %v", content.Dir, b.SVG.Path, err)
		}
		sc.img = img
		if err := write(images[0], img); err != nil {
			return err
		}
	}
	if st.keep != nil {
		st.cache.Remember(key[:], sc.proofKey, sc.jwtKey)
	}
	return nil
}

// proof is a DataIntegrityProof as vc.SignEdDSA writes it: the same
// members in the same order.
type proof struct {
	Type               string `json:"type"`
	Created            string `json:"created"`
	VerificationMethod string `json:"verificationMethod"`
	Cryptosuite        string `json:"cryptosuite"`
	ProofPurpose       string `json:"proofPurpose"`
	ProofValue         string `json:"proofValue"`
}

// signEdDSA returns the document doc (compact JSON) with its
// eddsa-rdfc-2022 proof, indented as vc.SignEdDSA makes it, and its
// compact form, both in buffers of sc good until sc is used again. The
// proof value of an earlier build is taken from the signature cache when
// it holds one for this key, document and creation time (the signature
// is deterministic, so the bytes are the same): a warm rebuild neither
// canonicalizes nor signs. Otherwise vc.SignEdDSA signs. The first cached
// proof of each issuer in a build is verified.
func (st *ob3Stage) signEdDSA(sc *scratch, issuer string, doc []byte, created time.Time) (signed, compact []byte, err error) {
	key, method := st.signers[issuer], st.method[issuer]
	p := proof{Type: vc.ProofType, Created: created.UTC().Format(time.RFC3339), VerificationMethod: method, Cryptosuite: vc.Cryptosuite, ProofPurpose: vc.ProofPurpose}
	sign := func(doc []byte) ([]byte, error) {
		out, err := vc.SignEdDSA(doc, key, method, created)
		if err != nil {
			return nil, err
		}
		var s struct{ Proof proof }
		if err := json.Unmarshal(out, &s); err != nil {
			return nil, err
		}
		return []byte(s.Proof.ProofValue), nil
	}
	var value []byte
	fresh := st.cache == nil
	if fresh {
		value, err = sign(doc)
	} else {
		sc.payload = append(append(append(sc.payload[:0], p.Created...), '\n'), doc...)
		value, sc.proofKey, err = st.cache.AppendSignKey(sc.proofValue[:0], st.edID[issuer], sc.payload, func([]byte) ([]byte, error) {
			fresh = true
			return sign(doc)
		})
		sc.proofValue = value
	}
	if err != nil {
		return nil, nil, err
	}
	p.ProofValue = string(value)
	if sc.proof == nil {
		sc.proof = ob.NewCompactEncoder()
	}
	pj, err := sc.proof.Encode(p)
	if err != nil {
		return nil, nil, err
	}
	if len(doc) < 2 || doc[len(doc)-1] != '}' {
		return nil, nil, errors.New("not a JSON object")
	}
	compact = append(append(append(append(sc.credCompact[:0], doc[:len(doc)-1]...), `,"proof":`...), pj...), '}')
	sc.credCompact = compact
	// Indented as json.Indent does (vc.SignEdDSA's form); the compact JSON
	// is encoding/json's, which ob.AppendIndent indents alike, faster.
	signed = ob.AppendIndent(sc.cred[:0], compact)
	sc.cred = signed
	if !fresh {
		if _, checked := st.verified.LoadOrStore("eddsa "+issuer, true); !checked {
			pub := key.Public().(ed25519.PublicKey)
			if err := vc.VerifyEdDSA(signed, func(string) (ed25519.PublicKey, error) { return pub, nil }); err != nil {
				return nil, nil, fmt.Errorf("the signature cache holds a proof that %s's Ed25519 key does not verify (%v): delete %s and build again", issuer, err, st.cache.Path())
			}
		}
	}
	return signed, compact, nil
}

// jwtHeader is the JOSE header vc.SignJWT writes.
type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// signJWT returns the VC-JWT of the signed credential (compact: its
// compact form), as vc.SignJWT makes it. Its signing input is put
// together here so that the signature of an earlier build can be taken
// from the cache; a fresh token must start with that same input. The
// token is in a buffer of sc, good until sc is used again.
func (st *ob3Stage) signJWT(sc *scratch, issuer string, c *ob3.Credential, signed, compact []byte, key *rsa.PrivateKey) ([]byte, error) {
	kid := st.kid[issuer]
	if st.cache == nil {
		token, err := vc.SignJWT(signed, key, kid)
		return []byte(token), err
	}
	if sc.compact == nil {
		sc.compact = ob.NewCompactEncoder()
	}
	enc := sc.compact
	b64 := base64.RawURLEncoding
	claims := append(sc.claims[:0], compact[:len(compact)-1]...)
	for _, kv := range [][2]string{{"iss", c.Issuer.ID}, {"jti", c.ID}, {"sub", c.CredentialSubject.ID}} {
		v, err := enc.Encode(kv[1])
		if err != nil {
			return nil, err
		}
		claims = append(append(append(append(claims, `,"`...), kv[0]...), `":`...), v...)
	}
	for _, kv := range [][2]string{{"nbf", c.ValidFrom}, {"exp", c.ValidUntil}} {
		if kv[1] == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, kv[1])
		if err != nil {
			return nil, err
		}
		claims = strconv.AppendInt(append(append(append(claims, `,"`...), kv[0]...), `":`...), t.Unix(), 10)
	}
	claims = append(claims, '}')
	sc.claims = claims
	in := b64.AppendEncode(append(sc.input[:0], st.jwtHead[issuer]...), claims)
	fresh := false
	sig, sigKey, err := st.cache.AppendSignKey(sc.sig3[:0], st.jwtID[issuer], in, func([]byte) ([]byte, error) {
		fresh = true
		token, err := vc.SignJWT(signed, key, kid)
		if err != nil {
			return nil, err
		}
		rest, ok := strings.CutPrefix(token, string(in)+".")
		if !ok {
			return nil, errors.New("the VC-JWT does not have the expected header and claims")
		}
		return b64.DecodeString(rest)
	})
	if err != nil {
		return nil, err
	}
	sc.sig3, sc.jwtKey = sig, sigKey
	token := b64.AppendEncode(append(in, '.'), sig)
	sc.input = token
	if !fresh {
		if _, checked := st.verified.LoadOrStore("jwt "+issuer, true); !checked {
			if _, err := vc.VerifyJWT(string(token), &key.PublicKey); err != nil {
				return nil, fmt.Errorf("the signature cache holds a VC-JWT signature that %s's RSA key does not verify (%v): delete %s and build again", issuer, err, st.cache.Path())
			}
		}
	}
	return token, nil
}

// endorsementCredentials writes the signed EndorsementCredential of each
// endorsement among es by an issuer that signs 3.0 in this build and that
// is not revoked. A revoked one's URL serves nothing.
func (r *renderer) endorsementCredentials(es []*content.Endorsement) error {
	st := &r.ob3
	enc := ob.NewCompactEncoder()
	for _, e := range es {
		if !ob.Hosted(e) || e.Revoked || st.signers[e.Endorser] == nil {
			continue
		}
		doc, err := enc.Encode(r.graph3.EndorsementCredential(e))
		if err != nil {
			return err
		}
		signed, _, err := st.signEdDSA(newScratch().(*scratch), e.Endorser, doc, e.Date)
		if err != nil {
			return fmt.Errorf("%s: sign the endorsement credential: %v", e.File, err)
		}
		if err := r.pub.Write(ob3.EndorsementPath(e.ID), append(signed, '\n')); err != nil {
			return err
		}
	}
	return nil
}
