// Package audit checks a site's git repository for what content checks
// cannot see: awards that were published at an earlier revision and have
// since been deleted, renamed or rewritten (their URLs and hashes are
// already in the wild, so they must be revoked instead), and private keys
// or plaintext recipient addresses in the tracked files. It runs git as a
// subprocess.
package audit

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// repo runs git in a directory, the site root.
type repo struct{ dir string }

func (r repo) git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// blob is a file in a git tree.
type blob struct {
	path string // relative to the site root
	oid  string
}

// lsTree lists the blobs under dir (relative to the site root) at ref.
func (r repo) lsTree(ref, dir string) ([]blob, error) {
	out, err := r.git("ls-tree", "-r", "-z", ref, "--", dir)
	if err != nil {
		return nil, err
	}
	var blobs []blob
	for _, rec := range bytes.Split(out, []byte{0}) {
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(meta))
		if len(f) == 3 && f[1] == "blob" {
			blobs = append(blobs, blob{path: string(p), oid: f[2]})
		}
	}
	return blobs, nil
}

// catBlobs reads the content of the given objects with one git process.
func (r repo) catBlobs(oids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(oids))
	if len(oids) == 0 {
		return out, nil
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(strings.Join(oids, "\n") + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	br := bufio.NewReader(&stdout)
	for range oids {
		head, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %v", err)
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			return nil, fmt.Errorf("git cat-file: %s", strings.TrimSpace(head))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %s", strings.TrimSpace(head))
		}
		data := make([]byte, n+1) // content and a newline
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, fmt.Errorf("git cat-file: %v", err)
		}
		out[f[0]] = data[:n]
	}
	return out, nil
}

// blobID is the git object id of a file's content, in the hash of oid
// (SHA-1 or SHA-256 repositories).
func blobID(data []byte, like string) string {
	head := fmt.Sprintf("blob %d\x00", len(data))
	if len(like) == 64 {
		h := sha256.New()
		h.Write([]byte(head))
		h.Write(data)
		return hex.EncodeToString(h.Sum(nil))
	}
	h := sha1.New()
	h.Write([]byte(head))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
