package generator

import (
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndorsementsInBrowser checks the live check of endorsements on a
// badge page in headless Chromium: an endorsement hosted here and one
// hosted by an outside organisation (over https) pass; an outside one
// whose claim is about something else fails, and so does one its
// endorser lists in its revocation list, or whose issuer is not an https
// URL; one whose site does not answer, answers too slowly or sends too
// much is "could not be checked right now", never a pass.
func TestEndorsementsInBrowser(t *testing.T) {
	node, playwright, chromium := browserTools(t)

	// The outside organisation's site, on another origin, over https.
	osrv := httptest.NewUnstartedServer(nil)
	outside := "https://" + osrv.Listener.Addr().String() + "/"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	down, err := net.Listen("tcp", "127.0.0.1:0") // closed at once: nothing answers there
	if err != nil {
		t.Fatal(err)
	}
	downURL := "https://" + down.Addr().String() + "/e.json"
	down.Close()

	badge := base + "badges/web-accessibility.json"
	endorsementBy := func(id, claim, issuer, pad string) string {
		return `{"@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "id": "` + outside + id + `.json", "claim": {"id": "` + claim +
			`", "endorsementComment": "Good."}, "issuer": "` + issuer + `", "issuedOn": "2026-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}` + pad + `}`
	}
	endorsement := func(id, claim string) string { return endorsementBy(id, claim, outside+"profile.json", "") }
	profile := func(id, extra string) string {
		return `{"@context": "https://w3id.org/openbadges/v2", "type": "Profile", "id": "` + outside + id + `", "name": "Partner Guild", "url": "https://partner.example.net/", "email": "b@partner.example.net"` + extra + `}`
	}
	docs := map[string]string{
		"/good.json":        endorsement("good", badge),
		"/claim.json":       endorsement("claim", base+"badges/git-foundations.json"),
		"/big.json":         endorsementBy("big", badge, outside+"profile.json", strings.Repeat(" ", 1<<20)),
		"/listed.json":      endorsementBy("listed", badge, outside+"listing.json", ""),
		"/relative.json":    endorsementBy("relative", badge, "/issuers/riverbend.json", ""),
		"/profile.json":     profile("profile.json", `, "revocationList": "`+outside+`revocations.json"`),
		"/listing.json":     profile("listing.json", `, "revocationList": "`+outside+`revocations-listing.json"`),
		"/revocations.json": `{"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList", "id": "` + outside + `revocations.json", "revokedAssertions": []}`,
		"/revocations-listing.json": `{"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList", "id": "` + outside + `revocations-listing.json", "revokedAssertions": [{"id": "` +
			outside + `listed.json", "revocationReason": "Withdrawn."}]}`,
	}
	osrv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.URL.Path == "/slow.json" { // answers, then never sends the body
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		if body, ok := docs[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
			return
		}
		http.NotFound(w, r)
	})
	osrv.Config.ErrorLog = log.New(io.Discard, "", 0) // Chromium's first handshakes refuse the test's certificate
	osrv.StartTLS()
	t.Cleanup(osrv.Close)

	root := copyExampleSite(t)
	record := func(id, url string) {
		writeFile(t, filepath.Join(root, "content/endorsements/"+id+".toml"), "endorser_url = \""+url+"\"\nendorser_name = \"Partner Guild\"\nbadge = \"web-accessibility\"\ndate = 2026-01-01T00:00:00Z\n")
	}
	record("outside-good", outside+"good.json")
	record("outside-claim", outside+"claim.json")
	record("outside-down", downURL)
	for _, id := range []string{"big", "listed", "relative", "slow"} {
		record("outside-"+id, outside+id+".json")
	}
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
		outside + "slow.json":                               "unavailable",
		outside + "big.json":                                "unavailable",
		outside + "listed.json":                             "fail",
		outside + "relative.json":                           "fail",
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
