package main

// cmd/ecrfake as a service: -h, /health, the clock, and what a slow or
// hostile client can cost it.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

func TestUsage(t *testing.T) {
	var stderr bytes.Buffer
	require.ErrorIs(t, run(context.Background(), []string{"-h"}, &stderr, nil), flag.ErrHelp)
	out := stderr.String()
	first, _, _ := strings.Cut(out, "\n")
	require.Equal(t, "ecrfake serves a fake Amazon ECR for tests: point a client at it with --endpoint-url http://127.0.0.1:5000", first)
	for _, want := range []string{
		"POST <any path> with X-Amz-Target   the ECR API",
		"/v2/...                             the registry data plane",
		"GET  /health ",
		"GET  /ecrfake/clock ",
		"POST /ecrfake/clock/advance?duration=12h",
		"POST /moto-api/reset ",
		"-body-idle-timeout duration", "-max-regions int", "-scan-duration duration", "-lifecycle-auto-run",
	} {
		require.Contains(t, out, want)
	}
}

// getJSON GETs url and decodes its 200 answer.
func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.NoError(t, json.Unmarshal(b, out), string(b))
}

func TestServeHealth(t *testing.T) {
	url, logs := serve(t, "-account", "210987654321", "-region", "eu-central-1", "-max-regions", "1")
	var h struct {
		Status, Version, AccountID, DefaultRegion string
		Registries                                []struct{ Region, RegistryID, Host string }
	}
	getJSON(t, url+"/health", &h)
	require.Equal(t, "ok", h.Status)
	require.NotEmpty(t, h.Version)
	require.Equal(t, "210987654321", h.AccountID)
	require.Equal(t, "eu-central-1", h.DefaultRegion)
	require.Empty(t, h.Registries)

	_, err := sdkClient(url, "ap-south-1").DescribeRepositories(context.Background(), nil)
	require.NoError(t, err)
	getJSON(t, url+"/health", &h)
	require.Len(t, h.Registries, 1)
	require.Equal(t, "ap-south-1", h.Registries[0].Region)
	require.Equal(t, "210987654321.dkr.ecr.ap-south-1.amazonaws.com", h.Registries[0].Host)

	// -max-regions 1: a second region is refused, and says why.
	_, err = sdkClient(url, "us-west-2").DescribeRepositories(context.Background(), nil)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
	require.Contains(t, apiErr.ErrorMessage(), "ecrfake holds registries for at most 1 region (-max-regions) and all are in use")
	require.Contains(t, logs.String(), "GET health eu-central-1 200 ")
	require.Contains(t, logs.String(), "ecrfake "+h.Version+" serving ECR on "+url+" ")
}

type clockReading struct {
	Now          string
	EpochSeconds float64
	Offset       string
}

func advance(t *testing.T, url, d string) clockReading {
	t.Helper()
	resp, err := http.Post(url+"/ecrfake/clock/advance", "application/json", strings.NewReader(`{"duration":"`+d+`"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	var c clockReading
	require.NoError(t, json.Unmarshal(b, &c))
	return c
}

// push uploads a one-layer image through the API and returns its id.
func push(t *testing.T, c *ecr.Client, repo, tag string) *types.ImageIdentifier {
	t.Helper()
	ctx := context.Background()
	config, layer := []byte(`{"architecture":"amd64","os":"linux"}`), []byte("layer of "+repo)
	for _, blob := range [][]byte{config, layer} {
		up, err := c.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
		require.NoError(t, err)
		_, err = c.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String(repo), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(blob) - 1)), LayerPartBlob: blob})
		require.NoError(t, err)
		_, err = c.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(repo), UploadId: up.UploadId, LayerDigests: []string{digest(blob)}})
		require.NoError(t, err)
	}
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",`+
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}]}`,
		len(config), digest(config), len(layer), digest(layer))
	_, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageTag: aws.String(tag), ImageManifest: aws.String(manifest)})
	require.NoError(t, err)
	return &types.ImageIdentifier{ImageTag: aws.String(tag)}
}

// "12 hours pass": a client outside the process moves the server's clock and
// sees what the clock drives.
func TestServeClock(t *testing.T) {
	url, _ := serve(t, "-scan-duration", "1h", "-lifecycle-auto-run")
	ctx := context.Background()
	c := sdkClient(url, "us-east-1")

	tok, err := c.GetAuthorizationToken(ctx, nil)
	require.NoError(t, err)
	expires := tok.AuthorizationData[0].ExpiresAt
	var now clockReading
	getJSON(t, url+"/ecrfake/clock", &now)
	require.Equal(t, "0s", now.Offset)
	require.Less(t, now.EpochSeconds, float64(expires.UnixMilli())/1000, "a fresh token is valid")

	now = advance(t, url, "12h")
	require.Equal(t, "12h0m0s", now.Offset)
	require.GreaterOrEqual(t, now.EpochSeconds, float64(expires.UnixMilli())/1000, "12 hours later it has expired")
	again, err := c.GetAuthorizationToken(ctx, nil)
	require.NoError(t, err)
	require.GreaterOrEqual(t, again.AuthorizationData[0].ExpiresAt.Sub(*expires), 12*time.Hour)

	// A scan completes when its hour has passed on the server's clock.
	_, err = c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	img := push(t, c, "app", "v1")
	_, err = c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: img})
	require.NoError(t, err)
	scan := func() types.ScanStatus {
		out, err := c.DescribeImageScanFindings(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: img})
		require.NoError(t, err)
		return out.ImageScanStatus.Status
	}
	require.Equal(t, types.ScanStatusInProgress, scan())
	advance(t, url, "1h")
	require.Equal(t, types.ScanStatusComplete, scan())

	// With -lifecycle-auto-run a stored policy runs every 24 hours: two days
	// on, an image older than a day is gone.
	_, err = c.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(
		`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}}]}`)})
	require.NoError(t, err)
	listed := func() int {
		out, err := c.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		return len(out.ImageIds)
	}
	require.Equal(t, 1, listed())
	advance(t, url, "48h")
	require.Zero(t, listed())

	// Time never runs backwards.
	resp, err := http.Post(url+"/ecrfake/clock/advance?duration=-1h", "", nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.JSONEq(t, `{"message":"cannot advance the clock by -1h0m0s: time never runs backwards"}`, string(b))
}

// stalledRequest opens a connection, sends the head of an UploadLayerPart
// announcing length bytes and the first few of them, and stalls.
func stalledRequest(t *testing.T, url string, length int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(20*time.Second)))
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonEC2ContainerRegistry_V20150921.UploadLayerPart\r\n"+
		"Content-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n{\"repositoryName\":\"app\",\"layerPartBlob\":\"", length)
	require.NoError(t, err)
	return conn
}

// A body that stops sending ends after -body-idle-timeout.
func TestServeEndsStalledBodies(t *testing.T) {
	url, logs := serve(t, "-body-idle-timeout", "200ms")
	conn := stalledRequest(t, url, 1<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.Contains(t, string(b), "the request body stalled: 41 bytes arrived in 200ms (41 in all)")
	require.Contains(t, logs.String(), "POST UploadLayerPart us-east-1 400 ")
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Requests that announce 30 MiB and send a few bytes hold what they sent,
// not what they announced. The figure is logged for the README.
func TestServeStalledBodiesHoldLittleHeap(t *testing.T) {
	const requests, announced = 20, 30 << 20
	url, logs := serve(t, "-body-idle-timeout", "1m")
	before := heapInUse()
	for range requests {
		stalledRequest(t, url, announced)
	}
	// Wait until every handler is reading its body: the server logs nothing
	// until a request ends, so poll the heap and take the highest reading.
	var held uint64
	for range 10 {
		time.Sleep(20 * time.Millisecond)
		held = max(held, heapInUse()-min(before, heapInUse()))
	}
	t.Logf("%d requests announcing %d MiB each: %.1f MiB of heap held", requests, announced>>20, float64(held)/(1<<20))
	require.Less(t, held, uint64(16<<20), "heap held by %d stalled requests", requests)
	require.NotContains(t, logs.String(), "UploadLayerPart", "still stalled, none answered")
}

// The same from Python: what a boto3 test suite against the service
// container does.
func TestServeBoto3Clock(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	url, _ := serve(t)
	script := `
import json, sys, urllib.request, boto3
from datetime import datetime, timezone
url = sys.argv[1]
def control(path, body=None):
    req = urllib.request.Request(url + path, data=body, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req) as r:
        return json.load(r)
c = boto3.client("ecr", endpoint_url=url, region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")
expires = c.get_authorization_token()["authorizationData"][0]["expiresAt"]
before = datetime.fromtimestamp(control("/ecrfake/clock")["epochSeconds"], timezone.utc)
after = control("/ecrfake/clock/advance", json.dumps({"duration": "12h"}).encode())
now = datetime.fromtimestamp(after["epochSeconds"], timezone.utc)
health = control("/health")
print(json.dumps({"validBefore": before < expires, "expiredAfter": now >= expires, "offset": after["offset"],
                  "status": health["status"], "regions": [r["region"] for r in health["registries"]]}))
`
	cmd := exec.Command("python3", "-c", script, url)
	cmd.Env = cleanEnv(t)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	require.JSONEq(t, `{"validBefore":true,"expiredAfter":true,"offset":"12h0m0s","status":"ok","regions":["eu-west-1"]}`, string(out))
}
