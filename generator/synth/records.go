package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

func (g *gen) siteTOML() []byte {
	return fmt.Appendf(nil, `base_url = %q
title = "Synth Academy — Badges"
language = "en"
description = "A synthetic issuer with %d awards, made for benchmarks."
default_issuer = "synth-academy"
`, g.o.BaseURL, g.o.Awards)
}

func (g *gen) issuerTOML() []byte {
	return []byte(`name = "Synth Academy"
url = "https://synth-academy.example.org/"
email = "badges@synth-academy.example.org"
description = """
Synth Academy is a made-up school whose records are generated for
benchmarks: it has the shape of a real issuer, not its history.
"""
`)
}

var badgeTypes = []string{"knowledge", "skill", "proficiency", "certification", "participation", "other"}

func (g *gen) badgeTOML(i int) []byte {
	r := g.rng(streamBadge, i)
	topic := badgeTopics[i%len(badgeTopics)]
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\n", fmt.Sprintf("%s %s %d", title(topic), levels[r.IntN(len(levels))], i))
	fmt.Fprintf(&b, "type = %q\n", badgeTypes[i%len(badgeTypes)])
	fmt.Fprintf(&b, "description = %q\n", sentences(r, 2, 3))
	fmt.Fprintf(&b, "tags = [%q, %q, %q]\n", topic, words[r.IntN(len(words))], words[r.IntN(len(words))])
	if i%3 == 0 {
		fmt.Fprintf(&b, "valid_for = \"P%dY\"\n", 1+r.IntN(3))
	}
	b.WriteString("criteria = \"\"\"\n")
	b.WriteString(criteria(r, topic))
	b.WriteString("\"\"\"\n")
	if i%4 == 0 {
		fmt.Fprintf(&b, `
[[alignment]]
name = %q
url = "https://frameworks.example.org/%s/%d"
framework = "Example Skills Framework"
code = "ESF-%04d"
`, title(topic)+" competence", topic, i, i)
	}
	return []byte(b.String())
}

// criteria is about 500 bytes of markdown: a list, emphasis and a link.
func criteria(r *rand.Rand, topic string) string {
	var b strings.Builder
	b.WriteString("Earners of this badge have:\n\n")
	for n := 1; n <= 3; n++ {
		fmt.Fprintf(&b, "%d. %s;\n", n, strings.TrimSuffix(sentence(r, 10, 16), "."))
	}
	fmt.Fprintf(&b, "\nThe final **%s** project is assessed by two mentors. %s\n", topic, sentence(r, 12, 18))
	fmt.Fprintf(&b, "See the [course outline](https://synth-academy.example.org/courses/%s) for details.\n", topic)
	return b.String()
}

func (g *gen) earnerTOML(i int) []byte {
	r := g.rng(streamEarner, i)
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\n", firstNames[i%len(firstNames)]+" "+lastNames[(i/len(firstNames))%len(lastNames)])
	if r.IntN(10) < 3 {
		b.WriteString("public = true\n")
		fmt.Fprintf(&b, "bio = %q\n", sentences(r, 1, 3))
		fmt.Fprintf(&b, "\n[[link]]\nlabel = \"Website\"\nurl = \"https://%s.example.net/\"\n", g.earnerID(i))
	}
	return []byte(b.String())
}

// award is one generated award file.
type award struct {
	id   string
	year int
	toml []byte
}

// Awards are issued from firstIssue to the clock of the golden tests
// (2026-06-01): a site cannot hold awards issued after its build clock.
var (
	firstIssue = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	issueSpan  = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Sub(firstIssue)
)

func (g *gen) award(i int) award {
	r := g.rng(streamAward, i)
	id := randomID(r)
	badge := g.badgeID(r.IntN(g.o.Badges))
	issued := firstIssue.Add(time.Duration(r.Int64N(int64(issueSpan/time.Minute))) * time.Minute)
	var b strings.Builder
	b.Grow(1024)
	fmt.Fprintf(&b, "badge = %q\n", badge)
	earner := r.IntN(g.o.Earners)
	hasEarner := r.IntN(20) != 0
	if hasEarner {
		fmt.Fprintf(&b, "earner = %q\n", g.earnerID(earner))
	}
	fmt.Fprintf(&b, "issued = %s\n", issued.Format(time.RFC3339))
	if r.IntN(10) == 0 {
		fmt.Fprintf(&b, "expires = %s\n", issued.AddDate(1+r.IntN(4), 0, 0).Format(time.RFC3339))
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "narrative = \"\"\"\n%s\n\"\"\"\n", wrap(sentences(r, 2, 5)))
	}
	if r.IntN(50) == 0 {
		fmt.Fprintf(&b, "revoked = true\nrevocation_reason = %q\n", revocationReasons[r.IntN(len(revocationReasons))])
	}
	salt := randomHex(r, 16)
	email := fmt.Sprintf("learner%d@example.org", earner)
	sum := sha256.Sum256([]byte(email + salt))
	fmt.Fprintf(&b, "\n[recipient]\ntype = \"email\"\nidentity = \"sha256$%s\"\nsalt = %q\n", hex.EncodeToString(sum[:]), salt)
	if r.IntN(5) == 0 {
		for n := 1 + r.IntN(2); n > 0; n-- {
			fmt.Fprintf(&b, "\n[[evidence]]\nurl = \"https://portfolio.example.net/%s/%d\"\nname = %q\ndescription = %q\ngenre = \"Project\"\n",
				id, n, title(words[r.IntN(len(words))])+" project", sentence(r, 8, 14))
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "narrative = %q\n", sentences(r, 1, 2))
			}
		}
	}
	return award{id: id, year: issued.Year(), toml: []byte(b.String())}
}

const idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomID is an award id like the ones rosette award makes: 16 random
// lowercase letters and digits.
func randomID(r *rand.Rand) string {
	var id [16]byte
	for i := range id {
		id[i] = idChars[r.IntN(len(idChars))]
	}
	return string(id[:])
}

func randomHex(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return hex.EncodeToString(b)
}

func sentence(r *rand.Rand, minWords, maxWords int) string {
	n := minWords + r.IntN(maxWords-minWords+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	ws[0] = title(ws[0])
	return strings.Join(ws, " ") + "."
}

func sentences(r *rand.Rand, min, max int) string {
	n := min + r.IntN(max-min+1)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = sentence(r, 8, 18)
	}
	return strings.Join(ss, " ")
}

// wrap breaks text into lines of at most 72 characters.
func wrap(s string) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if line+1+len(w) > 72 {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func lower(s string) string { return strings.ToLower(s) }
