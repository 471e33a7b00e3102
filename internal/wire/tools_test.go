package wire_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/stretchr/testify/require"
)

// These tests read the fake's wire output with the clients people point at
// it from outside Go, boto3 and the AWS CLI, and check the members real ECR
// sends with their zero value read as they do against the service. They
// skip where the tools are not installed.

// toolEnv is the environment without the user's AWS settings, with dummy
// credentials.
func toolEnv(t *testing.T) []string {
	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config", "AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials",
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_PAGER=", "AWS_MAX_ATTEMPTS=1")
}

// failValidation makes ValidatePullThroughCacheRule report a failed
// validation, as real ECR does when it cannot authenticate upstream.
func failValidation(f *ecrfake.Fake) {
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.ValidatePullThroughCacheRuleInput,
		next func(context.Context, *ecr.ValidatePullThroughCacheRuleInput) (*ecr.ValidatePullThroughCacheRuleOutput, error)) (*ecr.ValidatePullThroughCacheRuleOutput, error) {
		out, err := next(ctx, in)
		if err == nil {
			out.IsValid, out.Failure = false, aws.String("Authentication to the upstream registry failed")
		}
		return out, err
	})
}

const boto3Script = `
import json, sys, boto3
c = boto3.client("ecr", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="test", aws_secret_access_key="test")
out = {}
repo = c.create_repository(repositoryName="app")["repository"]
out["create"] = repo["imageScanningConfiguration"]["scanOnPush"]
out["createKeys"] = sorted(repo.keys())
out["createEncryption"] = repo["encryptionConfiguration"]
out["describe"] = c.describe_repositories()["repositories"][0]["imageScanningConfiguration"]["scanOnPush"]
out["put"] = c.put_image_scanning_configuration(repositoryName="app",
    imageScanningConfiguration={"scanOnPush": False})["imageScanningConfiguration"]["scanOnPush"]
out["batch"] = [s["scanOnPush"] for s in c.batch_get_repository_scanning_configuration(
    repositoryNames=["app"])["scanningConfigurations"]]
c.create_pull_through_cache_rule(ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws")
v = c.validate_pull_through_cache_rule(ecrRepositoryPrefix="ecr-public")
out["isValid"] = v["isValid"]
out["failure"] = v["failure"]
kms = c.create_repository(repositoryName="sealed", encryptionConfiguration={"encryptionType": "KMS"})["repository"]
out["kms"] = kms["encryptionConfiguration"]
out["delete"] = c.delete_repository(repositoryName="app")["repository"]["imageScanningConfiguration"]["scanOnPush"]
print(json.dumps(out, sort_keys=True))
`

func TestBoto3ReadsDefaultsAsRealECRSends(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	f := ecrfake.New()
	failValidation(f)
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()

	cmd := exec.Command("python3", "-c", boto3Script, srv.URL)
	cmd.Env = toolEnv(t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	var got map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), stdout.String())
	kms := got["kms"].(map[string]any)
	delete(got, "kms")
	// The members public transcripts of real create-repository output show,
	// no more and no fewer.
	require.Equal(t, []any{"createdAt", "encryptionConfiguration", "imageScanningConfiguration", "imageTagMutability",
		"registryId", "repositoryArn", "repositoryName", "repositoryUri"}, got["createKeys"])
	require.Equal(t, map[string]any{"encryptionType": "AES256"}, got["createEncryption"])
	delete(got, "createKeys")
	delete(got, "createEncryption")
	require.Equal(t, map[string]any{
		"create": false, "describe": false, "put": false, "batch": []any{false}, "delete": false,
		"isValid": false, "failure": "Authentication to the upstream registry failed",
	}, got)
	require.Equal(t, "KMS", kms["encryptionType"])
	require.Regexp(t, `^arn:aws:kms:us-east-1:123456789012:key/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, kms["kmsKey"])
}

func TestAWSCLIPrintsScanOnPushFalse(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	srv := httptest.NewServer(ecrfake.New().Handler())
	defer srv.Close()
	cmd := exec.Command("aws", "ecr", "create-repository", "--repository-name", "demo", "--region", "us-east-1",
		"--endpoint-url", srv.URL, "--output", "json")
	cmd.Env = toolEnv(t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	var out struct {
		Repository struct {
			ImageScanningConfiguration map[string]any `json:"imageScanningConfiguration"`
		} `json:"repository"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &out), stdout.String())
	require.Equal(t, map[string]any{"scanOnPush": false}, out.Repository.ImageScanningConfiguration)
}
