package content

// scanAward reads an award file of the common shape into a (see
// scanRecord).
func scanAward(text string, a *Award) (*scanned, bool) {
	var ev *Evidence
	var tev *EvidenceTranslation
	return scanRecord(text, shape{
		tables: []string{"recipient", "translations.*"},
		arrays: []string{"evidence", "translations.*.evidence"},
		open: func(table string) {
			if lang, _, ok := translationTable(table); ok {
				a.Translations = withEntry(a.Translations, lang)
			}
		},
		add: func(array string) {
			if lang, _, ok := translationTable(array); ok {
				a.Translations = withEntry(a.Translations, lang)
				t := a.Translations[lang]
				t.Evidence = append(t.Evidence, EvidenceTranslation{})
				a.Translations[lang] = t
				tev = &t.Evidence[len(t.Evidence)-1]
				return
			}
			a.Evidence = append(a.Evidence, Evidence{})
			ev = &a.Evidence[len(a.Evidence)-1]
		},
		set: func(table, key, v string) bool {
			if lang, sub, ok := translationTable(table); ok {
				t := a.Translations[lang]
				switch sub + "." + key {
				case ".narrative":
					ok = setString(&t.Narrative, v)
				case ".revocation_reason":
					ok = setString(&t.RevocationReason, v)
				case "evidence.name":
					ok = setString(&tev.Name, v)
				case "evidence.description":
					ok = setString(&tev.Description, v)
				case "evidence.narrative":
					ok = setString(&tev.Narrative, v)
				case "evidence.genre":
					ok = setString(&tev.Genre, v)
				case "evidence.audience":
					ok = setString(&tev.Audience, v)
				default:
					return false
				}
				a.Translations[lang] = t
				return ok
			}
			switch table + "." + key {
			case ".badge":
				return setString(&a.Badge, v)
			case ".earner":
				return setString(&a.Earner, v)
			case ".narrative":
				return setString(&a.Narrative, v)
			case ".revocation_reason":
				return setString(&a.RevocationReason, v)
			case ".issued":
				return setTime(&a.Issued, v)
			case ".expires":
				return setTime(&a.Expires, v)
			case ".revoked":
				return setBool(&a.Revoked, v)
			case ".status_index":
				return setIndex(&a.StatusIndex, v)
			case "recipient.type":
				return setString(&a.Recipient.Type, v)
			case "recipient.identity":
				return setString(&a.Recipient.Identity, v)
			case "recipient.salt":
				return setString(&a.Recipient.Salt, v)
			case "evidence.url":
				return setString(&ev.URL, v)
			case "evidence.name":
				return setString(&ev.Name, v)
			case "evidence.description":
				return setString(&ev.Description, v)
			case "evidence.narrative":
				return setString(&ev.Narrative, v)
			case "evidence.genre":
				return setString(&ev.Genre, v)
			case "evidence.audience":
				return setString(&ev.Audience, v)
			}
			return false
		},
	})
}

// scanEarner reads an earner file of the common shape into e (see
// scanRecord).
func scanEarner(text string, e *Earner) (*scanned, bool) {
	var ln *Link
	return scanRecord(text, shape{
		tables: []string{"translations.*"},
		arrays: []string{"link"},
		open: func(table string) {
			if lang, _, ok := translationTable(table); ok {
				e.Translations = withEntry(e.Translations, lang)
			}
		},
		add: func(string) {
			e.Links = append(e.Links, Link{})
			ln = &e.Links[len(e.Links)-1]
		},
		set: func(table, key, v string) bool {
			if lang, sub, ok := translationTable(table); ok {
				if sub != "" || key != "bio" {
					return false
				}
				t := e.Translations[lang]
				ok = setString(&t.Bio, v)
				e.Translations[lang] = t
				return ok
			}
			switch table + "." + key {
			case ".name":
				return setString(&e.Name, v)
			case ".bio":
				return setString(&e.Bio, v)
			case ".public":
				return setBool(&e.Public, v)
			case "link.label":
				return setString(&ln.Label, v)
			case "link.url":
				return setString(&ln.URL, v)
			}
			return false
		},
	})
}

// withEntry returns m, made if nil, with an entry for lang.
func withEntry[T any](m map[string]T, lang string) map[string]T {
	if m == nil {
		m = make(map[string]T, 1)
	}
	if _, ok := m[lang]; !ok {
		var zero T
		m[lang] = zero
	}
	return m
}
