package bake

import (
	"bytes"
	"fmt"
)

// MaxMetadata bounds what Metadata inflates from the compressed chunks of
// one image, all chunks together.
const MaxMetadata = 4 << 20

// Metadata is text a PNG carries besides its pixels, decoded.
type Metadata struct {
	// Where names the chunk, e.g. `zTXt chunk "Comment" at byte 57`.
	Where string
	// Text is what the chunk holds: for a text chunk its keyword, language
	// tag, translated keyword and text, decompressed; for an ICC profile
	// its name and the profile, decompressed; for any other ancillary
	// chunk that can hold text (eXIf, sPLT, private chunks) its bytes.
	Text []byte
}

// fixedChunks are the ancillary chunks of fixed binary layout, or of image
// data, that hold no text.
var fixedChunks = map[string]bool{
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "bKGD": true,
	"pHYs": true, "sBIT": true, "hIST": true, "tIME": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

// PNGMetadata returns the text img carries in its ancillary chunks, for
// the scans for private keys and email addresses: compressed chunks are
// inflated, up to MaxMetadata bytes for the whole image; for a chunk that
// does not inflate, or past the budget, what inflated is followed by the
// bytes as stored, and err says why. Critical chunks (IHDR, PLTE, IDAT, IEND) and chunks of fixed
// binary layout are left out.
func PNGMetadata(img []byte) (md []Metadata, err error) {
	cs, err := readChunks(img)
	if err != nil {
		return nil, err
	}
	budget := MaxMetadata
	inflateSome := func(b []byte) ([]byte, error) {
		out, ierr := inflateLimit(b, budget)
		budget -= len(out)
		return out, ierr
	}
	for _, c := range cs {
		if c.typ[0] < 'a' || fixedChunks[c.typ] {
			continue
		}
		m := Metadata{Where: fmt.Sprintf("%s chunk at byte %d", c.typ, c.start), Text: c.data}
		if kw := textKeyword(c); kw != "" || c.typ == "iCCP" {
			name, rest, _ := bytes.Cut(c.data, []byte{0})
			m.Where = fmt.Sprintf("%s chunk %q at byte %d", c.typ, name, c.start)
			var (
				text []byte
				ierr error
			)
			switch c.typ {
			case "tEXt":
				text = rest
			case "zTXt", "iCCP":
				if len(rest) > 0 {
					text, ierr = inflateSome(rest[1:])
				}
			case "iTXt":
				text = rest
				if len(rest) >= 2 && rest[0] == 1 {
					hdr := rest[2:]
					lang, hdr, _ := bytes.Cut(hdr, []byte{0})
					tkw, body, _ := bytes.Cut(hdr, []byte{0})
					var inflated []byte
					inflated, ierr = inflateSome(body)
					text = bytes.Join([][]byte{lang, tkw, inflated}, []byte{'\n'})
				}
			}
			if ierr != nil {
				err = fmt.Errorf("%s: %v", m.Where, ierr)
				text = append(append(text, '\n'), rest...) // what inflated, and the bytes as stored
			}
			m.Text = append(append(append([]byte(nil), name...), '\n'), text...)
		}
		md = append(md, m)
	}
	return md, err
}

// inflateLimit inflates zlib data, up to limit bytes.
func inflateLimit(b []byte, limit int) ([]byte, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("more than %d bytes of compressed metadata in the image", MaxMetadata)
	}
	return inflateN(b, limit)
}
