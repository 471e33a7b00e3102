package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

func TestRunRefusesBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:5000"}, "not a loopback address"},
		{[]string{"-addr", ":5000"}, "not a loopback address"},
		{[]string{"-addr", "192.0.2.1:5000"}, "not a loopback address"},
		{[]string{"-addr", "example.com:5000"}, "not a loopback address"},
		{[]string{"-account", "1234"}, "12 digits"},
		{[]string{"-region", "US_EAST"}, "not a region name"},
		{[]string{"-restore-duration", "-1s"}, "cannot be negative"},
		{[]string{"-scan-duration", "-1s"}, "-scan-duration -1s: a duration cannot be negative"},
		{[]string{"-body-idle-timeout", "0s"}, "-body-idle-timeout 0s: must be positive"},
		{[]string{"-body-idle-timeout", "-5s"}, "-body-idle-timeout -5s: must be positive"},
		{[]string{"-max-regions", "0"}, "-max-regions 0: at least 1"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stderr, func(string) { t.Fatal("listened") })
			require.ErrorContains(t, err, tt.want)
		})
	}
	err := run(context.Background(), []string{"-h"}, &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, flag.ErrHelp)
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:5000": true, "127.1.2.3:0": true, "[::1]:5000": true, "localhost:5000": true,
		"0.0.0.0:5000": false, ":5000": false, "[::]:5000": false, "10.0.0.1:5000": false, "host:5000": false, "127.0.0.1": false,
	} {
		require.Equal(t, want, loopback(addr), addr)
	}
}

// syncBuffer is the server's stderr, written by its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs the command in-process on a free loopback port until the test
// ends, and returns its base URL and log.
func serve(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), logs, func(a string) { addr <- a })
	}()
	var url string
	select {
	case a := <-addr:
		url = "http://" + a
	case err := <-done:
		t.Fatalf("server did not start: %v\n%s", err, logs)
	}
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done, "clean shutdown")
		require.Contains(t, logs.String(), "stopped")
	})
	return url, logs
}

// sdkClient is a real client that signs its requests for region.
func sdkClient(url, region string) *ecr.Client {
	return ecr.New(ecr.Options{
		Region:       region,
		BaseEndpoint: aws.String(url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "secret", SessionToken: "token"}, nil
		}),
		RetryMaxAttempts: 1,
	})
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func TestServeGoSDK(t *testing.T) {
	url, logs := serve(t, "-account", "210987654321", "-region", "eu-central-1", "-restore-duration", "0s")
	ctx := context.Background()
	west := sdkClient(url, "us-west-2")

	out, err := west.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Equal(t, "210987654321.dkr.ecr.us-west-2.amazonaws.com/app", *out.Repository.RepositoryUri)

	// A push: upload the config and the layer, then put the manifest.
	config, layer := []byte(`{"architecture":"amd64","os":"linux"}`), []byte("layer bytes")
	for _, blob := range [][]byte{config, layer} {
		up, err := west.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		_, err = west.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(blob) - 1)), LayerPartBlob: blob})
		require.NoError(t, err)
		_, err = west.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{digest(blob)}})
		require.NoError(t, err)
	}
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",`+
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}]}`,
		len(config), digest(config), len(layer), digest(layer))
	put, err := west.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageTag: aws.String("v1"), ImageManifest: aws.String(manifest)})
	require.NoError(t, err)
	require.Equal(t, digest([]byte(manifest)), *put.Image.ImageId.ImageDigest)

	list, err := west.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Equal(t, []types.ImageIdentifier{{ImageDigest: put.Image.ImageId.ImageDigest, ImageTag: aws.String("v1")}}, list.ImageIds)

	// Archive and restore: with -restore-duration 0s the restore is done at once.
	v1 := &types.ImageIdentifier{ImageTag: aws.String("v1")}
	archived, err := west.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: v1, TargetStorageClass: types.TargetStorageClassArchive})
	require.NoError(t, err)
	require.Equal(t, types.ImageStatusArchived, archived.ImageStatus)
	pull, err := west.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*v1}})
	require.NoError(t, err)
	require.Len(t, pull.Failures, 1)
	require.Equal(t, types.ImageFailureCodeImageInaccessible, pull.Failures[0].FailureCode)
	restored, err := west.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: v1, TargetStorageClass: types.TargetStorageClassStandard})
	require.NoError(t, err)
	require.Equal(t, types.ImageStatusActivating, restored.ImageStatus)
	pull, err = west.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*v1}})
	require.NoError(t, err)
	require.Empty(t, pull.Failures)
	require.Len(t, pull.Images, 1)

	_, err = west.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("nope")})
	var notFound *types.RepositoryNotFoundException
	require.ErrorAs(t, err, &notFound)
	require.Contains(t, err.Error(), "StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000001,")

	// Each region has its own registry; unsigned requests go to -region.
	east, err := sdkClient(url, "us-east-1").DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, east.Repositories)
	anon := ecr.New(ecr.Options{Region: "ap-south-1", BaseEndpoint: aws.String(url), Credentials: aws.AnonymousCredentials{}})
	created, err := anon.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("unsigned")})
	require.NoError(t, err)
	require.Contains(t, *created.Repository.RepositoryArn, ":eu-central-1:")

	// moto's reset endpoint clears everything.
	resp, err := http.Post(url+"/moto-api/reset", "application/json", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	after, err := west.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, after.Repositories)

	log := logs.String()
	require.Contains(t, log, "POST CreateRepository us-west-2 200 ")
	require.Contains(t, log, "POST DescribeImages us-west-2 400 ")
	require.Contains(t, log, "POST reset eu-central-1 200 ")
}

// cleanEnv is the test's environment without any AWS_ setting, plus extra
// and a HOME of its own, so no user configuration leaks in.
func cleanEnv(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config", "AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials"), extra...)
}

// cli runs the AWS CLI against the server with dummy credentials and no
// configuration of the user's.
func cli(t *testing.T, url string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command("aws", append(args, "--endpoint-url", url, "--output", "json")...)
	cmd.Env = cleanEnv(t, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_PAGER=", "AWS_MAX_ATTEMPTS=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func TestServeAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	url, _ := serve(t)

	stdout, stderr, err := cli(t, url, "ecr", "create-repository", "--repository-name", "demo", "--region", "us-east-1",
		"--image-tag-mutability", "IMMUTABLE", "--tags", "Key=team,Value=infra")
	require.NoError(t, err, stderr)
	var created struct {
		Repository struct {
			RepositoryName     string
			RepositoryURI      string `json:"repositoryUri"`
			RegistryID         string `json:"registryId"`
			ImageTagMutability string
			CreatedAt          float64
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &created), stdout)
	require.Equal(t, "demo", created.Repository.RepositoryName)
	require.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo", created.Repository.RepositoryURI)
	require.Equal(t, "IMMUTABLE", created.Repository.ImageTagMutability)

	stdout, stderr, err = cli(t, url, "ecr", "describe-repositories", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	var described struct {
		Repositories []struct{ RepositoryName string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &described), stdout)
	require.Len(t, described.Repositories, 1)
	require.Equal(t, "demo", described.Repositories[0].RepositoryName)

	stdout, stderr, err = cli(t, url, "ecr", "list-tags-for-resource", "--region", "us-east-1",
		"--resource-arn", "arn:aws:ecr:us-east-1:123456789012:repository/demo")
	require.NoError(t, err, stderr)
	require.JSONEq(t, `{"tags":[{"Key":"team","Value":"infra"}]}`, stdout)

	// Another region is another registry.
	stdout, stderr, err = cli(t, url, "ecr", "describe-repositories", "--region", "eu-west-1")
	require.NoError(t, err, stderr)
	require.JSONEq(t, `{"repositories":[]}`, stdout)

	_, stderr, err = cli(t, url, "ecr", "describe-repositories", "--region", "us-east-1", "--repository-names", "nope")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Contains(t, stderr, "(RepositoryNotFoundException) when calling the DescribeRepositories operation: "+
		"The repository with name 'nope' does not exist in the registry with id '123456789012'")

	stdout, stderr, err = cli(t, url, "ecr", "get-login-password", "--region", "us-east-1")
	require.NoError(t, err, stderr)
	require.NotEmpty(t, strings.TrimSpace(stdout))
}

func TestServeBoto3(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	url, _ := serve(t)
	script := `
import json, sys, boto3
c = boto3.client("ecr", endpoint_url=sys.argv[1], region_name="eu-west-1",
                 aws_access_key_id="test", aws_secret_access_key="test")
c.create_repository(repositoryName="py/app", tags=[{"Key": "k", "Value": "v"}])
repos = c.describe_repositories()["repositories"]
try:
    c.delete_repository(repositoryName="nope")
    err = None
except c.exceptions.RepositoryNotFoundException as e:
    err = e.response["Error"]["Code"]
print(json.dumps({"uri": repos[0]["repositoryUri"], "created": str(type(repos[0]["createdAt"]).__name__), "err": err}))
`
	cmd := exec.Command("python3", "-c", script, url)
	cmd.Env = cleanEnv(t)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	require.JSONEq(t, `{"uri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/py/app","created":"datetime","err":"RepositoryNotFoundException"}`, string(out))
}

func TestServeShutsDownOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &syncBuffer{}, func(a string) { addr <- a })
	}()
	a := <-addr
	cancel()
	require.NoError(t, <-done)
	_, err := http.Post("http://"+a, "application/json", nil)
	require.Error(t, err, "nothing listens any more")
	require.False(t, errors.Is(err, context.Canceled))
}
