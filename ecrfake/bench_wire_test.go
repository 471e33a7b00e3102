package ecrfake_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// cannedHandler answers every request with one recorded response: the floor
// of a wire call, where the SDK client does all the work and the "service"
// none.
type cannedHandler struct {
	header http.Header
	body   []byte
}

func (h cannedHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(h.body)
}

// record captures the fake's answer to one request, to replay as the floor.
func record(b *testing.B, f *ecrfake.Fake, op, body string) cannedHandler {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+op)
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, req)
	require.Equal(b, http.StatusOK, rec.Code, rec.Body.String())
	return cannedHandler{header: rec.Header(), body: rec.Body.Bytes()}
}

func floorClient(h http.Handler) *ecr.Client {
	return ecr.New(ecr.Options{Region: "us-east-1", BaseEndpoint: aws.String(ecrfake.ClientEndpoint),
		Credentials: aws.AnonymousCredentials{}, HTTPClient: ecrfake.InMemoryHTTPClient(h)})
}

// BenchmarkWireDescribeRepositories: the fake through f.Client(), the same
// SDK client against a canned answer (the floor), and the fake called directly.
func BenchmarkWireDescribeRepositories(b *testing.B) {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithCallRecording(false))
	for i := range 5 {
		createRepo(b, f, fmt.Sprintf("team/app-%d", i))
	}
	in := &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(5)}
	b.Run("client", func(b *testing.B) {
		c := f.Client()
		for b.Loop() {
			out, err := c.DescribeRepositories(ctx, in)
			if err != nil || len(out.Repositories) != 5 {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		c := floorClient(record(b, f, "DescribeRepositories", `{"maxResults":5}`))
		for b.Loop() {
			out, err := c.DescribeRepositories(ctx, in)
			if err != nil || len(out.Repositories) != 5 {
				b.Fatal(err)
			}
		}
	})
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.DescribeRepositories(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWirePutImage puts a new image (a distinct manifest over the same
// blobs) each iteration.
func BenchmarkWirePutImage(b *testing.B) {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxImagesPerRepository: 1 << 30}), ecrfake.WithCallRecording(false))
	createRepo(b, f, "bench")
	config, layer := []byte(`{"os":"linux"}`), []byte("layer")
	uploadBlob(b, f, "bench", config)
	uploadBlob(b, f, "bench", layer)
	base := strings.TrimSuffix(imageManifest(mtDockerV2, config, layer), "}")
	n := 0
	next := func() *ecr.PutImageInput {
		n++
		return &ecr.PutImageInput{RepositoryName: aws.String("bench"), ImageTag: aws.String(fmt.Sprintf("t%d", n)),
			ImageManifest: aws.String(base + fmt.Sprintf(`,"annotations":{"n":"%d"}}`, n))}
	}
	b.Run("client", func(b *testing.B) {
		c := f.Client()
		for b.Loop() {
			if _, err := c.PutImage(ctx, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		in := next()
		body := fmt.Sprintf(`{"repositoryName":"bench","imageTag":%q,"imageManifest":%q}`, *in.ImageTag, *in.ImageManifest)
		c := floorClient(record(b, f, "PutImage", body))
		for b.Loop() {
			if _, err := c.PutImage(ctx, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.PutImage(ctx, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
