package bake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// bakedKeywords are the keywords of the text chunks that carry a baked
// Open Badges 2.0 assertion or 3.0 credential.
var bakedKeywords = []string{Keyword, "openbadgecredential"}

// isBakedKeyword reports whether a text chunk keyword is one a baked
// badge uses, ignoring case and surrounding space.
func isBakedKeyword(kw string) bool {
	kw = strings.TrimSpace(kw)
	for _, k := range bakedKeywords {
		if strings.EqualFold(kw, k) {
			return true
		}
	}
	return false
}

// CheckPNG reports whether img is a PNG a badge or an issuer may use, as
// baking needs it and the PNG standard says: a sound chunk stream (valid
// lengths and CRCs), IHDR first and once, PLTE at most once and before the
// image data, one run of consecutive IDAT chunks, IEND last and empty,
// nothing after IEND, and no critical chunk a decoder does not know. An
// animated PNG (acTL, fcTL, fdAT) must be sound too: acTL once and before
// IDAT, as many frame controls as it announces, sequence numbers 0, 1, 2…
// in order, frame data only after IDAT. Baking keeps an animation intact:
// the openbadges chunk goes right after IHDR, where any chunk may go.
func CheckPNG(img []byte) error {
	cs, err := readChunks(img)
	if err != nil {
		return err
	}
	last := cs[len(cs)-1]
	if n := len(img) - last.end; n > 0 {
		return fmt.Errorf("%d bytes after the IEND chunk, which ends a PNG: data hidden after the image would be published in every baked award; export the image again", n)
	}
	return checkChunkOrder(cs)
}

// checkChunkOrder checks the order of the chunks of a PNG that readChunks
// accepted (IHDR first, IEND last).
func checkChunkOrder(cs []chunk) error {
	var (
		plte, actl     bool
		idatAt, idatTo = -1, -1
		frames         uint32
		fctls          uint32
		seq            uint32
	)
	if len(cs[0].data) != 13 {
		return fmt.Errorf("corrupt PNG: IHDR holds %d bytes, not 13", len(cs[0].data))
	}
	if len(cs[len(cs)-1].data) != 0 {
		return errors.New("corrupt PNG: IEND is not empty")
	}
	for i, c := range cs[1 : len(cs)-1] {
		i++
		switch c.typ {
		case "IHDR":
			return fmt.Errorf("corrupt PNG: a second IHDR chunk at byte %d", c.start)
		case "PLTE":
			if plte {
				return fmt.Errorf("corrupt PNG: a second PLTE chunk at byte %d", c.start)
			}
			if idatAt >= 0 {
				return fmt.Errorf("corrupt PNG: the PLTE chunk at byte %d comes after the image data (IDAT)", c.start)
			}
			plte = true
		case "IDAT":
			switch {
			case idatAt < 0:
				idatAt = i
			case idatTo != i-1:
				return fmt.Errorf("corrupt PNG: the IDAT chunk at byte %d is separated from the IDAT chunks before it: the image data must be consecutive", c.start)
			}
			idatTo = i
		case "acTL":
			if actl {
				return fmt.Errorf("corrupt animated PNG: a second acTL chunk at byte %d", c.start)
			}
			if idatAt >= 0 {
				return fmt.Errorf("corrupt animated PNG: the acTL chunk at byte %d comes after the image data (IDAT); it must come before", c.start)
			}
			if len(c.data) != 8 {
				return fmt.Errorf("corrupt animated PNG: the acTL chunk at byte %d holds %d bytes, not 8", c.start, len(c.data))
			}
			actl = true
			frames = binary.BigEndian.Uint32(c.data)
			if frames == 0 {
				return fmt.Errorf("corrupt animated PNG: the acTL chunk at byte %d announces no frames", c.start)
			}
		case "fcTL", "fdAT":
			if !actl {
				return fmt.Errorf("corrupt animated PNG: %s chunk at byte %d without an acTL chunk before the image data", c.typ, c.start)
			}
			if c.typ == "fcTL" && len(c.data) != 26 || len(c.data) < 4 {
				return fmt.Errorf("corrupt animated PNG: the %s chunk at byte %d holds %d bytes", c.typ, c.start, len(c.data))
			}
			if c.typ == "fdAT" && idatAt < 0 {
				return fmt.Errorf("corrupt animated PNG: the fdAT chunk at byte %d comes before the image data (IDAT)", c.start)
			}
			if n := binary.BigEndian.Uint32(c.data); n != seq {
				return fmt.Errorf("corrupt animated PNG: the %s chunk at byte %d has sequence number %d, want %d", c.typ, c.start, n, seq)
			}
			seq++
			if c.typ == "fcTL" {
				fctls++
			}
		default:
			if c.typ[0] >= 'A' && c.typ[0] <= 'Z' {
				return fmt.Errorf("PNG has a critical chunk %q at byte %d that PNG decoders do not know: they refuse the image", c.typ, c.start)
			}
		}
	}
	if idatAt < 0 {
		return errors.New("corrupt PNG: no image data (IDAT chunk)")
	}
	if actl && fctls != frames {
		return fmt.Errorf("corrupt animated PNG: acTL announces %d frames, the image has %d frame controls (fcTL)", frames, fctls)
	}
	return nil
}
