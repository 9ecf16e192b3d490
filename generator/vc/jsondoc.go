package vc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Bounds on every document this package reads.
const (
	// MaxDocument is the largest JSON document (or token) accepted.
	MaxDocument = 1 << 20
	// maxDepth is the deepest nesting of arrays and objects accepted.
	maxDepth = 32
	// maxValues is the most JSON values (objects, arrays, strings, numbers,
	// booleans, nulls) a document may hold, and maxArray the longest array:
	// JSON-LD processing takes time quadratic in the values of one property.
	maxValues = 10000
	maxArray  = 1000
)

// member is one member of a JSON object, its value kept as written.
type member struct {
	key   string
	value json.RawMessage
}

// checkJSON makes sure data is one bounded JSON object with no duplicate
// key at any depth, so that every reader (this package, json-gold, a
// JavaScript verifier) sees the same document.
func checkJSON(data []byte) error {
	if len(data) > MaxDocument {
		return fmt.Errorf("document of %d bytes; at most %d are accepted", len(data), MaxDocument)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if tok != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	w := &walker{dec: dec}
	if err := w.object(1); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON object")
	}
	return nil
}

// walker reads a JSON document token by token, counting its values.
type walker struct {
	dec    *json.Decoder
	values int
}

// object reads the rest of an object whose '{' was read.
func (w *walker) object(depth int) error {
	dec := w.dec
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("not JSON: %v", err)
		}
		key := tok.(string)
		if seen[key] {
			return fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		if err := w.value(depth); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return nil
}

// value reads one value.
func (w *walker) value(depth int) error {
	dec := w.dec
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	w.values++
	if w.values > maxValues {
		return fmt.Errorf("more than %d JSON values", maxValues)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if depth >= maxDepth {
		return fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	if d == '{' {
		return w.object(depth + 1)
	}
	for n := 0; dec.More(); n++ {
		if n == maxArray {
			return fmt.Errorf("an array of more than %d values", maxArray)
		}
		if err := w.value(depth + 1); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return fmt.Errorf("not JSON: %v", err)
	}
	return nil
}

// members returns the members of the JSON object data in order. data must
// have passed checkJSON.
func members(data []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		ms = append(ms, member{key: tok.(string), value: raw})
	}
	return ms, nil
}

// lookup returns the value of key in ms, or nil.
func lookup(ms []member, key string) json.RawMessage {
	for _, m := range ms {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// appendObject appends the compact JSON object made of ms to dst.
func appendObject(dst []byte, ms []member) ([]byte, error) {
	dst = append(dst, '{')
	for i, m := range ms {
		if i > 0 {
			dst = append(dst, ',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		dst = append(dst, k...)
		dst = append(dst, ':')
		var buf bytes.Buffer
		if err := json.Compact(&buf, m.value); err != nil {
			return nil, err
		}
		dst = append(dst, buf.Bytes()...)
	}
	return append(dst, '}'), nil
}

// marshal is json.Marshal without escaping <, > and &, and without the
// trailing newline of an Encoder.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decode parses data (which passed checkJSON) into the generic form
// json-gold works on.
func decode(data []byte) (map[string]any, error) {
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}
