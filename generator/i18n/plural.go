package i18n

import (
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// pluralForm is a CLDR plural category.
type pluralForm int

const (
	formZero pluralForm = iota
	formOne
	formTwo
	formFew
	formMany
	formOther
	numForms
)

var formNames = [numForms]string{"zero", "one", "two", "few", "many", "other"}

// pluralForms gives the CLDR plural category of a count in one language,
// by go-i18n's CLDR rules: they are asked once per count of a table,
// through a message that has every form and says which it is.
type pluralForms struct {
	table [1000]pluralForm
	loc   *goi18n.Localizer
}

// probe is the message whose forms name themselves.
var probe = &goi18n.Message{ID: "plural_form", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}

func newPluralForms(tag language.Tag) (*pluralForms, error) {
	b := goi18n.NewBundle(tag)
	if err := b.AddMessages(tag, probe); err != nil {
		return nil, err
	}
	p := &pluralForms{loc: goi18n.NewLocalizer(b, tag.String())}
	for n := range p.table {
		p.table[n] = p.ask(n)
	}
	return p, nil
}

func (p *pluralForms) ask(n int) pluralForm {
	s, err := p.loc.Localize(&goi18n.LocalizeConfig{MessageID: probe.ID, PluralCount: n})
	if err != nil {
		return formOther
	}
	for f, name := range formNames {
		if s == name {
			return pluralForm(f)
		}
	}
	return formOther
}

// of is the category of n.
func (p *pluralForms) of(n int) pluralForm {
	if n >= 0 && n < len(p.table) {
		return p.table[n]
	}
	return p.ask(n)
}

// PluralForm is the CLDR plural category of n in the catalog's language:
// "zero", "one", "two", "few", "many" or "other".
func (c *Catalog) PluralForm(n int) string { return formNames[c.forms.of(n)] }
