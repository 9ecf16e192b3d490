package tmplexec

import (
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"
)

// printedAsIs are the escapers, by name, that print the values of one of
// html/template's typed strings as they are, and that type.
var printedAsIs = map[string]reflect.Type{
	"_html_template_htmlescaper":  htmlType,
	"_html_template_jsvalescaper": jsType,
}

// compiler turns escaped parse trees into nodes.
type compiler struct {
	set   *template.Template
	funcs map[string]reflect.Value
	trees map[string]*tree
	cur   *parse.Tree     // the tree being compiled
	pure  map[string]bool // functions called once, when compiled, with constant arguments
}

// Option is an option of Compile.
type Option func(*compiler)

// Pure names functions of the set whose result depends on their
// arguments alone, such as the lookup of a message in a catalog: a call
// of one with constant arguments only, first in its pipeline, is made
// once, by Compile, and its result is a constant of the program. A call
// that fails then is left to be made, and fail, when the program runs.
func Pure(names ...string) Option {
	return func(c *compiler) {
		for _, n := range names {
			c.pure[n] = true
		}
	}
}

// where is the position of n in the tree being compiled, file:line:col.
func (c *compiler) where(n parse.Node) string {
	loc, _ := c.cur.ErrorContext(n)
	return loc
}

// tree compiles the named template of the set, once.
func (c *compiler) tree(name string) (*tree, error) {
	if t, ok := c.trees[name]; ok {
		return t, nil
	}
	tp := c.set.Lookup(name)
	// A template html/template derived for another context is not in the
	// set; nor is one that failed to escape.
	if tp == nil || tp.Tree == nil || tp.Tree.Root == nil {
		return nil, unsupported(name, "a template that is not escaped in the set")
	}
	t := &tree{name: tp.Tree.ParseName}
	c.trees[name] = t
	outer := c.cur
	c.cur = tp.Tree
	list, err := c.list(name, tp.Tree.Root)
	c.cur = outer
	if err != nil {
		return nil, err
	}
	t.list = list
	return t, nil
}

func (c *compiler) list(name string, l *parse.ListNode) (node, error) {
	if l == nil {
		return listNode(nil), nil
	}
	var out listNode
	for _, n := range l.Nodes {
		cn, err := c.node(name, n)
		if err != nil {
			return nil, err
		}
		if cn == nil {
			continue
		}
		// Adjacent text (html/template splits and trims it) is joined.
		if t, ok := cn.(textNode); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(textNode); ok {
				out[len(out)-1] = append(prev[:len(prev):len(prev)], t...)
				continue
			}
		}
		out = append(out, cn)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func (c *compiler) node(name string, n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) == 0 {
			return nil, nil
		}
		return textNode(n.Text), nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(name, n)
	case *parse.IfNode:
		if isStep(n) {
			return nil, nil // a step of InsertSteps, which a program counts itself
		}
		return c.branch(name, false, &n.BranchNode)
	case *parse.WithNode:
		return c.branch(name, true, &n.BranchNode)
	case *parse.RangeNode:
		if n.Pipe.IsAssign {
			return nil, unsupported(name, "range with assignment")
		}
		pipe, err := c.pipeline(name, n.Pipe)
		if err != nil {
			return nil, err
		}
		r := &rangeNode{pipe: pipe, where: c.where(n)}
		if r.list, err = c.list(name, n.List); err != nil {
			return nil, err
		}
		if n.ElseList != nil {
			if r.elseList, err = c.list(name, n.ElseList); err != nil {
				return nil, err
			}
		}
		return r, nil
	case *parse.TemplateNode:
		t, err := c.tree(n.Name)
		if err != nil {
			return nil, err
		}
		tn := &templateNode{tree: t, where: c.where(n)}
		if n.Pipe != nil {
			if tn.pipe, err = c.pipeline(name, n.Pipe); err != nil {
				return nil, err
			}
		}
		return tn, nil
	}
	return nil, unsupported(name, n)
}

func (c *compiler) branch(name string, with bool, b *parse.BranchNode) (node, error) {
	pipe, err := c.pipeline(name, b.Pipe)
	if err != nil {
		return nil, err
	}
	n := &ifNode{with: with, pipe: pipe}
	if n.list, err = c.list(name, b.List); err != nil {
		return nil, err
	}
	if b.ElseList != nil {
		if n.elseList, err = c.list(name, b.ElseList); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// action compiles an action: a declaration, or a value and its escapers.
func (c *compiler) action(name string, a *parse.ActionNode) (node, error) {
	if len(a.Pipe.Decl) > 0 {
		pipe, err := c.pipeline(name, a.Pipe)
		if err != nil {
			return nil, err
		}
		return declNode{pipe}, nil
	}
	cmds, names := splitEscapers(a.Pipe.Cmds)
	if len(names) == 0 {
		return nil, unsupported(name, "an action without escapers: "+a.String())
	}
	var (
		escs    []*escaper
		partial bool
	)
	for _, n := range names {
		e := escapers[n]
		if e == nil {
			return nil, unsupported(name, n)
		}
		escs = append(escs, e)
		partial = partial || e.partial
	}
	pr := probes()[strings.Join(names, " ")]
	if partial && pr == nil {
		return nil, unsupported(name, "the escapers "+strings.Join(names, " "))
	}
	pipe, err := c.commands(name, cmds)
	if err != nil {
		return nil, err
	}
	n := printNode{pipe: pipe, escs: escs, probe: pr}
	if f, ok := pipe.cmds[0].(*fieldCmd); ok && len(pipe.cmds) == 1 && len(f.args) == 0 && len(f.steps) > 0 && len(names) == 1 {
		if t := printedAsIs[names[0]]; t != nil {
			n.field, n.asIs = f, t
		}
	}
	return n, nil
}

func (c *compiler) pipeline(name string, p *parse.PipeNode) (*pipeline, error) {
	pipe, err := c.commands(name, p.Cmds)
	if err != nil {
		return nil, err
	}
	for _, v := range p.Decl {
		pipe.decl = append(pipe.decl, v.Ident[0])
	}
	pipe.isAssign = p.IsAssign
	return pipe, nil
}

func (c *compiler) commands(name string, cmds []*parse.CommandNode) (*pipeline, error) {
	p := &pipeline{}
	for i, cmd := range cmds {
		cc, err := c.command(name, cmd)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			cc = c.fold(cmd, cc)
		}
		p.cmds = append(p.cmds, cc)
	}
	return p, nil
}

// fold makes the call of a pure function with constant arguments, which
// takes no value from a previous command, and returns its result as a
// constant; else it returns cc as it is.
func (c *compiler) fold(cmd *parse.CommandNode, cc command) command {
	f, ok := cc.(*funcCmd)
	if !ok || !c.pure[cmd.Args[0].(*parse.IdentifierNode).Ident] {
		return cc
	}
	for _, a := range f.args {
		if _, ok := a.(*constArg); !ok {
			return cc
		}
	}
	v, err := callDirect(nil, reflect.Value{}, f.fn, f.direct, f.args, reflect.Value{}, false)
	if err != nil || !v.IsValid() {
		return cc
	}
	return valueCmd{constant: v}
}

// command compiles a command: its first word and its arguments.
func (c *compiler) command(name string, cmd *parse.CommandNode) (command, error) {
	args := make([]arg, 0, len(cmd.Args)-1)
	for _, a := range cmd.Args[1:] {
		ca, err := c.arg(name, a)
		if err != nil {
			return nil, err
		}
		args = append(args, ca)
	}
	switch w := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fields(nil, w.Ident, args), nil
	case *parse.VariableNode:
		return c.fields(&w.Ident[0], w.Ident[1:], args), nil
	case *parse.IdentifierNode:
		return c.function(name, w.Ident, args)
	case *parse.PipeNode:
		if len(w.Decl) > 0 {
			return nil, unsupported(name, "a declaration in parentheses")
		}
		p, err := c.pipeline(name, w)
		if err != nil {
			return nil, err
		}
		return valueCmd{pipe: p, args: len(args)}, nil
	case *parse.DotNode:
		return valueCmd{dot: true, args: len(args)}, nil
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode:
		v, ok := constant(w, nil)
		if !ok {
			return nil, unsupported(name, w)
		}
		return valueCmd{constant: v, args: len(args)}, nil
	}
	return nil, unsupported(name, cmd.Args[0])
}

func (c *compiler) fields(variable *string, names []string, args []arg) command {
	f := &fieldCmd{args: args}
	if variable != nil {
		f.variable = *variable
	}
	for _, n := range names {
		f.steps = append(f.steps, &fieldStep{name: n})
	}
	return f
}

// arg compiles an argument of a function or method.
func (c *compiler) arg(name string, n parse.Node) (arg, error) {
	switch n := n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return &constArg{n: n}, nil
	case *parse.FieldNode:
		return dynArg{c.fields(nil, n.Ident, nil)}, nil
	case *parse.VariableNode:
		return dynArg{c.fields(&n.Ident[0], n.Ident[1:], nil)}, nil
	case *parse.DotNode:
		return dynArg{valueCmd{dot: true}}, nil
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return nil, unsupported(name, "a declaration in parentheses")
		}
		p, err := c.pipeline(name, n)
		if err != nil {
			return nil, err
		}
		return dynArg{valueCmd{pipe: p}}, nil
	case *parse.IdentifierNode:
		f, err := c.function(name, n.Ident, nil)
		if err != nil {
			return nil, err
		}
		return dynArg{f}, nil
	}
	return nil, unsupported(name, n)
}

// function compiles a call of a function: one of the set's functions,
// else a builtin.
func (c *compiler) function(name, ident string, args []arg) (command, error) {
	if fn, ok := c.funcs[ident]; ok {
		if fn.Kind() != reflect.Func || !goodFunc(fn.Type()) {
			return nil, unsupported(name, "function "+ident)
		}
		return &funcCmd{fn: fn, args: args, direct: directCall(fn.Interface())}, nil
	}
	if b, ok := builtins[ident]; ok {
		return &builtinCmd{run: b, args: args}, nil
	}
	return nil, unsupported(name, "function "+ident)
}

// constant is the value of a constant for a parameter of type typ, or,
// when typ is nil, empty interface or reflect.Value, its ideal value, as
// text/template gives them.
func constant(n parse.Node, typ reflect.Type) (reflect.Value, bool) {
	ideal := typ == nil || typ == reflectValueType || typ.Kind() == reflect.Interface && typ.NumMethod() == 0
	switch n := n.(type) {
	case *parse.StringNode:
		if ideal {
			return reflect.ValueOf(n.Text), true
		}
		if typ.Kind() == reflect.String {
			v := reflect.New(typ).Elem()
			v.SetString(n.Text)
			return v, true
		}
	case *parse.BoolNode:
		if ideal {
			return reflect.ValueOf(n.True), true
		}
		if typ.Kind() == reflect.Bool {
			v := reflect.New(typ).Elem()
			v.SetBool(n.True)
			return v, true
		}
	case *parse.NumberNode:
		if ideal {
			switch {
			case n.IsComplex:
				return reflect.ValueOf(n.Complex128), true
			case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
				return reflect.ValueOf(n.Float64), true
			case n.IsInt && int64(int(n.Int64)) == n.Int64:
				return reflect.ValueOf(int(n.Int64)), true
			}
			return reflect.Value{}, false
		}
		// As text/template sets them: without checking for overflow.
		v := reflect.New(typ).Elem()
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n.IsInt {
				v.SetInt(n.Int64)
				return v, true
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if n.IsUint {
				v.SetUint(n.Uint64)
				return v, true
			}
		case reflect.Float32, reflect.Float64:
			if n.IsFloat {
				v.SetFloat(n.Float64)
				return v, true
			}
		case reflect.Complex64, reflect.Complex128:
			if n.IsComplex {
				v.SetComplex(n.Complex128)
				return v, true
			}
		}
	case *parse.NilNode:
		if typ != nil && typ != reflectValueType && canBeNil(typ) {
			return reflect.Zero(typ), true
		}
	}
	return reflect.Value{}, false
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}

// goodFunc reports whether a function or method returns one value, or a
// value and an error.
func goodFunc(typ reflect.Type) bool {
	switch {
	case typ.NumOut() == 1:
		return true
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
		return true
	}
	return false
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }
