package bake

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

const testCredential = `{"id":"https://badges.example.org/credentials/a1.json","name":"A ]]> in text <b>&amp;"}`

// TestCredentialPNG checks a 3.0 bake: one uncompressed iTXt chunk with
// keyword openbadgecredential and empty language and translated keyword,
// right after IHDR, beside no 2.0 chunk; and the round trip.
func TestCredentialPNG(t *testing.T) {
	for name, img := range examplePNGs(t) {
		p, err := PreparePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		baked, err := p.AppendCredential(nil, []byte(testCredential))
		if err != nil {
			t.Fatal(err)
		}
		const ihdrEnd = 8 + 12 + 13
		n := binary.BigEndian.Uint32(baked[ihdrEnd:])
		data := baked[ihdrEnd+8 : ihdrEnd+8+int(n)]
		want := KeywordV3 + "\x00\x00\x00\x00\x00" + testCredential
		if string(baked[ihdrEnd+4:ihdrEnd+8]) != "iTXt" || string(data) != want {
			t.Fatalf("%s: chunk after IHDR %q %q", name, baked[ihdrEnd+4:ihdrEnd+8], data)
		}
		if err := CheckPNG(baked); err != nil {
			t.Fatal(err)
		}
		got, err := UnbakeCredentialPNG(baked)
		if err != nil || got != testCredential {
			t.Fatalf("%s: UnbakeCredentialPNG = %q, %v", name, got, err)
		}
		if _, err := UnbakePNG(baked); err != ErrUnbaked {
			t.Errorf("%s: a 3.0 image reads as a 2.0 one: %v", name, err)
		}
		if _, err := UnbakeCredentialPNG(img); err != ErrNoCredential {
			t.Errorf("%s: an unbaked image: %v", name, err)
		}
		// Baking again replaces the credential.
		p2, _ := PreparePNG(baked)
		again, _ := p2.AppendCredential(nil, []byte("x"))
		if got, err := UnbakeCredentialPNG(again); got != "x" || err != nil {
			t.Errorf("%s: rebaked: %q %v", name, got, err)
		}
		break
	}
}

func TestCredentialSVG(t *testing.T) {
	img, err := os.ReadFile("testdata/badge.svg")
	if err != nil {
		t.Fatal(err)
	}
	min, err := MinifySVG(img)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range [][]byte{min, []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`)} {
		s, err := NewSVG(src)
		if err != nil {
			t.Fatal(err)
		}
		baked, err := s.AppendCredential(nil, []byte(testCredential))
		if err != nil {
			t.Fatal(err)
		}
		root := string(baked[:bytes.Index(baked, []byte("<openbadges:credential>"))])
		if !strings.HasSuffix(root, ` xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">`) || strings.Count(root, "<") != strings.Count(string(src[:bytes.IndexByte(src, '>')]), "<") {
			t.Errorf("the credential is not the root's first child: %s", root)
		}
		got, err := UnbakeCredentialSVG(baked)
		if err != nil || got != testCredential {
			t.Fatalf("UnbakeCredentialSVG = %q, %v", got, err)
		}
		if _, _, err := UnbakeSVG(baked); err == nil {
			t.Errorf("a 3.0 SVG reads as a 2.0 one: %v", err)
		}
		if _, err := UnbakeCredentialSVG(src); err != ErrNoCredential {
			t.Errorf("an unbaked SVG: %v", err)
		}
		v2, _ := BakeSVG(src, "https://badges.example.org/assertions/a1.json", []byte("{}"))
		s2, _ := NewSVG(v2)
		if _, err := s2.AppendCredential(nil, []byte(testCredential)); err == nil {
			t.Error("a 3.0 bake into a 2.0 baked SVG is accepted")
		}
	}
}
