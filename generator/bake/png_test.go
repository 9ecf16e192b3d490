package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// examplePNGs returns the badge images of the example site.
func examplePNGs(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../content/badges/*.png")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example badge PNGs: %v", err)
	}
	out := make(map[string][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}

const sampleJSON = `{
  "@context": "https://w3id.org/openbadges/v2",
  "type": "Assertion",
  "id": "https://badges.example.org/assertions/abc.json",
  "narrative": "Füße & <b>ünïcödé</b> ✓"
}
`

// rawChunk builds a chunk with a correct CRC.
func rawChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// insertAfterIHDR splices chunks after IHDR.
func insertAfterIHDR(img []byte, chunks ...[]byte) []byte {
	out := append([]byte(nil), img[:33]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, img[33:]...)
}

func TestBakePNGRoundTrip(t *testing.T) {
	for name, img := range examplePNGs(t) {
		t.Run(name, func(t *testing.T) {
			baked, err := BakePNG(img, sampleJSON)
			if err != nil {
				t.Fatal(err)
			}
			got, err := UnbakePNG(baked)
			if err != nil {
				t.Fatal(err)
			}
			if got != sampleJSON {
				t.Errorf("unbaked %q, want %q", got, sampleJSON)
			}
			// The chunk sits right after IHDR, in the documented layout.
			ch := iTXt(sampleJSON)
			if !bytes.Equal(baked[33:33+len(ch)], ch) {
				t.Errorf("no iTXt chunk right after IHDR")
			}
			wantHead := "iTXt" + "openbadges\x00\x00\x00\x00\x00"
			if string(baked[37:37+len(wantHead)]) != wantHead {
				t.Errorf("chunk header %q, want %q", baked[37:37+len(wantHead)], wantHead)
			}
			// Every original byte is kept: removing the chunk gives the input.
			rest := append(append([]byte(nil), baked[:33]...), baked[33+len(ch):]...)
			if !bytes.Equal(rest, img) {
				t.Errorf("baking changed the image bytes")
			}
			if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
				t.Errorf("baked image does not decode: %v", err)
			}
			// Baking again replaces the assertion.
			again, err := BakePNG(baked, "https://example.org/a.json")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := UnbakePNG(again); err != nil || got != "https://example.org/a.json" {
				t.Errorf("rebaked: %q, %v", got, err)
			}
			if len(again) != len(img)+len(iTXt("https://example.org/a.json")) {
				t.Errorf("rebaking left the old chunk: %d bytes", len(again))
			}
		})
	}
}

func TestBakePNGReplacesOtherTextChunks(t *testing.T) {
	img := examplePNGs(t)["git-foundations.png"]
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("old"))
	zw.Close()
	other := rawChunk("tEXt", []byte("Comment\x00keep me"))
	old := insertAfterIHDR(img,
		rawChunk("tEXt", []byte("openbadges\x00https://old.example/a")),
		other,
		rawChunk("zTXt", append([]byte("openbadges\x00\x00"), z.Bytes()...)),
	)
	baked, err := BakePNG(old, "new")
	if err != nil {
		t.Fatal(err)
	}
	want := insertAfterIHDR(img, iTXt("new"), other)
	if !bytes.Equal(baked, want) {
		t.Errorf("old openbadges chunks not removed, or other chunks not kept")
	}
}

func TestUnbakePNGReadsOtherEncodings(t *testing.T) {
	img := examplePNGs(t)["git-foundations.png"]
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("compressed ✓"))
	zw.Close()
	for name, c := range map[string][]byte{
		"tEXt":            rawChunk("tEXt", []byte("openbadges\x00https://old.example/a")),
		"iTXt compressed": rawChunk("iTXt", append([]byte("openbadges\x00\x01\x00en\x00Open Badges\x00"), z.Bytes()...)),
		"zTXt":            rawChunk("zTXt", append([]byte("openbadges\x00\x00"), z.Bytes()...)),
	} {
		got, err := UnbakePNG(insertAfterIHDR(img, c))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got == "" {
			t.Errorf("%s: empty text", name)
		}
	}
}

func TestUnbakePNGErrors(t *testing.T) {
	img := examplePNGs(t)["git-foundations.png"]
	baked, err := BakePNG(img, sampleJSON)
	if err != nil {
		t.Fatal(err)
	}
	badCRC := append([]byte(nil), baked...)
	badCRC[60] ^= 0x20 // a byte of the text
	second := insertAfterIHDR(baked, rawChunk("tEXt", []byte("openbadges\x00x")))
	tests := []struct {
		name string
		img  []byte
		want string
	}{
		{"unbaked", img, "carries no baked assertion"},
		{"bad CRC", badCRC, `chunk "iTXt" at byte 33 has a bad CRC`},
		{"second chunk", second, "a second openbadges chunk"},
		{"truncated", baked[:len(baked)/2], "truncated PNG"},
		{"no IEND", baked[:len(baked)-12], "no IEND"},
		{"not a PNG", []byte("GIF89a......"), "not a PNG"},
		{"empty", nil, "not a PNG"},
		{"uncompressed flag, bad method", insertAfterIHDR(img, rawChunk("iTXt", []byte("openbadges\x00\x01\x07\x00\x00x"))), "unknown compression"},
	}
	for _, tt := range tests {
		_, err := UnbakePNG(tt.img)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
	}
	if _, err := UnbakePNG(img); !errors.Is(err, ErrUnbaked) {
		t.Errorf("unbaked image: %v, want ErrUnbaked", err)
	}
	if _, err := BakePNG(badCRC, "x"); err == nil {
		t.Errorf("BakePNG accepted a corrupt image")
	}
	if _, err := BakePNG(img, "bad \xff utf-8"); err == nil {
		t.Errorf("BakePNG accepted invalid UTF-8")
	}
}

func FuzzUnbakePNG(f *testing.F) {
	img := examplePNGs(f)["git-foundations.png"]
	baked, _ := BakePNG(img, sampleJSON)
	f.Add(baked)
	f.Add(img[:100])
	f.Add(insertAfterIHDR(img[:33], rawChunk("iTXt", []byte("openbadges\x00\x01\x00\x00\x00x")), rawChunk("IEND", nil)))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := UnbakePNG(data)
		if err != nil {
			return
		}
		// Whatever unbakes must bake back to the same text.
		rebaked, err := BakePNG(data, text)
		if err != nil {
			if !strings.Contains(err.Error(), "UTF-8") {
				t.Fatalf("unbaked but cannot rebake: %v", err)
			}
			return
		}
		if got, err := UnbakePNG(rebaked); err != nil || got != text {
			t.Fatalf("rebaked: %q, %v; want %q", got, err, text)
		}
	})
}

func FuzzBakePNG(f *testing.F) {
	img := examplePNGs(f)["community-mentor.png"]
	f.Add(sampleJSON)
	f.Add("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	f.Fuzz(func(t *testing.T, text string) {
		baked, err := BakePNG(img, text)
		if err != nil {
			return
		}
		got, err := UnbakePNG(baked)
		if err != nil || got != text {
			t.Fatalf("round trip: %q, %v; want %q", got, err, text)
		}
	})
}
