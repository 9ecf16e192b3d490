package content

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
)

// Image limits. Badge images are baked into every award, so they should
// stay small; 256 KB is the size backpacks have long recommended.
const (
	MaxImageBytes = 1 << 20 // 1 MiB
	MinImageSide  = 90      // pixels
	MaxImageSide  = 4096    // pixels
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// readImage reads and checks a PNG or SVG image without decoding its pixels.
func readImage(fsys fs.FS, p string, square bool) (*Image, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if info.Size() > MaxImageBytes {
		return nil, fmt.Errorf("image is %d bytes; the limit is %d bytes (1 MB), as it is baked into every award", info.Size(), MaxImageBytes)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	img := &Image{Data: data}
	switch path.Ext(p) {
	case ".png":
		img.Format = "png"
		if !bytes.HasPrefix(data, pngSignature) {
			return nil, fmt.Errorf("not a PNG file (%s)", sniff(data))
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable PNG: %v", err)
		}
		img.Width, img.Height = cfg.Width, cfg.Height
	case ".svg":
		img.Format = "svg"
		w, h, err := svgSize(data)
		if err != nil {
			return nil, err
		}
		img.Width, img.Height = w, h
	}
	if square && img.Width != img.Height {
		return nil, fmt.Errorf("badge image is %d×%d px; it must be square", img.Width, img.Height)
	}
	if img.Format == "png" {
		if img.Width < MinImageSide || img.Height < MinImageSide {
			return nil, fmt.Errorf("image is %d×%d px; it must be at least %d×%d", img.Width, img.Height, MinImageSide, MinImageSide)
		}
		if img.Width > MaxImageSide || img.Height > MaxImageSide {
			return nil, fmt.Errorf("image is %d×%d px; it must be at most %d×%d", img.Width, img.Height, MaxImageSide, MaxImageSide)
		}
	}
	return img, nil
}

func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "it is a JPEG; convert it to PNG"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "it is a GIF; convert it to PNG"
	case bytes.HasPrefix(data, []byte("RIFF")):
		return "it is a WebP; convert it to PNG"
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		return "it is " + format
	}
	return "no PNG signature"
}

// svgSize reads the root element of an SVG and returns its size from
// width/height, else from its viewBox.
func svgSize(data []byte) (int, int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return 0, 0, fmt.Errorf("not an SVG file: no root element")
		}
		if err != nil {
			return 0, 0, fmt.Errorf("not a well-formed SVG file: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0, fmt.Errorf("not an SVG file: the root element is <%s>", se.Name.Local)
		}
		var w, h float64
		var vb []float64
		for _, a := range se.Attr {
			if a.Name.Space != "" {
				continue
			}
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				for _, f := range strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' }) {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
						return 0, 0, fmt.Errorf("SVG viewBox %q is not four numbers", a.Value)
					}
					vb = append(vb, v)
				}
				if len(vb) != 4 {
					return 0, 0, fmt.Errorf("SVG viewBox %q is not four numbers", a.Value)
				}
			}
		}
		if w <= 0 || h <= 0 {
			if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
				return 0, 0, fmt.Errorf("SVG has neither width and height nor a viewBox: its size is unknown")
			}
			w, h = vb[2], vb[3]
		}
		if w > MaxImageSide || h > MaxImageSide {
			return 0, 0, fmt.Errorf("SVG is %.6g×%.6g px (width and height, else the viewBox); it must be at most %d×%d", w, h, MaxImageSide, MaxImageSide)
		}
		return int(w + 0.5), int(h + 0.5), nil
	}
}

// svgLength parses a length in user units or px; other units give 0.
func svgLength(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
