package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// aiosmtpdPython is a python3 that has aiosmtpd (Debian's python3-aiosmtpd),
// or "" after skipping the test (failing it when CI=true).
func aiosmtpdPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import aiosmtpd").Run() == nil {
			return py
		}
	}
	msg := "no python3 with aiosmtpd: install Debian's python3-aiosmtpd (.ci/run does) to run the end-to-end mail test"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startSMTP starts aiosmtpd on a free loopback port, with STARTTLS from a
// certificate of a CA of its own, delivering into a maildir. It returns
// the port, the CA's PEM file and the maildir.
func startSMTP(t *testing.T) (port int, caFile, maildir string) {
	return startSMTPServer(t, func(py, port, cert, key, maildir string) []string {
		return []string{py, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "--tlscert", cert, "--tlskey", key, "-c", "aiosmtpd.handlers.Mailbox", maildir}
	})
}

// startSMTPServer starts the server that command runs on a free loopback
// port, with a certificate of a CA of its own, delivering into a maildir.
func startSMTPServer(t *testing.T, command func(py, port, cert, key, maildir string) []string) (port int, caFile, maildir string) {
	py := aiosmtpdPython(t)
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	caFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	maildir = filepath.Join(dir, "Maildir")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	var logs bytes.Buffer
	argv := command(py, strconv.Itoa(port), caFile, keyFile, maildir)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("aiosmtpd:\n%s", logs.String())
		}
	})
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("aiosmtpd did not listen on port %d:\n%s", port, logs.String())
		}
	}
	return port, caFile, maildir
}

// received is one message of the maildir, its parts decoded.
type received struct {
	to, subject, lang, text, html string
}

func readMaildir(t *testing.T, maildir string) []received {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(maildir, "new", "*"))
	sort.Strings(files)
	var out []received
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			t.Fatal(err)
		}
		r := received{to: m.Header.Get("To"), subject: subject, lang: m.Header.Get("Content-Language")}
		mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
		if err != nil || mt != "multipart/alternative" {
			t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
		}
		mr := multipart.NewReader(m.Body, params["boundary"])
		for {
			p, err := mr.NextPart() // decodes quoted-printable
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(p)
			switch ct := p.Header.Get("Content-Type"); ct {
			case "text/plain; charset=utf-8":
				r.text = string(body)
			case "text/html; charset=utf-8":
				r.html = string(body)
			default:
				t.Errorf("part of type %q", ct)
			}
		}
		out = append(out, r)
	}
	return out
}

// TestNotifyEndToEnd imports awards, builds the site and serves it on
// loopback, and mails the earners through a real SMTP server (aiosmtpd,
// with STARTTLS and a CA of the test's own): an award that is not live is
// held back, a re-run sends nothing twice, and the messages name the
// right URLs in both parts.
func TestNotifyEndToEnd(t *testing.T) {
	port, caFile, maildir := startSMTP(t)
	work := t.TempDir()
	state := filepath.Join(work, "state")
	site := filepath.Join(work, "site")
	pub := filepath.Join(work, "public")
	srv := httptest.NewServer(http.FileServer(http.Dir(pub)))
	defer srv.Close()
	base := srv.URL + "/"
	environ := map[string]string{"XDG_STATE_HOME": state}
	rosette := func(want int, args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		code := runEnv(args, &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return environ[k] }})
		if code != want {
			t.Fatalf("rosette %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errOut.String())
		}
		return out.String()
	}
	rosette(0, "new", "site", site, "--baseURL", "https://badges.example.org/", "--issuer", "Riverbend Code School")
	rosette(0, "new", "earner", "-s", site, "ada-okafor", "--name", "Ada Okafor")
	earner := filepath.Join(site, "content", "earners", "ada-okafor.toml")
	data, _ := os.ReadFile(earner)
	os.WriteFile(earner, bytes.Replace(data, []byte("public = false"), []byte("public = true"), 1), 0o644)
	csvFile := filepath.Join(work, "spring.csv")
	os.WriteFile(csvFile, []byte("email,name,earner\nada@example.org,Ada Okafor,ada-okafor\nben@example.org,Ben Carter,\n"), 0o600)
	out := rosette(0, "import", "-s", site, csvFile, "--badge", "first-badge")
	delivery := filepath.Join(state, "rosette", "badges-example-org", "deliveries.csv")
	if !strings.Contains(out, "Addresses for rosette notify: "+delivery) {
		t.Fatalf("import did not name the delivery file:\n%s", out)
	}
	ids := regexp.MustCompile(`line \d: content/awards/\d{4}/([a-z0-9]{16})\.toml`).FindAllStringSubmatch(out, -1)
	if len(ids) != 2 {
		t.Fatalf("import:\n%s", out)
	}
	ada, ben := ids[0][1], ids[1][1]
	rosette(0, "build", "-s", site, "-d", pub, "--baseURL", base)
	// An award made after the build is not live yet.
	out = rosette(0, "award", "-s", site, "--badge", "first-badge", "--email", "cy@example.org")
	cy := regexp.MustCompile(`awards/\d{4}/([a-z0-9]{16})\.toml`).FindStringSubmatch(out)[1]

	smtp := []string{"--baseURL", base, "--smtp-host", "127.0.0.1", "--smtp-port", strconv.Itoa(port), "--smtp-tls", "starttls", "--smtp-ca", caFile, "--from", "badges@example.org", "--rate", "6000"}
	notify := func(want int, extra ...string) string {
		t.Helper()
		return rosette(want, append(append([]string{"notify", "-s", site}, smtp...), extra...)...)
	}
	// A dry run and a test send record nothing.
	out = notify(0, "--dry-run")
	if !strings.Contains(out, "would send: "+ada+" to ada@example.org: Riverbend Code School awarded you the badge “First Badge”") || !strings.Contains(out, "Ready to send: 2; held back (not live yet): 1") {
		t.Errorf("dry run:\n%s", out)
	}
	out = notify(0, "--test-to", "me@example.org")
	if !strings.Contains(out, "test sent: "+ada+" (for ada@example.org) to me@example.org") {
		t.Errorf("test send:\n%s", out)
	}
	msgs := readMaildir(t, maildir)
	if len(msgs) != 1 || msgs[0].to != "<me@example.org>" || !strings.HasPrefix(msgs[0].subject, "[test] ") {
		t.Fatalf("after the test send: %+v", msgs)
	}

	out = notify(0)
	for _, want := range []string{"sent: " + ada + " to ada@example.org", "sent: " + ben + " to ben@example.org", "held back: " + cy + " (cy@example.org): not live yet: GET " + base + "assertions/" + cy + ".json: 404 Not Found", "Sent: 2; held back (not live yet): 1; already sent: 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("notify: no %q in\n%s", want, out)
		}
	}
	msgs = readMaildir(t, maildir)
	if len(msgs) != 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	byTo := map[string]received{} // maildir names need not sort in the order the messages came
	for _, m := range msgs {
		byTo[m.to] = m
	}
	if len(byTo) != 3 || byTo["<me@example.org>"].to == "" {
		t.Fatalf("messages to %v, want the test send and two earners", byTo)
	}
	for to, want := range map[string]struct{ id, greeting, profile string }{
		`"Ada Okafor" <ada@example.org>`: {ada, "Dear Ada Okafor,", base + "earners/ada-okafor/"},
		`"Ben Carter" <ben@example.org>`: {ben, "Dear Ben Carter,", ""},
	} {
		m, ok := byTo[to]
		if !ok {
			t.Errorf("no message to %s; got %v", to, byTo)
			continue
		}
		page := base + "assertions/" + want.id + "/"
		linkedIn := "https://www.linkedin.com/profile/add?certId=" + want.id + "&certUrl=" + strings.NewReplacer(":", "%3A", "/", "%2F").Replace(page)
		if m.subject != "Riverbend Code School awarded you the badge “First Badge”" || m.lang != "en" {
			t.Errorf("%s: subject %q, language %q", to, m.subject, m.lang)
		}
		if !strings.Contains(m.text, want.greeting) || !strings.Contains(m.text, "\n"+page+"\n") || !strings.Contains(m.text, linkedIn) {
			t.Errorf("%s: plain text:\n%s", to, m.text)
		}
		if !strings.Contains(m.html, `<html lang="en">`) || !strings.Contains(m.html, `<a href="`+page+`"`) || !strings.Contains(m.html, `href="`+strings.ReplaceAll(linkedIn, "&", "&amp;")) || !strings.Contains(m.html, want.greeting) {
			t.Errorf("%s: HTML:\n%s", to, m.html)
		}
		if hasProfile := strings.Contains(m.text, base+"earners/"); hasProfile != (want.profile != "") || !strings.Contains(m.html, want.profile) {
			t.Errorf("%s: profile link %q: text %v\n%s", to, want.profile, hasProfile, m.html)
		}
	}

	// A re-run sends nothing twice; the award held back goes once live.
	out = notify(0)
	if !strings.Contains(out, "Sent: 0; held back (not live yet): 1; already sent: 2") || len(readMaildir(t, maildir)) != 3 {
		t.Errorf("re-run:\n%s", out)
	}
	rosette(0, "build", "-s", site, "-d", pub, "--baseURL", base)
	out = notify(0)
	if !strings.Contains(out, "sent: "+cy+" to cy@example.org") || !strings.Contains(out, "Sent: 1; held back (not live yet): 0; already sent: 2") || len(readMaildir(t, maildir)) != 4 {
		t.Errorf("after the deploy:\n%s", out)
	}
	out = notify(0)
	if !strings.Contains(out, "Sent: 0; held back (not live yet): 0; already sent: 3") || len(readMaildir(t, maildir)) != 4 {
		t.Errorf("last run:\n%s", out)
	}

	// A line whose address is not the award's recipient fails alone.
	f, _ := os.OpenFile(delivery, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(ben + ",mallory@example.org,Mallory,first-badge\n")
	f.Close()
	out = notify(1)
	if !strings.Contains(out, "failed: "+ben+" (mallory@example.org): the address is not the award's recipient") || len(readMaildir(t, maildir)) != 4 {
		t.Errorf("a wrong address:\n%s", out)
	}

	// Nothing private is in the site; the sent record holds no address.
	sent, err := os.ReadFile(filepath.Join(state, "rosette", "badges-example-org", "sent"))
	if err != nil || bytes.Contains(sent, []byte("@")) || bytes.Count(sent, []byte("\n")) != 3 {
		t.Errorf("sent record (%v):\n%s", err, sent)
	}
	filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, _ := os.ReadFile(p); regexp.MustCompile(`(ada|ben|cy)@example`).Match(data) {
				t.Errorf("%s holds an address", p)
			}
		}
		return nil
	})
	// Private files inside the site are refused.
	rosette(1, "notify", "-s", site, filepath.Join(site, "deliveries.csv"))
	rosette(1, "award", "-s", site, "--badge", "first-badge", "--email", "dee@example.org", "--delivery", filepath.Join(site, "content", "d.csv"))
}

// TestNotifySMTPAuth sends through a server that requires AUTH after
// STARTTLS (aiosmtpd, a CA of the test's own): the login comes from the
// environment; a wrong password stops the run with a message that names
// the server and the user and not the password, and records nothing as
// sent.
func TestNotifySMTPAuth(t *testing.T) {
	const user, password = "badges", "correct horse battery staple"
	script, err := filepath.Abs(filepath.Join("testdata", "smtp", "auth_server.py"))
	if err != nil {
		t.Fatal(err)
	}
	port, caFile, maildir := startSMTPServer(t, func(py, port, cert, key, maildir string) []string {
		return []string{py, script, port, cert, key, maildir, user, password}
	})
	work := t.TempDir()
	site := filepath.Join(work, "site")
	pub := filepath.Join(work, "public")
	srv := httptest.NewServer(http.FileServer(http.Dir(pub)))
	defer srv.Close()
	environ := map[string]string{"XDG_STATE_HOME": filepath.Join(work, "state")}
	rosette := func(want int, args ...string) (string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := runEnv(args, &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return environ[k] }})
		if code != want {
			t.Fatalf("rosette %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}
	rosette(0, "new", "site", site, "--baseURL", "https://badges.example.org/", "--issuer", "Riverbend Code School")
	rosette(0, "award", "-s", site, "--badge", "first-badge", "--email", "ada@example.org")
	rosette(0, "award", "-s", site, "--badge", "first-badge", "--email", "ben@example.org")
	rosette(0, "build", "-s", site, "-d", pub, "--baseURL", srv.URL+"/")
	server := "127.0.0.1:" + strconv.Itoa(port)
	notify := []string{"notify", "-s", site, "--baseURL", srv.URL + "/", "--from", "badges@example.org", "--rate", "6000"}
	environ["ROSETTE_SMTP_HOST"], environ["ROSETTE_SMTP_PORT"], environ["ROSETTE_SMTP_CA"] = "127.0.0.1", strconv.Itoa(port), caFile
	sentLog := filepath.Join(work, "state", "rosette", "badges-example-org", "sent")

	// Without a login, the server refuses the mail.
	out, errOut := rosette(1, notify...)
	if want := "rosette notify: the SMTP server " + server + " requires a login (530 5.7.0 Authentication required): set ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD"; !strings.Contains(errOut, want) || len(readMaildir(t, maildir)) != 0 {
		t.Errorf("without a login: want %q\nstdout:\n%s\nstderr:\n%s", want, out, errOut)
	}
	// A wrong password stops the run at the first message.
	environ["ROSETTE_SMTP_USERNAME"], environ["ROSETTE_SMTP_PASSWORD"] = user, "Tr0ub4dor&3"
	out, errOut = rosette(1, notify...)
	want := "rosette notify: the SMTP server " + server + ` refused the login as "badges" (535 5.7.8 Authentication credentials invalid): check ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD`
	if !strings.Contains(errOut, want) || !strings.Contains(out, "Sent: 0;") || strings.Contains(out+errOut, "Tr0ub4dor") {
		t.Errorf("a wrong password: want %q\nstdout:\n%s\nstderr:\n%s", want, out, errOut)
	}
	if data, _ := os.ReadFile(sentLog); len(data) != 0 || len(readMaildir(t, maildir)) != 0 {
		t.Errorf("after a refused login: sent record %q, %d messages", data, len(readMaildir(t, maildir)))
	}
	// The right password sends both, once.
	environ["ROSETTE_SMTP_PASSWORD"] = password
	out, _ = rosette(0, notify...)
	if !strings.Contains(out, "Sent: 2;") || len(readMaildir(t, maildir)) != 2 {
		t.Errorf("with the password:\n%s", out)
	}
	if data, _ := os.ReadFile(sentLog); bytes.Count(data, []byte("\n")) != 2 {
		t.Errorf("sent record %q", data)
	}
}
