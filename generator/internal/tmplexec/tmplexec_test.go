package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"iter"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests run every template both with html/template and with a
// program, and require the same output, or an error from both (ErrData
// from the program).

type inner struct {
	Name  string
	Count int
	Tags  []string
	Ptr   *inner
	HTML  template.HTML
}

func (i inner) Upper() string          { return strings.ToUpper(i.Name) }
func (i *inner) Greet(s string) string { return "hello " + s + " from " + i.Name }
func (i inner) Fail() (string, error)  { return "", errors.New("it failed") }
func (i inner) Pair(a, b int) int      { return a*10 + b }
func (i inner) Many(s ...string) int   { return len(s) }
func (i inner) Panics() string         { panic("boom") }

type stringer struct{ v int }

func (s stringer) String() string { return fmt.Sprintf("<stringer %d>", s.v) }

type data struct {
	Title  string
	Empty  string
	N      int
	U      uint
	F      float64
	B      bool
	When   time.Time
	Zero   time.Time
	In     inner
	InPtr  *inner
	Nil    *inner
	List   []inner
	Ptrs   []*inner
	NoList []string
	Strs   [3]string
	Map    map[string]string
	AnyMap map[string]any
	Any    any
	AnyNil any
	Str    fmt.Stringer
	HTML   template.HTML
	URL    template.URL
	JS     template.JS
	CSS    template.CSS
	Attr   template.HTMLAttr
	StrPtr *string
	Bytes  []byte
	Err    error
	Fn     func() string
	IntMap map[int]string
	//lint:ignore U1000 templates name it, to check that an unexported field fails
	unexport string
}

// Ch, Seq and Seq2 make a new channel or iterator for every execution.
func (d *data) Ch() chan int {
	c := make(chan int, 3)
	c <- 1
	c <- 2
	close(c)
	return c
}

func (d *data) Seq() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range 3 {
			if !yield(i * 10) {
				return
			}
		}
	}
}

func (d *data) Seq2() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		_ = yield("a", 1) && yield("b", 2)
	}
}

func sample() *data {
	s := "pointed <at>"
	in := &inner{Name: "ptr", Count: 2, Tags: []string{"x", "y"}}
	return &data{
		Title:  `Tom & "Jerry" <3 'quotes' +`,
		N:      42,
		U:      7,
		F:      2.5,
		B:      true,
		When:   time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		In:     inner{Name: "in", Count: 1, Tags: []string{"a", "b", "c"}, Ptr: in, HTML: "<b>bold</b>"},
		InPtr:  in,
		List:   []inner{{Name: "one"}, {Name: "two", Count: 2}},
		Ptrs:   []*inner{in, nil},
		Strs:   [3]string{"p", "q", "r"},
		Map:    map[string]string{"k": "v & w", "e": ""},
		AnyMap: map[string]any{"n": 3, "s": "str", "h": template.HTML("<i>i</i>")},
		Any:    "any string",
		Str:    stringer{5},
		HTML:   "<em>safe</em> & sound",
		URL:    "javascript:alert(1)",
		JS:     `{"a":1}`,
		CSS:    "color: red",
		Attr:   `title="x"`,
		StrPtr: &s,
		Bytes:  []byte("bytes"),
		Err:    errors.New("an error <b>"),
		Fn:     func() string { return "fn" },
		IntMap: map[int]string{10: "ten", -1: "minus one", 2: "two"},
	}
}

var testFuncs = template.FuncMap{
	"date":   func(t time.Time) string { return t.UTC().Format("2 January 2006") },
	"upper":  strings.ToUpper,
	"join":   func(sep string, s ...string) string { return strings.Join(s, sep) },
	"fails":  func() (string, error) { return "", errors.New("func failed") },
	"panics": func() string { panic("func panicked") },
	"html2":  func(s string) template.HTML { return template.HTML("<u>" + s + "</u>") },
	"pair":   func(a int, b any) string { return fmt.Sprint(a, "/", b) },
	"dict":   func() map[string]int { return map[string]int{"a": 1} },
	"self":   func(v any) any { return v },
	"mk":     func() inner { return inner{Name: "made"} },
	"wrap": func(tag string, v any) (template.HTML, error) {
		if v == nil {
			return "", errors.New("nothing to wrap")
		}
		return template.HTML(fmt.Sprintf("<%s>%v</%s>", tag, v, tag)), nil
	},
	"year": func(t time.Time) string { return t.Format("2006") },
	// As the message functions are: an id and pairs of name and value.
	"msg": func(id string, args ...any) (template.HTML, error) {
		if len(args)%2 != 0 {
			return "", errors.New("odd arguments")
		}
		return template.HTML(fmt.Sprintf("<i>%s</i>%v", id, args)), nil
	},
	"msgs": func(id string, args ...any) (string, error) {
		if id == "" {
			return "", errors.New("no id")
		}
		return fmt.Sprintf("<%s>%v", id, args), nil
	},
}

// outcome is what a case does in a program.
type outcome int

const (
	same    outcome = iota // same output as html/template
	fails                  // ErrData, and html/template fails too
	refused                // Compile refuses it
	either                 // same output, or ErrData where html/template fails
)

var cases = []struct {
	src  string
	want outcome
}{
	{`plain text only`, same},
	{`<p>{{.Title}}</p>`, same},
	{`<p title="{{.Title}}">{{.Empty}}</p>`, same},
	{`<p title={{.Title}}>x</p>`, refused},
	{`<a href="{{.Title}}">x</a><a href="/p?q={{.Title}}&r={{.N}}">y</a>`, same},
	{`<a href="{{.URL}}">x</a><a href="{{.In.Name}}">y</a><a href="javascript:x">z</a>`, same},
	{`<a href="{{.Any}}">{{.Any}}</a>`, same},
	{`<a href="http://x/{{.URL}}">x</a>`, same},
	{`<textarea>{{.Title}}{{.HTML}}</textarea>`, same},
	{`<script type="application/json">{{.JS}}</script>`, same},
	{`<script type="application/json">{{.Title}}</script>`, same},
	{`<script>var x = {{.N}};</script>`, same},
	{`<p title="{{.HTML}}">x</p>`, same},
	{`<p style="{{.CSS}}">x</p>`, refused},
	{`<p>{{.HTML}}|{{.In.HTML}}|{{.JS}}|{{.URL}}|{{.CSS}}|{{.Attr}}</p>`, same},
	{`<a href="{{.CSS}}" title="{{.JS}}">{{.URL}}</a><a href="/?q={{.URL}}&r={{.Attr}}">x</a><textarea>{{.URL}}</textarea>`, same},
	{`{{.N}} {{.U}} {{.F}} {{.B}} {{.When}} {{.Bytes}} {{.Err}} {{.Str}} {{.StrPtr}} {{.Strs}} {{.List}}`, same},
	{`{{.Nil}}|{{.AnyNil}}|{{.Map.missing}}|{{.AnyMap.none}}|{{.Map.k}}|{{.AnyMap.n}}{{.AnyMap.h}}`, same},
	{`{{.In.Name}} {{.InPtr.Name}} {{.In.Ptr.Tags}} {{.InPtr.Upper}} {{.In.Upper}} {{.InPtr.Greet "you"}} {{.In.Greet "me"}}`, same},
	{`{{.In.Pair 1 2}} {{.In.Many}} {{.In.Many "a" "b"}} {{"a" | .In.Many "b"}} {{.N | .In.Pair 3}}`, same},
	{`{{.Nil.Name}}`, fails},
	{`{{.AnyNil.Name}}`, fails},
	{`{{.In.Fail}}`, fails},
	{`{{.In.Panics}}`, fails},
	{`{{.unexport}}`, fails},
	{`{{.Missing}}`, fails},
	{`{{.Title.Missing}}`, fails},
	{`{{.In.Name "arg"}}`, fails},
	{`{{.Fn}}`, same},
	{`{{.Map.k "arg"}}`, fails},
	{`{{.When.Year}} {{.Zero.IsZero}} {{.When.IsZero}} {{.When.Format "2006"}}`, same},
	{`{{date .When}} {{.When | date}} {{upper .Title}} {{join "," "a" "b"}} {{join ","}} {{"x" | join "-" "y"}}`, same},
	{`{{pair 1 "two"}} {{pair 1 2}} {{pair 1 .N}} {{pair 1 .Nil}} {{pair 1 nil}} {{self .Any}} {{self .AnyNil}}`, same},
	{`{{html2 .Title}} <a title="{{html2 .Title}}">x</a>`, same},
	{`{{html2 .Title}}`, same},
	{`{{wrap "b" .N}} {{wrap "i" .In}} {{wrap "u" .Any}} {{.Title | wrap "s"}} {{year .When}} {{.Zero | year}}`, same},
	{`{{wrap "x" .AnyNil}}`, fails},
	{`{{wrap "x" .Missing}}`, fails},
	{`{{wrap "x"}}`, fails},
	{`{{year .Title}}`, fails},
	{`{{year .InPtr}}`, fails},
	{`{{fails}}`, fails},
	{`{{panics}}`, fails},
	{`{{date .Title}}`, fails},
	{`{{upper .N}}`, fails},
	{`{{upper}}`, fails},
	{`{{len .List}} {{len .Title}} {{len .Map}} {{len .Strs}} {{len .NoList}} {{len .InPtr.Tags}}`, same},
	{`{{len .N}}`, fails},
	{`{{len .Nil}}`, fails},
	{`{{if .B}}yes{{else}}no{{end}} {{if .Empty}}e{{else if .N}}n{{end}} {{if .NoList}}l{{else}}none{{end}}`, same},
	{`{{if .Nil}}x{{end}}{{if .AnyNil}}y{{end}}{{if .In}}struct{{end}}{{if .Map}}m{{end}}{{if .Zero}}z{{end}}{{if .F}}f{{end}}{{if .U}}u{{end}}`, same},
	{`{{with .In}}{{.Name}}{{with .Ptr}}/{{.Name}}{{end}}{{end}}{{with .Empty}}x{{else}}empty{{end}}`, same},
	{`{{with .Empty}}x{{else with .Title}}{{.}}{{end}}`, same},
	{`{{range .List}}[{{.Name}} {{.Count}}]{{end}}{{range .NoList}}x{{else}}no list{{end}}`, same},
	{`{{range $i, $e := .List}}{{$i}}={{$e.Name}};{{end}}{{range $e := .Strs}}{{$e}}{{end}}`, same},
	{`{{range .Ptrs}}{{.}}|{{end}}`, same},
	{`{{range .Ptrs}}{{.Name}}|{{end}}`, fails},
	{`{{range .Map}}{{.}}{{end}}`, same},
	{`{{range 3}}{{.}}{{end}}{{range $i := 2}}{{$i}}{{end}}{{range 0}}x{{else}}none{{end}}{{range -1}}x{{end}}`, same},
	{`{{range $i, $e := 3}}{{.}}{{end}}`, fails},
	{`{{range .Nil}}x{{else}}nil{{end}}`, fails},
	{`{{range .Ch}}{{.}}{{end}}{{range $i, $e := .Ch}}{{$i}}:{{$e}};{{end}}`, same},
	{`{{range .Seq}}{{.}}{{end}}{{range $k, $v := .Seq2}}{{$k}}={{$v}};{{end}}{{range $k := .Seq2}}{{$k}}{{end}}`, same},
	{`{{range $k, $v := .IntMap}}{{$k}}={{$v}};{{end}}{{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}{{range .NoList}}{{else}}empty{{end}}`, same},
	{`{{range $i, $e := .Seq}}{{end}}`, fails},
	{`{{range .Title}}{{end}}`, fails},
	{`{{eq .Nil .Nil}} {{eq .InPtr .InPtr}} {{eq .InPtr .Nil}} {{eq .AnyNil .Nil}} {{eq .Err .Err}} {{eq .Str .Str}} {{ne .InPtr .Nil}}`, same},
	{`{{eq .InPtr .N}}`, fails},
	{`{{range .List}}{{if eq .Name "two"}}{{break}}{{end}}{{.Name}}{{end}}`, refused},
	{`{{range $i, $e := .List}}{{$x := $e.Name}}{{$x}}{{end}}{{$.Title}}`, same},
	{`{{$x := .N}}{{$x}}{{$x = "changed"}}{{$x}}{{if true}}{{$x = 5}}{{$y := 6}}{{$y}}{{end}}{{$x}}`, same},
	{`{{$x := 1}}{{range .List}}{{$x = .Name}}{{end}}{{$x}}`, same},
	{`{{range $x := .List}}{{end}}`, same},
	{`{{range $x = .List}}{{end}}`, refused},
	{`{{and .B .N .Title}} {{and .B .Empty .Title}} {{or .Empty .N}} {{or .Empty ""}} {{and 1 0}} {{or .Empty .Fn}}`, same},
	{`{{or .Title .Missing}} {{and .Empty .Missing}}`, same},
	{`{{and .Title .Missing}}`, fails},
	{`{{or .Empty .Nil}} {{or .Nil "default"}}`, same},
	{`{{or .Empty .AnyNil}}`, same},
	{`{{.Title | or .Empty}} {{.Empty | and .B}}`, same},
	{`{{not .B}} {{not .Empty}} {{not .Nil}} {{not .List}}`, same},
	{`{{not .AnyNil}}`, same},
	{`{{eq .N 42}} {{eq .Title "x"}} {{eq .U 7}} {{eq 7 .U}} {{eq .N 1 2 42}} {{eq .F 2.5}} {{eq .B true}} {{ne .N 42}} {{ne .Title "x"}}`, same},
	{`{{eq .N 42}} {{eq .Title "x"}} {{eq .U 7}} {{eq 7 .U}} {{eq .N 1 2 42}} {{eq .B true}} {{ne .N 42}} {{ne .Title "x"}} {{eq .Any "any string"}}`, same},
	{`{{eq .N "42"}}`, fails},
	{`{{eq .In .In}}`, fails},
	{`{{eq .N}}`, fails},
	{`{{eq .Missing 1}}`, fails},
	{`{{"str" | eq "str"}} {{42 | ne .N}}`, same},
	{`{{with mk}}{{.Upper}} {{.Name}}{{end}}`, same},
	{`{{with mk}}{{.Greet "x"}}{{end}}`, fails},
	{`{{with .AnyMap.h}}{{.}}{{end}}{{range .AnyMap}}{{.}}{{end}}`, same},
	{`{{printf "%d" .N}}`, refused},
	{`{{index .List 0}}`, refused},
	{`{{(.InPtr.Greet "x")}} {{(upper "a")}} {{(.N) | pair 1}}`, same},
	{`{{(.In).Name}}`, refused},
	{`{{(.N) .N}}`, fails},
	{`{{"const"}} {{1}} {{true}} {{.}}`, same},
	{`{{1.5}} {{1e3}} {{0x10}} {{'a'}} {{2i}} {{eq .F 2.5}} {{eq 1.0 .F}}`, same},
	{`{{define "sub"}}<b>{{.Name}}</b>{{end}}{{template "sub" .In}}{{range .List}}{{template "sub" .}}{{end}}`, same},
	{`{{define "none"}}[{{.}}]{{end}}{{template "none"}}`, same},
	{`{{define "vars"}}{{$}}{{end}}{{$x := 1}}{{template "vars" .N}}{{$x}}`, same},
	{`{{block "b" .Title}}[{{.}}]{{end}}`, same},
	{`{{define "attr"}}{{.}}{{end}}<p title="{{template "attr" .Title}}">x</p>`, refused},
	{`{{define "rec"}}{{if .}}{{.Name}}{{template "rec" .Ptr}}{{end}}{{end}}{{template "rec" .In}}`, same},
	{`<!-- a comment {{.Title}} -->{{/* gone */}}<p>a</p>`, same},
	{`{{- .Title -}}   <p>  </p>  {{- .N}}`, same},
	{`{{msg "m"}} {{msg "m" "N" .N}} {{msg "m" "In" .In.Name "Any" .Any "Nil" .AnyNil}} {{range .List}}{{msg "row" "Name" .Name}}{{end}} <a title="{{msgs "t" "X" .Title}}">{{msgs "s" "L" .List}}</a>`, same},
	{`{{msg "m" "odd"}}`, fails},
	{`{{msgs "" "N" .N}}`, fails},
	{`{{msg "m" "Nil" .Nil.Name}}`, fails},
}

func TestProgramsMatchHTMLTemplate(t *testing.T) {
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			compare(t, c.src, sample(), c.want)
		})
	}
}

// compare runs src with html/template and as a program.
func compare(t *testing.T, src string, d any, want outcome) {
	t.Helper()
	set := template.Must(template.New("t").Funcs(testFuncs).Parse(src))
	var std bytes.Buffer
	stdErr := set.Execute(&std, d)
	p, err := Compile(set, "t", testFuncs)
	if err != nil {
		if want != refused {
			t.Fatalf("%s: Compile: %v", src, err)
		}
		return
	}
	if want == refused {
		t.Fatalf("%s: Compile accepted it", src)
	}
	var got bytes.Buffer
	got.WriteString("prefix|")
	err = p.Execute(&got, d, nil)
	switch {
	case err != nil && err != ErrData:
		t.Fatalf("%s: Execute returned %v, not ErrData", src, err)
	case err != nil && stdErr == nil:
		t.Fatalf("%s: failed; html/template gives %q", src, std.String())
	case err == nil && stdErr != nil:
		t.Fatalf("%s: gave %q; html/template fails: %v", src, got.String(), stdErr)
	case err == nil && want == fails:
		t.Fatalf("%s: did not fail (gave %q, html/template %q)", src, got.String(), std.String())
	case err != nil && want == same:
		t.Fatalf("%s: failed, as html/template does: %v", src, stdErr)
	case err == nil && got.String() != "prefix|"+std.String():
		t.Fatalf("%s:\n got %q\nwant %q", src, strings.TrimPrefix(got.String(), "prefix|"), std.String())
	}
	// Run it again: the lookups the first run kept must give the same.
	var again bytes.Buffer
	if err2 := p.Execute(&again, d, nil); (err2 == nil) != (err == nil) || err == nil && "prefix|"+again.String() != got.String() {
		t.Fatalf("%s: a second run differs: %q, %v", src, again.String(), err2)
	}
}

// TestFieldLookupFollowsTypes runs one program over data of different
// types, so that what a name was in one type is not used for another.
func TestFieldLookupFollowsTypes(t *testing.T) {
	type a struct{ Name string }
	type b struct {
		X    int
		Name string
	}
	src := `{{range .}}{{.Name}};{{end}}`
	d := []any{a{"first"}, &b{1, "second"}, map[string]string{"Name": "third"}, b{2, "fourth"}, inner{Name: "fifth"}}
	compare(t, src, d, same)
}

// TestExecuteDiscardsNothingOnSuccess checks that a program appends to
// what the buffer holds.
func TestExecuteAppends(t *testing.T) {
	set := template.Must(template.New("t").Parse(`<p>{{.}}</p>`))
	if err := set.Execute(new(bytes.Buffer), ""); err != nil {
		t.Fatal(err)
	}
	p, err := Compile(set, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("before ")
	if err := p.Execute(&b, "x & y", nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "before <p>x &amp; y</p>" {
		t.Errorf("got %q", b.String())
	}
}

// contexts are the places in a page whose escapers a program runs.
var contexts = []string{
	`<p>{{.}}</p>`,
	`<p title="{{.}}">x</p>`,
	`<p title='{{.}}'>x</p>`,
	`<a href="{{.}}">x</a>`,
	`<a href="/a?b={{.}}">x</a>`,
	`<img src="https://x/{{.}}">`,
	`<textarea>{{.}}</textarea>`,
	`<title>{{.}}</title>`,
	`<script type="application/ld+json">{{.}}</script>`,
	`<!-- {{.}} -->`,
}

// FuzzEscapers compares the escapers with html/template's, for every
// typed string.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `Tom & "Jerry" <3 'q' +`, "javascript:alert(1)", "HTTPS://x/y?z=1&w=%41%zz",
		"mailto:a@b", "/a b/c\u00e9", "\x00nul", "\xff\xfe bad utf8", "\ufdd0\ufffe", "#frag", "a:b/c", "<b>bold</b>", "é € 𝄞"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, ctx := range contexts {
			for _, d := range []any{s, template.HTML(s), template.URL(s), template.JS(s), template.CSS(s), template.HTMLAttr(s), template.JSStr(s), &s} {
				compare(t, ctx, d, either)
			}
		}
	})
}

// panicNode is a node whose execution panics, as a fault of a program
// would.
type panicNode struct{}

func (panicNode) exec(*state, reflect.Value) error { panic("a fault") }

// TestFaultNamesTemplate checks that a panic of a program is an error
// naming the template, not a silent fallback.
func TestFaultNamesTemplate(t *testing.T) {
	p := &Program{root: &tree{name: "award.html", list: listNode{textNode("x"), panicNode{}}}}
	err := p.Execute(new(bytes.Buffer), nil, nil)
	var f *Fault
	if !errors.As(err, &f) || f.Template != "award.html" || f.Value != "a fault" || !strings.Contains(err.Error(), "award.html") {
		t.Fatalf("Execute: %v", err)
	}
	// The state went back to the pool clean: the next execution works.
	set := template.Must(template.New("t").Parse(`{{.}}`))
	set.Execute(new(bytes.Buffer), "")
	q, err := Compile(set, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := q.Execute(&b, "<ok>", nil); err != nil || b.String() != "&lt;ok&gt;" {
		t.Errorf("after a fault: %q, %v", b.String(), err)
	}
}

// TestDirectCalls checks that the message functions' signatures are
// called without reflection.
func TestDirectCalls(t *testing.T) {
	for _, name := range []string{"msg", "msgs", "wrap", "upper", "date"} {
		if directCall(testFuncs[name]) == nil {
			t.Errorf("%s is called through reflection", name)
		}
	}
}

// box has methods that return HTML and JS and their appenders, which
// count their calls; SVG and its appender panic when panics is set.
type box struct {
	Text    string
	appends *int
	panics  bool
}

func (b *box) SVG() template.HTML {
	if b.panics {
		panic("boom")
	}
	return template.HTML("<svg>" + b.Text + "</svg>")
}

func (b *box) AppendSVG(dst []byte) []byte {
	*b.appends++
	if b.panics {
		panic("boom")
	}
	return append(append(append(dst, "<svg>"...), b.Text...), "</svg>"...)
}

func (b *box) Data() template.JS { return template.JS(`{"text":` + strconv.Quote(b.Text) + `}`) }

func (b *box) AppendData(dst []byte) []byte {
	*b.appends++
	return append(strconv.AppendQuote(append(dst, `{"text":`...), b.Text), '}')
}

// Mis has an appender of the wrong type, which a program must not call.
func (b *box) Mis() template.HTML            { return "<i>mis</i>" }
func (b *box) AppendMis(dst []byte) string   { panic("called") }
func (b *box) Plain() string                 { return "<plain>" }
func (b *box) AppendPlain(dst []byte) []byte { panic("called") }

// TestAppenders checks that a method's appender prints it into HTML text,
// and that everywhere else, and for methods without a proper appender,
// the method is called as html/template calls it.
func TestAppenders(t *testing.T) {
	var n int
	b := &box{Text: `a "b" & <c>`, appends: &n}
	type page struct {
		Box    *box
		NilBox *box
		Boxes  []*box
		Any    any
	}
	d := page{Box: b, Boxes: []*box{b, {Text: "two", appends: &n}}, Any: b}
	for _, c := range []struct {
		src     string
		appends int // calls of the appender per execution
		want    outcome
	}{
		{`<p>{{.Box.SVG}}</p>`, 1, same},
		{`{{with .Box}}<div>{{.SVG}}</div>{{end}}`, 1, same},
		{`{{range .Boxes}}{{.SVG}}{{end}}`, 2, same},
		{`{{$b := .Box}}{{$b.SVG}}`, 1, same},
		{`{{.Any.SVG}}`, 1, same},
		{`<p title="{{.Box.SVG}}">x</p>`, 0, same},
		{`<textarea>{{.Box.SVG}}</textarea>`, 0, same},
		{`<script>var x = {{.Box.SVG}};</script>`, 0, same},
		{`<script>var x = {{.Box.Data}};</script>`, 1, same},
		{`<script type="application/json">{{.Box.Data}}</script>`, 1, same},
		{`<p>{{.Box.Data}}</p><p title="{{.Box.Data}}"></p>`, 0, same},
		{`<p>{{.Box.SVG | printf "%s"}}</p>`, 0, refused},
		{`<p>{{.Box.SVG | wrap "b"}}</p>`, 0, same},
		{`<p>{{.Box.SVG 1}}</p>`, 0, fails},
		{`<p>{{(.Box).SVG}}</p>`, 0, refused},
		{`<p>{{.Box.Mis}}{{.Box.Plain}}</p>`, 0, same},
		{`<p>{{.NilBox.SVG}}</p>`, 0, fails},
	} {
		n = 0
		compare(t, c.src, d, c.want)
		if c.want == refused {
			continue
		}
		// compare runs the program twice, html/template once.
		if n != 2*c.appends {
			t.Errorf("%s: the appender ran %d times in two executions, want %d", c.src, n, 2*c.appends)
		}
	}
	b.panics = true
	n = 0
	compare(t, `<p>{{.Box.SVG}}</p>`, d, fails)
	if n == 0 {
		t.Error("a panicking appender was not called")
	}
}
