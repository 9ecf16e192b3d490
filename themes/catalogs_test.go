package themes

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"rosette/generator/i18n"
)

// shipped are the languages of the default theme's catalogs besides
// English, and the CLDR plural categories each uses for whole numbers
// (go-i18n's rules, which the catalogs follow).
var shipped = map[string][]string{
	"fr":    {"one", "many", "other"},
	"de":    {"one", "other"},
	"es":    {"one", "many", "other"},
	"pt-BR": {"one", "many", "other"},
	"nl":    {"one", "other"},
	"ar":    {"zero", "one", "two", "few", "many", "other"},
}

var pluralKeys = []string{"zero", "one", "two", "few", "many", "other"}

// catalogFile reads one catalog of the default theme: its messages by
// id, each a map of its keys (description, one, other…).
func catalogFile(t *testing.T, lang string) map[string]map[string]string {
	t.Helper()
	data, err := fs.ReadFile(Default(), "i18n/"+lang+".toml")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]map[string]string
	if _, err := toml.Decode(string(data), &msgs); err != nil {
		t.Fatalf("i18n/%s.toml: %v", lang, err)
	}
	return msgs
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders are the names of the placeholders of every form of a
// message, sorted.
func placeholders(m map[string]string) []string {
	set := map[string]bool{}
	for _, k := range pluralKeys {
		for _, p := range placeholderRE.FindAllStringSubmatch(m[k], -1) {
			set[p[1]] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// forms are the plural keys a message has.
func forms(m map[string]string) []string {
	var out []string
	for _, k := range pluralKeys {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// TestCatalogsComplete checks every shipped catalog against the English
// one: the same ids, no more; the same placeholders in each message; the
// plural forms of its language in a message that counts, and only
// "other" in one that does not; and no text left empty or in English.
func TestCatalogsComplete(t *testing.T) {
	en := catalogFile(t, "en")
	for lang, langForms := range shipped {
		t.Run(lang, func(t *testing.T) {
			msgs := catalogFile(t, lang)
			for _, id := range slices.Sorted(maps.Keys(en)) {
				m, ok := msgs[id]
				if !ok {
					t.Errorf("%s: no message %q", lang, id)
					continue
				}
				for k := range m {
					if k != "description" && !slices.Contains(pluralKeys, k) {
						t.Errorf("%s: %s: unknown key %q", lang, id, k)
					}
				}
				if got, want := placeholders(m), placeholders(en[id]); !slices.Equal(got, want) {
					t.Errorf("%s: %s: placeholders %q, want %q as in English", lang, id, got, want)
				}
				want := []string{"other"}
				if len(forms(en[id])) > 1 {
					want = langForms
				}
				if got := forms(m); !slices.Equal(got, want) {
					t.Errorf("%s: %s: plural forms %q, want %q", lang, id, got, want)
				}
				for _, k := range forms(m) {
					if strings.TrimSpace(m[k]) == "" {
						t.Errorf("%s: %s: %s is empty", lang, id, k)
					}
				}
			}
			for id := range msgs {
				if _, ok := en[id]; !ok {
					t.Errorf("%s: message %q is not in the English catalog", lang, id)
				}
			}
		})
	}
}

// TestCatalogsPluralRules checks the plural forms listed above against
// the rules the catalogs are read with: each form is used by some count,
// and every count uses one of them.
func TestCatalogsPluralRules(t *testing.T) {
	for lang, want := range shipped {
		cat, err := i18n.Load(lang, Default())
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if missing := cat.Missing(); len(missing) > 0 {
			t.Errorf("%s: %d messages in English only, such as %q", lang, len(missing), missing[0])
		}
		used := map[string]bool{}
		for _, n := range []int{0, 1, 2, 3, 5, 10, 11, 21, 99, 100, 101, 102, 103, 111, 1000, 1000000, 2000000} {
			used[cat.PluralForm(n)] = true
		}
		got := slices.Collect(maps.Keys(used))
		sort.Slice(got, func(i, j int) bool {
			return slices.Index(pluralKeys, got[i]) < slices.Index(pluralKeys, got[j])
		})
		if !slices.Equal(got, want) {
			t.Errorf("%s: counts use the plural forms %q, the catalogs have %q", lang, got, want)
		}
	}
}
