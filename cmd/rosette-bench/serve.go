package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// measureServe starts rosette serve on the site and times one-file edits:
// from writing a changed award (or badge class) file to the changed JSON
// being served. It skips, saying so, when the rosette binary has no serve
// command.
func measureServe(c config, bin, site string, n int, out io.Writer) error {
	if exec.Command(bin, "help", "serve").Run() != nil {
		fmt.Fprintf(out, "serve, %d awards: skipped: this rosette has no serve command (rosette help serve fails)\n", n)
		return nil
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	args := strings.Fields(strings.NewReplacer("{site}", site, "{port}", strconv.Itoa(port)).Replace(c.serveCmd))
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	awards, badges, err := editTargets(site, c.edits)
	if err != nil {
		return err
	}
	start := time.Now()
	first := "badges/" + strings.TrimSuffix(path.Base(badges[0]), ".toml") + ".json"
	if _, err := waitFor(base+first, nil, 10*time.Minute); err != nil {
		return fmt.Errorf("rosette %s: %v\n%s", strings.Join(args, " "), err, logs.String())
	}
	fmt.Fprintf(out, "serve, %d awards: first page served after %s\n", n, round(time.Since(start)))
	for _, kind := range []struct {
		name  string
		files []string
		edit  func(src []byte, i int) ([]byte, []byte, error) // new source, marker in the output
		url   func(file string) string
	}{
		{"award", awards, editAward, func(f string) string {
			return base + "assertions/" + strings.TrimSuffix(filepath.Base(f), ".toml") + ".json"
		}},
		{"badge class", badges, editBadge, func(f string) string {
			return base + "badges/" + strings.TrimSuffix(filepath.Base(f), ".toml") + ".json"
		}},
	} {
		var ds []time.Duration
		for i, f := range kind.files {
			src, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			changed, marker, err := kind.edit(src, i)
			if err != nil {
				return fmt.Errorf("%s: %v", f, err)
			}
			start := time.Now()
			if err := os.WriteFile(f, changed, 0o644); err != nil {
				return err
			}
			if _, err := waitFor(kind.url(f), marker, 30*time.Second); err != nil {
				return fmt.Errorf("after editing %s: %v\n%s", f, err, logs.String())
			}
			ds = append(ds, time.Since(start))
			time.Sleep(200 * time.Millisecond) // let the watcher settle between edits
		}
		fmt.Fprintf(out, "serve, %d awards, one %s changed: write → served in %s median (min %s, max %s, %d edits)\n",
			n, kind.name, round(median(ds)), round(slices.Min(ds)), round(slices.Max(ds)), len(ds))
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitFor polls url until it answers 200 with a body containing marker
// (any body when marker is nil) and returns how long that took.
func waitFor(url string, marker []byte, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	start := time.Now()
	last := errors.New("no answer")
	for time.Since(start) < timeout {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && (marker == nil || bytes.Contains(body, marker)) {
				return time.Since(start), nil
			}
			last = fmt.Errorf("GET %s: %s", url, resp.Status)
		} else {
			last = err
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("%v (waited %s)", last, timeout)
}

// editTargets picks n award files and n badge class files of a site,
// spread over the sorted lists.
func editTargets(site string, n int) (awards, badges []string, err error) {
	var all []string
	err = filepath.WalkDir(filepath.Join(site, "content", "awards"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") {
			return err
		}
		// A revoked award's JSON is the revocation notice, which shows no
		// issue date: edit awards that are not revoked.
		if src, err := os.ReadFile(p); err != nil {
			return err
		} else if !bytes.Contains(src, []byte("\nrevoked = true")) {
			all = append(all, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	bs, err := filepath.Glob(filepath.Join(site, "content", "badges", "*.toml"))
	if err != nil || len(all) == 0 || len(bs) == 0 {
		return nil, nil, fmt.Errorf("%s has no awards or no badge classes", site)
	}
	slices.Sort(all)
	return spread(all, n), spread(bs, n), nil
}

func spread(files []string, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, files[i*len(files)/n])
	}
	return out
}

// editAward moves the issue date of an award back by i+1 minutes (which
// keeps it before any expiry) and returns the issuedOn the output must show.
func editAward(src []byte, i int) ([]byte, []byte, error) {
	lines := bytes.Split(src, []byte("\n"))
	for j, ln := range lines {
		v, ok := bytes.CutPrefix(ln, []byte("issued = "))
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339, string(v))
		if err != nil {
			return nil, nil, err
		}
		t = t.Add(-time.Duration(i+1) * time.Minute).UTC()
		lines[j] = []byte("issued = " + t.Format(time.RFC3339))
		return bytes.Join(lines, []byte("\n")), []byte(`"issuedOn": "` + t.Format("2006-01-02T15:04:05Z") + `"`), nil
	}
	return nil, nil, errors.New("no issued line")
}

// editBadge appends a numbered sentence to a badge class description and
// returns it as the marker.
func editBadge(src []byte, i int) ([]byte, []byte, error) {
	lines := bytes.Split(src, []byte("\n"))
	for j, ln := range lines {
		if bytes.HasPrefix(ln, []byte(`description = "`)) && bytes.HasSuffix(ln, []byte(`"`)) {
			marker := fmt.Sprintf(" Edit %d at %d.", i+1, time.Now().UnixNano())
			lines[j] = append(ln[:len(ln)-1:len(ln)-1], []byte(marker+`"`)...)
			return bytes.Join(lines, []byte("\n")), []byte(marker), nil
		}
	}
	return nil, nil, errors.New("no one-line description")
}
