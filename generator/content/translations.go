package content

// A record carries its text in the site's other languages beside its own
// text, in a table per language that holds the same keys:
//
//	name = "Go 101"
//	description = "Writes, tests and ships a small Go program."
//
//	[translations.fr]
//	name = "Go 101"
//	description = "Écrit, teste et publie un petit programme Go."
//
// An award translates its narrative and its evidence, as an array of
// tables in the order of the award's own:
//
//	[translations.fr]
//	narrative = "…"
//	[[translations.fr.evidence]]
//	name = "…"
//
// A key left out of a translation falls back to the record's own text, in
// the site's default language.

// Text is a translatable text and the language it is in: the language
// asked for, or the default language when the text falls back to it.
type Text struct {
	Value string
	Lang  string
}

// String returns the text.
func (t Text) String() string { return t.Value }

// in returns the translation tr of a text own in the default language
// def, or own when tr is empty.
func in(own, tr, def, lang string) Text {
	if tr != "" && lang != def {
		return Text{Value: tr, Lang: lang}
	}
	return Text{Value: own, Lang: def}
}

// SiteTranslation is the [translations.<lang>] table of site.toml.
type SiteTranslation struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
}

// SiteText is the site's title and description in one language.
type SiteText struct {
	Title       Text
	Description Text
}

// In returns the site's title and description in lang, each falling
// back to the default language.
func (c *Config) In(lang string) SiteText {
	t := c.Translations[lang]
	def := c.DefaultLang()
	return SiteText{
		Title:       in(c.Title, t.Title, def, lang),
		Description: in(c.Description, t.Description, def, lang),
	}
}

// BadgeTranslation is a badge class's [translations.<lang>] table.
type BadgeTranslation struct {
	Name        string `toml:"name"`
	Description string `toml:"description"` // markdown
	Criteria    string `toml:"criteria"`    // markdown
}

// BadgeText is a badge class's text in one language.
type BadgeText struct {
	Name        Text
	Description Text // markdown
	Criteria    Text // markdown; empty when the badge class has only a criteria_url
}

// In returns the badge class's text in lang, each field falling back to
// the default language.
func (b *Badge) In(lang string) BadgeText {
	t := b.Translations[lang]
	return BadgeText{
		Name:        in(b.Name, t.Name, b.Lang, lang),
		Description: in(b.Description, t.Description, b.Lang, lang),
		Criteria:    in(b.Criteria, t.Criteria, b.Lang, lang),
	}
}

// IssuerTranslation is an issuer's [translations.<lang>] table.
type IssuerTranslation struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
}

// IssuerText is an issuer's text in one language.
type IssuerText struct {
	Name        Text
	Description Text
}

// In returns the issuer's text in lang, each field falling back to the
// default language.
func (is *Issuer) In(lang string) IssuerText {
	t := is.Translations[lang]
	return IssuerText{
		Name:        in(is.Name, t.Name, is.Lang, lang),
		Description: in(is.Description, t.Description, is.Lang, lang),
	}
}

// AwardTranslation is an award's [translations.<lang>] table.
type AwardTranslation struct {
	Narrative        string                `toml:"narrative"` // markdown
	Evidence         []EvidenceTranslation `toml:"evidence"`  // in the order of the award's evidence
	RevocationReason string                `toml:"revocation_reason"`
}

// EvidenceTranslation is the text of one piece of evidence in an award's
// translation.
type EvidenceTranslation struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Narrative   string `toml:"narrative"` // markdown
	Genre       string `toml:"genre"`
	Audience    string `toml:"audience"`
}

// AwardText is an award's text in one language.
type AwardText struct {
	Narrative        Text // markdown
	Evidence         []EvidenceText
	RevocationReason Text // empty unless the award is revoked
}

// EvidenceText is the text of one piece of evidence in one language.
type EvidenceText struct {
	Name        Text
	Description Text
	Narrative   Text // markdown
	Genre       Text
	Audience    Text
}

// In returns the award's text in lang, each field falling back to the
// default language. Evidence has one entry per piece of the award's
// evidence.
func (a *Award) In(lang string) AwardText {
	t := a.Translations[lang]
	out := AwardText{
		Narrative:        in(a.Narrative, t.Narrative, a.Lang, lang),
		RevocationReason: in(a.RevocationReason, t.RevocationReason, a.Lang, lang),
	}
	if len(a.Evidence) > 0 {
		out.Evidence = make([]EvidenceText, len(a.Evidence))
	}
	for i, ev := range a.Evidence {
		var te EvidenceTranslation
		if i < len(t.Evidence) {
			te = t.Evidence[i]
		}
		out.Evidence[i] = EvidenceText{
			Name:        in(ev.Name, te.Name, a.Lang, lang),
			Description: in(ev.Description, te.Description, a.Lang, lang),
			Narrative:   in(ev.Narrative, te.Narrative, a.Lang, lang),
			Genre:       in(ev.Genre, te.Genre, a.Lang, lang),
			Audience:    in(ev.Audience, te.Audience, a.Lang, lang),
		}
	}
	return out
}

// EarnerTranslation is an earner's [translations.<lang>] table.
type EarnerTranslation struct {
	Bio string `toml:"bio"` // markdown
}

// EarnerText is an earner's text in one language.
type EarnerText struct {
	Bio Text // markdown
}

// In returns the earner's text in lang, falling back to the default
// language.
func (e *Earner) In(lang string) EarnerText {
	return EarnerText{Bio: in(e.Bio, e.Translations[lang].Bio, e.Lang, lang)}
}

// PathwayTranslation is a pathway's [translations.<lang>] table.
type PathwayTranslation struct {
	Name        string `toml:"name"`
	Description string `toml:"description"` // markdown
}

// PathwayText is a pathway's text in one language.
type PathwayText struct {
	Name        Text
	Description Text // markdown
}

// In returns the pathway's text in lang, each field falling back to the
// default language.
func (p *Pathway) In(lang string) PathwayText {
	t := p.Translations[lang]
	return PathwayText{
		Name:        in(p.Name, t.Name, p.Lang, lang),
		Description: in(p.Description, t.Description, p.Lang, lang),
	}
}

// setLangs gives every record the site's default language as that of its
// own text.
func (s *Site) setLangs() {
	def := s.Config.DefaultLang()
	for _, x := range s.Issuers {
		x.Lang = def
	}
	for _, x := range s.Badges {
		x.Lang = def
	}
	for _, x := range s.Earners {
		x.Lang = def
	}
	for _, x := range s.Awards {
		x.Lang = def
	}
	for _, x := range s.Pathways {
		x.Lang = def
	}
}
