package render

import "testing"

func TestStatusPeriod(t *testing.T) {
	for text, want := range map[string]string{
		"Valid":                                ".",
		"Expired on 3 May 2025":                ".",
		"Revoked: Awarded in error.":           "",
		"Revoked: Why was this issued?":        "",
		"Revoked: Fraud!":                      "",
		"Revoked: see https://x.example/a.b c": ".",
		"":                                     ".",
	} {
		if got := (Status{Text: text}).Period(); got != want {
			t.Errorf("Status{Text: %q}.Period() = %q, want %q", text, got, want)
		}
	}
}
