package render

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"rsc.io/qr"
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
