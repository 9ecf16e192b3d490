package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// stackSite is baseSite with badge classes a, b, c and goal "cert", which
// requires all of a and 2 of a, b, c, and a pathway a → b → cert.
func stackSite(files map[string]string) fstest.MapFS {
	fsys := baseSite()
	badge := func(id, extra string) {
		fsys["content/badges/"+id+".toml"] = &fstest.MapFile{Data: []byte("name = \"" + id + "\"\ndescription = \"d\"\ncriteria = \"c\"\n" + extra)}
		fsys["content/badges/"+id+".png"] = &fstest.MapFile{Data: pngOf(120, 120)}
	}
	badge("a", "")
	badge("b", "")
	badge("c", "")
	badge("cert", "\n[[requires]]\nall = [\"a\"]\n\n[[requires]]\nn = 2\nof = [\"a\", \"b\", \"c\"]\n")
	fsys["content/pathways/route.toml"] = &fstest.MapFile{Data: []byte("name = \"Route\"\ndescription = \"The way.\"\nsteps = [\"a\", \"b\"]\ngoal = \"cert\"\n")}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestPathwaysValid(t *testing.T) {
	s, err := Load(stackSite(nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pathways) != 1 || s.Pathways[0].Goal != "cert" || !slices.Equal(s.Pathways[0].Steps, []string{"a", "b"}) {
		t.Fatalf("pathways = %+v", s.Pathways)
	}
	cert := s.Badge("cert")
	if len(cert.Requires) != 2 || cert.Requires[1].Need() != 2 || cert.Requires[0].Need() != 1 {
		t.Fatalf("requires = %+v", cert.Requires)
	}
	if got := s.BuildsOn("cert"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("BuildsOn = %v", got)
	}
	if got := s.LeadsTo("b"); !slices.Equal(got, []string{"cert"}) {
		t.Errorf("LeadsTo = %v", got)
	}
	held := func(ids ...string) func(string) bool {
		return func(id string) bool { return slices.Contains(ids, id) }
	}
	for _, tc := range []struct {
		held []string
		met  bool
	}{
		{nil, false},
		{[]string{"a"}, false},             // 1 of the 2 of a, b, c
		{[]string{"b", "c"}, false},        // 2 of 3, but not all of a
		{[]string{"a", "c"}, true},         // all of a, 2 of 3
		{[]string{"a", "b", "c"}, true},    // more than enough
		{[]string{"a", "git", "x"}, false}, // others do not count
	} {
		if got := cert.RequirementsMet(held(tc.held...)); got != tc.met {
			t.Errorf("held %v: met = %v, want %v", tc.held, got, tc.met)
		}
	}
}

func TestPathwaysErrors(t *testing.T) {
	const cert = "content/badges/cert.toml"
	const route = "content/pathways/route.toml"
	head := "name = \"cert\"\ndescription = \"d\"\ncriteria = \"c\"\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "unknown requirement",
			files: map[string]string{cert: head + "[[requires]]\nall = [\"a\", \"gti\"]\n"},
			want:  []string{`content/badges/cert.toml:5:13: requires unknown badge "gti" (did you mean "git"?)`, `content/pathways/route.toml:4:8: goal "cert" can never be earned with its requirements met: they build on a cycle or on unknown badge classes (see the errors in its requirements)`},
		},
		{
			name:  "both all and of",
			files: map[string]string{cert: head + "[[requires]]\nall = [\"a\"]\nn = 1\nof = [\"b\"]\n"},
			want:  []string{`content/badges/cert.toml:4:1: requires group 1 gives both all and n/of: a group is either all = [...] or n = N with of = [...]; make two groups`},
		},
		{
			name:  "n too large",
			files: map[string]string{cert: head + "[[requires]]\nn = 4\nof = [\"a\", \"b\", \"c\"]\n"},
			want:  []string{`content/badges/cert.toml:5:5: requires group 1: n = 4 must be from 1 to 3, the number of badge classes in of`},
		},
		{
			name:  "n without of",
			files: map[string]string{cert: head + "[[requires]]\nn = 1\n"},
			want:  []string{`content/badges/cert.toml:4:1: requires group 1: n = 1 but of is missing or empty; list the badge classes with of = [...]`},
		},
		{
			name:  "itself and twice",
			files: map[string]string{cert: head + "[[requires]]\nall = [\"cert\", \"a\", \"a\", \"b\"]\n"},
			want:  []string{`content/badges/cert.toml:5:8: requires: a badge class cannot build on itself`, `content/badges/cert.toml:5:21: requires: "a" is named twice in group 1`},
		},
		{
			name: "cycle through an n of group",
			files: map[string]string{
				"content/badges/a.toml": "name = \"a\"\ndescription = \"d\"\ncriteria = \"c\"\n[[requires]]\nn = 1\nof = [\"c\", \"cert\"]\n",
			},
			want: []string{
				`content/badges/cert.toml:6:8: requires forms a cycle: a → cert → a; a badge class cannot build on itself, even through others`,
			},
		},
		{
			name: "cycle that no badge class can leave",
			files: map[string]string{
				"content/badges/a.toml": "name = \"a\"\ndescription = \"d\"\ncriteria = \"c\"\n[[requires]]\nall = [\"b\"]\n",
				"content/badges/b.toml": "name = \"b\"\ndescription = \"d\"\ncriteria = \"c\"\n[[requires]]\nall = [\"cert\"]\n",
			},
			want: []string{
				`content/badges/cert.toml:6:8: requires forms a cycle: a → b → cert → a; a badge class cannot build on itself, even through others`,
				`content/badges/cert.toml:10:12: requires forms a cycle: b → cert → b; a badge class cannot build on itself, even through others`,
				`content/pathways/route.toml:4:8: goal "cert" can never be earned with its requirements met: they build on a cycle or on unknown badge classes (see the errors in its requirements)`,
			},
		},
		{
			name:  "step out of order",
			files: map[string]string{"content/badges/b.toml": "name = \"b\"\ndescription = \"d\"\ncriteria = \"c\"\n[[requires]]\nall = [\"c\"]\n", route: "name = \"R\"\nsteps = [\"a\", \"b\", \"c\"]\ngoal = \"cert\"\n"},
			want:  []string{`content/pathways/route.toml:2:15: step "b" comes before its requirements are met by the earlier steps: all of "c" (0 held)`},
		},
		{
			name:  "steps do not reach the goal",
			files: map[string]string{route: "name = \"R\"\nsteps = [\"b\", \"c\"]\ngoal = \"cert\"\n"},
			want:  []string{`content/pathways/route.toml:3:8: the steps do not meet the requirements of goal "cert": all of "a" (0 held)`},
		},
		{
			name:  "unknown step and goal",
			files: map[string]string{route: "name = \"R\"\nsteps = [\"a\", \"zz\"]\ngoal = \"certt\"\n"},
			want:  []string{`content/pathways/route.toml:2:15: unknown badge "zz"`, `content/pathways/route.toml:3:8: unknown badge "certt" (did you mean "cert"?)`},
		},
		{
			name:  "step that is the goal, repeated, no name",
			files: map[string]string{route: "steps = [\"a\", \"a\", \"cert\"]\ngoal = \"cert\"\n"},
			want:  []string{`content/pathways/route.toml:1:1: missing required key "name"`, `content/pathways/route.toml:1:15: steps: "a" is named twice`, `content/pathways/route.toml:1:20: steps: "cert" is the goal; the steps are the badge classes that lead to it`, `content/pathways/route.toml:2:8: the steps do not meet the requirements of goal "cert": 2 of "a", "b", "c" (1 held)`},
		},
		{
			name:  "misspelt key",
			files: map[string]string{route: "name = \"R\"\nsteps = [\"a\"]\ngaol = \"cert\"\n"},
			want:  []string{`content/pathways/route.toml:1:1: missing required key "goal"`, `content/pathways/route.toml:3:1: unknown key "gaol" (did you mean "goal"?)`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(stackSite(tc.files), Options{})
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("err = %v, want Errors", err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestHoldings(t *testing.T) {
	award := func(badge, earner, extra string) string {
		s := "badge = \"" + badge + "\"\n"
		if earner != "" {
			s += "earner = \"" + earner + "\"\n"
		}
		return s + "issued = 2025-03-14T09:00:00Z\n" + extra + "\n[recipient]\nidentity = \"" + validHash + "\"\nsalt = \"deadsea\"\n"
	}
	files := map[string]string{
		"content/earners/bo.toml":  "name = \"Bo\"\n",
		"content/earners/cy.toml":  "name = \"Cy\"\n",
		"content/awards/a1.toml":   award("a", "ada", ""),
		"content/awards/c1.toml":   award("c", "ada", ""),
		"content/awards/a2.toml":   award("a", "bo", ""),
		"content/awards/b2.toml":   award("b", "bo", "revoked = true\nrevocation_reason = \"error\""),
		"content/awards/c2.toml":   award("c", "bo", "expires = 2025-06-01T00:00:00Z"),
		"content/awards/a3.toml":   award("a", "", ""),
		"content/awards/b3.toml":   award("b", "", ""),
		"content/awards/cy1.toml":  award("a", "cy", ""),
		"content/awards/cy2.toml":  award("b", "cy", ""),
		"content/awards/cy3.toml":  award("cert", "cy", ""),
		"content/awards/late.toml": award("b", "bo", ""),
	}
	files["content/awards/late.toml"] = strings.Replace(award("b", "bo", ""), "2025-03-14", "2025-09-01", 1)
	s, err := Load(stackSite(files), Options{Clock: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), AllowFuture: true})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	h := s.HoldingsAt(clock)
	// ada: a and c; bo: a only (b revoked, c expired, the other b issued
	// after the clock); cy holds everything; the awards without earner
	// count for no one.
	if !h.Meets("ada", "cert") || h.Meets("bo", "cert") || !h.Meets("cy", "cert") {
		t.Errorf("meets cert: ada %v bo %v cy %v", h.Meets("ada", "cert"), h.Meets("bo", "cert"), h.Meets("cy", "cert"))
	}
	if got := h.Unmet("bo", "cert"); got != `2 of "a", "b", "c" (1 held)` {
		t.Errorf("bo unmet = %q", got)
	}
	if got, want := h.Eligible(), []Eligible{{Earner: "ada", Badge: "cert"}}; !slices.Equal(got, want) {
		t.Errorf("eligible = %v, want %v", got, want)
	}
	p := s.Pathways[0]
	if got, want := h.Progress("ada", p), (Progress{Done: 1, Total: 2, Next: "b"}); got != want {
		t.Errorf("ada progress = %+v, want %+v", got, want)
	}
	if got, want := h.Progress("cy", p), (Progress{Done: 2, Total: 2, Goal: true}); got != want {
		t.Errorf("cy progress = %+v, want %+v", got, want)
	}
	if later := s.HoldingsAt(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)); later.Holds("ada", "a") {
		t.Error("an award counts before it is issued")
	}
}
