package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func errorLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	es, ok := err.(Errors)
	if !ok {
		t.Fatalf("error of type %T: %v", err, err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Error())
	}
	return out
}

// TestStatusIndex checks that status indexes are read by both readers,
// kept within the list and unique per issuer.
func TestStatusIndex(t *testing.T) {
	fsys := baseSite()
	fsys["content/awards/2025/abc123de.toml"] = &fstest.MapFile{Data: []byte(withIndex(baseAward, "42"))}
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Award("abc123de"); !a.HasStatusIndex || a.StatusIndex != 42 {
		t.Errorf("status index %v %d, want 42", a.HasStatusIndex, a.StatusIndex)
	}
	if used := s.UsedStatusIndexes("acme"); len(used) != 1 || !used[42] {
		t.Errorf("UsedStatusIndexes = %v", used)
	}

	fsys["content/awards/2025/zzz999xx.toml"] = &fstest.MapFile{Data: []byte(withIndex(strings.Replace(baseAward, "deadsea", "otherse", 1), "42"))}
	got := errorLines(t, func() error { _, err := Load(fsys, Options{}); return err }())
	want := `content/awards/2025/zzz999xx.toml:4:16: status_index 42 is also the index of award abc123de (content/awards/2025/abc123de.toml) of issuer acme: each award needs its own; if this award is not published yet, delete the line and run rosette assign-status`
	if strings.Join(got, "\n") != want {
		t.Errorf("duplicate index:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}

	fsys["content/awards/2025/zzz999xx.toml"] = &fstest.MapFile{Data: []byte(withIndex(strings.Replace(baseAward, "deadsea", "otherse", 1), "131072"))}
	got = errorLines(t, func() error { _, err := Load(fsys, Options{}); return err }())
	if len(got) != 1 || !strings.Contains(got[0], "zzz999xx.toml:4:16: status_index 131072 is outside the status list (0 to 131071)") {
		t.Errorf("index out of range: %v", got)
	}
}

// TestUpdateAwardsStatusIndex checks that an award added or changed in
// place (rosette serve) cannot take an index another award holds, and
// may keep its own.
func TestUpdateAwardsStatusIndex(t *testing.T) {
	fsys := baseSite()
	fsys["content/awards/2025/abc123de.toml"] = &fstest.MapFile{Data: []byte(withIndex(baseAward, "7"))}
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/awards/2025/abc123de.toml"] = &fstest.MapFile{Data: []byte(withIndex(baseAward, "7\nnarrative = \"n\""))}
	if _, _, err := s.UpdateAwards(fsys, []string{"content/awards/2025/abc123de.toml"}); err != nil {
		t.Fatalf("an award keeping its own index: %v", err)
	}
	fsys["content/awards/2025/new00001.toml"] = &fstest.MapFile{Data: []byte(withIndex(strings.Replace(baseAward, "deadsea", "otherse", 1), "7"))}
	_, _, err = s.UpdateAwards(fsys, []string{"content/awards/2025/new00001.toml"})
	if got := errorLines(t, err); len(got) != 1 || !strings.Contains(got[0], "new00001.toml:4:16: status_index 7 is also the index of award abc123de") {
		t.Errorf("UpdateAwards with a taken index: %v", got)
	}
	fsys["content/awards/2025/new00001.toml"] = &fstest.MapFile{Data: []byte(withIndex(strings.Replace(baseAward, "deadsea", "otherse", 1), "8"))}
	if _, _, err := s.UpdateAwards(fsys, []string{"content/awards/2025/new00001.toml"}); err != nil {
		t.Errorf("UpdateAwards with a free index: %v", err)
	}
}

// withIndex adds a status_index to an award file, after its issue date.
func withIndex(award, index string) string {
	return strings.Replace(award, "\n\n[recipient]", "\nstatus_index = "+index+"\n\n[recipient]", 1)
}

// TestSignableText checks that a control character in a text a credential
// carries is refused at its key, by both award readers.
func TestSignableText(t *testing.T) {
	fsys := baseSite()
	fsys["content/awards/2025/abc123de.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(baseAward, "issued", "narrative = \"bell \\u0007\"\nissued", 1))}
	got := errorLines(t, func() error { _, err := Load(fsys, Options{}); return err }())
	if len(got) != 1 || !strings.Contains(got[0], "abc123de.toml:3:13: narrative holds the control character U+0007") {
		t.Errorf("award: %v", got)
	}
	fsys = baseSite()
	fsys["content/badges/git.toml"] = &fstest.MapFile{Data: []byte("name = \"Git\\u001b\"\ndescription = \"Knows Git.\"\ncriteria = \"Pass.\"\n")}
	got = errorLines(t, func() error { _, err := Load(fsys, Options{}); return err }())
	if len(got) != 1 || !strings.Contains(got[0], "git.toml:1:8: name holds the control character U+001B") {
		t.Errorf("badge: %v", got)
	}
}
