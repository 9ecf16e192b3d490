package content

// scanAward reads an award file of the common shape into a (see
// scanRecord).
func scanAward(text string, a *Award) (*scanned, bool) {
	var ev *Evidence
	return scanRecord(text, shape{
		tables: []string{"recipient"},
		arrays: []string{"evidence"},
		add: func(string) {
			a.Evidence = append(a.Evidence, Evidence{})
			ev = &a.Evidence[len(a.Evidence)-1]
		},
		set: func(table, key, v string) bool {
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
		arrays: []string{"link"},
		add: func(string) {
			e.Links = append(e.Links, Link{})
			ln = &e.Links[len(e.Links)-1]
		},
		set: func(table, key, v string) bool {
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
