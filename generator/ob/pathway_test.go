package ob

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"testing/fstest"

	"rosette/generator/content"
)

func TestPathwayDocument(t *testing.T) {
	var img bytes.Buffer
	png.Encode(&img, image.NewNRGBA(image.Rect(0, 0, 120, 120)))
	fsys := fstest.MapFS{
		"content/site.toml":         {Data: []byte("base_url = \"https://badges.example.org/\"\ntitle = \"T\"\n")},
		"content/issuers/acme.toml": {Data: []byte("name = \"Acme\"\nurl = \"https://acme.example.org/\"\nemail = \"b@acme.example.org\"\n")},
		"content/pathways/p.toml":   {Data: []byte("name = \"P\"\ndescription = \"Two then one.\"\nsteps = [\"a\", \"b\"]\ngoal = \"c\"\n")},
	}
	for id, extra := range map[string]string{"a": "", "b": "", "c": "[[requires]]\nn = 1\nof = [\"a\", \"b\"]\n[[requires]]\nall = [\"a\"]\n"} {
		fsys["content/badges/"+id+".toml"] = &fstest.MapFile{Data: []byte("name = \"B" + id + "\"\ndescription = \"d\"\ncriteria = \"c\"\n" + extra)}
		fsys["content/badges/"+id+".png"] = &fstest.MapFile{Data: img.Bytes()}
	}
	s, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(New(s).Pathway(s.Pathways[0]))
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "type": "Pathway",
  "id": "https://badges.example.org/pathways/p.json",
  "name": "P",
  "description": "Two then one.",
  "url": "https://badges.example.org/pathways/p/",
  "goal": {
    "badgeClass": "https://badges.example.org/badges/c.json",
    "name": "Bc",
    "requires": [
      {
        "all": false,
        "n": 1,
        "of": [
          "https://badges.example.org/badges/a.json",
          "https://badges.example.org/badges/b.json"
        ]
      },
      {
        "all": true,
        "n": 1,
        "of": [
          "https://badges.example.org/badges/a.json"
        ]
      }
    ]
  },
  "steps": [
    {
      "position": 1,
      "badgeClass": "https://badges.example.org/badges/a.json",
      "name": "Ba",
      "requires": []
    },
    {
      "position": 2,
      "badgeClass": "https://badges.example.org/badges/b.json",
      "name": "Bb",
      "requires": []
    }
  ]
}
`
	if string(got) != want {
		t.Errorf("pathway document:\n%s\nwant:\n%s", got, want)
	}
}
