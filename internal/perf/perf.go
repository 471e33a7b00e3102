// Package perf holds the workloads of go-ecrfake's performance measurements:
// the benchmarks of package ecrfake and the side-by-side comparison with
// moto run the same calls, defined once here (Ops, over a registry Seed
// prepares).
//
//	go test -run '^$' -bench BenchmarkOps -count 6 ./ecrfake/ | benchstat -col /mode -
//
// measures each operation four ways: direct method calls, f.Client() (the
// SDK client over the in-memory handler), the same client against a canned
// answer (floor: the SDK's own cost), and cmd/ecrfake's server over loopback.
//
//	go test -run TestCompareWithMoto -v ./internal/perf
//
// starts moto_server and an in-process cmd/ecrfake server on loopback ports,
// drives both with the same Go SDK client and call sequence, and prints a
// table of per-call medians and ratios. It runs only when named by -run and
// skips when moto_server is not installed. The package is test tooling:
// nothing in the library imports it.
package perf

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/server"
)

// API is the part of the ECR client the workloads use; *ecrfake.Fake and
// *ecr.Client both satisfy it.
type API interface {
	CreateRepository(context.Context, *ecr.CreateRepositoryInput, ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error)
	PutImage(context.Context, *ecr.PutImageInput, ...func(*ecr.Options)) (*ecr.PutImageOutput, error)
	BatchGetImage(context.Context, *ecr.BatchGetImageInput, ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error)
	DescribeImages(context.Context, *ecr.DescribeImagesInput, ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error)
	ListImages(context.Context, *ecr.ListImagesInput, ...func(*ecr.Options)) (*ecr.ListImagesOutput, error)
	DescribeRepositories(context.Context, *ecr.DescribeRepositoriesInput, ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error)
	InitiateLayerUpload(context.Context, *ecr.InitiateLayerUploadInput, ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecr.UploadLayerPartInput, ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecr.CompleteLayerUploadInput, ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error)
	GetAuthorizationToken(context.Context, *ecr.GetAuthorizationTokenInput, ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error)
}

// Repo is the repository the benchmarks use.
const Repo = "bench"

// PageSize is the maxResults of the listing workloads.
const PageSize = 100

// Env is a seeded registry and the client the workloads call. Its counters
// make every PutImage manifest and every uploaded layer distinct.
type Env struct {
	API    API
	Repo   string // the repository the workloads use
	Images int    // images in Repo, tagged t0, t1, ...

	puts, gets, uploads int
	manifestHead        string
}

// Blobs are the config and layer blobs every image of Repo references: a
// Docker v2 image with three layers, like a small real image.
var Blobs = [][]byte{
	[]byte(`{"architecture":"amd64","os":"linux","config":{"Cmd":["/app"]},"rootfs":{"type":"layers"}}`),
	[]byte("layer-0: base"),
	[]byte("layer-1: runtime"),
	[]byte("layer-2: application"),
}

// Digest is the sha256 content digest of b.
func Digest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// manifestHead is a Docker v2 manifest over Blobs without its closing brace;
// Manifest(i) appends an annotation that makes it distinct.
func manifestHead() string {
	desc := func(mt string, b []byte) string {
		return `{"mediaType":"` + mt + `","size":` + strconv.Itoa(len(b)) + `,"digest":"` + Digest(b) + `"}`
	}
	layers := make([]string, 0, len(Blobs)-1)
	for _, l := range Blobs[1:] {
		layers = append(layers, desc("application/vnd.docker.image.rootfs.diff.tar.gzip", l))
	}
	return `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":` +
		desc("application/vnd.docker.container.image.v1+json", Blobs[0]) + `,"layers":[` + strings.Join(layers, ",") + `]`
}

// NewEnv returns an Env over a registry seeded elsewhere: repo holds images
// images tagged t0 ... t<images-1>.
func NewEnv(api API, repo string, images int) *Env {
	return &Env{API: api, Repo: repo, Images: images, puts: images, manifestHead: manifestHead()}
}

// Manifest returns the i-th distinct image manifest (about 600 bytes).
func (e *Env) Manifest(i int) string {
	return e.manifestHead + `,"annotations":{"n":"` + strconv.Itoa(i) + `"}}`
}

// Seed prepares a registry through api: repository repo with images images
// (tagged t0 ... t<images-1>) over Blobs, and repositories repo-0 ...
// repo-<repos-1>. uploadBlobs says whether to upload Blobs first (moto
// implements no layer upload and checks no references, so it is seeded
// without them). The returned Env's workloads use repo.
func Seed(ctx context.Context, api API, repo string, images, repos int, uploadBlobs bool) (*Env, error) {
	e := NewEnv(api, repo, images)
	if _, err := api.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(repo)}); err != nil {
		return nil, err
	}
	for i := range repos {
		if _, err := api.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("repo-" + strconv.Itoa(i))}); err != nil {
			return nil, err
		}
	}
	if uploadBlobs {
		for _, b := range Blobs {
			if err := e.upload(ctx, b); err != nil {
				return nil, err
			}
		}
	}
	for i := range images {
		_, err := api.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(repo),
			ImageManifest: aws.String(e.Manifest(i)), ImageTag: aws.String("t" + strconv.Itoa(i))})
		if err != nil {
			return nil, fmt.Errorf("seeding image %d: %w", i, err)
		}
	}
	e.puts = images
	return e, nil
}

// upload pushes one blob with the three calls a docker client makes.
func (e *Env) upload(ctx context.Context, data []byte) error {
	up, err := e.API.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(e.Repo)})
	if err != nil {
		return err
	}
	_, err = e.API.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String(e.Repo), UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(data) - 1)), LayerPartBlob: data})
	if err != nil {
		return err
	}
	_, err = e.API.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(e.Repo), UploadId: up.UploadId,
		LayerDigests: []string{Digest(data)}})
	return err
}

// Op is one measured workload: a call (or, for LayerUpload, the sequence of
// calls a push makes for one blob) that succeeds every time it is repeated.
type Op struct {
	Name string
	// Layers marks workloads that need the layer upload API, which moto
	// does not implement.
	Layers bool
	Call   func(ctx context.Context, e *Env) error
}

// Ops are the hot operations, in the order the comparison runs them (reads
// first, so PutImage does not change what the listings return).
var Ops = []Op{
	{Name: "DescribeRepositories", Call: func(ctx context.Context, e *Env) error {
		out, err := e.API.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{e.Repo}})
		return check(err, out != nil && len(out.Repositories) == 1)
	}},
	{Name: "GetAuthorizationToken", Call: func(ctx context.Context, e *Env) error {
		out, err := e.API.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
		return check(err, out != nil && len(out.AuthorizationData) == 1)
	}},
	{Name: "BatchGetImage", Call: func(ctx context.Context, e *Env) error {
		e.gets++
		tag := "t" + strconv.Itoa(e.gets%e.Images)
		out, err := e.API.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(e.Repo),
			ImageIds: []types.ImageIdentifier{{ImageTag: &tag}}})
		return check(err, out != nil && len(out.Images) == 1)
	}},
	{Name: "ListImagesPage", Call: func(ctx context.Context, e *Env) error {
		out, err := e.API.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String(e.Repo), MaxResults: aws.Int32(PageSize)})
		return check(err, out != nil && len(out.ImageIds) == min(PageSize, e.Images))
	}},
	{Name: "DescribeImagesPage", Call: func(ctx context.Context, e *Env) error {
		out, err := e.API.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(e.Repo), MaxResults: aws.Int32(PageSize)})
		return check(err, out != nil && len(out.ImageDetails) == min(PageSize, e.Images))
	}},
	{Name: "PutImage", Call: func(ctx context.Context, e *Env) error {
		e.puts++
		out, err := e.API.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(e.Repo), ImageManifest: aws.String(e.Manifest(e.puts)),
			ImageTag: aws.String("p" + strconv.Itoa(e.puts))})
		return check(err, out != nil && out.Image != nil)
	}},
	{Name: "LayerUpload", Layers: true, Call: func(ctx context.Context, e *Env) error {
		e.uploads++
		return e.upload(ctx, []byte("uploaded layer #"+strconv.Itoa(e.uploads)))
	}},
}

func check(err error, ok bool) error {
	if err == nil && !ok {
		return errors.New("unexpected response")
	}
	return err
}

// Loopback is cmd/ecrfake's server (internal/server behind net/http, as the
// command configures it) serving on a free 127.0.0.1 port in this process.
type Loopback struct {
	URL    string
	Server *server.Server
	srv    *http.Server
	done   chan error
}

// StartLoopback serves a fresh server; opts are applied to every regional
// fake, after the options cmd/ecrfake applies (no call log).
func StartLoopback(opts ...ecrfake.Option) (*Loopback, error) {
	s := server.New(server.Config{AccountID: ecrfake.DefaultAccountID, DefaultRegion: ecrfake.DefaultRegion,
		Options: append(server.CommandOptions(), opts...)})
	l, err := Serve(s)
	if err != nil {
		return nil, err
	}
	l.Server = s
	return l, nil
}

// Serve serves h on a free 127.0.0.1 port in this process.
func Serve(h http.Handler) (*Loopback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &Loopback{URL: "http://" + ln.Addr().String(), done: make(chan error, 1),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go func() { l.done <- l.srv.Serve(ln) }()
	return l, nil
}

// Fake is the registry of the default region (the one Client talks to).
func (l *Loopback) Fake() *ecrfake.Fake { return l.Server.Fake(ecrfake.DefaultRegion) }

// Close stops the server.
func (l *Loopback) Close() error {
	err := l.srv.Close()
	<-l.done
	return err
}

// Client returns a Go SDK client for a server at url ("http://host:port"):
// static credentials (requests are signed, as a real client signs them),
// the default region, the SDK's default HTTP client and retryer. optFns
// apply last.
func Client(url string, optFns ...func(*ecr.Options)) *ecr.Client {
	return ecr.New(ecr.Options{
		Region:       ecrfake.DefaultRegion,
		BaseEndpoint: aws.String(url),
		Credentials:  aws.NewCredentialsCache(staticCredentials{}),
	}, optFns...)
}

type staticCredentials struct{}

func (staticCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDPERFTEST", SecretAccessKey: "perf-test-secret", Source: "perf"}, nil
}
