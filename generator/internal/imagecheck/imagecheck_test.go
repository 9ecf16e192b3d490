package imagecheck

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/content"
	"rosette/generator/internal/sitefs"
	"rosette/generator/internal/sitetest"
)

func TestLoadChecksImages(t *testing.T) {
	root := sitetest.Copy(t)
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100"
        onclick="steal()"/>
  <script>alert(1)</script>
</svg>
`)
	png, err := os.ReadFile(filepath.Join(root, "content/badges/community-mentor.png"))
	if err != nil {
		t.Fatal(err)
	}
	png[len(png)-1] ^= 1 // the CRC of IEND
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/community-mentor.png"), string(png))

	_, err = load(root)
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load: %v, want content errors", err)
	}
	want := []string{
		fmt.Sprintf(`content/badges/community-mentor.png:1:1: corrupt PNG: chunk "IEND" at byte %d has a bad CRC (stored ae426083, computed ae426082)`, len(png)-12),
		`content/badges/git-foundations.svg:3:9: event handler attribute onclick= is not allowed in a badge SVG`,
		`content/badges/git-foundations.svg:4:3: <script> is not allowed in a badge SVG`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors:\n%v\nwant:\n%q", len(errs), errs, want)
	}
	for i, e := range errs {
		if got := strings.TrimPrefix(e.Error(), filepath.ToSlash(root)+"/"); got != want[i] {
			t.Errorf("error %d:\n got %s\nwant %s", i, e, want[i])
		}
	}
}

// TestLoadRefusesBakedImages checks that a badge or issuer image that
// carries someone's award (which would be published unchanged as the
// badge image, and verify as that award) is refused at its position.
func TestLoadRefusesBakedImages(t *testing.T) {
	root := sitetest.Copy(t)
	for _, tt := range []struct{ file, typ string }{
		{"content/badges/community-mentor.png", "iTXt"},
		{"content/badges/web-accessibility.png", "tEXt"},
		{"content/issuers/riverbend.png", "zTXt"},
	} {
		path := filepath.Join(root, tt.file)
		png, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sitetest.WriteFile(t, path, string(withTextChunk(t, png, tt.typ, "https://badges.example.org/assertions/x.json")))
	}
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/git-foundations.svg"), `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" viewBox="0 0 100 100">
  <openbadges:assertion verify="https://badges.example.org/assertions/x.json"/>
  <rect width="100" height="100"/>
</svg>
`)
	_, err := load(root)
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load: %v, want content errors", err)
	}
	want := []string{
		`content/badges/community-mentor.png:1:1: the image carries a baked assertion (an openbadges iTXt chunk at byte 33): a badge image must not carry an award; export it again without the chunk`,
		`content/badges/git-foundations.svg:2:3: the image carries a baked assertion (<openbadges:assertion>): a badge image must not carry an award; remove the element`,
		`content/badges/web-accessibility.png:1:1: the image carries a baked assertion (an openbadges tEXt chunk at byte 33): a badge image must not carry an award; export it again without the chunk`,
		`content/issuers/riverbend.png:1:1: the image carries a baked assertion (an openbadges zTXt chunk at byte 33): a badge image must not carry an award; export it again without the chunk`,
	}
	var got []string
	for _, e := range errs {
		got = append(got, strings.TrimPrefix(e.Error(), filepath.ToSlash(root)+"/"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// withTextChunk returns png with a text chunk of type typ, keyword
// openbadges, holding text, right after IHDR.
func withTextChunk(t *testing.T, png []byte, typ, text string) []byte {
	t.Helper()
	data := []byte("openbadges\x00")
	switch typ {
	case "tEXt":
		data = append(data, text...)
	case "zTXt":
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write([]byte(text))
		zw.Close()
		data = append(append(data, 0), z.Bytes()...)
	case "iTXt":
		data = append(append(data, 0, 0, 0, 0), text...)
	}
	ch := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	ch = append(append(ch, typ...), data...)
	ch = binary.BigEndian.AppendUint32(ch, crc32.ChecksumIEEE(ch[4:]))
	const ihdrEnd = 8 + 12 + 13
	return append(append(append([]byte{}, png[:ihdrEnd]...), ch...), png[ihdrEnd:]...)
}

// TestLoadRefusesPlantedImageData checks that a badge or issuer PNG with
// data after IEND, or with an address in a compressed text chunk, is
// refused at its position.
func TestLoadRefusesPlantedImageData(t *testing.T) {
	root := sitetest.Copy(t)
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	trail := append(read("content/badges/community-mentor.png"), "PK\x03\x04 a planted archive"...)
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/community-mentor.png"), string(trail))

	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("Drawn by ada@example.org"))
	zw.Close()
	ztxt := append([]byte("Author\x00\x00"), z.Bytes()...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(ztxt)))
	chunk = append(append(chunk, "zTXt"...), ztxt...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	img := read("content/badges/web-accessibility.png")
	img = append(append(append([]byte(nil), img[:33]...), chunk...), img[33:]...)
	sitetest.WriteFile(t, filepath.Join(root, "content/badges/web-accessibility.png"), string(img))

	_, err := load(root)
	var errs content.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load: %v, want content errors", err)
	}
	want := []string{
		"content/badges/community-mentor.png:1:1: 22 bytes after the IEND chunk",
		`content/badges/web-accessibility.png:1:1: an email address (a…@example.org) in the zTXt chunk "Author" at byte 33:`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors:\n%v\nwant:\n%q", len(errs), errs, want)
	}
	for i, e := range errs {
		if got := strings.TrimPrefix(e.Error(), filepath.ToSlash(root)+"/"); !strings.HasPrefix(got, want[i]) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, got, want[i])
		}
	}
}

// load loads the site at root with Check as its image check.
func load(root string) (*content.Site, error) {
	return content.Load(sitefs.New(root), content.Options{CheckImage: Check, ImageText: Text})
}
