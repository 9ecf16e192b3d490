package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"path"
	"strings"
	texttemplate "text/template"
	"time"

	"rosette/generator/content"
	"rosette/generator/i18n"
	"rosette/generator/internal/sitefs"
	"rosette/generator/render"
	"rosette/themes"
)

// Message is the data of the mail templates of a theme, for one award:
//
//	mail/award-subject.txt   the subject line (text/template)
//	mail/award.txt           the plain text part (text/template)
//	mail/award.html          the HTML part (html/template)
//
// A site in another language than English puts its own under
// mail/<language>/ (mail/fr/award.html), found first for the site's
// language tag, then for its base language (fr for fr-CA), then in mail/.
// The template function t writes a message of the theme's catalog in the
// site's default language (t "mail_greeting_name" "Earner" .Earner.Name),
// and date writes a date as that language does.
type Message struct {
	Lang   string // the site's language tag
	Site   struct{ Title, URL string }
	Issuer struct{ Name, URL, Email string }
	Badge  struct {
		ID, Name, Description string
		URL                   string // the badge class's page
		Image                 string // absolute URL of its image (PNG when there is one)
	}
	Award struct {
		ID              string
		URL             string // the verification page
		JSON            string // the hosted assertion
		LinkedIn        string // LinkedIn "Add to profile"
		Issued, Expires time.Time
	}
	Earner struct {
		Name    string // from the records, else the delivery file; may be empty
		Profile string // the public profile page, when the earner has one
	}
}

// Templates are a theme's mail templates in one language.
type Templates struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

// funcs are the template functions of the text templates (html: of the
// HTML one) in the language of cat.
func funcs(cat *i18n.Catalog, html bool) map[string]any {
	f := map[string]any{"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return cat.Date(t)
	}}
	if html {
		f["t"] = cat.HTML
		f["strong"] = func(s string) htmltemplate.HTML {
			return htmltemplate.HTML("<strong>" + htmltemplate.HTMLEscapeString(s) + "</strong>")
		}
	} else {
		f["t"] = cat.T
		f["strong"] = func(s string) string { return s }
	}
	return f
}

// MaxTemplate is the largest mail template read.
const MaxTemplate = 1 << 20

// LoadTemplates parses the mail templates of a theme for a language, in
// which the theme's catalog (i18n/<lang>.toml) writes.
func LoadTemplates(theme fs.FS, lang string) (*Templates, error) {
	if lang == "" {
		lang = i18n.Fallback
	}
	cat, err := i18n.Load(lang, theme)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return LoadTemplatesIn(theme, cat)
}

// LoadTemplatesIn parses the mail templates of a theme for the language
// of cat.
func LoadTemplatesIn(theme fs.FS, cat *i18n.Catalog) (*Templates, error) {
	lang := cat.Lang()
	var dirs []string
	if lang != "" {
		dirs = append(dirs, "mail/"+lang)
		if base, _, ok := strings.Cut(lang, "-"); ok {
			dirs = append(dirs, "mail/"+base)
		}
	}
	dirs = append(dirs, "mail")
	read := func(name string) (string, string, error) {
		for _, d := range dirs {
			p := path.Join(d, name)
			data, err := fs.ReadFile(theme, p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return "", p, fmt.Errorf("theme: %w", err)
			}
			if len(data) > MaxTemplate {
				return "", p, fmt.Errorf("theme: %s is longer than %d KiB", p, MaxTemplate>>10)
			}
			return string(data), p, nil
		}
		return "", "", fmt.Errorf("theme: no mail template mail/%s", name)
	}
	t := &Templates{}
	for _, x := range []struct {
		name string
		dst  **texttemplate.Template
	}{{"award-subject.txt", &t.subject}, {"award.txt", &t.text}} {
		src, p, err := read(x.name)
		if err != nil {
			return nil, err
		}
		if *x.dst, err = texttemplate.New(p).Funcs(funcs(cat, false)).Option("missingkey=error").Parse(src); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	src, p, err := read("award.html")
	if err != nil {
		return nil, err
	}
	if t.html, err = htmltemplate.New(p).Funcs(funcs(cat, true)).Parse(src); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return t, nil
}

// Render executes the templates: the subject (on one line), the plain
// text and the HTML.
func (t *Templates) Render(m *Message) (subject, text, html string, err error) {
	var b bytes.Buffer
	if err = t.subject.Execute(&b, m); err != nil {
		return
	}
	subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err = t.text.Execute(&b, m); err != nil {
		return
	}
	text = b.String()
	b.Reset()
	if err = t.html.Execute(&b, m); err != nil {
		return
	}
	return subject, text, b.String(), nil
}

// Compose makes an RFC 5322 message of two alternative parts, plain text
// and HTML, both UTF-8 in quoted-printable.
func Compose(from, to mail.Address, lang, subject, text, html string, date time.Time) ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ typ, data string }{{"text/plain", text}, {"text/html", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(part.data, "\r\n", "\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	var msg bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&msg, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", subject))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	if lang != "" {
		h("Content-Language", lang)
	}
	h("Auto-Submitted", "auto-generated")
	h("MIME-Version", "1.0")
	h("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	msg.WriteString("\r\n")
	msg.Write(body.Bytes())
	return msg.Bytes(), nil
}

// SiteTemplates loads the mail templates of the theme of the site at
// root (its own themes/<name>/ over the default theme), in the site's
// language.
func SiteTemplates(root string, s *content.Site) (*Templates, error) {
	fsys, err := render.ThemeFS(themes.Default(), sitefs.New(root), s.Config.Theme)
	if err != nil {
		return nil, err
	}
	site := sitefs.New(root)
	cat, err := render.LoadCatalog(themes.Default(), site, s.Config.Theme, s.Config.DefaultLang())
	if err != nil {
		return nil, err
	}
	return LoadTemplatesIn(fsys, cat)
}
