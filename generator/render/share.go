package render

import (
	"encoding/binary"
	"fmt"
	"html"
	"html/template"
	"math/bits"
	"net/url"
	"strconv"
	"strings"
)

// awardShare is the share panel of an award page. Only a valid award
// offers LinkedIn's "Add to profile" and an email signature, which would
// otherwise vouch for an award that is not valid.
func (p *Pages) awardShare(a *Award) *Share {
	s := &Share{
		URL:   a.URL,
		Embed: p.badgeEmbed(a),
		qr:    qrCode{&p.qr, a.URL, p.awardTexts().qrAward},
	}
	if a.Status.Code == "valid" {
		s.LinkedIn = LinkedInURL(p.linkedInOrg(a.Issuer), a)
		s.Signature = p.badgeSignature(a)
	}
	s.Text = p.msg("share_text", "Badge", a.Badge.Name, "Issuer", a.Issuer.Name)
	if a.Earner != nil {
		s.Text = p.msg("share_text_earner", "Earner", a.Earner.Name, "Badge", a.Badge.Name, "Issuer", a.Issuer.Name)
	}
	q := url.QueryEscape
	s.X = "https://x.com/intent/post?text=" + q(s.Text) + "&url=" + q(a.URL)
	s.Facebook = "https://www.facebook.com/sharer/sharer.php?u=" + q(a.URL)
	s.Email = "mailto:?subject=" + pathEscape(s.Text) + "&body=" + pathEscape(s.Text+": "+a.URL)
	return s
}

// pathEscape escapes s for a mailto: URL, where a space is %20, not +.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// earnerShare is the share panel of a profile.
func (p *Pages) earnerShare(e *Earner) *Share {
	return &Share{
		URL: e.URL,
		Embed: fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0;max-width:720px" loading="lazy"></iframe>`,
			html.EscapeString(e.WallURL), html.EscapeString(p.msg("wall_title", "Earner", e.Name)), wallHeight(e)),
		Signature: p.profileSignature(e),
		qr:        qrCode{&p.qr, e.URL, p.msg("qr_profile_label")},
	}
}

// wallHeight is the height in px of the iframe that shows e's profile
// wall: enough for every badge it shows (not the revoked ones) in two
// columns, the layout of a phone, with a heading on two lines. wall.html
// makes each card 172 px high, 10 px apart, in a body with 12 px padding.
// In a frame narrower than two cards the wall scrolls; it never clips.
func wallHeight(e *Earner) int {
	n := 0
	for _, a := range e.Awards {
		if a.Status.Code != "revoked" {
			n++
		}
	}
	rows := (n + 1) / 2
	h := 2*12 + 66 + 4
	if rows > 0 {
		h += rows*172 + (rows-1)*10
	}
	return h
}

// LinkedInOrg names the organization on LinkedIn: its id when configured,
// else its name.
type LinkedInOrg struct {
	ID, Name string
}

// linkedInOrg is the organization of an issuer's awards on LinkedIn: the
// [linkedin] table of the issuer's record when it sets either key, else
// that of site.toml, else the issuer's name.
func (p *Pages) linkedInOrg(is *Issuer) LinkedInOrg {
	li := p.linkedIn
	if ci := p.graph.Site.Issuer(is.ID); ci != nil && (ci.LinkedIn.OrganizationID != "" || ci.LinkedIn.OrganizationName != "") {
		li = ci.LinkedIn
	}
	if li.OrganizationID != "" {
		return LinkedInOrg{ID: li.OrganizationID}
	}
	if li.OrganizationName != "" {
		return LinkedInOrg{Name: li.OrganizationName}
	}
	return LinkedInOrg{Name: is.Name}
}

// LinkedInURL is the LinkedIn "Add to profile" URL of an award: a
// certification with every field filled that the award has, and no empty
// parameters.
func LinkedInURL(org LinkedInOrg, a *Award) string {
	// The parameters in the order of their names, as url.Values.Encode
	// gives them; empty ones are left out.
	var b strings.Builder
	b.Grow(256)
	b.WriteString("https://www.linkedin.com/profile/add?")
	first := true
	set := func(k, val string) {
		if val == "" {
			return
		}
		if !first {
			b.WriteByte('&')
		}
		first = false
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(val))
	}
	set("certId", a.ID)
	set("certUrl", a.URL)
	if !a.Expires.IsZero() {
		set("expirationMonth", strconv.Itoa(int(a.Expires.UTC().Month())))
		set("expirationYear", strconv.Itoa(a.Expires.UTC().Year()))
	}
	set("issueMonth", strconv.Itoa(int(a.Issued.Month())))
	set("issueYear", strconv.Itoa(a.Issued.Year()))
	set("name", a.Badge.Name)
	set("organizationId", org.ID)
	if org.ID == "" {
		set("organizationName", org.Name)
	}
	set("startTask", "CERTIFICATION_NAME")
	return b.String()
}

// shareImage is the image used in snippets for other sites and mail: the
// badge PNG, else the issuer's PNG logo, else the badge SVG (which many
// mail clients block).
func shareImage(b *Badge) *Image {
	if b.PNG != nil {
		return b.PNG
	}
	if logo := pngLogo(b.Issuer); logo != nil {
		return logo
	}
	return b.Image
}

// fit is the size of img shown within a box of n×n px, keeping its aspect
// ratio (badge images are square; an issuer logo need not be).
func fit(img *Image, n int) (w, h int) {
	switch {
	case img.Width <= 0 || img.Height <= 0 || img.Width == img.Height:
		return n, n
	case img.Width > img.Height:
		return n, max(1, (n*img.Height+img.Width/2)/img.Width)
	}
	return max(1, (n*img.Width+img.Height/2)/img.Height), n
}

// badgeEmbed is HTML that shows one award on another website: an image,
// a link and text, no script.
func (p *Pages) badgeEmbed(a *Award) string {
	img := shareImage(a.Badge)
	w, h := fit(img, 64)
	e := html.EscapeString
	return `<a href="` + e(a.URL) + `"` + p.langAttrs() + ` style="display:inline-flex;align-items:center;gap:12px;padding:8px 12px;border:1px solid #d0d4dc;border-radius:8px;text-decoration:none;color:#1b1f29;font:15px/1.35 system-ui,-apple-system,'Segoe UI',sans-serif;background:#fff">` +
		`<img src="` + e(img.URL) + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `" alt="` + e(img.Alt) + `" style="display:block;border:0">` +
		`<span><strong>` + e(a.Badge.Name) + `</strong><br><span style="color:#4a5163">` + e(p.msg("embed_issued_by", "Issuer", a.Issuer.Name)) + `</span></span></a>`
}

// badgeSignature is email-signature HTML for one award: a table, inline
// styles only, a PNG (when there is one) at an absolute URL with its size
// and alt text.
func (p *Pages) badgeSignature(a *Award) string {
	img := shareImage(a.Badge)
	w, h := fit(img, 48)
	e := html.EscapeString
	url, ws, hs := e(a.URL), strconv.Itoa(w), strconv.Itoa(h)
	return `<table cellpadding="0" cellspacing="0" border="0" role="presentation"` + p.langAttrs() + ` style="border-collapse:collapse"><tr>` +
		`<td style="padding:0 10px 0 0;vertical-align:middle"><a href="` + url + `"><img src="` + e(img.URL) + `" width="` + ws + `" height="` + hs + `" alt="` + e(img.Alt) + `" style="display:block;border:0;width:` + ws + `px;height:` + hs + `px"></a></td>` +
		`<td style="vertical-align:middle;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:18px;color:#333333">` +
		`<a href="` + url + `" style="color:#1a56b8;text-decoration:none;font-weight:bold">` + e(a.Badge.Name) + `</a><br>` + e(p.msg("signature_badge", "Issuer", a.Issuer.Name)) + `</td></tr></table>`
}

// profileSignature is email-signature HTML for a profile: up to four valid
// badges, each badge class once, and a link; "" when no award is valid.
func (p *Pages) profileSignature(e *Earner) string {
	esc := html.EscapeString
	var imgs strings.Builder
	n := 0
	seen := map[*Badge]bool{}
	for _, a := range e.Awards {
		if a.Status.Code != "valid" || n == 4 || seen[a.Badge] {
			continue
		}
		seen[a.Badge] = true
		img := shareImage(a.Badge)
		w, h := fit(img, 40)
		fmt.Fprintf(&imgs, `<td style="padding:0 6px 0 0;vertical-align:middle"><a href="%[1]s"><img src="%[2]s" width="%[4]d" height="%[5]d" alt="%[3]s" style="display:block;border:0;width:%[4]dpx;height:%[5]dpx"></a></td>`,
			esc(a.URL), esc(img.URL), esc(img.Alt), w, h)
		n++
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(`<table cellpadding="0" cellspacing="0" border="0" role="presentation"%s style="border-collapse:collapse"><tr>%s`+
		`<td style="vertical-align:middle;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:18px;color:#333333">`+
		`<a href="%s" style="color:#1a56b8;text-decoration:none;font-weight:bold">%s</a><br>%s</td></tr></table>`,
		p.langAttrs(), imgs.String(), esc(e.URL), esc(e.Name), esc(p.msg("signature_profile", "Site", p.Site.Title)))
}

// qrCode is the QR code of a URL as a page shows it: an inline SVG (see
// svg), made when the page prints it. The zero qrCode prints nothing.
type qrCode struct {
	enc         *qrEncoder
	text, label string
}

// html is the code's SVG.
func (c qrCode) html() template.HTML {
	if c.enc == nil {
		return ""
	}
	return c.enc.svg(c.text, c.label)
}

// appendTo appends the code's SVG to b.
func (c qrCode) appendTo(b []byte) []byte {
	if c.enc == nil {
		return b
	}
	return c.enc.appendSVG(b, c.text, c.label)
}

// svg is an inline SVG QR code (error correction level M) of text, with
// a four-module quiet zone; label is its accessible name. Each row of dark
// modules is one stroked path segment list: "M x y.5" starts a row, "h n"
// draws n modules, "m g 0" skips g light ones. A text too long for a code
// gives "".
func (q *qrEncoder) svg(text, label string) template.HTML {
	sc := q.scratch()
	defer q.bufs.Put(sc)
	sc.out = q.appendSVGWith(sc, sc.out[:0], text, label)
	return template.HTML(sc.out)
}

// appendSVG appends what svg returns to b.
func (q *qrEncoder) appendSVG(b []byte, text, label string) []byte {
	sc := q.scratch()
	defer q.bufs.Put(sc)
	return q.appendSVGWith(sc, b, text, label)
}

// scratch is a qrScratch for one code, to put back in q.bufs after use.
func (q *qrEncoder) scratch() *qrScratch {
	if sc, _ := q.bufs.Get().(*qrScratch); sc != nil {
		return sc
	}
	return new(qrScratch)
}

// appendSVGWith is appendSVG encoding into sc.
func (q *qrEncoder) appendSVGWith(sc *qrScratch, b []byte, text, label string) []byte {
	plan, err := q.encodeInto(sc, text)
	if err != nil {
		return b
	}
	size := plan.size
	n := strconv.Itoa(size + 8)
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `...)
	b = append(b, n...)
	b = append(b, ' ')
	b = append(b, n...)
	b = append(b, `" role="img" aria-label="`...)
	b = appendEscaped(b, label)
	b = append(b, `" shape-rendering="crispEdges"><rect width="`...)
	b = append(b, n...)
	b = append(b, `" height="`...)
	b = append(b, n...)
	b = append(b, `" fill="#fff"/><path stroke="#000" d="`...)
	if size <= 64 && plan.stride >= 8 {
		b = qrPathWords(b, sc.bitmap, size, plan.stride)
	} else {
		b = qrPathBytes(q, b, sc.bitmap, size, plan.stride)
	}
	return append(b, `"/></svg>`...)
}

// appendEscaped appends html.EscapeString(s) to b.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '"':
			b = append(b, "&#34;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// qrPathWords appends the path data of a code of size modules a side,
// at most 64 (up to version 11: every award URL), whose rows are stride
// bytes apart in bitmap, stride at least 8: a row is one word, its runs
// found by counting leading zeros and ones, every number below 100.
func qrPathWords(b, bitmap []byte, size, stride int) []byte {
	for y := 0; y < size; y++ {
		w := binary.BigEndian.Uint64(bitmap[y*stride:]) &^ (1<<(64-size) - 1)
		end := -1 // end of the last run in this row, -1 before the first
		for x := 0; w != 0; {
			z := bits.LeadingZeros64(w)
			w <<= z
			run := bits.LeadingZeros64(^w) // < 64: the bits past size are 0
			w <<= run
			x += z
			if end < 0 {
				b = appendSmall(append(b, 'M'), x+4)
				b = appendSmall(append(b, ' '), y+4)
				b = append(b, ".5"...)
			} else {
				b = appendSmall(append(b, 'm'), x-end)
				b = append(b, " 0"...)
			}
			b = appendSmall(append(b, 'h'), run)
			x += run
			end = x
		}
	}
	return b
}

// qrPathBytes is qrPathWords for codes of any size, finding a row's runs
// a byte at a time.
func qrPathBytes(q *qrEncoder, b, bitmap []byte, size, stride int) []byte {
	runs, gaps := q.steps(size)
	for y := 0; y < size; y++ {
		row := bitmap[y*stride : (y+1)*stride]
		end := -1 // end of the last run in this row, -1 before the first
		for x := qrNext(row, 0, size, 0); x < size; x = qrNext(row, x, size, 0) {
			run := qrNext(row, x, size, 0xff) - x
			if end < 0 {
				b = append(b, 'M')
				b = strconv.AppendInt(b, int64(x+4), 10)
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(y+4), 10)
				b = append(b, ".5"...)
			} else {
				b = append(b, gaps[x-end]...)
			}
			b = append(b, runs[run]...)
			end = x + run
			x = end
		}
	}
	return b
}

// appendSmall appends the decimal digits of n, 0 <= n < 100.
func appendSmall(b []byte, n int) []byte {
	if n < 10 {
		return append(b, byte('0'+n))
	}
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// qrNext returns the first module at or after x in a row of a code's
// bitmap that is dark (flip 0) or light (flip 0xff), or size when none
// before size is. It looks at whole bytes of the row, not module by
// module.
func qrNext(row []byte, x, size int, flip byte) int {
	for x < size {
		if w := (row[x>>3] ^ flip) << (x & 7); w != 0 { // the bits shifted in are past this byte
			return min(x+bits.LeadingZeros8(w), size)
		}
		x = x | 7 + 1
	}
	return size
}
