package tmplexec

import (
	"errors"
	"html/template"
	"reflect"
	"sync/atomic"
	"text/template/parse"
	"time"
)

var reflectValueType = reflect.TypeFor[reflect.Value]()

// command is one command of a pipeline. final is the value of the
// previous command, when there is one (hasFinal): the last argument of a
// call.
type command interface {
	eval(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error)
}

// arg is an argument of a call: its value for a parameter of type typ;
// typ is nil for the builtins, which take values as they are.
type arg interface {
	value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error)
}

// valueCmd is a command that is not a call: dot, a constant or a
// parenthesized pipeline. It takes no arguments.
type valueCmd struct {
	dot      bool
	pipe     *pipeline
	constant reflect.Value // valid for a constant
	args     int
}

func (c valueCmd) eval(s *state, dot, _ reflect.Value, hasFinal bool) (reflect.Value, error) {
	if c.args > 0 || hasFinal {
		return reflect.Value{}, errExec
	}
	switch {
	case c.dot:
		return dot, nil
	case c.constant.IsValid():
		return c.constant, nil
	}
	return c.pipe.eval(s, dot)
}

// fieldCmd is .A.B.C or $x.A.B, the last of which may be a method that
// takes the arguments.
type fieldCmd struct {
	variable string // "" for dot
	steps    []*fieldStep
	args     []arg
}

func (c *fieldCmd) eval(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if len(c.steps) == 0 { // a variable alone
		v, err := s.varValue(c.variable)
		if err == nil && (len(c.args) > 0 || hasFinal) {
			err = errExec
		}
		return v, err
	}
	v, err := c.receiver(s, dot)
	if err != nil {
		return v, err
	}
	return c.steps[len(c.steps)-1].eval(s, dot, v, c.args, final, hasFinal)
}

// receiver is the value the chain's last name is looked up in: dot or
// the variable, followed through every name but the last. The chain has
// a name.
func (c *fieldCmd) receiver(s *state, dot reflect.Value) (reflect.Value, error) {
	v := dot
	if c.variable != "" {
		var err error
		if v, err = s.varValue(c.variable); err != nil {
			return v, err
		}
	}
	for _, f := range c.steps[:len(c.steps)-1] {
		var err error
		if v, err = f.eval(s, dot, v, nil, reflect.Value{}, false); err != nil {
			return v, err
		}
	}
	return v, nil
}

// appendValue prints the chain's value with the appender of its last
// method, when the value is a method's of type typ that has one (see
// Program), and returns true; else it returns the chain's value, as eval
// does. The chain has a name and no arguments.
func (c *fieldCmd) appendValue(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, bool, error) {
	v, err := c.receiver(s, dot)
	if err != nil {
		return v, false, err
	}
	return c.steps[len(c.steps)-1].value(s, dot, v, nil, reflect.Value{}, false, typ)
}

// fieldStep is one name of a field chain. It keeps what the name is in
// the type it last met.
type fieldStep struct {
	name  string
	found atomic.Pointer[member]
}

// member is what a name is in a type: a method, a struct field or a map
// key.
type member struct {
	typ    reflect.Type // the type searched: *T for an addressable T
	method int          // index of the method, or -1
	field  []int        // index of the struct field
	isMap  bool
	key    reflect.Value
	// appender is the index of the method's appender, or -1: a method
	// AppendM(b []byte) []byte beside a method M() of type appends,
	// template.HTML or template.JS, which appends to b what M returns
	// (see Program).
	appender int
	appends  reflect.Type
}

func (f *fieldStep) eval(s *state, dot, receiver reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	v, _, err := f.value(s, dot, receiver, args, final, hasFinal, nil)
	return v, err
}

// value is the name's value in the receiver, a method's called with the
// arguments and final, as eval returns it; or, when the name is a method
// of type asIs that has an appender and there are no arguments, nothing:
// the method is printed with its appender (see Program), and done is
// true.
func (f *fieldStep) value(s *state, dot, receiver reflect.Value, args []arg, final reflect.Value, hasFinal bool, asIs reflect.Type) (v reflect.Value, done bool, err error) {
	if !receiver.IsValid() {
		return reflect.Value{}, false, nil
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		return reflect.Value{}, false, errExec
	}
	ptr, m := f.member(receiver)
	hasArgs := len(args) > 0 || hasFinal
	switch {
	case m.appender >= 0 && m.appends == asIs && !hasArgs && ptr.CanInterface():
		fn := ptr.Method(m.appender).Interface().(func([]byte) []byte) // lookup checked its type
		b, err := safeAppend(fn, s.buf.AvailableBuffer())
		if err == nil {
			s.buf.Write(b)
		}
		return reflect.Value{}, true, err
	case m.method >= 0:
		v, err = callMethod(s, dot, ptr.Method(m.method), args, final, hasFinal)
	case m.field != nil && !hasArgs:
		v, err = receiver.FieldByIndexErr(m.field)
	case m.isMap && !hasArgs:
		v = receiver.MapIndex(m.key)
	default:
		err = errExec
	}
	return v, false, err
}

// member returns what the name is in the receiver, which is not a
// pointer, and the value its methods are looked up in: the receiver's
// address when it has one.
func (f *fieldStep) member(receiver reflect.Value) (reflect.Value, *member) {
	ptr := receiver
	if ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	m := f.found.Load()
	if m == nil || m.typ != ptr.Type() {
		m = f.lookup(ptr.Type(), receiver.Type())
		f.found.Store(m)
	}
	return ptr, m
}

// safeAppend calls an appender, turning a panic into ErrData, as
// text/template turns the panic of the method into an error.
func safeAppend(fn func([]byte) []byte, b []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errExec
		}
	}()
	return fn(b), nil
}

var bytesType = reflect.TypeFor[[]byte]()

// lookup finds the name in a type, as text/template does: a method of
// ptr, else an exported field of a struct or a key of a map.
func (f *fieldStep) lookup(ptr, typ reflect.Type) *member {
	m := &member{typ: ptr, method: -1, appender: -1}
	if meth, ok := ptr.MethodByName(f.name); ok {
		m.method = meth.Index
		// The method's type has the receiver as its first parameter.
		if t := meth.Type; t.NumIn() == 1 && t.NumOut() == 1 && (t.Out(0) == htmlType || t.Out(0) == jsType) {
			if a, ok := ptr.MethodByName("Append" + f.name); ok {
				if at := a.Type; at.NumIn() == 2 && at.In(1) == bytesType && at.NumOut() == 1 && at.Out(0) == bytesType {
					m.appender, m.appends = a.Index, t.Out(0)
				}
			}
		}
		return m
	}
	switch typ.Kind() {
	case reflect.Struct:
		if sf, ok := typ.FieldByName(f.name); ok && sf.IsExported() {
			m.field = sf.Index
		}
	case reflect.Map:
		key := reflect.ValueOf(f.name)
		if key.Type().AssignableTo(typ.Key()) {
			m.isMap, m.key = true, key
		}
	}
	return m
}

// funcCmd calls a function of the set.
type funcCmd struct {
	fn   reflect.Value
	args []arg
	// direct, when set, calls fn without reflection: the function has
	// one of the signatures of directCall.
	direct func(argv []reflect.Value) (reflect.Value, error)
}

func (c *funcCmd) eval(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	return callDirect(s, dot, c.fn, c.direct, c.args, final, hasFinal)
}

// directCall returns a caller of f that does not go through reflection,
// for the signatures that template functions usually have, or nil.
func directCall(f any) func(argv []reflect.Value) (reflect.Value, error) {
	switch f := f.(type) {
	case func(time.Time) string:
		return func(argv []reflect.Value) (reflect.Value, error) {
			t, ok := argv[0].Interface().(time.Time)
			if !ok {
				return reflect.Value{}, errExec
			}
			return reflect.ValueOf(f(t)), nil
		}
	case func(string) string:
		return func(argv []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(argv[0].String())), nil
		}
	case func(string, any) (template.HTML, error):
		return func(argv []reflect.Value) (reflect.Value, error) {
			h, err := f(argv[0].String(), argv[1].Interface())
			if err != nil {
				return reflect.Value{}, limitOr(err)
			}
			return reflect.ValueOf(h), nil
		}
	case func(string, ...any) (template.HTML, error): // messages with arguments
		return messageCall(f)
	case func(string, ...any) (string, error):
		return messageCall(f)
	}
	return nil
}

// messageCall is the direct caller of a message function: an id, then
// any arguments.
func messageCall[T ~string](f func(string, ...any) (T, error)) func(argv []reflect.Value) (reflect.Value, error) {
	return func(argv []reflect.Value) (reflect.Value, error) {
		var small [4]any
		args := small[:0]
		for _, v := range argv[1:] {
			args = append(args, v.Interface())
		}
		h, err := f(argv[0].String(), args...)
		if err != nil {
			return reflect.Value{}, limitOr(err)
		}
		return reflect.ValueOf(h), nil
	}
}

// callMethod calls a method with the arguments, and final last, as
// text/template does; the method must return a value, or a value and an
// error.
func callMethod(s *state, dot, fn reflect.Value, args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !goodFunc(fn.Type()) {
		return reflect.Value{}, errExec
	}
	return callDirect(s, dot, fn, nil, args, final, hasFinal)
}

// callDirect calls a function with the arguments, and final last, as
// text/template does: through reflection, or through direct when it is
// set.
func callDirect(s *state, dot, fn reflect.Value, direct func([]reflect.Value) (reflect.Value, error), args []arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	typ := fn.Type()
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return reflect.Value{}, errExec
		}
	} else if numIn != typ.NumIn() {
		return reflect.Value{}, errExec
	}
	var small [4]reflect.Value
	argv := small[:0]
	if numIn > len(small) {
		argv = make([]reflect.Value, 0, numIn)
	}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		v, err := args[i].value(s, dot, typ.In(i))
		if err != nil {
			return v, err
		}
		argv = append(argv, v)
	}
	if typ.IsVariadic() {
		et := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			v, err := args[i].value(s, dot, et)
			if err != nil {
				return v, err
			}
			argv = append(argv, v)
		}
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		v, err := validateType(final, t)
		if err != nil {
			return v, err
		}
		argv = append(argv, v)
	}
	if direct != nil {
		return safeDirect(direct, argv)
	}
	v, err := safeCall(fn, argv)
	if err != nil {
		if err != errExec {
			return reflect.Value{}, err
		}
		return reflect.Value{}, errExec
	}
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// safeCall calls fn, turning a panic or a returned error into an error.
func safeCall(fn reflect.Value, args []reflect.Value) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errExec
		}
	}()
	out := fn.Call(args)
	if len(out) == 2 && !out[1].IsNil() {
		return out[0], limitOr(out[1].Interface().(error))
	}
	return out[0], nil
}

// limitOr is the error of a function: a *LimitError it returns (a
// function that executes a template with the same budget), else
// ErrData.
func limitOr(err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return err
	}
	return errExec
}

// safeDirect calls a direct caller, turning a panic into ErrData, as
// text/template turns the panic of a function into an error.
func safeDirect(direct func([]reflect.Value) (reflect.Value, error), argv []reflect.Value) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errExec
		}
	}()
	return direct(argv)
}

// validateType is text/template's conversion of a value to the type of
// the parameter it is passed as.
func validateType(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil), nil
		}
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return v, errExec
	}
	if typ == reflectValueType && v.Type() != typ {
		return reflect.ValueOf(v), nil
	}
	if typ != nil && !v.Type().AssignableTo(typ) {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
			if v.Type().AssignableTo(typ) {
				return v, nil
			}
		}
		switch {
		case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(typ):
			v = v.Elem()
			if !v.IsValid() {
				return v, errExec
			}
		case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
			v = v.Addr()
		default:
			return v, errExec
		}
	}
	return v, nil
}

// dynArg is an argument that is computed: a field, a variable, dot, a
// pipeline or a function call.
type dynArg struct{ cmd command }

func (a dynArg) value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	v, err := a.cmd.eval(s, dot, reflect.Value{}, false)
	if err != nil {
		return v, err
	}
	if typ == nil {
		// A builtin's argument: text/template passes it as a
		// reflect.Value, which an invalid value cannot be.
		if !v.IsValid() {
			return v, errExec
		}
		return v, nil
	}
	return validateType(v, typ)
}

// constArg is a constant argument. It keeps its value for the type of
// the parameter it last met.
type constArg struct {
	n    parse.Node
	last atomic.Pointer[typedConst]
}

type typedConst struct {
	typ reflect.Type
	v   reflect.Value
	ok  bool
}

func (a *constArg) value(_ *state, _ reflect.Value, typ reflect.Type) (reflect.Value, error) {
	c := a.last.Load()
	if c == nil || c.typ != typ {
		c = &typedConst{typ: typ}
		c.v, c.ok = constant(a.n, typ)
		a.last.Store(c)
	}
	if !c.ok {
		return reflect.Value{}, errExec
	}
	return c.v, nil
}

// builtinCmd calls a builtin.
type builtinCmd struct {
	run  builtin
	args []arg
}

func (c *builtinCmd) eval(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	return c.run(s, dot, c.args, final, hasFinal)
}
