package generator

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndorsementsInBrowser checks the live check of endorsements on a
// badge page in headless Chromium: an endorsement hosted here and one
// hosted by an outside organisation pass; an outside one whose claim is
// about something else fails; one whose site does not answer is "could
// not be checked right now", never a pass.
func TestEndorsementsInBrowser(t *testing.T) {
	node, playwright, chromium := browserTools(t)

	// The outside organisation's site, on another origin.
	oln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	outside := "http://" + oln.Addr().String() + "/"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	down, err := net.Listen("tcp", "127.0.0.1:0") // closed at once: nothing answers there
	if err != nil {
		t.Fatal(err)
	}
	downURL := "http://" + down.Addr().String() + "/e.json"
	down.Close()

	badge := base + "badges/web-accessibility.json"
	endorsement := func(id, claim string) string {
		return `{"@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "id": "` + outside + id + `.json", "claim": {"id": "` + claim +
			`", "endorsementComment": "Good."}, "issuer": "` + outside + `profile.json", "issuedOn": "2026-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}`
	}
	docs := map[string]string{
		"/good.json":    endorsement("good", badge),
		"/claim.json":   endorsement("claim", base+"badges/git-foundations.json"),
		"/profile.json": `{"@context": "https://w3id.org/openbadges/v2", "type": "Profile", "id": "` + outside + `profile.json", "name": "Partner Guild", "url": "https://partner.example.net/", "email": "b@partner.example.net"}`,
	}
	osrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if body, ok := docs[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
			return
		}
		http.NotFound(w, r)
	})}
	go osrv.Serve(oln)
	t.Cleanup(func() { osrv.Close() })

	root := copyExampleSite(t)
	record := func(id, url string) {
		writeFile(t, filepath.Join(root, "content/endorsements/"+id+".toml"), "endorser_url = \""+url+"\"\nendorser_name = \"Partner Guild\"\nbadge = \"web-accessibility\"\ndate = 2026-01-01T00:00:00Z\n")
	}
	record("outside-good", outside+"good.json")
	record("outside-claim", outside+"claim.json")
	record("outside-down", downURL)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: out, CacheDir: t.TempDir(), BaseURL: base, Clock: goldenClock}); err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(out))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	cmd := exec.Command(node, filepath.Join("testdata", "browser", "endorsements.mjs"))
	cmd.Env = append(os.Environ(), "ROSETTE_PLAYWRIGHT="+playwright, "ROSETTE_CHROMIUM="+chromium, "ROSETTE_PAGE="+base+"badges/web-accessibility/")
	cmd.Stderr = os.Stderr
	start := time.Now()
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser script: %v", err)
	}
	var got map[string]struct {
		State, Text string
		Hidden      bool
	}
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatalf("report: %v\n%s", err, stdout)
	}
	want := map[string]string{
		base + "endorsements/harbor-web-accessibility.json": "ok",
		outside + "good.json":                               "ok",
		outside + "claim.json":                              "fail",
		downURL:                                             "unavailable",
	}
	for url, state := range want {
		g, ok := got[url]
		switch {
		case !ok:
			t.Errorf("%s: not on the page", url)
		case g.State != state || g.Hidden:
			t.Errorf("%s: state %q (%q, hidden %v), want %s", url, g.State, g.Text, g.Hidden, state)
		case state == "unavailable" && !strings.Contains(g.Text, "Could not be checked right now"):
			t.Errorf("%s: %q", url, g.Text)
		}
	}
	t.Logf("checked %d endorsements in %v", len(got), time.Since(start).Round(time.Millisecond))
}
