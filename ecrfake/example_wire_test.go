package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// countRepositories is code under test that holds the concrete client.
func countRepositories(ctx context.Context, c *ecr.Client) (int, error) {
	n := 0
	p := ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		n += len(page.Repositories)
	}
	return n, nil
}

// Client gives code that holds a *ecr.Client the fake, through the SDK's own
// serializers, validation, error decoding and retryer. The retryer below keeps
// the real client's retries but drops the backoff sleeps (and the client-wide
// retry quota), so a test of retrying code takes no wall time.
func ExampleFake_Client() {
	ctx := context.Background()
	f := ecrfake.New()
	c := f.Client(func(o *ecr.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = ratelimit.None
		})
	})

	// Two throttled attempts, then the third succeeds.
	f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrThrottling()).Times(2))
	out, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Repository.RepositoryUri)

	n, _ := countRepositories(ctx, c)
	fmt.Println(n, "repository")

	_, err = c.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	var notFound *types.RepositoryNotFoundException
	fmt.Println(errors.As(err, &notFound))
	fmt.Println(err)
	// Output:
	// 123456789012.dkr.ecr.us-east-1.amazonaws.com/app
	// 1 repository
	// true
	// operation error ECR: DescribeRepositories, https response error StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000003, RepositoryNotFoundException: The repository with name 'nope' does not exist in the registry with id '123456789012'
}

// Handler serves ECR's wire protocol, for clients in any language: here a
// bare HTTP request, as curl or the AWS CLI would send it, and the Go SDK
// pointed at the server's URL.
func ExampleFake_Handler() {
	f := ecrfake.New()
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"repositoryName":"demo"}`))
	req.Header.Set("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.CreateRepository")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("X-Amzn-RequestId"))
	fmt.Println(strings.Contains(string(body), `"repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/demo"`))

	c := ecr.New(ecr.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	_, err = c.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("demo")})
	fmt.Println(err)
	// Output:
	// 200 OK 00000000-0000-4000-9000-000000000001
	// true
	// operation error ECR: CreateRepository, https response error StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000001, RepositoryAlreadyExistsException: The repository with name 'demo' already exists in the registry with id '123456789012'
}
