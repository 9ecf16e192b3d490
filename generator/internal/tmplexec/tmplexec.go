// Package tmplexec executes html/template templates several times faster
// than html/template does, with the same output (docs/templates-execution.md).
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
// actions, if, with, range (over slices, arrays, maps, integers,
// channels and iterator functions), template and block, variables,
// fields, methods, the builtins and, or, not, eq, ne and len, and the
// escapers of HTML text, quoted attributes, RCDATA, HTML comments, URLs
// and scripts. Compile refuses a template that uses anything else: that
// is decided once, and the caller executes such a template with
// html/template. A program that compiled gives html/template's output
// for any data, or fails where html/template fails:
//
//   - ErrData: the data makes the template fail (a nil pointer, a
//     missing field, a function that fails, a value of the wrong type);
//     the caller executes the template with html/template for the
//     error in its words, at its position, and html/template must fail
//     too;
//   - a *LimitError: the execution reached one of its Limits;
//   - a *Fault: the program panicked, a fault of this package. It names
//     the template; nothing falls back silently.
//
// Partial output of a failed Execute must be discarded.
//
// A method M() template.HTML or M() template.JS may have an appender
// beside it, a method AppendM(b []byte) []byte of the same receiver that
// appends to b what M returns. Where an action prints such a method alone
// (a field chain ending in M, without arguments or further commands)
// where html/template prints its value as it is — HTML into HTML text, JS
// into a script — a program calls the appender on its output instead of
// M: content made for one page, such as an inline SVG, is then never
// made into a string. The appender must append exactly what M returns,
// keep nothing of b, and panic only where M panics.
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"runtime/debug"
	"sync"
)

// ErrData is the error of a program that the data makes fail where
// html/template fails too.
var ErrData = errors.New("tmplexec: the template fails with this data")

// errExec is what the nodes return for ErrData.
var errExec = ErrData

// Fault is a panic of a program: a fault of this package, not of the
// template or of its data.
type Fault struct {
	Template string // the file the template was parsed from
	Value    any    // what the program panicked with
	Stack    []byte
}

func (f *Fault) Error() string {
	return fmt.Sprintf("tmplexec: fault executing %s (html/template alone avoids it): %v\n%s", f.Template, f.Value, f.Stack)
}

// Program is a compiled template. It is safe for concurrent use.
type Program struct {
	root *tree
}

// tree is one compiled template of the set.
type tree struct {
	name string // the file it was parsed from, for errors
	list node
}

// state is one execution.
type state struct {
	buf    *bytes.Buffer
	start  int // where the output of this execution starts in buf
	budget *Budget
	vars   []variable
	base   int // vars[base:] are the variables of the current template
}

// variable is a template variable and its value.
type variable struct {
	name  string
	value reflect.Value
}

var states = sync.Pool{New: func() any { return new(state) }}

// Execute appends the output of the template applied to data to buf,
// spending steps of b (nil: a budget of DefaultLimits). It returns
// ErrData, an error wrapping a *LimitError or a *Fault (see the package
// comment); the bytes it appended must then be discarded.
func (p *Program) Execute(buf *bytes.Buffer, data any, b *Budget) (err error) {
	if b == nil {
		b = NewBudget(DefaultLimits)
	}
	s := states.Get().(*state)
	defer func() {
		if r := recover(); r != nil {
			err = &Fault{Template: p.root.name, Value: r, Stack: debug.Stack()}
		}
		clear(s.vars)
		*s = state{vars: s.vars[:0]}
		states.Put(s)
	}()
	dot, ok := data.(reflect.Value)
	if !ok {
		dot = reflect.ValueOf(data)
	}
	s.buf, s.start, s.budget = buf, buf.Len(), b
	s.vars = append(s.vars[:0], variable{"$", dot})
	if err := p.root.list.exec(s, dot); err != nil {
		return err
	}
	if buf.Len()-s.start > b.Limits.Output {
		return &LimitError{Where: p.root.name, Limit: "output", Max: int64(b.Limits.Output)}
	}
	return nil
}

// step spends a step of the budget, for a range iteration at where,
// and checks the size of the output.
func (s *state) step(where string) error {
	b := s.budget
	if err := b.Step(); err != nil {
		err.(*LimitError).Where = where
		return err
	}
	if s.buf.Len()-s.start > b.Limits.Output {
		return &LimitError{Where: where, Limit: "output", Max: int64(b.Limits.Output)}
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
	return reflect.Value{}, errExec
}

// setVar sets the named variable, for an assignment.
func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return errExec
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
// escapers html/template gave it, or escaped by the probe of those
// escapers when they do not handle the value.
type printNode struct {
	pipe  *pipeline
	escs  []*escaper
	probe *probe // nil when the escapers handle every value
	// field is the pipeline's only command, a field chain without
	// arguments, when the action's only escaper prints values of the
	// type asIs as they are (HTML into HTML text, JS into a script): a
	// value of that type may be appended by an appender.
	field *fieldCmd
	asIs  reflect.Type
}

func (p printNode) exec(s *state, dot reflect.Value) error {
	var (
		v   reflect.Value
		err error
	)
	if p.field != nil {
		var done bool
		if v, done, err = p.field.appendValue(s, dot, p.asIs); done || err != nil {
			return err
		}
		v = unwrapAny(v)
	} else if v, err = p.pipe.eval(s, dot); err != nil {
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
			return p.probe.write(s.buf, v)
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
		return errExec
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

// rangeNode is {{range}}.
type rangeNode struct {
	pipe     *pipeline
	list     node
	elseList node   // may be nil
	where    string // file:line:col, for errors
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
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		for i := range v.Len() {
			if err := s.step(n.where); err != nil {
				return err
			}
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
	} else if ran, err := n.iterate(s, v, mark, decls); err != nil || ran {
		return err
	}
	if n.elseList != nil {
		return n.elseList.exec(s, dot)
	}
	return nil
}

// iterate is range over what is not a slice or an array, as
// text/template does it; ran is whether the body ran.
func (n *rangeNode) iterate(s *state, v reflect.Value, mark, decls int) (ran bool, err error) {
	one := func(index, elem reflect.Value) error {
		ran = true
		if err := s.step(n.where); err != nil {
			return err
		}
		if decls > 0 {
			s.vars[len(s.vars)-1].value = elem
		}
		if decls > 1 {
			s.vars[len(s.vars)-2].value = index
		}
		err := n.list.exec(s, elem)
		s.pop(mark)
		return err
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if decls > 1 {
			return false, errExec
		}
		for elem := range v.Seq() {
			if err := one(reflect.Value{}, elem); err != nil {
				return ran, err
			}
		}
	case reflect.Map:
		for _, kv := range sortedMap(v) {
			if err := one(kv[0], kv[1]); err != nil {
				return ran, err
			}
		}
	case reflect.Chan:
		if v.IsNil() {
			return false, nil
		}
		if v.Type().ChanDir() == reflect.SendDir {
			return false, errExec
		}
		for i := 0; ; i++ {
			elem, ok := v.Recv()
			if !ok {
				break
			}
			if err := one(reflect.ValueOf(i), elem); err != nil {
				return ran, err
			}
		}
	case reflect.Invalid:
	case reflect.Func:
		switch {
		case v.Type().CanSeq():
			if decls > 1 {
				return false, errExec
			}
			for elem := range v.Seq() {
				if err := one(reflect.Value{}, elem); err != nil {
					return ran, err
				}
			}
		case v.Type().CanSeq2():
			for i, elem := range v.Seq2() {
				if decls <= 1 {
					i, elem = reflect.Value{}, i
				}
				if err := one(i, elem); err != nil {
					return ran, err
				}
			}
		default:
			return false, errExec
		}
	default:
		return false, errExec
	}
	return ran, nil
}

// templateNode is {{template}} (and {{block}}).
type templateNode struct {
	tree  *tree
	pipe  *pipeline // may be nil
	where string    // file:line:col, for errors
}

func (n *templateNode) exec(s *state, dot reflect.Value) error {
	var v reflect.Value
	if n.pipe != nil {
		var err error
		if v, err = n.pipe.eval(s, dot); err != nil {
			return err
		}
	}
	if err := s.budget.Enter(); err != nil {
		err.(*LimitError).Where = n.where
		return err
	}
	base := s.base
	s.base = len(s.vars)
	s.push("$", v)
	err := n.tree.list.exec(s, v)
	s.pop(s.base)
	s.base = base
	s.budget.Leave()
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
		v = unwrapAny(v)
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

// unwrapAny returns the value that v, an empty interface, holds, or v:
// what a command's value is to the next command and to the escapers.
func unwrapAny(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return reflect.ValueOf(v.Interface())
	}
	return v
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
// with, and opts its options. Compile fails when the templates use
// something a Program does not run; the set is then executed with
// html/template.
func Compile(set *template.Template, name string, funcs template.FuncMap, opts ...Option) (*Program, error) {
	c := &compiler{set: set, funcs: map[string]reflect.Value{}, trees: map[string]*tree{}, pure: map[string]bool{}}
	for _, o := range opts {
		o(c)
	}
	for k, f := range funcs {
		c.funcs[k] = reflect.ValueOf(f)
	}
	root, err := c.tree(name)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}
