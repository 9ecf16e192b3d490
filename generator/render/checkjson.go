package render

import (
	"unicode/utf8"
)

// The check data of an award page is written field by field, as
// encoding/json would marshal checkJSON (the plain form is json.Marshal;
// checkjson_test.go compares the two): every award page has it, and
// encoding/json's reflection cost as much as the rest of the data.

// appendJSON appends d as json.Marshal writes it.
func (d *checkJSON) appendJSON(b []byte) []byte {
	b = appendJSONField(b, '{', "badge", d.Badge)
	b = appendJSONField(b, ',', "base", d.Base)
	if d.Expires != "" {
		b = appendJSONField(b, ',', "expires", d.Expires)
	}
	if d.ExpiresText != "" {
		b = appendJSONField(b, ',', "expiresText", d.ExpiresText)
	}
	b = appendJSONField(b, ',', "id", d.ID)
	b = appendJSONField(b, ',', "issuedOn", d.IssuedOn)
	b = appendJSONField(b, ',', "issuedText", d.IssuedText)
	b = appendJSONField(b, ',', "issuer", d.Issuer)
	if d.JWS != "" {
		b = appendJSONField(b, ',', "jws", d.JWS)
	}
	if d.OB3 != nil {
		b = append(b, `,"ob3":`...)
		b = d.OB3.appendJSON(b)
	}
	b = appendJSONField(b, ',', "reason", d.Reason)
	if r := d.Recipient; r != nil {
		b = append(b, `,"recipient":`...)
		b = appendJSONField(b, '{', "Type", r.Type)
		b = appendJSONField(b, ',', "Identity", r.Identity)
		b = appendJSONField(b, ',', "Salt", r.Salt)
		b = append(b, '}')
	}
	b = append(b, `,"revoked":`...)
	if d.Revoked {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = appendJSONField(b, ',', "root", d.Root)
	if d.Texts != "" {
		b = appendJSONField(b, ',', "texts", d.Texts)
	}
	return append(b, '}')
}

// appendJSON appends d as json.Marshal writes it: the fields the awards
// of a badge class share as its shared3 encoded them once (d.pre), or as
// d holds them when it has none.
func (d *check3JSON) appendJSON(b []byte) []byte {
	sh := d.pre
	if sh == nil {
		sh = &shared3{d: *d}
		sh.encode()
	}
	b = appendJSONString(append(b, sh.head...), d.Credential)
	b = append(b, sh.did...)
	if d.Index != "" {
		b = appendJSONField(b, ',', "index", d.Index)
	}
	b = appendJSONString(append(b, sh.name...), d.JWT)
	b = append(b, sh.keys...)
	if d.StatusList != "" {
		b = append(b, sh.status...)
	}
	b = appendJSONField(b, ',', "subject", d.Subject)
	return append(b, '}')
}

// appendJSONField appends sep, the name (which needs no escaping) in
// quotes, a colon and the value as a JSON string.
func appendJSONField(b []byte, sep byte, name, value string) []byte {
	b = append(b, sep, '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

// appendJSONString appends s as a JSON string as encoding/json writes one
// with HTML escaping: <, > and & as \u003c, \u003e and \u0026, U+2028 and
// U+2029 as \u2028 and \u2029, invalid UTF-8 as \ufffd, the control
// characters \b, \f, \n, \r and \t by name and the others as \u00XX.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is still to append as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
