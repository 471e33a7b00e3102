// Package depcheck pins the module's dependencies: a new requirement must be
// chosen on purpose, by editing the list below in the same change.
package depcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowed are the modules go.mod may require, directly or indirectly.
var allowed = map[string]string{
	"github.com/aws/aws-sdk-go-v2":                        "the SDK core: aws types, transport errors",
	"github.com/aws/aws-sdk-go-v2/service/ecr":            "the client whose behaviour the fake reproduces",
	"github.com/aws/aws-sdk-go-v2/internal/configsources": "required by service/ecr",
	"github.com/aws/aws-sdk-go-v2/internal/endpoints/v2":  "required by service/ecr",
	"github.com/aws/smithy-go":                            "the SDK's error and protocol types",
	"github.com/stretchr/testify":                         "our own tests",
	"go.yaml.in/yaml/v3":                                  "required by testify",
	"golang.org/x/sync":                                   "errgroup and semaphore where concurrency needs them",
	"github.com/davecgh/go-spew":                          "required by testify",
	"github.com/pmezard/go-difflib":                       "required by testify",
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic":      "the ECR Public client: its shapes feed the wire generator, and the ECR Public face",

	// go-containerregistry is a test-only client of the registry data plane
	// (what users push and pull with); TestLibraryImports keeps it out of
	// the library. The rest are what its remote package requires.
	"github.com/google/go-containerregistry":      "test-only: the registry client users push and pull with",
	"github.com/docker/cli":                       "required by go-containerregistry (test-only)",
	"github.com/docker/docker-credential-helpers": "required by go-containerregistry (test-only)",
	"github.com/klauspost/compress":               "required by go-containerregistry (test-only)",
	"github.com/opencontainers/go-digest":         "required by go-containerregistry (test-only)",
	"github.com/opencontainers/image-spec":        "required by go-containerregistry (test-only)",
	"github.com/sirupsen/logrus":                  "required by go-containerregistry (test-only)",
	"golang.org/x/sys":                            "required by go-containerregistry (test-only)",
	"gotest.tools/v3":                             "required by go-containerregistry's module graph (test-only)",
}

func TestDependenciesArePinned(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	var required []string
	inBlock := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "require ("):
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		if f := strings.Fields(line); len(f) >= 2 {
			required = append(required, f[0])
		}
	}
	require.NotEmpty(t, required)
	sort.Strings(required)
	for _, m := range required {
		assert.Containsf(t, allowed, m, "go.mod requires %s, which is not in the allowed set: justify it in depcheck_test.go", m)
	}
}

// The non-test build of the library imports nothing but the standard library,
// the SDK and smithy-go (and golang.org/x/sync): no test framework leaks into
// users' binaries.
func TestLibraryImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not on PATH")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "github.com/ecrfake/go-ecrfake/ecrfake").Output()
	require.NoError(t, err)
	for _, p := range strings.Fields(string(out)) {
		ok := strings.HasPrefix(p, "github.com/ecrfake/go-ecrfake/") ||
			strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2") ||
			strings.HasPrefix(p, "github.com/aws/smithy-go") ||
			strings.HasPrefix(p, "golang.org/x/sync")
		assert.Truef(t, ok, "the library imports %s", p)
	}
}
