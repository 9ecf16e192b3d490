package content

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// exampleAwards returns the award files of the example site.
func exampleAwards(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "content", "awards", "*", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example awards: %v", err)
	}
	out := make(map[string][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = data
	}
	return out
}

var scanSeeds = []string{
	"",
	"badge = \"b\"\nissued = 2025-01-02T03:04:05Z\n\n[recipient]\nidentity = \"sha256$" + strings.Repeat("ab", 32) + "\"\nsalt = \"s\"\n",
	"badge = \"b\"\nissued = 2025-01-02T03:04:05+02:00\nexpires = 2024-01-02T03:04:05-01:30\n",
	"badge = \"b\"\nissued = 2025-01-02T03:04:05\n",
	"badge = \"b\"\nissued = 2025-02-30T03:04:05Z\n",
	"badge = \"b\"\nissued = 2025-01-02 03:04:05Z\n",
	"badge = \"b\"\nissued = \"2025-01-02T03:04:05Z\"\n",
	"badge = \"b\"\nbadge = \"c\"\n",
	"Badge = \"b\"\n",
	"badge = 'b'\n",
	"badge = \"a\\tb\"\n",
	"badge = \"b\" # comment\n",
	"# comment\n  badge=\"b\"\t\n",
	"narrative = \"\"\"\nline one\n  line two\n\"\"\"\n",
	"narrative = \"\"\"\n\"\"\"\n",
	"narrative = \"\"\"\nno end\n",
	"narrative = \"\"\"\nquote \" inside\n\"\"\"\n",
	"narrative = \"\"\"\r\nx\r\n\"\"\"\r\n",
	"revoked = true\nrevocation_reason = \"r\"\n",
	"revoked = yes\n",
	"revocation_reason = \"r\"\n",
	"[recipient]\n[recipient]\n",
	"[recipient]\ntype = \"email\"\n[[evidence]]\nurl = \"https://e.example/\"\n[[evidence]]\nname = \"n\"\nnarrative = \"x\"\n",
	"[[evidence]]\nurl = \"u\"\nurl = \"v\"\n",
	"[[evidence]]\n[recipient]\nsalt = \"\"\n",
	"earner = \"Not A Slug\"\n",
	"recipient.type = \"email\"\n",
	"evidence = []\n",
	"badge = \"\xff\"\n",
	"badge = \"caf\u00e9\"\n",
	"badge = \"b\"\n[other]\n",
	"badge = \"b\"\nissued = 2025-01-02T03:04:05Z\nstatus_index = 48213\n",
	"status_index = 0\n",
	"status_index = 042\n",
	"status_index = -1\n",
	"status_index = +7\n",
	"status_index = 131072\n",
	"status_index = 1_000\n",
	"status_index = 99999999999999999999\n",
	"status_index = \"5\"\n",
	"status_index = 5\nstatus_index = 6\n",
	"narrative = \"n\"\n[[evidence]]\nname = \"e\"\nurl = \"https://e.example/\"\n\n[translations.fr]\nnarrative = \"\"\"\nn fr\n\"\"\"\n\n[[translations.fr.evidence]]\nname = \"e fr\"\n\n[translations.pt-BR]\nnarrative = \"n pt\"\n",
	"[translations.fr]\n",
	"[translations.fr]\nnarrative = \"\"\n",
	"[translations.fr]\nnarrative = \"x\"\n",
	"[translations.fr]\nnarative = \"x\"\n",
	"[translations.fr]\n[translations.fr]\n",
	"[[translations.fr.evidence]]\nname = \"x\"\n[translations.fr]\nnarrative = \"y\"\n",
	"[[evidence]]\nnarrative = \"a\"\n[[translations.de.evidence]]\n[[translations.de.evidence]]\nnarrative = \"b\"\n",
	"[translations.fr.evidence]\nname = \"x\"\n",
	"[translations]\nfr = \"x\"\n",
	"[translations.f_r]\nnarrative = \"x\"\n",
	"[translations.fr]\nnarrative = \"x\"\nnarrative = \"y\"\n",
	"[translations.fr]\nbadge = \"x\"\n",
	"narrative = \"n\"\n[translations.fr]\nnarrative = \"a\\u0001\"\n",
}

// FuzzScanAward checks that the scanner and the TOML decoder load every
// award file to the same award with the same problems.
func FuzzScanAward(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	for _, data := range exampleAwards(f) {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, ok := scanAward(src, &Award{}); !ok {
			return // both load it with the decoder
		}
		var fastErrs, fullErrs Errors
		fast := parseAward("content/awards/x.toml", []byte(src), &fastErrs, true)
		full := parseAward("content/awards/x.toml", []byte(src), &fullErrs, false)
		fastErrs.Sort()
		fullErrs.Sort()
		if fastErrs.Error() != fullErrs.Error() {
			t.Fatalf("problems differ for %q:\nscanner: %v\ndecoder: %v", src, fastErrs, fullErrs)
		}
		if !reflect.DeepEqual(fast, full) {
			t.Fatalf("awards differ for %q:\nscanner: %+v\ndecoder: %+v", src, fast, full)
		}
	})
}

var earnerSeeds = []string{
	"",
	"name = \"Ada\"\npublic = true\nbio = \"Hi.\"\n\n[[link]]\nlabel = \"Web\"\nurl = \"https://a.example/\"\n\n[[link]]\nlabel = \"Git\"\nurl = \"https://g.example/\"\n",
	"name = \"\"\n",
	"name = \"A\"\nname = \"B\"\n",
	"name = \"A\"\npublic = 1\n",
	"[[link]]\nlabel = \"x\"\nlabel = \"y\"\n",
	"[[link]]\nurl = \"ftp://x\"\n",
	"[link]\nurl = \"https://x.example/\"\n",
	"bio = \"\"\"\nTwo\nlines\n\"\"\"\nname = \"A\"\n",
	"nmae = \"A\"\n",
	"name = \"A\"\nbio = \"b\"\n[translations.fr]\nbio = \"b fr\"\n[translations.ar]\nbio = \"\"\"\nسيرة\n\"\"\"\n",
	"name = \"A\"\n[translations.fr]\nbio = \"b fr\"\n",
	"name = \"A\"\nbio = \"b\"\n[translations.fr]\nbio = \"\"\n",
	"name = \"A\"\n[translations.fr]\nname = \"B\"\n",
	"name = \"A\"\n[translations.fr]\n[[link]]\nlabel = \"x\"\nurl = \"https://x.example/\"\n",
}

// FuzzScanEarner checks that the scanner and the TOML decoder load every
// earner file to the same earner with the same problems.
func FuzzScanEarner(f *testing.F) {
	for _, s := range earnerSeeds {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "earners", "*.toml"))
	for _, file := range files {
		data, _ := os.ReadFile(file)
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, ok := scanEarner(src, &Earner{}); !ok {
			return // both load it with the decoder
		}
		var fastErrs, fullErrs Errors
		fast := parseEarner("content/earners/x.toml", []byte(src), &fastErrs, true)
		full := parseEarner("content/earners/x.toml", []byte(src), &fullErrs, false)
		fastErrs.Sort()
		fullErrs.Sort()
		if fastErrs.Error() != fullErrs.Error() {
			t.Fatalf("problems differ for %q:\nscanner: %v\ndecoder: %v", src, fastErrs, fullErrs)
		}
		if !reflect.DeepEqual(fast, full) {
			t.Fatalf("earners differ for %q:\nscanner: %+v\ndecoder: %+v", src, fast, full)
		}
	})
}

// TestScanAwardTakesCommonShape checks that the example awards and earners,
// and files with every key, take the fast path.
func TestScanAwardTakesCommonShape(t *testing.T) {
	for f, data := range exampleAwards(t) {
		if _, ok := scanAward(string(data), &Award{}); !ok {
			t.Errorf("%s does not take the fast path", f)
		}
	}
	for _, s := range []string{scanSeeds[1], scanSeeds[2], "badge = \"b\"\nissued = 2025-01-02T03:04:05Z\nstatus_index = 48213\n", translatedAward} {
		if _, ok := scanAward(s, &Award{}); !ok {
			t.Errorf("%q does not take the fast path", s)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "earners", "*.toml"))
	for _, f := range append(files, "", "translated") {
		src := earnerSeeds[1]
		if f == "translated" {
			src = translatedEarner
		}
		if f != "" {
			data, _ := os.ReadFile(f)
			src = string(data)
		}
		if _, ok := scanEarner(src, &Earner{}); !ok {
			t.Errorf("earner %s does not take the fast path", f)
		}
	}
}

// translatedAward and translatedEarner are records with translations,
// which take the fast path too.
const (
	translatedAward = `badge = "b"
issued = 2025-01-02T03:04:05Z
narrative = "Did it."

[recipient]
identity = "sha256$` + "c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e" + `"
salt = "s"

[[evidence]]
url = "https://e.example/"
name = "Repo"

[translations.fr]
narrative = """
L'a fait.
"""

[[translations.fr.evidence]]
name = "Dépôt"

[translations.pt-BR]
narrative = "Fez."
`
	translatedEarner = "name = \"Ada\"\nbio = \"Hi.\"\n\n[translations.fr]\nbio = \"Salut.\"\n"
)

// BenchmarkParseAward compares reading the example awards, and an award
// with translations, with the scanner and with the TOML decoder.
func BenchmarkParseAward(b *testing.B) {
	var examples [][]byte
	for _, data := range exampleAwards(b) {
		examples = append(examples, data)
	}
	for _, set := range []struct {
		name  string
		files [][]byte
	}{{"", examples}, {"translated-", [][]byte{[]byte(translatedAward)}}} {
		for _, fast := range []bool{true, false} {
			name := "decoder"
			if fast {
				name = "scanner"
			}
			files := set.files
			b.Run(set.name+name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					var errs Errors
					parseAward("content/awards/x.toml", files[i%len(files)], &errs, fast)
					i++
				}
			})
		}
	}
}
