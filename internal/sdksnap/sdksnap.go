// Package sdksnap reads the golden wire snapshots an aws-sdk-go-v2 service
// module ships (request_snapshot/*.request.snap, response_snapshot/
// *.response.snap and *.error.snap), so the fake's tests can reproduce them.
// It is used by tests only and needs the module in the module cache.
package sdksnap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNoModule is returned when the go command cannot locate the module;
// tests skip on it.
var ErrNoModule = errors.New("sdksnap: cannot locate the SDK module")

// Snapshot is one fixture: a response's status or a request's line
// ("POST /"), its headers and its body.
type Snapshot struct {
	Status int    // responses
	Line   string // the first line as written
	Header http.Header
	Body   []byte
}

// Read returns the fixtures in dir ("request_snapshot" or
// "response_snapshot") of module (e.g. github.com/aws/aws-sdk-go-v2/service/ecr),
// keyed by file name without ".snap" ("PutImage.request").
func Read(module, dir string) (map[string]Snapshot, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	root := strings.TrimSpace(string(out))
	if err != nil || root == "" {
		return nil, fmt.Errorf("%w %s: %v", ErrNoModule, module, err)
	}
	files, err := filepath.Glob(filepath.Join(root, dir, "*.snap"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("sdksnap: no fixtures in %s", filepath.Join(root, dir))
	}
	snaps := make(map[string]Snapshot, len(files))
	for _, file := range files {
		s, err := parse(file)
		if err != nil {
			return nil, err
		}
		snaps[strings.TrimSuffix(filepath.Base(file), ".snap")] = s
	}
	return snaps, nil
}

// parse reads one file: a first line (status or request line), for requests
// a blank query line, headers, a blank line, and the body.
func parse(file string) (Snapshot, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return Snapshot{}, err
	}
	r := bufio.NewReader(bytes.NewReader(raw))
	first, err := r.ReadString('\n')
	if err != nil {
		return Snapshot{}, fmt.Errorf("sdksnap: %s: %w", file, err)
	}
	s := Snapshot{Line: strings.TrimSpace(first), Header: http.Header{}}
	if n, err := strconv.Atoi(s.Line); err == nil {
		s.Status = n
	} else {
		_, _ = r.ReadString('\n') // the blank query line of a request
	}
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line == "" || err != nil {
			break
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			return Snapshot{}, fmt.Errorf("sdksnap: %s: bad header line %q", file, line)
		}
		s.Header.Add(k, v)
	}
	if s.Body, err = io.ReadAll(r); err != nil {
		return Snapshot{}, err
	}
	return s, nil
}
