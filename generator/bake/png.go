package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"unicode/utf8"
)

// Keyword is the keyword of the PNG text chunk, and the prefix of the SVG
// element, that holds a baked assertion.
const Keyword = "openbadges"

// maxText bounds what Unbake inflates from a compressed chunk.
const maxText = 16 << 20

const pngSignature = "\x89PNG\r\n\x1a\n"

// ErrUnbaked means the image carries no baked assertion.
var ErrUnbaked = errors.New("the image carries no baked assertion (no openbadges chunk or element)")

// chunk is one PNG chunk: its type, data, and where it starts and ends in
// the file (length field to CRC inclusive).
type chunk struct {
	typ        string
	data       []byte
	start, end int
}

// readChunks splits a PNG file into chunks, checking the signature, every
// length and CRC, that IHDR comes first and that IEND ends the image.
// Bytes after IEND are ignored.
func readChunks(img []byte) ([]chunk, error) {
	if !bytes.HasPrefix(img, []byte(pngSignature)) {
		return nil, errors.New("not a PNG file: no PNG signature")
	}
	var cs []chunk
	off := len(pngSignature)
	for {
		if len(img)-off < 12 {
			return nil, fmt.Errorf("truncated PNG: %d bytes after the last complete chunk, no IEND chunk", len(img)-off)
		}
		n := binary.BigEndian.Uint32(img[off:])
		typ := img[off+4 : off+8]
		if n > 1<<31-1 || uint64(len(img)-off-12) < uint64(n) {
			return nil, fmt.Errorf("truncated PNG: chunk %q at byte %d claims %d bytes, only %d remain", string(typ), off, n, max(len(img)-off-12, 0))
		}
		for _, c := range typ {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return nil, fmt.Errorf("corrupt PNG: chunk at byte %d has an invalid type %q", off, string(typ))
			}
		}
		end := off + 12 + int(n)
		data := img[off+8 : end-4]
		want := binary.BigEndian.Uint32(img[end-4:])
		if got := crc32.Update(crc32.ChecksumIEEE(typ), crc32.IEEETable, data); got != want {
			return nil, fmt.Errorf("corrupt PNG: chunk %q at byte %d has a bad CRC (stored %08x, computed %08x)", typ, off, want, got)
		}
		c := chunk{typ: string(typ), data: data, start: off, end: end}
		if len(cs) == 0 && c.typ != "IHDR" {
			return nil, fmt.Errorf("corrupt PNG: the first chunk is %q, not IHDR", c.typ)
		}
		cs = append(cs, c)
		off = end
		if c.typ == "IEND" {
			return cs, nil
		}
	}
}

// textKeyword returns the keyword of a tEXt, zTXt or iTXt chunk, or "".
func textKeyword(c chunk) string {
	switch c.typ {
	case "tEXt", "zTXt", "iTXt":
		if i := bytes.IndexByte(c.data, 0); i > 0 {
			return string(c.data[:i])
		}
	}
	return ""
}

// iTXt returns an uncompressed iTXt chunk, keyword openbadges, empty
// language tag and translated keyword, holding text.
func iTXt(text string) []byte { return appendITXt(nil, Keyword, []byte(text)) }

// appendITXt appends the iTXt chunk of text with keyword to dst.
func appendITXt(dst []byte, keyword string, text []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(keyword)+5+len(text)))
	typ := len(dst)
	dst = append(dst, "iTXt"...)
	dst = append(dst, keyword...)
	dst = append(dst, 0, 0, 0) // keyword end, compression flag 0, method 0
	dst = append(dst, 0, 0)    // empty language tag, empty translated keyword
	dst = append(dst, text...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[typ:]))
}

// PNG is an image checked once and ready to be baked any number of times.
type PNG struct {
	head []byte // the signature and IHDR
	tail []byte // every later chunk but earlier openbadges text chunks
}

// PreparePNG checks img (signature, chunk lengths and CRCs, IHDR first,
// IEND last) and splits it where the baked chunk goes, leaving out any
// openbadges or openbadgecredential text chunk (iTXt, tEXt or zTXt) it
// already carries.
func PreparePNG(img []byte) (*PNG, error) {
	cs, err := readChunks(img)
	if err != nil {
		return nil, err
	}
	p := &PNG{head: img[:cs[0].end:cs[0].end]}
	prev := cs[0].end
	for _, c := range cs[1:] {
		if k := textKeyword(c); k == Keyword || k == KeywordV3 {
			p.tail = append(p.tail, img[prev:c.start]...)
			prev = c.end
		}
	}
	if p.tail == nil {
		p.tail = img[prev:]
	} else {
		p.tail = append(p.tail, img[prev:]...)
	}
	return p, nil
}

// size is the length of the image baked with a text of n bytes.
func (p *PNG) size(keyword string, n int) int {
	return len(p.head) + 12 + len(keyword) + 5 + n + len(p.tail)
}

// Append appends the image with text (an assertion's JSON or compact JWS)
// baked in to dst: one iTXt chunk with keyword openbadges right after
// IHDR. Every other byte of the image is kept as it is.
func (p *PNG) Append(dst, text []byte) ([]byte, error) { return p.appendText(dst, Keyword, text) }

func (p *PNG) appendText(dst []byte, keyword string, text []byte) ([]byte, error) {
	if len(text) == 0 {
		return nil, errors.New("nothing to bake: the text is empty")
	}
	if !utf8.Valid(text) {
		return nil, errors.New("the text to bake is not valid UTF-8")
	}
	if len(text) > 1<<30 {
		return nil, errors.New("the text to bake is too long for a PNG chunk")
	}
	dst = slices.Grow(dst, p.size(keyword, len(text)))
	dst = append(dst, p.head...)
	dst = appendITXt(dst, keyword, text)
	return append(dst, p.tail...), nil
}

// BakePNG returns img with text (an assertion's JSON or compact JWS) baked
// in: one iTXt chunk with keyword openbadges right after IHDR. Every other
// byte of img is kept as it is; earlier openbadges chunks (iTXt, tEXt or
// zTXt) are dropped.
func BakePNG(img []byte, text string) ([]byte, error) {
	p, err := PreparePNG(img)
	if err != nil {
		return nil, err
	}
	return p.Append(nil, []byte(text))
}

// UnbakePNG returns the text baked into a PNG: the single openbadges text
// chunk (iTXt, compressed or not, tEXt or zTXt). It fails on an image
// without one, with two, or with a corrupt or truncated chunk.
func UnbakePNG(img []byte) (string, error) { return unbakePNG(img, Keyword) }

// unbakePNG returns the text of the single text chunk with keyword.
func unbakePNG(img []byte, keyword string) (string, error) {
	cs, err := readChunks(img)
	if err != nil {
		return "", err
	}
	var found *chunk
	for i, c := range cs {
		if textKeyword(c) != keyword {
			continue
		}
		if found != nil {
			return "", fmt.Errorf("corrupt baked PNG: a second %s chunk (%s at byte %d; the first is %s at byte %d)", keyword, c.typ, c.start, found.typ, found.start)
		}
		found = &cs[i]
	}
	if found == nil {
		if keyword == KeywordV3 {
			return "", ErrNoCredential
		}
		return "", ErrUnbaked
	}
	text, err := chunkText(*found, keyword)
	if err != nil {
		return "", fmt.Errorf("corrupt baked PNG: %s %s chunk at byte %d: %v", keyword, found.typ, found.start, err)
	}
	if text == "" {
		return "", fmt.Errorf("corrupt baked PNG: %s %s chunk at byte %d is empty", keyword, found.typ, found.start)
	}
	return text, nil
}

// chunkText decodes the text of a text chunk with keyword.
func chunkText(c chunk, keyword string) (string, error) {
	rest := c.data[len(keyword)+1:]
	switch c.typ {
	case "tEXt":
		return latin1(rest), nil
	case "zTXt":
		if len(rest) < 1 || rest[0] != 0 {
			return "", errors.New("unknown compression method")
		}
		b, err := inflate(rest[1:])
		return latin1(b), err
	}
	if len(rest) < 2 {
		return "", errors.New("truncated iTXt header")
	}
	flag, method := rest[0], rest[1]
	rest = rest[2:]
	for range 2 { // language tag, translated keyword
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return "", errors.New("truncated iTXt header: no end of language tag or translated keyword")
		}
		rest = rest[i+1:]
	}
	switch {
	case flag == 0:
	case flag == 1 && method == 0:
		b, err := inflate(rest)
		if err != nil {
			return "", err
		}
		rest = b
	default:
		return "", fmt.Errorf("unknown compression flag %d, method %d", flag, method)
	}
	if !utf8.Valid(rest) {
		return "", errors.New("text is not valid UTF-8")
	}
	return string(rest), nil
}

func inflate(b []byte) ([]byte, error) { return inflateN(b, maxText) }

// inflateN inflates zlib data of at most limit bytes; past it, it returns
// the first limit bytes and an error.
func inflateN(b []byte, limit int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("compressed text: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err != nil {
		return out, fmt.Errorf("compressed text: %v", err)
	}
	if len(out) > limit {
		return out[:limit], fmt.Errorf("compressed text is larger than %d bytes", limit)
	}
	return out, nil
}

func latin1(b []byte) string {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}
