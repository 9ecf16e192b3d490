package render

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"rsc.io/qr/coding"
)

// qrEncoder makes QR codes of error correction level M with mask 0, as
// rsc.io/qr's Encode does, but keeps the layout plan of each version: it
// is the costly part, and every award URL of a site has the same length,
// so one plan serves every award. The zero value is ready; it is safe for
// concurrent use.
type qrEncoder struct {
	mu    sync.Mutex
	plans map[coding.Version]*qrPlan
	runs  []string  // "h1", "h2", …: the path steps of svg
	gaps  []string  // "m1 0", "m2 0", …
	bufs  sync.Pool // *qrScratch that svg encodes into
}

// qrScratch is what one code's encoding uses and svg reuses: the data and
// check bits and the code's bitmap.
type qrScratch struct {
	bits   coding.Bits
	bitmap []byte
	out    []byte // the SVG as svg writes it
	rem    []byte // a block and its remainder, as qrPlan.encode divides it
}

// steps returns the path steps "h<i>" and "m<i> 0" for i up to size, by
// index.
func (q *qrEncoder) steps(size int) (runs, gaps []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := len(q.runs); i <= size; i++ {
		q.runs = append(q.runs, "h"+strconv.Itoa(i))
		q.gaps = append(q.gaps, "m"+strconv.Itoa(i)+" 0")
	}
	return q.runs, q.gaps
}

// encode returns the QR code of text in the smallest version that holds it.
func (q *qrEncoder) encode(text string) (*coding.Code, error) {
	var sc qrScratch
	plan, err := q.encodeInto(&sc, text)
	if err != nil {
		return nil, err
	}
	return &coding.Code{Size: plan.size, Stride: plan.stride, Bitmap: sc.bitmap}, nil
}

// encodeInto encodes text as encode does into sc's bitmap, reusing its
// memory, and returns the plan that gives the bitmap's size and stride.
func (q *qrEncoder) encodeInto(sc *qrScratch, text string) (*qrPlan, error) {
	var enc coding.Encoding
	switch {
	case qrIn(text, qrNumeric):
		enc = coding.Num(text)
	case qrIn(text, qrAlphanumeric):
		enc = coding.Alpha(text)
	default:
		enc = coding.String(text)
	}
	v := coding.Version(coding.MinVersion)
	for ; enc.Bits(v) > v.DataBytes(coding.M)*8; v++ {
		if v == coding.MaxVersion {
			return nil, errors.New("text too long to encode as QR")
		}
	}
	plan, err := q.plan(v)
	if err != nil {
		return nil, err
	}
	return plan, plan.encode(sc, enc)
}

// The characters of QR's numeric and alphanumeric modes, as rsc.io/qr's
// Num.Check and Alpha.Check accept them (which make an error, text
// quoted, for every text they refuse: for every URL).
const (
	qrNumeric      = "0123456789"
	qrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
)

// qrIn tells whether every byte of text is one of chars.
func qrIn(text, chars string) bool {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte(chars, text[i]) < 0 {
			return false
		}
	}
	return true
}

func (q *qrEncoder) plan(v coding.Version) (*qrPlan, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if p := q.plans[v]; p != nil {
		return p, nil
	}
	p, err := coding.NewPlan(v, coding.M, 0)
	if err != nil {
		return nil, err
	}
	if q.plans == nil {
		q.plans = map[coding.Version]*qrPlan{}
	}
	q.plans[v] = newQRPlan(p)
	return q.plans[v], nil
}

// qrPlan is a coding.Plan laid out for encoding: coding.Plan.Encode looks
// at the role of each of the code's pixels for every code it makes (about
// 9 µs for an award URL), while a code differs from the plan's bitmap only
// in the data and check pixels whose bit is set.
type qrPlan struct {
	plan   *coding.Plan
	size   int
	stride int      // bytes a row, as coding.Plan.Encode lays them out
	base   []byte   // the code of all-zero data and check bits
	flips  []qrFlip // by bit offset in the data and check bytes
	gen    []byte   // c times the generator polynomial of a block's check bytes (its leading 1 left out), for each byte c
}

// qrFlip is where a data or check bit is in a code's bitmap.
type qrFlip struct {
	at   int32 // -1: no pixel holds this bit
	mask uint8
}

func newQRPlan(p *coding.Plan) *qrPlan {
	size := len(p.Pixel)
	stride := (size + 7) &^ 7
	qp := &qrPlan{plan: p, size: size, stride: stride, base: make([]byte, stride*size), gen: rsGenTimes(p.CheckBytes / p.Blocks)}
	for y, row := range p.Pixel {
		for x, pix := range row {
			at, mask := y*stride+x/8, uint8(1)<<uint(7-x&7)
			if pix&coding.Black != 0 {
				qp.base[at] |= mask
			}
			switch pix.Role() {
			case coding.Data, coding.Check:
				o := int(pix.Offset())
				for len(qp.flips) <= o {
					qp.flips = append(qp.flips, qrFlip{at: -1})
				}
				qp.flips[o] = qrFlip{at: int32(at), mask: mask}
			}
		}
	}
	return qp
}

// rsGenTimes returns, for each byte c, c times the generator polynomial
// of n Reed-Solomon check bytes over QR's field without its leading
// coefficient (1), as gf256.NewRSEncoder makes the polynomial.
func rsGenTimes(n int) []byte {
	f := coding.Field
	gen := make([]byte, n+1) // most significant coefficient first
	gen[n] = 1
	for i := range n { // gen *= x + 2^i
		c := f.Exp(i)
		for j := range n {
			gen[j] = f.Mul(gen[j], c) ^ gen[j+1]
		}
		gen[n] = f.Mul(gen[n], c)
	}
	t := make([]byte, 256*n)
	for c := range 256 {
		for j, g := range gen[1:] {
			t[c*n+j] = f.Mul(byte(c), g)
		}
	}
	return t
}

// encode is coding.Plan.Encode into sc: its bitmap becomes the code's.
func (qp *qrPlan) encode(sc *qrScratch, text ...coding.Encoding) error {
	p := qp.plan
	b := &sc.bits
	b.Reset()
	for _, t := range text {
		if err := t.Check(); err != nil {
			return err
		}
		t.Encode(b, p.Version)
	}
	if b.Bits() > p.DataBytes*8 {
		return fmt.Errorf("cannot encode %d bits into %d-bit code", b.Bits(), p.DataBytes*8)
	}
	// b.AddCheckBytes(p.Version, p.Level), with the plan's table.
	if n := p.DataBytes * 8; b.Bits() < n {
		b.Pad(n - b.Bits())
	}
	data, check := b.Bytes(), p.CheckBytes/p.Blocks
	n, extra := p.DataBytes/p.Blocks, p.DataBytes%p.Blocks
	for i := range p.Blocks {
		if i == p.Blocks-extra {
			n++
		}
		// The check bytes are the remainder of the block, followed by
		// as many zeros, divided by the generator polynomial, as
		// gf256.RSEncoder.ECC computes them.
		rem := append(append(sc.rem[:0], data[:n]...), make([]byte, check)...)
		for j, c := range rem[:n] {
			if c != 0 {
				q := rem[j+1 : j+1+check]
				subtle.XORBytes(q, q, qp.gen[int(c)*check:(int(c)+1)*check])
			}
		}
		sc.rem = rem
		b.Append(rem[n:])
		data = data[n:]
	}
	sc.bitmap = append(sc.bitmap[:0], qp.base...)
	for i, d := range b.Bytes() {
		for o := i * 8; d != 0; { // the set bits only
			z := bits.LeadingZeros8(d)
			if o += z; o >= len(qp.flips) {
				break
			}
			if f := qp.flips[o]; f.at >= 0 { // a bit without a pixel is not drawn, as in Plan.Encode
				sc.bitmap[f.at] ^= f.mask
			}
			o, d = o+1, d<<(z+1)
		}
	}
	return nil
}
