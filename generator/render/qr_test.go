package render

import (
	"bytes"
	"fmt"
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// TestQREncoderMatchesQR checks that the encoder with cached plans makes
// the same codes as rsc.io/qr, also when one encoder is reused for texts
// of the same and of other versions.
func TestQREncoderMatchesQR(t *testing.T) {
	var q qrEncoder
	for range 2 {
		for _, text := range []string{
			"https://badges.riverbend.example.org/assertions/asvmzxej4hlafbt2/",
			"https://badges.riverbend.example.org/assertions/0do4ue11rb4pvp3b/",
			"https://b.example/",
			"HTTPS://B.EXAMPLE/",
			"0123456789",
			"https://badges.a-much-longer-host-name.example.org/some/deeper/path/assertions/asvmzxej4hlafbt2/?x=1",
		} {
			want, err := qr.Encode(text, qr.M)
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.encode(text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != want.Size || !bytes.Equal(got.Bitmap, want.Bitmap) {
				t.Errorf("%q: the cached plan gives another code (size %d, want %d)", text, got.Size, want.Size)
			}
		}
	}
	// Texts of every kind (numeric, alphanumeric, bytes) and of many
	// lengths, across versions.
	r := rand.New(rand.NewPCG(1, 2))
	for _, alphabet := range []string{"0123456789", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", "abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%é"} {
		for n := 1; n < 700; n += 1 + n/8 {
			text := make([]byte, n)
			for i := range text {
				text[i] = alphabet[r.IntN(len(alphabet))]
			}
			want, err := qr.Encode(string(text), qr.M)
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.encode(string(text))
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != want.Size || !bytes.Equal(got.Bitmap, want.Bitmap) {
				t.Fatalf("%q: another code than rsc.io/qr's (size %d, want %d)", text, got.Size, want.Size)
			}
		}
	}
	if _, err := q.encode(string(make([]byte, 4000))); err == nil {
		t.Error("a text too long for any version was encoded")
	}
}

// svgReference is the QR code SVG as svg writes it, module by module,
// from rsc.io/qr's own code of text.
func svgReference(t *testing.T, text, label string) string {
	t.Helper()
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	size := code.Size
	n := strconv.Itoa(size + 8)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + " " + n + `" role="img" aria-label="` + html.EscapeString(label) +
		`" shape-rendering="crispEdges"><rect width="` + n + `" height="` + n + `" fill="#fff"/><path stroke="#000" d="`)
	for y := 0; y < size; y++ {
		end := -1
		for x := 0; x < size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < size && code.Black(x+run, y) {
				run++
			}
			if end < 0 {
				fmt.Fprintf(&b, "M%d %d.5", x+4, y+4)
			} else {
				fmt.Fprintf(&b, "m%d 0", x-end)
			}
			fmt.Fprintf(&b, "h%d", run)
			end = x + run
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

// TestQRSVGMatchesReference checks the SVG that svg writes (a row's runs
// found a word at a time up to version 11, a byte at a time above)
// against one written module by module from rsc.io/qr's code, for texts
// of many versions, reusing one encoder and its buffers.
func TestQRSVGMatchesReference(t *testing.T) {
	var q qrEncoder
	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{"https://badges.example.org/credentials/asvmzxej4hlafbt2.json", "0", "A"}
	for n := 1; n < 900; n += 1 + n/6 {
		text := make([]byte, n)
		for i := range text {
			text[i] = "abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#ABC"[r.IntN(47)]
		}
		texts = append(texts, string(text))
	}
	for range 2 {
		for _, text := range texts {
			label := `QR "code" <of> ` + text[:min(len(text), 8)]
			if got, want := string(q.svg(text, label)), svgReference(t, text, label); got != want {
				t.Fatalf("%q:\n%s\nwant\n%s", text, got, want)
			}
		}
	}
	if got := q.svg(string(make([]byte, 4000)), "x"); got != "" {
		t.Errorf("a text too long for any version gives %q", got)
	}
}

// TestQRNext checks the byte-wise search for the next dark or light
// module against a module-by-module one on random rows.
func TestQRNext(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		size := 1 + r.IntN(70)
		row := make([]byte, (size+7)/8*2)
		for i := range row {
			row[i] = byte(r.Uint32())
		}
		for i := size; i < len(row)*8; i++ { // a code's padding is light
			row[i>>3] &^= 0x80 >> (i & 7)
		}
		for x := 0; x <= size; x++ {
			for _, flip := range []byte{0, 0xff} {
				want := x
				for want < size && (row[want>>3]&(0x80>>(want&7)) != 0) == (flip != 0) {
					want++
				}
				if got := qrNext(row, x, size, flip); got != want {
					t.Fatalf("row %08b size %d x %d flip %#x: %d, want %d", row, size, x, flip, got, want)
				}
			}
		}
	}
}

// TestQRIn checks the choice of QR mode against rsc.io/qr's checks on
// every string of up to two bytes and on strings with runes.
func TestQRIn(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := qrIn(s, qrNumeric), coding.Num(s).Check() == nil; got != want {
			t.Fatalf("%q numeric: %v, want %v", s, got, want)
		}
		if got, want := qrIn(s, qrAlphanumeric), coding.Alpha(s).Check() == nil; got != want {
			t.Fatalf("%q alphanumeric: %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", "0123", "HTTPS://B.EXAMPLE/", "https://b.example/", "É", "1\u0660", "A\xff"} {
		check(s)
	}
	for i := range 1 << 16 {
		check(string([]byte{byte(i)}))
		check(string([]byte{byte(i >> 8), byte(i)}))
	}
}
