package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"
)

// plainPNG encodes a small image with the standard encoder.
func plainPNG(t testing.TB, c color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 96, 96))
	for i := range 96 {
		img.Set(i, i, c)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// chunkList splits a PNG made by the standard encoder or by these tests.
func chunkList(t testing.TB, img []byte) []chunk {
	t.Helper()
	cs, err := readChunks(img)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// apng makes an animated PNG of two frames: the default image (frame 0)
// and a second frame in fdAT chunks.
func apng(t testing.TB) []byte {
	a := chunkList(t, plainPNG(t, color.NRGBA{255, 0, 0, 255}))
	b := chunkList(t, plainPNG(t, color.NRGBA{0, 0, 255, 255}))
	fctl := func(seq uint32) []byte {
		d := binary.BigEndian.AppendUint32(nil, seq)
		d = binary.BigEndian.AppendUint32(d, 96) // width
		d = binary.BigEndian.AppendUint32(d, 96) // height
		d = binary.BigEndian.AppendUint32(d, 0)  // x
		d = binary.BigEndian.AppendUint32(d, 0)  // y
		d = append(d, 0, 1, 0, 10, 0, 0)         // delay 1/10 s, dispose, blend
		return rawChunk("fcTL", d)
	}
	out := []byte(pngSignature)
	out = append(out, rawChunk("IHDR", a[0].data)...)
	out = append(out, rawChunk("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0})...)
	out = append(out, fctl(0)...)
	for _, c := range a[1:] {
		if c.typ == "IDAT" {
			out = append(out, rawChunk("IDAT", c.data)...)
		}
	}
	out = append(out, fctl(1)...)
	seq := uint32(2)
	for _, c := range b[1:] {
		if c.typ == "IDAT" {
			out = append(out, rawChunk("fdAT", append(binary.BigEndian.AppendUint32(nil, seq), c.data...))...)
			seq++
		}
	}
	return append(out, rawChunk("IEND", nil)...)
}

func types(cs []chunk) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.typ)
	}
	return out
}

// TestBakeAPNGKeepsAnimation: an animated PNG is accepted, and baking
// keeps every chunk of the animation, in order, with the openbadges chunk
// right after IHDR, where the APNG specification allows any chunk.
func TestBakeAPNGKeepsAnimation(t *testing.T) {
	img := apng(t)
	if err := CheckPNG(img); err != nil {
		t.Fatalf("CheckPNG(APNG) = %v", err)
	}
	baked, err := BakePNG(img, sampleJSON)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckPNG(baked); err != nil {
		t.Fatalf("CheckPNG(baked APNG) = %v", err)
	}
	got, want := types(chunkList(t, baked)), types(chunkList(t, img))
	want = slices.Insert(want, 1, "iTXt")
	if !slices.Equal(got, want) {
		t.Errorf("baked chunks %v, want %v", got, want)
	}
	bs, is := chunkList(t, baked), chunkList(t, img)
	for i, c := range is {
		j := i
		if i > 0 {
			j++
		}
		if !bytes.Equal(bs[j].data, c.data) {
			t.Errorf("chunk %d (%s) changed by baking", i, c.typ)
		}
	}
	if text, err := UnbakePNG(baked); err != nil || text != sampleJSON {
		t.Errorf("UnbakePNG = %q, %v", text, err)
	}
	if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
		t.Errorf("the baked APNG's default image does not decode: %v", err)
	}
}

func TestCheckPNGStructure(t *testing.T) {
	plain := plainPNG(t, color.NRGBA{0, 128, 0, 255})
	cs := chunkList(t, plain)
	rebuild := func(edit func(cs [][]byte) [][]byte) []byte {
		var parts [][]byte
		for _, c := range chunkList(t, plain) {
			parts = append(parts, rawChunk(c.typ, c.data))
		}
		parts = edit(parts)
		return append([]byte(pngSignature), bytes.Join(parts, nil)...)
	}
	idat := rawChunk("IDAT", cs[len(cs)-2].data)
	var comp bytes.Buffer
	zw := zlib.NewWriter(&comp)
	zw.Write([]byte("x"))
	zw.Close()
	animated := apng(t)
	acs := chunkList(t, animated)
	rebuildAPNG := func(edit func(cs [][]byte) [][]byte) []byte {
		var parts [][]byte
		for _, c := range acs {
			parts = append(parts, rawChunk(c.typ, c.data))
		}
		parts = edit(parts)
		return append([]byte(pngSignature), bytes.Join(parts, nil)...)
	}
	tests := []struct {
		name, want string
		img        []byte
	}{
		{"data after IEND", "9 bytes after the IEND chunk", append(append([]byte(nil), plain...), "trailing!"...)},
		{"chunk after IEND", "bytes after the IEND chunk", append(append([]byte(nil), plain...), rawChunk("iTXt", []byte("openbadges\x00\x00\x00\x00\x00{}"))...)},
		{"no IDAT", "no image data", rebuild(func(p [][]byte) [][]byte { return append(p[:1], p[len(p)-1]) })},
		{"split IDAT", "separated from the IDAT chunks before it", rebuild(func(p [][]byte) [][]byte {
			n := len(p)
			return append(p[:n-1:n-1], rawChunk("tEXt", []byte("a\x00b")), idat, p[n-1])
		})},
		{"second IHDR", "a second IHDR", rebuild(func(p [][]byte) [][]byte { return slices.Insert(p, 1, p[0]) })},
		{"PLTE after IDAT", "PLTE chunk", rebuild(func(p [][]byte) [][]byte {
			return slices.Insert(p, len(p)-1, rawChunk("PLTE", []byte{0, 0, 0}))
		})},
		{"unknown critical chunk", `critical chunk "ZZZZ"`, rebuild(func(p [][]byte) [][]byte { return slices.Insert(p, 1, rawChunk("ZZZZ", nil)) })},
		{"IEND not empty", "IEND is not empty", rebuild(func(p [][]byte) [][]byte {
			p[len(p)-1] = rawChunk("IEND", []byte{1})
			return p
		})},
		{"acTL after IDAT", "acTL chunk", rebuildAPNG(func(p [][]byte) [][]byte {
			ac := p[1]
			p = slices.Delete(p, 1, 2)
			return slices.Insert(p, len(p)-1, ac)
		})},
		{"frames miscounted", "announces 3 frames", rebuildAPNG(func(p [][]byte) [][]byte {
			p[1] = rawChunk("acTL", []byte{0, 0, 0, 3, 0, 0, 0, 0})
			return p
		})},
		{"sequence out of order", "sequence number", rebuildAPNG(func(p [][]byte) [][]byte {
			p[len(p)-2], p[len(p)-3] = p[len(p)-3], p[len(p)-2]
			return p
		})},
		{"fcTL without acTL", "without an acTL", rebuildAPNG(func(p [][]byte) [][]byte { return slices.Delete(p, 1, 2) })},
	}
	for _, tt := range tests {
		err := CheckPNG(tt.img)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: CheckPNG = %v, want %q", tt.name, err, tt.want)
		}
	}
	if err := CheckPNG(plain); err != nil {
		t.Errorf("plain PNG: %v", err)
	}
}

func TestFindBakedKeywords(t *testing.T) {
	plain := plainPNG(t, color.NRGBA{0, 128, 0, 255})
	for _, c := range [][]byte{
		rawChunk("tEXt", []byte("OpenBadges\x00{}")),
		rawChunk("iTXt", []byte("openbadgecredential\x00\x00\x00\x00\x00eyJ")),
		rawChunk("zTXt", []byte("OPENBADGECREDENTIAL\x00\x00x")),
	} {
		img := plain[: len(plain)-12 : len(plain)-12]
		img = append(append(img, c...), plain[len(plain)-12:]...)
		if p := FindBaked(img); p == nil || !strings.Contains(p.Msg, "baked assertion") {
			t.Errorf("FindBaked(%q) = %v", c[4:8], p)
		}
	}
}
