package generator

import (
	"crypto/sha256"
	"reflect"
	"testing"
	"time"

	"rosette/generator/content"
)

// TestOutputsKeyCoversTheAward changes each field of an award, one at a
// time, and checks that the key of its 3.0 files changes, but for the
// fields that no 3.0 file is made from. A field added to content.Award
// fails this test until it is put in the key or among those.
func TestOutputsKeyCoversTheAward(t *testing.T) {
	notInCredentials := map[string]string{
		"File":         "where the record is, not what it says",
		"Earner":       "the earner's record id: the credential names the recipient by the award's salted hash",
		"Translations": "credentials carry only the award's own text",
		"Lang":         "the language of the award's own text, which the credential carries as it is",
	}
	base := content.Award{
		ID: "a1", Badge: "b1", Earner: "e1", Issued: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Narrative: "n", Recipient: content.Recipient{Type: "email", Identity: "sha256$00", Salt: "s"},
		Evidence:    []content.Evidence{{URL: "https://example.org/e", Name: "e", Description: "d", Narrative: "n", Genre: "g", Audience: "a"}},
		StatusIndex: 7, HasStatusIndex: true,
	}
	var badge [sha256.Size]byte
	k0, _ := outputsKey(nil, badge, &base)
	if k1, _ := outputsKey(nil, [sha256.Size]byte{1}, &base); k1 == k0 {
		t.Error("the badge class's key is not in the award's")
	}
	typ := reflect.TypeFor[content.Award]()
	for name := range notInCredentials {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("content.Award has no field %s any more: update this test", name)
		}
	}
	// changes calls f with every way of changing one field of v (a
	// struct, addressable), named by its path.
	var changes func(v reflect.Value, prefix string, f func(name string, undo func()))
	changes = func(v reflect.Value, prefix string, f func(name string, undo func())) {
		for i := range v.NumField() {
			field, fv := v.Type().Field(i), v.Field(i)
			name := prefix + field.Name
			if _, skip := notInCredentials[name]; skip {
				continue
			}
			old := reflect.New(fv.Type()).Elem()
			old.Set(fv)
			undo := func() { fv.Set(old) }
			switch {
			case fv.Type() == reflect.TypeFor[time.Time]():
				fv.Set(reflect.ValueOf(fv.Interface().(time.Time).Add(time.Second)))
				f(name, undo)
			case fv.Kind() == reflect.String:
				fv.SetString(fv.String() + "x")
				f(name, undo)
			case fv.Kind() == reflect.Bool:
				fv.SetBool(!fv.Bool())
				f(name, undo)
			case fv.Kind() == reflect.Int:
				fv.SetInt(fv.Int() + 1)
				f(name, undo)
			case fv.Kind() == reflect.Struct:
				changes(fv, name+".", f)
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
				changes(fv.Index(0), name+"[0].", f)
				fv.Set(reflect.Append(fv, reflect.New(fv.Type().Elem()).Elem()))
				f(name+" (one more)", undo)
			default:
				t.Errorf("%s: a field of kind %s that this test cannot change: put it in the key and teach the test", name, fv.Kind())
			}
		}
	}
	a := base
	a.Evidence = append([]content.Evidence(nil), base.Evidence...)
	n := 0
	changes(reflect.ValueOf(&a).Elem(), "", func(name string, undo func()) {
		n++
		if k, _ := outputsKey(nil, badge, &a); k == k0 {
			t.Errorf("changing %s does not change the key of the award's 3.0 files", name)
		}
		undo()
		if k, _ := outputsKey(nil, badge, &a); k != k0 {
			t.Fatalf("%s: the test did not undo its change", name)
		}
	})
	if n < 15 {
		t.Errorf("only %d changes tried", n)
	}
}
