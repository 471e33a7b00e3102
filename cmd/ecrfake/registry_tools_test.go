package main

// crane and skopeo, the real binaries, against a real cmd/ecrfake process:
// the commands README shows. Each test skips where its tool is not installed
// (go install github.com/google/go-containerregistry/cmd/crane@v0.22.1;
// apt-get install skopeo).

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// toolPath finds a tool on PATH or in $(go env GOPATH)/bin, or skips.
func toolPath(t *testing.T, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	if gopath, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", tool)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("%s is not installed", tool)
	return ""
}

// ecrfakeProcess is the command built and running as its own process.
type ecrfakeProcess struct {
	addr  string // host:port
	url   string // http://host:port
	api   *ecr.Client
	token string // the authorization token
	user  string // AWS
	pass  string // the decoded password
}

// startECRFake builds cmd/ecrfake into a temporary directory, runs it on a
// free loopback port, and stops it when the test ends.
func startECRFake(t *testing.T) *ecrfakeProcess {
	t.Helper()
	return startECRFakeIn(t, "us-east-1")
}

// startECRFakeIn is startECRFake with the API client and token of region:
// the registry a request reaches is the one whose token it carries.
func startECRFakeIn(t *testing.T, region string) *ecrfakeProcess {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ecrfake")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	var logs syncBuffer
	addrCh := make(chan string, 1)
	go func() {
		defer close(exited)
		re := regexp.MustCompile(`serving ECR on http://(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.Write(append(sc.Bytes(), '\n'))
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addrCh <- m[1]:
				default:
				}
			}
		}
		_ = cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("ecrfake log:\n%s", logs.String())
		}
	})
	var addr string
	select {
	case addr = <-addrCh:
	case <-exited:
		t.Fatalf("ecrfake exited before listening:\n%s", logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("ecrfake did not listen within 30s:\n%s", logs.String())
	}
	p := &ecrfakeProcess{addr: addr, url: "http://" + addr, api: sdkClient("http://"+addr, region)}
	tok, err := p.api.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	p.token = aws.ToString(tok.AuthorizationData[0].AuthorizationToken)
	raw, err := base64.StdEncoding.DecodeString(p.token)
	require.NoError(t, err)
	var ok bool
	p.user, p.pass, ok = strings.Cut(string(raw), ":")
	require.True(t, ok)
	return p
}

// run runs a tool with a bounded time and returns its stdout.
func runTool(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	out, err := runToolErr(t, env, name, args...)
	require.NoError(t, err, "%s %s", filepath.Base(name), strings.Join(args, " "))
	return out
}

func runToolErr(t *testing.T, env []string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stdout.String(), &toolError{err: err, stderr: stderr.String()}
	}
	return stdout.String(), nil
}

type toolError struct {
	err    error
	stderr string
}

func (e *toolError) Error() string { return e.err.Error() + ": " + e.stderr }

// ociLayout writes a one-image OCI layout (a real gzip tar layer) and returns
// its directory and the image's digest.
func ociLayout(t *testing.T, content string) (string, v1.Hash) {
	t.Helper()
	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	body := []byte(content)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "hello.txt", Mode: 0o644, Size: int64(len(body)), ModTime: time.Unix(0, 0)}))
	_, err := tw.Write(body)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err = zw.Write(tarBuf.Bytes())
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	gzBytes := gz.Bytes()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(gzBytes)), nil })
	require.NoError(t, err)
	img, err := mutate.AppendLayers(empty.Image, layer)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "layout")
	lp, err := layout.Write(dir, empty.Index)
	require.NoError(t, err)
	require.NoError(t, lp.AppendImage(img))
	d, err := img.Digest()
	require.NoError(t, err)
	return dir, d
}

// tagsOf returns the tags ListImages reports for a repository.
func (p *ecrfakeProcess) tagsOf(t *testing.T, repo string) []string {
	t.Helper()
	out, err := p.api.ListImages(context.Background(), &ecr.ListImagesInput{RepositoryName: aws.String(repo), Filter: &types.ListImagesFilter{TagStatus: types.TagStatusTagged}})
	require.NoError(t, err)
	var tags []string
	for _, id := range out.ImageIds {
		tags = append(tags, aws.ToString(id.ImageTag))
	}
	sort.Strings(tags)
	return tags
}

func (p *ecrfakeProcess) createRepo(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := p.api.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String(n)})
		require.NoError(t, err)
	}
}

func TestCraneAgainstTheCommand(t *testing.T) {
	crane := toolPath(t, "crane")
	p := startECRFake(t)
	p.createRepo(t, "crane/app", "crane/copy")
	env := []string{"DOCKER_CONFIG=" + t.TempDir(), "HOME=" + t.TempDir()}
	host := p.addr

	// Without credentials the registry challenges.
	_, err := runToolErr(t, env, crane, "ls", "--insecure", host+"/crane/app")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")

	runTool(t, env, crane, "auth", "login", host, "-u", p.user, "-p", p.pass)

	dir, digest := ociLayout(t, "hello from crane\n")
	runTool(t, env, crane, "push", "--insecure", dir, host+"/crane/app:v1")
	assert.Equal(t, digest.String(), strings.TrimSpace(runTool(t, env, crane, "digest", "--insecure", host+"/crane/app:v1")))
	assert.Equal(t, []string{"v1"}, p.tagsOf(t, "crane/app"))
	desc, err := p.api.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("crane/app")})
	require.NoError(t, err)
	require.Len(t, desc.ImageDetails, 1)
	assert.Equal(t, digest.String(), aws.ToString(desc.ImageDetails[0].ImageDigest))

	// The manifest crane reads is the one BatchGetImage returns.
	manifest := runTool(t, env, crane, "manifest", "--insecure", host+"/crane/app:v1")
	got, err := p.api.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String("crane/app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
	require.NoError(t, err)
	require.Len(t, got.Images, 1)
	assert.Equal(t, aws.ToString(got.Images[0].ImageManifest), manifest)

	runTool(t, env, crane, "tag", "--insecure", host+"/crane/app:v1", "v2")
	assert.Equal(t, "v1\nv2\n", runTool(t, env, crane, "ls", "--insecure", host+"/crane/app"))
	runTool(t, env, crane, "copy", "--insecure", host+"/crane/app:v1", host+"/crane/copy:copied")
	assert.Equal(t, []string{"copied"}, p.tagsOf(t, "crane/copy"))

	// pull writes a tarball whose image is the pushed one.
	tarPath := filepath.Join(t.TempDir(), "pulled.tar")
	runTool(t, env, crane, "pull", "--insecure", host+"/crane/copy:copied", tarPath)
	pulled, err := tarball.ImageFromPath(tarPath, nil)
	require.NoError(t, err)
	ls, err := pulled.Layers()
	require.NoError(t, err)
	require.Len(t, ls, 1)
	rc, err := ls[0].Uncompressed()
	require.NoError(t, err)
	tr := tar.NewReader(rc)
	_, err = tr.Next()
	require.NoError(t, err)
	content, err := io.ReadAll(tr)
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, "hello from crane\n", string(content))

	catalog := runTool(t, env, crane, "catalog", "--insecure", host)
	assert.Equal(t, "crane/app\ncrane/copy\n", catalog)

	runTool(t, env, crane, "delete", "--insecure", host+"/crane/copy@"+digest.String())
	assert.Empty(t, p.tagsOf(t, "crane/copy"))
	_, err = runToolErr(t, env, crane, "digest", "--insecure", host+"/crane/copy:copied")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "MANIFEST_UNKNOWN")
}

// The server holds one registry per region; a registry request goes to the
// registry that minted its token, and the blob redirects lead back to it.
func TestCraneInAnotherRegion(t *testing.T) {
	crane := toolPath(t, "crane")
	p := startECRFakeIn(t, "eu-west-1")
	p.createRepo(t, "regional")
	env := []string{"DOCKER_CONFIG=" + t.TempDir(), "HOME=" + t.TempDir()}
	runTool(t, env, crane, "auth", "login", p.addr, "-u", p.user, "-p", p.pass)
	dir, digest := ociLayout(t, "hello from eu-west-1\n")
	runTool(t, env, crane, "push", "--insecure", dir, p.addr+"/regional:v1")
	assert.Equal(t, []string{"v1"}, p.tagsOf(t, "regional"), "in eu-west-1's registry")
	tarPath := filepath.Join(t.TempDir(), "pulled.tar")
	runTool(t, env, crane, "pull", "--insecure", p.addr+"/regional:v1", tarPath)
	pulled, err := tarball.ImageFromPath(tarPath, nil)
	require.NoError(t, err)
	got, err := pulled.Digest()
	require.NoError(t, err)
	assert.Equal(t, digest, got)

	// us-east-1's registry has no such repository.
	east := sdkClient(p.url, "us-east-1")
	_, err = east.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"regional"}})
	var nf *types.RepositoryNotFoundException
	require.ErrorAs(t, err, &nf)
}

func TestSkopeoAgainstTheCommand(t *testing.T) {
	skopeo := toolPath(t, "skopeo")
	p := startECRFake(t)
	p.createRepo(t, "skopeo/src", "skopeo/dst")
	env := []string{"HOME=" + t.TempDir(), "REGISTRY_AUTH_FILE=" + filepath.Join(t.TempDir(), "auth.json")}
	creds := p.user + ":" + p.pass
	host := p.addr

	// skopeo reads an OCI layout and pushes it.
	dir, digest := ociLayout(t, "hello from skopeo\n")
	runTool(t, env, skopeo, "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", creds,
		"oci:"+dir, "docker://"+host+"/skopeo/src:v1")
	assert.Equal(t, []string{"v1"}, p.tagsOf(t, "skopeo/src"))

	var inspected struct {
		Digest string `json:"Digest"`
	}
	out := runTool(t, env, skopeo, "inspect", "--tls-verify=false", "--creds", creds, "docker://"+host+"/skopeo/src:v1")
	require.NoError(t, json.Unmarshal([]byte(out), &inspected), out)
	desc, err := p.api.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("skopeo/src")})
	require.NoError(t, err)
	require.Len(t, desc.ImageDetails, 1)
	assert.Equal(t, aws.ToString(desc.ImageDetails[0].ImageDigest), inspected.Digest)
	assert.Equal(t, digest.String(), inspected.Digest, "skopeo copied the layout's manifest unchanged")

	// registry to registry, registry to a directory.
	runTool(t, env, skopeo, "--insecure-policy", "copy", "--src-tls-verify=false", "--src-creds", creds, "--dest-tls-verify=false", "--dest-creds", creds,
		"docker://"+host+"/skopeo/src:v1", "docker://"+host+"/skopeo/dst:copied")
	assert.Equal(t, []string{"copied"}, p.tagsOf(t, "skopeo/dst"))
	pulledDir := filepath.Join(t.TempDir(), "pulled")
	runTool(t, env, skopeo, "--insecure-policy", "copy", "--src-tls-verify=false", "--src-creds", creds, "docker://"+host+"/skopeo/dst:copied", "dir:"+pulledDir)
	manifest, err := os.ReadFile(filepath.Join(pulledDir, "manifest.json"))
	require.NoError(t, err)
	got, err := p.api.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String("skopeo/dst"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("copied")}}})
	require.NoError(t, err)
	require.Len(t, got.Images, 1)
	assert.Equal(t, aws.ToString(got.Images[0].ImageManifest), string(manifest), "skopeo pulled what BatchGetImage returns")

	var tags struct {
		Tags []string `json:"Tags"`
	}
	out = runTool(t, env, skopeo, "list-tags", "--tls-verify=false", "--creds", creds, "docker://"+host+"/skopeo/src")
	require.NoError(t, json.Unmarshal([]byte(out), &tags), out)
	assert.Equal(t, []string{"v1"}, tags.Tags)

	runTool(t, env, skopeo, "delete", "--tls-verify=false", "--creds", creds, "docker://"+host+"/skopeo/dst@"+aws.ToString(desc.ImageDetails[0].ImageDigest))
	assert.Empty(t, p.tagsOf(t, "skopeo/dst"))

	// A wrong password is refused.
	_, err = runToolErr(t, env, skopeo, "inspect", "--tls-verify=false", "--creds", "AWS:wrong", "docker://"+host+"/skopeo/src:v1")
	require.Error(t, err)
}
