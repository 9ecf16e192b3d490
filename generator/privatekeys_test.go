package generator

import (
	"path/filepath"
	"strings"
	"testing"

	"rosette/generator/sign"
)

func TestFindPrivateKeys(t *testing.T) {
	root := copyExampleSite(t)
	if errs, err := FindPrivateKeys(root); err != nil || len(errs) != 0 {
		t.Fatalf("clean site: %v %v", errs, err)
	}
	k := signingTestKeys(t)[0]
	priv, err := sign.EncodePrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "signing.pem"), string(priv))
	writeFile(t, filepath.Join(root, "content/issuers/riverbend.toml"), "name = \"x\"\nkey = \"\"\"\n"+string(priv)+"\"\"\"\n")
	writeFile(t, filepath.Join(root, "content/leak.json"), `{"k": "`+strings.ReplaceAll(string(priv), "\n", `\n`)+`"}`)
	writeFile(t, filepath.Join(root, "public/issuers/x.pem"), string(priv))
	writeFile(t, filepath.Join(root, "node_modules/x/test.key"), string(priv))
	writeFile(t, filepath.Join(root, "doc.go"), `// Keys start with "-----BEGIN PRIVATE KEY-----".`)
	errs, err := FindPrivateKeys(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Pos.String())
	}
	want := "[content/issuers/riverbend.toml:3:1 content/leak.json:1:8 signing.pem:1:1]"
	if strings.Join(got, " ") != want[1:len(want)-1] {
		t.Errorf("found %v, want %s", got, want)
	}
}
