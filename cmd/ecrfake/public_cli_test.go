//go:build ecrpublic_face

// Behind the ecrpublic_face build tag until the ECR Public face (branch
// pubface) and state (branch pubstate) are merged; then drop the tag.

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startProcess builds cmd/ecrfake into a temporary directory, runs it as a
// real process on a free loopback port and returns its base URL. The wait for
// its "serving" line is bounded; the process is killed when the test ends.
func startProcess(t *testing.T, args ...string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build cmd/ecrfake")
	}
	bin := filepath.Join(t.TempDir(), "ecrfake")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel() // kills this process only
		_ = cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`(http://127\.0\.0\.1:[0-9]+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil && strings.Contains(sc.Text(), "serving") {
				urls <- m[1]
				break
			}
		}
		for sc.Scan() { // keep draining so the process never blocks on stderr
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("cmd/ecrfake did not report its address within 30s")
	}
	return ""
}

func TestServeAWSCLIPublic(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	if err := exec.Command("aws", "ecr-public", "help").Run(); err != nil {
		t.Skip("this AWS CLI has no ecr-public commands")
	}
	url := startProcess(t)

	stdout, stderr, err := cli(t, url, "ecr-public", "create-repository", "--region", "us-east-1", "--repository-name", "demo/tool",
		"--catalog-data", "description=A tool,architectures=x86-64,operatingSystems=Linux", "--tags", "Key=team,Value=infra")
	require.NoError(t, err, stderr)
	var created struct {
		Repository struct {
			RepositoryArn  string `json:"repositoryArn"`
			RegistryID     string `json:"registryId"`
			RepositoryName string `json:"repositoryName"`
			RepositoryURI  string `json:"repositoryUri"`
		} `json:"repository"`
		CatalogData struct {
			Description   string   `json:"description"`
			Architectures []string `json:"architectures"`
		} `json:"catalogData"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &created), stdout)
	require.Equal(t, "arn:aws:ecr-public::123456789012:repository/demo/tool", created.Repository.RepositoryArn)
	require.Regexp(t, `^public\.ecr\.aws/[a-z][0-9][a-z][0-9][a-z][0-9][a-z][0-9]/demo/tool$`, created.Repository.RepositoryURI)
	require.Equal(t, "A tool", created.CatalogData.Description)
	require.Equal(t, []string{"x86-64"}, created.CatalogData.Architectures)

	stdout, stderr, err = cli(t, url, "ecr-public", "describe-registries", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	var regs struct {
		Registries []struct {
			RegistryURI string `json:"registryUri"`
			Aliases     []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"aliases"`
		} `json:"registries"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &regs), stdout)
	require.Len(t, regs.Registries, 1)
	require.Len(t, regs.Registries[0].Aliases, 1)
	require.Equal(t, "ACTIVE", regs.Registries[0].Aliases[0].Status)
	require.True(t, strings.HasPrefix(created.Repository.RepositoryURI, regs.Registries[0].RegistryURI+"/"))

	stdout, stderr, err = cli(t, url, "ecr-public", "describe-repositories", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	require.Contains(t, stdout, `"repositoryName": "demo/tool"`)

	stdout, stderr, err = cli(t, url, "ecr-public", "put-registry-catalog-data", "--region", "us-east-1", "--display-name", "Example")
	require.NoError(t, err, stderr)
	require.JSONEq(t, `{"registryCatalogData":{"displayName":"Example"}}`, stdout)

	stdout, stderr, err = cli(t, url, "ecr-public", "list-tags-for-resource", "--region", "us-east-1", "--resource-arn", created.Repository.RepositoryArn)
	require.NoError(t, err, stderr)
	require.JSONEq(t, `{"tags":[{"Key":"team","Value":"infra"}]}`, stdout)

	stdout, stderr, err = cli(t, url, "ecr-public", "get-login-password", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	require.NotEmpty(t, strings.TrimSpace(stdout))

	_, stderr, err = cli(t, url, "ecr-public", "describe-repositories", "--region", "us-east-1", "--repository-names", "nope")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Contains(t, stderr, "(RepositoryNotFoundException) when calling the DescribeRepositories operation")

	// The API answers only in us-east-1 (spec §3).
	_, stderr, err = cli(t, url, "ecr-public", "describe-repositories", "--region", "us-west-2")
	require.ErrorAs(t, err, &exit)
	require.Contains(t, stderr, "(UnsupportedCommandException) when calling the DescribeRepositories operation: DescribeRepositories command is only supported in us-east-1.")

	// The private API is served on the same port.
	stdout, stderr, err = cli(t, url, "ecr", "describe-repositories", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	require.JSONEq(t, `{"repositories":[]}`, stdout, "the public repository is not a private one")
}
