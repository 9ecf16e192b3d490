package render

import (
	"errors"
	"strconv"
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
	plans map[coding.Version]*coding.Plan
	runs  []string  // "h1", "h2", …: the path steps of svg
	gaps  []string  // "m1 0", "m2 0", …
	bufs  sync.Pool // *[]byte that svg writes into
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
	var enc coding.Encoding
	switch {
	case coding.Num(text).Check() == nil:
		enc = coding.Num(text)
	case coding.Alpha(text).Check() == nil:
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
	return plan.Encode(enc)
}

func (q *qrEncoder) plan(v coding.Version) (*coding.Plan, error) {
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
		q.plans = map[coding.Version]*coding.Plan{}
	}
	q.plans[v] = p
	return p, nil
}
