package tmplexec

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"text/template/parse"
)

// probe escapes one value with html/template itself, for the values
// whose escaping this package does not repeat (HTML in an attribute,
// whose tags html/template strips; a value in a script, which it
// marshals as JSON): it executes a template of one action whose
// escapers are those of the action being executed, and keeps the
// action's output.
type probe struct {
	set            *template.Template
	prefix, suffix string
}

// probeContexts are the templates probes are made of, one action each.
var probeContexts = []string{
	`{{.}}`, `<p title="{{.}}">`, `<textarea>{{.}}</textarea>`, `<a href="{{.}}">`,
	`<a href="/?q={{.}}">`, `<a href="/{{.}}">`, `<script>{{.}}</script>`,
}

// probes are the probes by the escapers of their action, separated by
// spaces.
var probes = sync.OnceValue(func() map[string]*probe {
	m := map[string]*probe{}
	for _, src := range probeContexts {
		set := template.Must(template.New("probe").Parse(src))
		var out bytes.Buffer
		if err := set.Execute(&out, ""); err != nil {
			panic(err) // the templates above all execute
		}
		i := strings.Index(src, "{{.}}")
		p := &probe{set: set, prefix: src[:i], suffix: src[i+len("{{.}}"):]}
		if !strings.HasPrefix(out.String(), p.prefix) || !strings.HasSuffix(out.String(), p.suffix) {
			panic("tmplexec: html/template changed the text of probe " + src)
		}
		for _, n := range set.Tree.Root.Nodes {
			if a, ok := n.(*parse.ActionNode); ok {
				_, names := splitEscapers(a.Pipe.Cmds)
				key := strings.Join(names, " ")
				if m[key] == nil {
					m[key] = p
				}
			}
		}
	}
	return m
})

// write appends v escaped by html/template to b.
func (p *probe) write(b *bytes.Buffer, v reflect.Value) error {
	var data any
	if v.IsValid() && v.CanInterface() {
		data = v.Interface()
	}
	var out bytes.Buffer
	if err := p.set.Execute(&out, data); err != nil {
		return errExec
	}
	s := out.String()
	if len(s) < len(p.prefix)+len(p.suffix) || !strings.HasPrefix(s, p.prefix) || !strings.HasSuffix(s, p.suffix) {
		panic("tmplexec: html/template changed the text of probe " + p.prefix + "{{.}}" + p.suffix)
	}
	b.WriteString(s[len(p.prefix) : len(s)-len(p.suffix)])
	return nil
}

// splitEscapers splits the commands of an action into those that make
// its value and the names of the escapers html/template added after
// them.
func splitEscapers(cmds []*parse.CommandNode) ([]*parse.CommandNode, []string) {
	var names []string
	for len(cmds) > 1 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		names = append([]string{id.Ident}, names...)
		cmds = cmds[:len(cmds)-1]
	}
	return cmds, names
}
