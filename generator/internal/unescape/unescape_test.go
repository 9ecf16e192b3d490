package unescape

import (
	"testing"
)

func TestDecode(t *testing.T) {
	for in, want := range map[string]string{
		`a\u0040b\U00000040c\x40d`:                    "a@b@c@d",
		`line\nbreak\r\ttab \"q\" \\ \/`:              "line\nbreak\r\ttab \"q\" \\ /",
		`md \@ \- \.`:                                 "md @ - .",
		"&#45;&#x2D;&#x2d&dash;&hyphen;&commat;&amp;": "---‐‐@&",
		"&nosuch; & alone &#; &#x;":                   "&nosuch; & alone &#; &#x;",
		"%2D%2d%zz%4":                                 "--%zz%4",
		"a\u00adb\u200bc＠d﹫e":                         "abc@d@e",
		"bad \xff byte":                               "bad \xff byte",
	} {
		got, offs := Decode([]byte(in))
		if string(got) != want {
			t.Errorf("Decode(%q) = %q, want %q", in, got, want)
		}
		if len(offs) != len(got)+1 || offs[len(got)] != len(in) {
			t.Errorf("Decode(%q): %d offsets for %d bytes", in, len(offs), len(got))
		}
		for i := 1; i < len(offs); i++ {
			if offs[i] < offs[i-1] {
				t.Errorf("Decode(%q): offsets go back at %d", in, i)
			}
		}
	}
	if May([]byte("plain ascii text, no escapes")) {
		t.Error("May on plain text")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`\u0040&#64;%40\n`))
	f.Fuzz(func(t *testing.T, src []byte) {
		text, offs := Decode(src)
		if len(offs) != len(text)+1 {
			t.Fatalf("%d offsets for %d bytes", len(offs), len(text))
		}
		for i, o := range offs {
			if o < 0 || o > len(src) || i > 0 && o < offs[i-1] {
				t.Fatalf("offset %d = %d", i, o)
			}
		}
		if !May(src) && string(text) != string(src) {
			t.Fatalf("May says no change, Decode changed %q to %q", src, text)
		}
	})
}

func TestMayHide(t *testing.T) {
	for in, want := range map[string]bool{
		`fmt.Sprintf("%02x\n\t\x00", b)`: false,
		`&content.Error{} && x`:          false,
		`"a\u0041"`:                      true,
		`"\x2d"`:                         true,
		`MIIB\/abc`:                      true,
		"&#80;RIVATE":                    true,
		"&amp; &lt;":                     false,
		"x%2By":                          true,
		"100%20off":                      false,
		"soft\u00adhyphen":               true,
	} {
		if got := MayHide([]byte(in)); got != want {
			t.Errorf("MayHide(%q) = %v, want %v", in, got, want)
		}
	}
}
