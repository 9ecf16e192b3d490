package generator

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"rosette/generator/internal/judges"
)

// TestJSONLD expands every JSON document of the example site with the Open
// Badges 2.0 context, offline, with an independent JSON-LD processor
// (jsonld.js): no property may be dropped and every type must be an Open
// Badges type.
func TestJSONLD(t *testing.T) {
	node, modules := judges.Node(t, "jsonld")
	ctx := filepath.Join(specDir(t), "openbadges-v2-context.json")
	if _, err := os.Stat(ctx); err != nil {
		t.Fatalf("the Open Badges context is missing: %v", err)
	}
	dest := buildExample(t)
	// The Open Badges 2.0 documents: those whose context is its context
	// (a pathway document, say, is plain JSON, and 3.0 documents have
	// their own judges).
	var files []string
	for p, data := range readTree(t, dest) {
		var doc struct {
			Context any `json:"@context"`
		}
		if strings.HasSuffix(p, ".json") && json.Unmarshal(data, &doc) == nil && doc.Context == "https://w3id.org/openbadges/v2" {
			files = append(files, filepath.Join(dest, filepath.FromSlash(p)))
		}
	}
	var endorsements int
	for _, f := range files {
		if strings.Contains(filepath.ToSlash(f), "/endorsements/") {
			endorsements++
		}
	}
	if endorsements == 0 {
		t.Fatal("the example site publishes no Endorsement document")
	}
	if len(files) < 20 {
		t.Fatalf("only %d Open Badges 2.0 documents", len(files))
	}
	sort.Strings(files)
	cmd := exec.Command(node, append([]string{filepath.Join("testdata", "jsonld-check.mjs"), ctx}, files...)...)
	cmd.Env = append(os.Environ(), "ROSETTE_CI_TOOLS="+modules)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "checked ") {
		t.Fatalf("no documents checked:\n%s", out)
	}
	t.Logf("%s", out)
}

// TestJSONLDCatchesDroppedProperties makes sure the check above can fail.
func TestJSONLDCatchesDroppedProperties(t *testing.T) {
	node, modules := judges.Node(t, "jsonld")
	ctx := filepath.Join(specDir(t), "openbadges-v2-context.json")
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://x.example/b.json", "name": "n", "badgeType": "skill"}`), 0o644)
	cmd := exec.Command(node, filepath.Join("testdata", "jsonld-check.mjs"), ctx, bad)
	cmd.Env = append(os.Environ(), "ROSETTE_CI_TOOLS="+modules)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("an undefined property passed the check:\n%s", out)
	}
}
