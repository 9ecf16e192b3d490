package edit

import (
	"sort"
	"strings"
)

// starter is the text of a new site's records in one language.
type starter struct {
	title             string // the site title; %s is the issuer's name
	description       string // the site description; %s is the issuer's name
	issuerName        string // the issuer's name when none is given
	issuerDescription string // the example of an issuer's description
	badgeName         string // the first badge class's name
	badgeDescription  string // placeholders of a new badge class
	badgeCriteria     string
}

// starters are the texts of a new site in each language rosette ships a
// catalog for, by language tag.
var starters = map[string]starter{
	"en": {
		title:             "%s Badges",
		description:       "Open Badges issued by %s.",
		issuerName:        "My Organisation",
		issuerDescription: "A short description of the issuer.",
		badgeName:         "First Badge",
		badgeDescription:  "Describe what the holder of this badge knows or can do.",
		badgeCriteria:     "Describe what an earner has done to receive this badge.",
	},
	"fr": {
		title:             "Badges de %s",
		description:       "Open Badges délivrés par %s.",
		issuerName:        "Mon organisation",
		issuerDescription: "Une brève présentation de l’émetteur.",
		badgeName:         "Premier badge",
		badgeDescription:  "Décrivez ce que sait ou sait faire le titulaire de ce badge.",
		badgeCriteria:     "Décrivez ce qu’une personne a accompli pour obtenir ce badge.",
	},
	"de": {
		title:             "Badges von %s",
		description:       "Open Badges, vergeben von %s.",
		issuerName:        "Meine Organisation",
		issuerDescription: "Eine kurze Beschreibung der ausstellenden Organisation.",
		badgeName:         "Erstes Badge",
		badgeDescription:  "Beschreiben Sie, was die Inhaberin oder der Inhaber dieses Badges weiß oder kann.",
		badgeCriteria:     "Beschreiben Sie, was eine Person geleistet hat, um dieses Badge zu erhalten.",
	},
	"es": {
		title:             "Insignias de %s",
		description:       "Insignias digitales (Open Badges) emitidas por %s.",
		issuerName:        "Mi organización",
		issuerDescription: "Una breve descripción del emisor.",
		badgeName:         "Primera insignia",
		badgeDescription:  "Describa lo que sabe o sabe hacer quien obtiene esta insignia.",
		badgeCriteria:     "Describa lo que una persona ha realizado para obtener esta insignia.",
	},
	"pt-BR": {
		title:             "Emblemas de %s",
		description:       "Emblemas digitais (Open Badges) emitidos por %s.",
		issuerName:        "Minha organização",
		issuerDescription: "Uma breve descrição do emissor.",
		badgeName:         "Primeiro emblema",
		badgeDescription:  "Descreva o que sabe ou sabe fazer quem recebe este emblema.",
		badgeCriteria:     "Descreva o que uma pessoa realizou para receber este emblema.",
	},
	"nl": {
		title:             "Badges van %s",
		description:       "Open Badges uitgegeven door %s.",
		issuerName:        "Mijn organisatie",
		issuerDescription: "Een korte beschrijving van de uitgever.",
		badgeName:         "Eerste badge",
		badgeDescription:  "Beschrijf wat de houder van deze badge weet of kan.",
		badgeCriteria:     "Beschrijf wat iemand heeft gedaan om deze badge te behalen.",
	},
	"ar": {
		title:             "شارات %s",
		description:       "شارات رقمية مفتوحة (Open Badges) تمنحها %s.",
		issuerName:        "مؤسستي",
		issuerDescription: "نبذة قصيرة عن الجهة المانحة.",
		badgeName:         "الشارة الأولى",
		badgeDescription:  "صِف ما يعرفه حامل هذه الشارة أو ما يستطيع فعله.",
		badgeCriteria:     "صِف ما أنجزه الشخص لينال هذه الشارة.",
	},
}

// StarterLanguages lists the languages of which new sites and records
// have text, sorted.
func StarterLanguages() []string {
	var out []string
	for l := range starters {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// starterIn returns the text of new records in lang: that language's,
// else its base language's (fr for fr-CA), else English.
func starterIn(lang string) starter {
	if s, ok := starters[lang]; ok {
		return s
	}
	base, _, _ := strings.Cut(lang, "-")
	if s, ok := starters[base]; ok {
		return s
	}
	return starters["en"]
}

// HasStarter reports whether new records in lang get text in that
// language (or its base language), not in English.
func HasStarter(lang string) bool {
	base, _, _ := strings.Cut(lang, "-")
	_, ok := starters[lang]
	_, baseOK := starters[base]
	return ok || baseOK
}
