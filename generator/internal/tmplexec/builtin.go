package tmplexec

import "reflect"

// builtin runs one of text/template's builtin functions.
type builtin func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error)

// builtins are the builtins a program runs; a template that calls
// another one is executed by html/template.
var builtins = map[string]builtin{
	"and": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		return andOr(s, dot, args, final, hasFinal, false)
	},
	"or": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		return andOr(s, dot, args, final, hasFinal, true)
	},
	"not": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil || len(vs) != 1 {
			return reflect.Value{}, errExec
		}
		return reflect.ValueOf(!truth(vs[0])), nil
	},
	"eq": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil || len(vs) < 2 {
			return reflect.Value{}, errExec
		}
		eq, ok := equal(vs[0], vs[1:])
		if !ok {
			return reflect.Value{}, errExec
		}
		return reflect.ValueOf(eq), nil
	},
	"ne": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil || len(vs) != 2 {
			return reflect.Value{}, errExec
		}
		eq, ok := equal(vs[0], vs[1:])
		if !ok {
			return reflect.Value{}, errExec
		}
		return reflect.ValueOf(!eq), nil
	},
	"len": func(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil || len(vs) != 1 {
			return reflect.Value{}, errExec
		}
		item, isNil := indirect(vs[0])
		if isNil {
			return reflect.Value{}, errExec
		}
		switch item.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(item.Len()), nil
		}
		return reflect.Value{}, errExec
	},
}

// values evaluates every argument of a builtin, final last.
func values(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal bool) ([]reflect.Value, error) {
	vs := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		v, err := a.value(s, dot, nil)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	if hasFinal {
		if !final.IsValid() {
			return nil, errExec
		}
		vs = append(vs, final)
	}
	return vs, nil
}

// andOr is and (or, when or is set): the first argument that is false
// (true), else the last, evaluating no argument after it.
func andOr(s *state, dot reflect.Value, args []arg, final reflect.Value, hasFinal, or bool) (reflect.Value, error) {
	if len(args) == 0 && !hasFinal {
		return reflect.Value{}, errExec
	}
	var v reflect.Value
	for _, a := range args {
		var err error
		if v, err = a.value(s, dot, nil); err != nil {
			return v, err
		}
		if truth(v) == or {
			return v, nil
		}
	}
	if hasFinal {
		if !final.IsValid() {
			return final, errExec
		}
		v = final
	}
	return v, nil
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// kind is text/template's basic kind of a value, for comparisons.
type kind int

const (
	otherKind kind = iota
	boolKind
	intKind
	uintKind
	floatKind
	complexKind
	stringKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.Complex64, reflect.Complex128:
		return complexKind
	case reflect.String:
		return stringKind
	}
	return otherKind
}

// equal is text/template's eq: whether a equals one of others; ok is
// false where text/template fails.
func equal(a reflect.Value, others []reflect.Value) (eq, ok bool) {
	a = indirectInterface(a)
	k1 := basicKind(a)
	for _, b := range others {
		b = indirectInterface(b)
		k2 := basicKind(b)
		t := false
		switch {
		case k1 == intKind && k2 == uintKind:
			t = a.Int() >= 0 && uint64(a.Int()) == b.Uint()
		case k1 == uintKind && k2 == intKind:
			t = b.Int() >= 0 && a.Uint() == uint64(b.Int())
		case k1 != k2:
			if a.IsValid() && b.IsValid() {
				return false, false
			}
		case k1 == boolKind:
			t = a.Bool() == b.Bool()
		case k1 == complexKind:
			t = a.Complex() == b.Complex()
		case k1 == floatKind:
			t = a.Float() == b.Float()
		case k1 == intKind:
			t = a.Int() == b.Int()
		case k1 == stringKind:
			t = a.String() == b.String()
		case k1 == uintKind:
			t = a.Uint() == b.Uint()
		default:
			if a.Kind() != b.Kind() && a.IsValid() && b.IsValid() {
				return false, false
			}
			if isNil(a) || isNil(b) {
				t = isNil(a) == isNil(b)
			} else {
				if !b.Type().Comparable() {
					return false, false
				}
				t = a.Interface() == b.Interface()
			}
		}
		if t {
			return true, true
		}
	}
	return false, true
}

// isNil is text/template's: an invalid value or a nil one.
func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}
