package tmplexec

import (
	"fmt"
	"html/template"
	"strings"
	"text/template/parse"
)

// Limits bound the execution of a template, and of the templates that
// the functions it calls execute in turn with the same Budget: a
// theme's templates are contributed code, which must not hang or
// exhaust a build.
type Limits struct {
	// Steps is how many range iterations and template calls (including
	// the calls of a function that executes a template) one page may
	// make in all.
	Steps int64
	// Depth is how deeply template calls may nest.
	Depth int
	// Output is how many bytes one execution may write.
	Output int
}

// DefaultLimits are limits no sensible theme comes near, even on a site
// of a million awards, and that a pathological one reaches in seconds.
var DefaultLimits = Limits{Steps: 2_000_000, Depth: 1000, Output: 256 << 20}

// Budget is what the executions of one page may still spend. It is not
// safe for concurrent use: each page has its own.
type Budget struct {
	Limits Limits
	steps  int64
	depth  int
}

// NewBudget returns a budget of the given limits.
func NewBudget(l Limits) *Budget { return &Budget{Limits: l} }

// Reset gives the budget back its limits in full, for another page.
func (b *Budget) Reset() { b.steps, b.depth = 0, 0 }

// Step spends one step: a range iteration.
func (b *Budget) Step() error {
	b.steps++
	if b.steps > b.Limits.Steps {
		return &LimitError{Limit: "steps", Max: b.Limits.Steps}
	}
	return nil
}

// Enter spends one step and one level of nesting: a template call. A
// call that Enter lets through is ended by Leave.
func (b *Budget) Enter() error {
	if err := b.Step(); err != nil {
		return err
	}
	if b.depth >= b.Limits.Depth {
		return &LimitError{Limit: "depth", Max: int64(b.Limits.Depth)}
	}
	b.depth++
	return nil
}

// Leave ends a template call.
func (b *Budget) Leave() { b.depth-- }

// LimitError is the error of an execution that reached one of its
// Limits.
type LimitError struct {
	Where string // the template's file:line:col, when known
	Limit string // "steps", "depth" or "output"
	Max   int64
}

func (e *LimitError) Error() string {
	var what string
	switch e.Limit {
	case "steps":
		what = fmt.Sprintf("more than %d steps (range iterations and template calls) for one page", e.Max)
	case "depth":
		what = fmt.Sprintf("template calls nested more than %d deep", e.Max)
	default:
		what = fmt.Sprintf("the output of one template passed %d bytes", e.Max)
	}
	what += ": a theme's templates must stay within the execution limits"
	if e.Where != "" {
		return e.Where + ": " + what
	}
	return what
}

// The functions that InsertSteps calls in templates: html/template
// counts the steps of an execution through them. The set must map them
// (Funcs) to functions of no argument that return a string and an
// error, calling Step, Enter and Leave of the budget of the page being
// executed; a Program does not call them: it counts the same steps
// itself.
const (
	StepFunc  = "_step"
	EnterFunc = "_enter"
	LeaveFunc = "_leave"
)

// InsertSteps rewrites the parse trees that the templates of set have
// from the file name, whose text is src, so that html/template counts
// steps as a Program does: it inserts {{if _step}}{{end}} at the start
// of every range body, and {{if _enter}}{{end}} and {{if _leave}}{{end}}
// around every template call, each at the position of the range or the
// call, so that an error of theirs names it. It must be called once per
// file, before the set is executed.
func InsertSteps(set *template.Template, name, src string) error {
	r := stepWriter{name: name, src: src}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.ParseName == name && t.Tree.Root != nil {
			if err := r.list(t.Tree.Root); err != nil {
				return err
			}
		}
	}
	return nil
}

type stepWriter struct{ name, src string }

func (r stepWriter) list(l *parse.ListNode) error {
	if l == nil {
		return nil
	}
	out := make([]parse.Node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			if err := r.branch(&n.BranchNode); err != nil {
				return err
			}
		case *parse.WithNode:
			if err := r.branch(&n.BranchNode); err != nil {
				return err
			}
		case *parse.RangeNode:
			if err := r.branch(&n.BranchNode); err != nil {
				return err
			}
			step, err := r.call(StepFunc, n.Pos)
			if err != nil {
				return err
			}
			n.List.Nodes = append([]parse.Node{step}, n.List.Nodes...)
		case *parse.TemplateNode:
			enter, err := r.call(EnterFunc, n.Pos)
			if err != nil {
				return err
			}
			leave, err := r.call(LeaveFunc, n.Pos)
			if err != nil {
				return err
			}
			out = append(out, enter, n, leave)
			continue
		}
		out = append(out, n)
	}
	l.Nodes = out
	return nil
}

func (r stepWriter) branch(b *parse.BranchNode) error {
	if err := r.list(b.List); err != nil {
		return err
	}
	return r.list(b.ElseList)
}

// call makes the node {{if fn}}{{end}} at the position pos of the file,
// parsed from a text of the file's lines, blank up to pos, so that its
// errors name the line and column of pos.
func (r stepWriter) call(fn string, pos parse.Pos) (parse.Node, error) {
	p := int(pos) - len("{{")
	if p < 0 || p > len(r.src) {
		return nil, fmt.Errorf("tmplexec: %s: position %d outside the file", r.name, pos)
	}
	blank := []byte(r.src[:p])
	for i, c := range blank {
		if c != '\n' {
			blank[i] = ' '
		}
	}
	text := string(blank) + "{{if " + fn + "}}{{end}}"
	trees, err := parse.Parse(r.name, text, "{{", "}}", map[string]any{fn: true})
	if err != nil {
		return nil, err
	}
	for _, n := range trees[r.name].Root.Nodes {
		if n, ok := n.(*parse.IfNode); ok {
			return n, nil
		}
	}
	return nil, fmt.Errorf("tmplexec: %s: no step node in %q", r.name, strings.TrimSpace(text))
}

// isStep reports whether n is a node that InsertSteps inserted.
func isStep(n *parse.IfNode) bool {
	if n.ElseList != nil || n.List == nil || len(n.List.Nodes) > 0 || len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 || len(n.Pipe.Cmds[0].Args) != 1 {
		return false
	}
	id, ok := n.Pipe.Cmds[0].Args[0].(*parse.IdentifierNode)
	return ok && (id.Ident == StepFunc || id.Ident == EnterFunc || id.Ident == LeaveFunc)
}
