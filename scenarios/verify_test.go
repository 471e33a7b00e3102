package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios"
)

// The fake passes its own conformance checks through both front ends, inside
// a bubble where the default clock and the SDK's waiters cost no wall time.
func TestVerifyFake(t *testing.T) {
	for _, tc := range []struct {
		name string
		api  func(*ecrfake.Fake) scenarios.API
	}{
		{"direct", func(f *ecrfake.Fake) scenarios.API { return f }},
		{"client", func(f *ecrfake.Fake) scenarios.API { return f.Client() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var skipped []string
				err := scenarios.Verify(t.Context(), tc.api(ecrfake.New()), &scenarios.VerifyOptions{
					Logf: func(format string, args ...any) { skipped = append(skipped, fmt.Sprintf(format, args...)) },
				})
				require.NoError(t, err)
				if tc.name == "client" {
					assert.Equal(t, []string{"scenarios.Verify: lifecycle-expires-untagged: skipped the days rule: the client cannot date images (SetImageTimes)"}, skipped)
				} else {
					assert.Empty(t, skipped)
				}
			})
		})
	}
}

// Outside a bubble, a ManualClock and a Sleep that advances it make Verify
// as fast and exact.
func TestVerifyManualClock(t *testing.T) {
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	err := scenarios.Verify(context.Background(), f, &scenarios.VerifyOptions{
		Prefix: "custom",
		Sleep:  func(_ context.Context, d time.Duration) error { clock.Advance(d); return nil },
	})
	require.NoError(t, err)
	assert.True(t, clock.Now().After(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), "Verify waited on the fake clock")
	repos, err := f.DescribeRepositories(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, repos.Repositories, "Verify deletes what it creates")
	names := map[string]bool{}
	for _, in := range ecrfake.CallsOf[ecr.CreateRepositoryInput](f) {
		names[*in.RepositoryName] = true
	}
	assert.Contains(t, names, "custom/scan-failed")
}

// A client that behaves otherwise than the scenarios assume fails the check
// of that assumption, and only that one.
func TestVerifyCatchesDeviations(t *testing.T) {
	for _, tc := range []struct {
		name    string
		deviate func(f *ecrfake.Fake)
		want    string
	}{
		{"pages that shift", func(f *ecrfake.Fake) {
			n := 0
			ecrfake.Intercept(f, func(ctx context.Context, in *ecr.ListImagesInput,
				next func(context.Context, *ecr.ListImagesInput) (*ecr.ListImagesOutput, error)) (*ecr.ListImagesOutput, error) {
				out, err := next(ctx, in)
				if n++; err == nil && n == 3 && len(out.ImageIds) > 0 {
					out.ImageIds = out.ImageIds[1:]
				}
				return out, err
			})
		}, "throttled-pagination: the same nextToken gave two different pages"},
		{"another quota text", func(f *ecrfake.Fake) {
			f.Inject(ecrfake.Fail(ecrfake.OpStartImageScan, &types.LimitExceededException{Message: aws.String("Slow down")}).OnCall(2))
		}, `scan-quota-exceeded: a second StartImageScan: message "Slow down"; want "The scan quota per image has been exceeded. Wait and try again."`},
		{"tags that move", func(f *ecrfake.Fake) {
			f.Inject(ecrfake.FailWhen(func(in *ecr.PutImageInput) bool {
				return strings.Contains(*in.RepositoryName, "immutable") && in.ImageTag != nil && *in.ImageTag == "v1"
			},
				&types.ImageAlreadyExistsException{Message: aws.String("x")}).OnCall(2))
		}, "immutable-tag-conflict: PutImage moving an immutable tag: got operation error ECR: PutImage"},
		{"parts accepted twice", func(f *ecrfake.Fake) {
			ecrfake.Intercept(f, func(ctx context.Context, in *ecr.UploadLayerPartInput,
				next func(context.Context, *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error)) (*ecr.UploadLayerPartOutput, error) {
				out, err := next(ctx, in)
				var bad *types.InvalidLayerPartException
				if errors.As(err, &bad) {
					return &ecr.UploadLayerPartOutput{}, nil
				}
				return out, err
			})
		}, "upload-interrupted-and-resumed: the first part sent again succeeded; want *types.InvalidLayerPartException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := ecrfake.New()
				tc.deviate(f)
				err := scenarios.Verify(t.Context(), f, nil)
				require.Error(t, err)
				assert.Truef(t, strings.HasPrefix(err.Error(), tc.want), "got %v", err)
				assert.NotContains(t, err.Error(), "\n", "one check fails")
			})
		})
	}
}

// Checks that meet "does not model" are skipped and reported, not failed.
func TestVerifySkipsWhatIsNotModelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := ecrfake.New()
		notModelled := &types.ValidationException{Message: aws.String("go-ecrfake does not model StartImageScan yet")}
		f.Inject(ecrfake.Fail(ecrfake.OpStartImageScan, notModelled))
		var logs []string
		err := scenarios.Verify(t.Context(), f, &scenarios.VerifyOptions{Logf: func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) }})
		require.NoError(t, err)
		require.Len(t, logs, 3)
		for i, name := range []string{scenarios.ScanQuotaExceeded, scenarios.ScanFailed, scenarios.ScanStillInProgress} {
			assert.Contains(t, logs[i], "scenarios.Verify: "+name+": skipped: operation error ECR: StartImageScan")
			assert.Contains(t, logs[i], "does not model")
		}
	})
}

// TestVerifyRealECR runs the same checks against real ECR when
// ECRFAKE_REAL_ECR=1. It reads credentials from AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN and the region from AWS_REGION
// (or AWS_DEFAULT_REGION), with the SDK core only. The registry must use
// BASIC scanning; the run creates and deletes repositories under
// ecrfake-verify/ and takes a few minutes.
func TestVerifyRealECR(t *testing.T) {
	if os.Getenv("ECRFAKE_REAL_ECR") != "1" {
		t.Skip("set ECRFAKE_REAL_ECR=1 (and AWS credentials) to run the checks against real ECR")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	creds := aws.Credentials{
		AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: os.Getenv("AWS_SESSION_TOKEN"), Source: "environment",
	}
	require.NotEmpty(t, region, "AWS_REGION")
	require.NotEmpty(t, creds.AccessKeyID, "AWS_ACCESS_KEY_ID")
	c := ecr.New(ecr.Options{
		Region: region,
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return creds, nil
		})),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	require.NoError(t, scenarios.Verify(ctx, c, &scenarios.VerifyOptions{Logf: t.Logf}))
}
