// Package tmplexec executes html/template templates several times faster
// than html/template does, with the same output.
//
// html/template escapes a template once, before its first execution, by
// rewriting its parse tree: every action gets a pipeline of escaper
// functions that fit the place in the page where it stands. It then runs
// that tree with text/template, whose interpreter looks up every field
// and method by name and calls every function, escapers included,
// through reflection, on every execution. Compile turns the escaped tree
// into a program instead: fields are looked up once per type, escapers,
// builtins and plain functions are called directly, and the last escaper
// writes straight into the output.
//
// A program covers the common part of the template language: text,
// actions, if, with, range over slices and arrays, template and block,
// variables, fields, methods, the builtins and, or, not, eq, ne and len,
// and the escapers of HTML text, quoted attributes, RCDATA, HTML
// comments, URLs and template.JS values in scripts. Compile refuses a
// template that uses anything else, and a
// program's Execute returns ErrFallback whenever it meets a case it does
// not handle exactly as text/template would: a nil pointer, a map key
// that is missing, a typed string in a context it does not escape, a
// function that fails. The caller then executes the template with
// html/template, which gives the same output or the canonical error.
// Partial output of a failed Execute must be discarded.
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sync"
)

// ErrFallback is returned by Execute when the program cannot execute
// the template with this data exactly as html/template would; the caller
// executes it with html/template instead.
var ErrFallback = errors.New("tmplexec: execute with html/template")

// maxDepth is text/template's limit of nested template calls.
const maxDepth = 100000

// Program is a compiled template. It is safe for concurrent use.
type Program struct {
	root *tree
}

// tree is one compiled template of the set.
type tree struct {
	list node
}

// state is one execution.
type state struct {
	buf   *bytes.Buffer
	vars  []variable
	base  int // vars[base:] are the variables of the current template
	depth int
}

// variable is a template variable and its value.
type variable struct {
	name  string
	value reflect.Value
}

var states = sync.Pool{New: func() any { return new(state) }}

// Execute appends the output of the template applied to data to buf. It
// returns ErrFallback when it cannot execute the template exactly as
// html/template would; the bytes it appended must then be discarded.
func (p *Program) Execute(buf *bytes.Buffer, data any) (err error) {
	s := states.Get().(*state)
	defer func() {
		if r := recover(); r != nil {
			err = ErrFallback
		}
		clear(s.vars)
		*s = state{vars: s.vars[:0]}
		states.Put(s)
	}()
	dot, ok := data.(reflect.Value)
	if !ok {
		dot = reflect.ValueOf(data)
	}
	s.buf = buf
	s.vars = append(s.vars[:0], variable{"$", dot})
	if err := p.root.list.exec(s, dot); err != nil {
		return ErrFallback
	}
	return nil
}

func (s *state) push(name string, v reflect.Value) {
	s.vars = append(s.vars, variable{name, v})
}

// pop drops the variables declared after mark.
func (s *state) pop(mark int) {
	clear(s.vars[mark:])
	s.vars = s.vars[:mark]
}

// varValue is the value of the named variable of the current template.
func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, ErrFallback
}

// setVar sets the named variable, for an assignment.
func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return ErrFallback
}

// node is a compiled node of a template.
type node interface {
	exec(s *state, dot reflect.Value) error
}

type listNode []node

func (l listNode) exec(s *state, dot reflect.Value) error {
	for _, n := range l {
		if err := n.exec(s, dot); err != nil {
			return err
		}
	}
	return nil
}

type textNode []byte

func (t textNode) exec(s *state, _ reflect.Value) error {
	s.buf.Write(t)
	return nil
}

// declNode is an action that only declares or assigns variables.
type declNode struct{ pipe *pipeline }

func (d declNode) exec(s *state, dot reflect.Value) error {
	_, err := d.pipe.eval(s, dot)
	return err
}

// printNode is an action that prints: its value, passed through the
// escapers html/template gave it.
type printNode struct {
	pipe *pipeline
	escs []*escaper
}

func (p printNode) exec(s *state, dot reflect.Value) error {
	v, err := p.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	str, ct := stringify(v)
	last := len(p.escs) - 1
	for i, e := range p.escs {
		if i == last && e.write != nil && ct == contentPlain {
			e.write(s.buf, str)
			return nil
		}
		var ok bool
		if str, ok = e.apply(str, ct); !ok {
			return ErrFallback
		}
		ct = contentPlain
	}
	s.buf.WriteString(str)
	return nil
}

// ifNode is {{if}} or {{with}}.
type ifNode struct {
	with     bool
	pipe     *pipeline
	list     node
	elseList node // may be nil
}

func (n *ifNode) exec(s *state, dot reflect.Value) error {
	mark := len(s.vars)
	defer s.pop(mark)
	v, err := n.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return ErrFallback
	}
	switch {
	case truth && n.with:
		return n.list.exec(s, v)
	case truth:
		return n.list.exec(s, dot)
	case n.elseList != nil:
		return n.elseList.exec(s, dot)
	}
	return nil
}

// rangeNode is {{range}} over a slice or an array.
type rangeNode struct {
	pipe     *pipeline
	list     node
	elseList node // may be nil
}

func (n *rangeNode) exec(s *state, dot reflect.Value) error {
	outer := len(s.vars)
	defer s.pop(outer)
	v, err := n.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	v, _ = indirect(v)
	mark := len(s.vars)
	decls := len(n.pipe.decl)
	switch v.Kind() {
	case reflect.Array, reflect.Slice:
		for i := range v.Len() {
			elem := v.Index(i)
			if decls > 0 {
				s.vars[len(s.vars)-1].value = elem
			}
			if decls > 1 {
				s.vars[len(s.vars)-2].value = reflect.ValueOf(i)
			}
			err := n.list.exec(s, elem)
			s.pop(mark)
			if err != nil {
				return err
			}
		}
		if v.Len() > 0 {
			return nil
		}
	case reflect.Invalid:
	default:
		return ErrFallback
	}
	if n.elseList != nil {
		return n.elseList.exec(s, dot)
	}
	return nil
}

// templateNode is {{template}} (and {{block}}).
type templateNode struct {
	tree *tree
	pipe *pipeline // may be nil
}

func (n *templateNode) exec(s *state, dot reflect.Value) error {
	var v reflect.Value
	if n.pipe != nil {
		var err error
		if v, err = n.pipe.eval(s, dot); err != nil {
			return err
		}
	}
	if s.depth >= maxDepth {
		return ErrFallback
	}
	base := s.base
	s.base = len(s.vars)
	s.depth++
	s.push("$", v)
	err := n.tree.list.exec(s, v)
	s.pop(s.base)
	s.base = base
	s.depth--
	return err
}

// pipeline is the part of an action that computes its value: commands,
// each one's value the last argument of the next, and the variables it
// declares or assigns.
type pipeline struct {
	cmds     []command
	decl     []string
	isAssign bool
}

func (p *pipeline) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	var (
		v        reflect.Value
		hasFinal bool
		err      error
	)
	for _, c := range p.cmds {
		if v, err = c.eval(s, dot, v, hasFinal); err != nil {
			return v, err
		}
		hasFinal = true
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	for _, name := range p.decl {
		if p.isAssign {
			if err := s.setVar(name, v); err != nil {
				return v, err
			}
		} else {
			s.push(name, v)
		}
	}
	return v, nil
}

// isTrue is text/template's truth of a value.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = v.Len() > 0
	case reflect.Bool:
		truth = v.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = v.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = v.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return false, false
	}
	return truth, true
}

// indirect follows pointers and interfaces down to a value, stopping at
// a nil one.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the value an interface holds, or the value.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// unsupported is Compile's error for a template it does not compile.
func unsupported(name string, what any) error {
	return fmt.Errorf("tmplexec: %s: %v is not supported", name, what)
}

// Compile compiles the template name of set and the templates it calls.
// The set must have been executed with that name at least once, so that
// html/template has escaped it; funcs are the functions the set was made
// with. Compile fails when the templates use something a Program does
// not run; the set is then executed with html/template.
func Compile(set *template.Template, name string, funcs template.FuncMap) (*Program, error) {
	c := &compiler{set: set, funcs: map[string]reflect.Value{}, trees: map[string]*tree{}}
	for k, f := range funcs {
		c.funcs[k] = reflect.ValueOf(f)
	}
	root, err := c.tree(name)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}
