package content

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func pngOf(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.NRGBA{1, 2, 3, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

const (
	validHash = "sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e"
	baseAward = `badge = "git"
earner = "ada"
issued = 2025-03-14T09:00:00Z

[recipient]
identity = "` + validHash + `"
salt = "deadsea"
`
)

// baseSite is a small valid site; tests change one file at a time.
func baseSite() fstest.MapFS {
	return fstest.MapFS{
		"content/site.toml": {Data: []byte(`base_url = "https://badges.example.org/"
title = "Example"
`)},
		"content/issuers/acme.toml": {Data: []byte(`name = "Acme"
url = "https://acme.example.org/"
email = "badges@acme.example.org"
`)},
		"content/badges/git.toml": {Data: []byte(`name = "Git"
description = "Knows Git."
criteria = "Pass the quiz."
type = "knowledge"
`)},
		"content/badges/git.png":            {Data: pngOf(120, 120)},
		"content/earners/ada.toml":          {Data: []byte("name = \"Ada\"\npublic = true\n")},
		"content/awards/2025/abc123de.toml": {Data: []byte(baseAward)},
	}
}

func TestLoadValid(t *testing.T) {
	s, err := Load(baseSite(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Config.BaseURL; got != "https://badges.example.org/" {
		t.Errorf("base URL = %q", got)
	}
	if s.Config.Language != "en" || s.Config.Theme != "default" {
		t.Errorf("defaults: language %q theme %q", s.Config.Language, s.Config.Theme)
	}
	b := s.Badge("git")
	if b == nil || b.Issuer != "acme" || b.PNG == nil || b.PNG.Width != 120 {
		t.Fatalf("badge = %+v", b)
	}
	a := s.Award("abc123de")
	if a == nil || a.Recipient.Type != "email" || a.Issued.Location().String() != "UTC" {
		t.Fatalf("award = %+v", a)
	}
}

func TestLoadErrors(t *testing.T) {
	big := pngOf(5000, 5000)
	tests := []struct {
		name  string
		files map[string]string // file → content ("" deletes it)
		want  []string
	}{
		{
			name:  "toml syntax error",
			files: map[string]string{"content/earners/ada.toml": "name = \"Ada\"\npublic = yes\n"},
			want:  []string{`content/earners/ada.toml:2:10: public: yes is not a boolean: write true or false (lower case, without quotes)`},
		},
		{
			name:  "misspelt key",
			files: map[string]string{"content/badges/git.toml": "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\ntgas = [\"x\"]\n"},
			want:  []string{`content/badges/git.toml:4:1: unknown key "tgas" (did you mean "tags"?)`},
		},
		{
			name:  "misspelt key in a table",
			files: map[string]string{"content/awards/2025/abc123de.toml": baseAward + "idnetity = \"x\"\n"},
			want:  []string{`content/awards/2025/abc123de.toml:8:1: unknown key "idnetity" (did you mean "identity"?)`},
		},
		{
			name:  "misspelt key in an array of tables",
			files: map[string]string{"content/awards/2025/abc123de.toml": baseAward + "\n[[evidence]]\nurl = \"https://x.example/\"\n\n[[evidence]]\nnmae = \"n\"\nnarrative = \"n\"\n"},
			want:  []string{`content/awards/2025/abc123de.toml:13:1: unknown key "nmae" (did you mean "name"?)`},
		},
		{
			name:  "unknown dotted key",
			files: map[string]string{"content/earners/ada.toml": "name = \"Ada\"\na.b = 1\n"},
			want:  []string{`content/earners/ada.toml:2:1: unknown key "a"`},
		},
		{
			name:  "misspelt table of a dotted key",
			files: map[string]string{"content/awards/2025/abc123de.toml": "recipent.identity = \"x\"\n" + baseAward},
			want:  []string{`content/awards/2025/abc123de.toml:1:1: unknown key "recipent" (did you mean "recipient"?)`},
		},
		{
			name:  "misspelt key of a dotted key",
			files: map[string]string{"content/badges/git.toml": "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\nlinkedin.organisation_id = \"1\"\nlinkedin.x.y = 2\n[a.b]\nc = 1\n[a.d]\n"},
			want: []string{
				`content/badges/git.toml:4:1: unknown key "linkedin"`,
				`content/badges/git.toml:6:1: unknown key "a"`,
			},
		},
		{
			name:  "misspelt part of a dotted key",
			files: map[string]string{"content/awards/2025/abc123de.toml": "recipient . \"idnetity\" = \"x\"\n" + baseAward},
			want:  []string{`content/awards/2025/abc123de.toml:1:13: unknown key "idnetity" (did you mean "identity"?)`},
		},
		{
			name:  "dotted key under a table",
			files: map[string]string{"content/issuers/acme.toml": "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@acme.example.org\"\n[linkedin]\norganisation.id = \"1\"\n"},
			want:  []string{`content/issuers/acme.toml:5:1: unknown key "organisation"`},
		},
		{
			name:  "dotted key into an array of tables",
			files: map[string]string{"content/awards/2025/abc123de.toml": "evidence.name = \"x\"\n" + baseAward},
			want:  []string{`content/awards/2025/abc123de.toml:1:1: TOML: evidence: expected an array, not map[string]any`},
		},
		{
			name:  "wrong type",
			files: map[string]string{"content/earners/ada.toml": "name = \"Ada\"\npublic = \"yes\"\n"},
			want:  []string{`content/earners/ada.toml:2:1: TOML: public: expected true or false, not string`},
		},
		{
			name:  "string instead of array",
			files: map[string]string{"content/badges/git.toml": "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\ntags = \"git\"\n"},
			want:  []string{`content/badges/git.toml:4:1: TOML: tags: expected an array, not string`},
		},
		{
			name:  "string date",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, "2025-03-14T09:00:00Z", `"last tuesday"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:3:11: issued: "last tuesday" is not a date-time such as 2025-03-14T09:00:00Z`},
		},
		{
			name:  "missing required keys",
			files: map[string]string{"content/issuers/acme.toml": "description = \"d\"\n"},
			want: []string{
				`content/issuers/acme.toml:1:1: missing required key "email"`,
				`content/issuers/acme.toml:1:1: missing required key "name"`,
				`content/issuers/acme.toml:1:1: missing required key "url"`,
			},
		},
		{
			name:  "empty required key",
			files: map[string]string{"content/earners/ada.toml": "name = \"\"\n"},
			want:  []string{`content/earners/ada.toml:1:8: name must not be empty`},
		},
		{
			name:  "unknown badge",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `"git"`, `"gti"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:1:9: unknown badge "gti" (did you mean "git"?)`},
		},
		{
			name:  "unknown earner",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `"ada"`, `"bob"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:2:10: unknown earner "bob"`},
		},
		{
			name:  "unknown issuer",
			files: map[string]string{"content/badges/git.toml": "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\nissuer = \"acne\"\n"},
			want:  []string{`content/badges/git.toml:4:10: unknown issuer "acne" (did you mean "acme"?)`},
		},
		{
			name:  "several issuers and none named",
			files: map[string]string{"content/issuers/beta.toml": "name = \"Beta\"\nurl = \"https://beta.example.org/\"\nemail = \"b@beta.example.org\"\n"},
			want:  []string{`content/badges/git.toml:1:1: badge class has no issuer and the site has several: set issuer = one of "acme", "beta", or default_issuer in content/site.toml`},
		},
		{
			name:  "duplicate award id",
			files: map[string]string{"content/awards/2024/abc123de.toml": baseAward},
			want:  []string{`content/awards/2025/abc123de.toml:1:1: duplicate award id "abc123de": content/awards/2024/abc123de.toml has the same id`},
		},
		{
			name:  "ids that differ only in case",
			files: map[string]string{"content/earners/Ada.toml": "name = \"Ada 2\"\n"},
			want: []string{
				`content/earners/Ada.toml:1:1: earner id "Ada" is not a lowercase slug: use lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters (rename the file to ada.toml)`,
				`content/earners/ada.toml:1:1: earner id "ada" differs only in case from "Ada" in content/earners/Ada.toml`,
			},
		},
		{
			name:  "id with spaces and dots",
			files: map[string]string{"content/awards/2025/my award..x.toml": baseAward, "content/awards/2025/abc123de.toml": ""},
			want:  []string{`content/awards/2025/my award..x.toml:1:1: award id "my award..x" is not a lowercase slug: use lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters (rename the file to my-award-x.toml)`},
		},
		{
			name:  "date without time zone",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, "2025-03-14T09:00:00Z", "2025-03-14T09:00:00", 1)},
			want:  []string{`content/awards/2025/abc123de.toml:3:10: issued has no time zone: write it in UTC, e.g. 2025-03-14T09:00:00Z, or with an offset such as +02:00`},
		},
		{
			name:  "local date",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, "2025-03-14T09:00:00Z", "2025-03-14", 1)},
			want:  []string{`content/awards/2025/abc123de.toml:3:10: issued has no time zone: write it in UTC, e.g. 2025-03-14T00:00:00Z, or with an offset such as +02:00`},
		},
		{
			name:  "expires before issued",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, "issued = 2025-03-14T09:00:00Z", "issued = 2025-03-14T09:00:00Z\nexpires = 2024-03-14T09:00:00+01:00", 1)},
			want:  []string{`content/awards/2025/abc123de.toml:4:11: expires (2024-03-14T08:00:00Z) is not after issued (2025-03-14T09:00:00Z)`},
		},
		{
			name:  "identity not a hash",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, validHash, "sha256$abc", 1)},
			want:  []string{`content/awards/2025/abc123de.toml:6:12: recipient identity must be "sha256$" followed by 64 lowercase hex digits (the salted SHA-256 of the address)`},
		},
		{
			name:  "plaintext email",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, validHash, "ada@example.org", 1)},
			want: []string{`content/awards/2025/abc123de.toml:6:12: recipient identity looks like a plaintext email address: never commit one. Replace identity and salt with a salted hash: ` +
				"`rosette award` writes one, or by hand: salt=$(openssl rand -hex 16); printf '%s%s' \"$(printf '%s' ADDRESS | tr A-Z a-z)\" \"$salt\" | sha256sum, then set identity = \"sha256$\" + the hex digest, and salt = the same salt"},
		},
		{
			name:  "missing recipient",
			files: map[string]string{"content/awards/2025/abc123de.toml": "badge = \"git\"\nissued = 2025-03-14T09:00:00Z\n"},
			want:  []string{`content/awards/2025/abc123de.toml:1:1: missing required table [recipient] with identity = "sha256$…" and salt (rosette award writes it)`},
		},
		{
			name:  "missing salt",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, "salt = \"deadsea\"\n", "", 1)},
			want:  []string{`content/awards/2025/abc123de.toml:5:1: missing required key "salt" in [recipient]`},
		},
		{
			name:  "revoked without reason",
			files: map[string]string{"content/awards/2025/abc123de.toml": "revoked = true\n" + baseAward},
			want:  []string{`content/awards/2025/abc123de.toml:1:11: revoked award needs a revocation_reason: verifiers and the earner see it`},
		},
		{
			name:  "evidence without url or narrative",
			files: map[string]string{"content/awards/2025/abc123de.toml": baseAward + "\n[[evidence]]\nname = \"n\"\n"},
			want:  []string{`content/awards/2025/abc123de.toml:9:1: evidence 1 needs a url or a narrative`},
		},
		{
			name:  "non-square image",
			files: map[string]string{"content/badges/git.png": string(pngOf(120, 100))},
			want:  []string{`content/badges/git.png:1:1: badge image is 120×100 px; it must be square`},
		},
		{
			name:  "tiny image",
			files: map[string]string{"content/badges/git.png": string(pngOf(32, 32))},
			want:  []string{`content/badges/git.png:1:1: image is 32×32 px; it must be at least 90×90`},
		},
		{
			name:  "huge dimensions",
			files: map[string]string{"content/badges/git.png": string(big)},
			want:  []string{`content/badges/git.png:1:1: image is 5000×5000 px; it must be at most 4096×4096`},
		},
		{
			name:  "too many bytes",
			files: map[string]string{"content/badges/git.png": string(pngOf(120, 120)) + strings.Repeat("x", MaxImageBytes)},
			want:  []string{fmt.Sprintf(`content/badges/git.png:1:1: image is %d bytes; the limit is 1048576 bytes (1 MB), as it is baked into every award`, len(pngOf(120, 120))+MaxImageBytes)},
		},
		{
			name:  "jpeg named png",
			files: map[string]string{"content/badges/git.png": "\xff\xd8\xff\xe0JFIF"},
			want:  []string{`content/badges/git.png:1:1: not a PNG file (it is a JPEG; convert it to PNG)`},
		},
		{
			name:  "non-square svg",
			files: map[string]string{"content/badges/git.png": "", "content/badges/git.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"></svg>`},
			want:  []string{`content/badges/git.svg:1:1: badge image is 200×100 px; it must be square`},
		},
		{
			name:  "no image",
			files: map[string]string{"content/badges/git.png": ""},
			want:  []string{`content/badges/git.toml:1:1: badge class has no image: add content/badges/git.png (square, at least 90×90 px) or git.svg`},
		},
		{
			name:  "base url not absolute",
			files: map[string]string{"content/site.toml": "base_url = \"badges.example.org\"\ntitle = \"T\"\n"},
			want:  []string{`content/site.toml:1:12: base_url: "badges.example.org" is not an absolute http(s) URL`},
		},
		{
			name:  "base url with another scheme",
			files: map[string]string{"content/site.toml": "title = \"T\"\nbase_url = \"ftp://badges.example.org/\"\n"},
			want:  []string{`content/site.toml:2:12: base_url: "ftp://badges.example.org/" is not an absolute http(s) URL`},
		},
		{
			name:  "missing site.toml",
			files: map[string]string{"content/site.toml": ""},
			want:  []string{`content/site.toml: missing: every site needs content/site.toml with base_url and title (rosette new site makes one)`},
		},
		{
			name:  "unexpected file",
			files: map[string]string{"content/awards/2025/x.json": "{}"},
			want:  []string{`content/awards/2025/x.json: unexpected file: content/awards/ holds only TOML records (.toml)`},
		},
		{
			name:  "orphan image",
			files: map[string]string{"content/badges/gti.png": string(pngOf(120, 120))},
			want:  []string{`content/badges/gti.png: image of no badge class: there is no content/badges/gti.toml`},
		},
		{
			name:  "bad badge type and period",
			files: map[string]string{"content/badges/git.toml": "name = \"Git\"\ndescription = \"d\"\ncriteria = \"c\"\ntype = \"skills\"\nvalid_for = \"2 years\"\n"},
			want: []string{
				`content/badges/git.toml:4:8: type "skills" is not one of "knowledge", "skill", "proficiency", "certification", "participation", "other" (did you mean "skill"?)`,
				`content/badges/git.toml:5:13: valid_for: "2 years" is not an ISO 8601 period such as "P2Y", "P18M" or "P90D"`,
			},
		},
		{
			name:  "bad evidence url",
			files: map[string]string{"content/awards/2025/abc123de.toml": baseAward + "\n[[evidence]]\nurl = \"javascript:alert(1)\"\n"},
			want:  []string{`content/awards/2025/abc123de.toml:10:7: url: "javascript:alert(1)" is not an absolute http(s) URL`},
		},
		{
			name:  "telephone and email of an issuer",
			files: map[string]string{"content/issuers/acme.toml": "name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"mailto:b@acme.example.org\"\ntelephone = \"call me maybe\"\n"},
			want: []string{
				`content/issuers/acme.toml:3:9: email: "mailto:b@acme.example.org": write the address without the mailto: prefix`,
				`content/issuers/acme.toml:4:13: telephone: "call me maybe" is not an international telephone number such as "+44 20 7946 0000"`,
			},
		},
		{
			name:  "salt that is an email address",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `salt = "deadsea"`, `salt = "ada@example.org"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:7:8: recipient salt looks like a plaintext email address: the salt is a random string (rosette award makes one), and it is published`},
		},
		{
			name:  "salt with a space",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `salt = "deadsea"`, `salt = "x y"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:7:8: recipient salt must be printable ASCII without spaces: verifiers hash the address followed by the salt exactly as written (rosette award makes a hex one)`},
		},
		{
			name:  "salt with a trailing newline",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `salt = "deadsea"`, `salt = "deadsea\n"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:7:8: recipient salt must be printable ASCII without spaces: verifiers hash the address followed by the salt exactly as written (rosette award makes a hex one)`},
		},
		{
			name:  "salt with a non-ASCII letter",
			files: map[string]string{"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `salt = "deadsea"`, `salt = "deadsé"`, 1)},
			want:  []string{`content/awards/2025/abc123de.toml:7:8: recipient salt must be printable ASCII without spaces: verifiers hash the address followed by the salt exactly as written (rosette award makes a hex one)`},
		},
		{
			name:  "records in a hidden directory",
			files: map[string]string{"content/awards/.drafts/zz.toml": baseAward},
			want:  []string{`content/awards/.drafts: hidden directory: the records in it would be ignored; move them out, or delete it`},
		},
		{
			name:  "subdirectory of badges",
			files: map[string]string{"content/badges/old/x.toml": "name = \"x\"\n"},
			want:  []string{`content/badges/old: unexpected directory: content/badges/ holds its records directly, without subdirectories`},
		},
		{
			name:  "top-level key after a table",
			files: map[string]string{"content/awards/2025/abc123de.toml": baseAward + "narrative = \"n\"\n"},
			want:  []string{`content/awards/2025/abc123de.toml:8:1: unknown key "narrative" in [recipient]: top-level keys go before the first [table]; move it above [recipient]`},
		},
		{
			name:  "byte order mark",
			files: map[string]string{"content/earners/ada.toml": "\ufeffnmae = \"Ada\"\nname = \"Ada\"\n"},
			want:  []string{`content/earners/ada.toml:1:1: unknown key "nmae" (did you mean "name"?)`},
		},
		{
			name:  "symbolic link",
			files: map[string]string{"content/earners/bob.toml": "name = \"Bob\"\n"},
			want:  []string{`content/earners/bob.toml: a symbolic link: rosette never follows links in a site, even to a file inside it; put the file itself here`},
		},
		{
			name:  "misspelt directory",
			files: map[string]string{"content/award/2025/x.toml": baseAward, "content/notes.txt": "x"},
			want: []string{
				`content/award: unexpected in content/, which holds site.toml, issuers/, badges/, earners/, awards/, pathways/ and endorsements/ (did you mean awards?)`,
				`content/notes.txt: unexpected in content/, which holds site.toml, issuers/, badges/, earners/, awards/, pathways/ and endorsements/`,
			},
		},
		{
			name:  "oversized record",
			files: map[string]string{"content/earners/ada.toml": "name = \"Ada\"\nbio = \"" + strings.Repeat("x", MaxRecordBytes) + "\"\n"},
			want: []string{
				`content/awards/2025/abc123de.toml:2:10: unknown earner "ada"`,
				`content/earners/ada.toml: file is larger than the limit of 1048576 bytes (1 MB) for a record`,
			},
		},
		{
			name: "all problems sorted across files",
			files: map[string]string{
				"content/earners/ada.toml":          "nam = \"Ada\"\n",
				"content/awards/2025/abc123de.toml": strings.Replace(baseAward, `"git"`, `"nope"`, 1),
			},
			want: []string{
				`content/awards/2025/abc123de.toml:1:9: unknown badge "nope"`,
				`content/earners/ada.toml:1:1: missing required key "name"`,
				`content/earners/ada.toml:1:1: unknown key "nam" (did you mean "name"?)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseSite()
			for name, data := range tt.files {
				if data == "" {
					delete(fsys, name)
				} else {
					fsys[name] = &fstest.MapFile{Data: []byte(data)}
				}
			}
			if tt.name == "symbolic link" {
				fsys["content/earners/bob.toml"].Mode = fs.ModeSymlink
			}
			_, err := Load(fsys, Options{})
			var got []string
			if es, ok := err.(Errors); ok {
				for _, e := range es {
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBaseURLOverride(t *testing.T) {
	fsys := baseSite()
	fsys["content/site.toml"] = &fstest.MapFile{Data: []byte("title = \"T\"\n")}
	fsys["content/issuers/acme.toml"].Data = []byte("name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@acme.example.org\"\ntelephone = \"+1 (555) 014-2\"\n")
	s, err := Load(fsys, Options{BaseURL: "http://127.0.0.1:1313/"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Config.BaseURL != "http://127.0.0.1:1313/" {
		t.Errorf("base URL = %q", s.Config.BaseURL)
	}
	if tel := s.Issuer("acme").Telephone; tel != "+15550142" {
		t.Errorf("telephone = %q, want it normalised to +15550142", tel)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://badges.example.org":       "https://badges.example.org/",
		"https://example.org/badges":       "https://example.org/badges/",
		"http://localhost:1313/":           "http://localhost:1313/",
		"HTTPS://Badges.Example.ORG/Path/": "https://badges.example.org/Path/",
		"https://example.org:443/":         "https://example.org/",
		"http://example.org:80/x":          "http://example.org/x/",
		"https://example.org:8443/":        "https://example.org:8443/",
		"https://example.org/a%20b/":       "https://example.org/a%20b/",
		"https://xn--r8jz45g.jp/":          "https://xn--r8jz45g.jp/",
	} {
		got, err := CheckBaseURL(in)
		if err != nil || got != want {
			t.Errorf("CheckBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"https://example.org/?q=1", "https://example.org/#x", "//example.org/",
		"https://user:pw@example.org/", "mailto:badges@example.org", " https://example.org/",
		"https://", "javascript://example.org/%0a", "https://example.org/a b/",
		"https://example.org/a/../b/", "https://example.org/./b/", "https://example.org//b/",
		"https://例え.jp/", "badges.example.org", "ftp://example.org/",
	} {
		if got, err := CheckBaseURL(in); err == nil {
			t.Errorf("CheckBaseURL(%q) = %q, want an error", in, got)
		}
	}
}

func TestCRLFRecords(t *testing.T) {
	fsys := baseSite()
	fsys["content/awards/2025/abc123de.toml"].Data = []byte(strings.ReplaceAll("narrative = \"\"\"\nline one\nline two\n\"\"\"\n"+baseAward, "\n", "\r\n"))
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Award("abc123de").Narrative; got != "line one\nline two\n" {
		t.Errorf("narrative = %q", got)
	}
	fsys["content/earners/ada.toml"].Data = []byte("name = \"Ada\"\r\nnmae = \"x\"\r\n")
	_, err = Load(fsys, Options{})
	if err == nil || err.Error() != `content/earners/ada.toml:2:1: unknown key "nmae" (did you mean "name"?)` {
		t.Errorf("error = %v", err)
	}
}

func TestDateProblem(t *testing.T) {
	for s, want := range map[string]string{
		"2025-04-31":           "April 2025 has no day 31 (it has 30 days)",
		"2024-02-29T00:00:00Z": "",
		"2025-02-29":           "February 2025 has no day 29 (it has 28 days)",
		"2025-13-01":           "there is no month 13",
		"2025-04-30":           "",
		"yesterday":            "",
	} {
		if got := DateProblem(s); got != want {
			t.Errorf("DateProblem(%q) = %q, want %q", s, got, want)
		}
	}
}
