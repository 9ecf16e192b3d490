package tmplexec

import (
	"cmp"
	"reflect"
	"slices"
)

// The order in this file is that of Go's internal/fmtsort, in which
// text/template ranges over a map:
//
// Copyright 2018 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in Go's LICENSE file.

// sortedMap is the keys and values of a map, in text/template's order.
func sortedMap(m reflect.Value) [][2]reflect.Value {
	out := make([][2]reflect.Value, 0, m.Len())
	it := m.MapRange()
	for it.Next() {
		out = append(out, [2]reflect.Value{it.Key(), it.Value()})
	}
	slices.SortStableFunc(out, func(a, b [2]reflect.Value) int { return compareKeys(a[0], b[0]) })
	return out
}

// compareKeys compares two map keys of the same type: -1, 0 or 1.
func compareKeys(a, b reflect.Value) int {
	if a.Type() != b.Type() {
		return -1 // no good answer, but not 0: they are not equal
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		x, y := a.Complex(), b.Complex()
		if c := cmp.Compare(real(x), real(y)); c != 0 {
			return c
		}
		return cmp.Compare(imag(x), imag(y))
	case reflect.Bool:
		switch x, y := a.Bool(), b.Bool(); {
		case x == y:
			return 0
		case x:
			return 1
		}
		return -1
	case reflect.Pointer, reflect.UnsafePointer:
		return cmp.Compare(a.Pointer(), b.Pointer())
	case reflect.Chan:
		if c, ok := nilCompare(a, b); ok {
			return c
		}
		return cmp.Compare(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := range a.NumField() {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := range a.Len() {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		if c, ok := nilCompare(a, b); ok {
			return c
		}
		if c := compareKeys(reflect.ValueOf(a.Elem().Type()), reflect.ValueOf(b.Elem().Type())); c != 0 {
			return c
		}
		return compareKeys(a.Elem(), b.Elem())
	}
	panic("tmplexec: a map key of type " + a.Type().String())
}

// nilCompare orders a nil value before any other; ok is false when
// neither is nil.
func nilCompare(a, b reflect.Value) (int, bool) {
	switch {
	case a.IsNil() && b.IsNil():
		return 0, true
	case a.IsNil():
		return -1, true
	case b.IsNil():
		return 1, true
	}
	return 0, false
}
