package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

func TestScenarioRunOrder(t *testing.T) {
	var trace []string
	sc := scenarios.Scenario{
		Name:    "order",
		Fixture: scenarios.Fixture{Repositories: []scenarios.Repository{{Name: "app", Images: []scenarios.Image{{Tags: []string{"v1"}}}}}},
		Tag:     "v1",
		Steps: []scenarios.Step{
			func(_ context.Context, env *scenarios.Env) error {
				trace = append(trace, fmt.Sprintf("step 1 at %s, %d hooks", env.Clock.Now().Format(time.DateOnly), len(env.Hooks)))
				return nil
			},
			scenarios.Advance(48 * time.Hour),
			func(_ context.Context, env *scenarios.Env) error {
				trace = append(trace, "step 3 at "+env.Clock.Now().Format(time.DateOnly))
				return nil
			},
		},
		Faults: []ecrfake.Fault{ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrServer()).Times(1)},
		Check: func(env *scenarios.Env, err error) error {
			trace = append(trace, fmt.Sprintf("check: %d calls, fault hits %d, err %s", len(env.Calls), env.Hooks[0].Hits(), errorCode(err)))
			// Faults are gone by now: the check sees the registry as it is.
			_, lerr := env.Fake.ListImages(context.Background(), &ecr.ListImagesInput{RepositoryName: &env.Repository})
			return lerr
		},
	}
	err := sc.Run(context.Background(), func(ctx context.Context, env *scenarios.Env) error {
		trace = append(trace, fmt.Sprintf("code: repository %s, tag %s, %d hooks, %d calls so far", env.Repository, env.Tag, len(env.Hooks), len(env.Fake.Calls())))
		_, err := env.Fake.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: &env.Repository})
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"step 1 at 2030-01-01, 0 hooks",
		"step 3 at 2030-01-03",
		"code: repository app, tag v1, 1 hooks, 0 calls so far",
		"check: 1 calls, fault hits 1, err ServerException",
	}, trace)
}

func TestScenarioRunErrors(t *testing.T) {
	notModelled := &types.ValidationException{Message: aws.String("go-ecrfake does not model PutRegistryPolicy yet; see the package documentation")}
	for _, tc := range []struct {
		name         string
		sc           scenarios.Scenario
		fn           scenarios.Func
		want         string
		isNotModeled bool
	}{
		{"nil check wants nil", scenarios.Scenario{Name: "s"},
			func(context.Context, *scenarios.Env) error { return errors.New("boom") }, "scenarios: s: boom", false},
		{"nil check, nil error", scenarios.Scenario{Name: "s"},
			func(context.Context, *scenarios.Env) error { return nil }, "", false},
		{"fixture fails", scenarios.Scenario{Name: "s", Fixture: scenarios.Fixture{Repositories: []scenarios.Repository{{Name: "Bad Name"}}}},
			nil, "scenarios: seed repository Bad Name: operation error ECR: CreateRepository", false},
		{"step fails", scenarios.Scenario{Name: "s", Steps: []scenarios.Step{func(context.Context, *scenarios.Env) error { return errors.New("no") }}},
			nil, "scenarios: s: step 1: no", false},
		{"step meets what is not modelled", scenarios.Scenario{Name: "s", Steps: []scenarios.Step{func(ctx context.Context, env *scenarios.Env) error {
			env.Fake.Inject(ecrfake.Fail(ecrfake.OpDescribeRegistry, notModelled))
			_, err := env.Fake.DescribeRegistry(ctx, nil)
			return err
		}}}, nil, "does not model PutRegistryPolicy", true},
		{"code meets what is not modelled", scenarios.Scenario{Name: "s", Faults: []ecrfake.Fault{ecrfake.Fail(ecrfake.OpStartImageScan, notModelled)}},
			func(ctx context.Context, env *scenarios.Env) error {
				_, err := env.Client().StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")}})
				return fmt.Errorf("wrapped: %v", err) // even with the type lost
			}, "does not model PutRegistryPolicy", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.sc.Run(context.Background(), tc.fn)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, tc.isNotModeled, errors.Is(err, scenarios.ErrNotModelled))
		})
	}
}

// Run skips a scenario that needs what the fake does not model.
func TestRunSkipsWhatIsNotModelled(t *testing.T) {
	ran := false
	notModelled := &types.ValidationException{Message: aws.String("go-ecrfake does not model DescribeRegistry yet")}
	scenarios.Run(t, []scenarios.Scenario{{
		Name: "not-modelled",
		Steps: []scenarios.Step{func(ctx context.Context, env *scenarios.Env) error {
			env.Fake.Inject(ecrfake.Fail(ecrfake.OpDescribeRegistry, notModelled))
			_, err := env.Fake.DescribeRegistry(ctx, nil)
			return err
		}},
	}}, func(context.Context, *scenarios.Env) error { ran = true; return nil })
	assert.False(t, ran)
}

// The same scenario run twice makes the same calls with the same answers.
func TestScenariosRepeat(t *testing.T) {
	record := func(sc scenarios.Scenario, fn scenarios.Func) []string {
		var log []string
		sc.Check = func(env *scenarios.Env, _ error) error {
			for _, c := range env.Calls {
				log = append(log, fmt.Sprintf("%d %s %s %v", c.Seq, c.Time.Format(time.TimeOnly), c.Op, c.Err))
			}
			return nil
		}
		synctest.Test(t, func(t *testing.T) { require.NoError(t, sc.Run(t.Context(), fn)) })
		return log
	}
	serial := func(ctx context.Context, env *scenarios.Env) error {
		return images.Push(ctx, env.Client(), env.Repository, env.Image, images.PushOptions{Tags: []string{env.Tag}, Concurrency: 1})
	}
	// The SDK's waiter jitters its delays unless MinDelay equals MaxDelay.
	steady := func(ctx context.Context, env *scenarios.Env) error {
		c, id := env.Client(), &types.ImageIdentifier{ImageTag: aws.String(env.Tag)}
		if _, err := c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &env.Repository, ImageId: id}); err != nil {
			return err
		}
		return ecr.NewImageScanCompleteWaiter(c, func(o *ecr.ImageScanCompleteWaiterOptions) { o.MinDelay, o.MaxDelay = time.Minute, time.Minute }).
			Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: &env.Repository, ImageId: id}, time.Hour)
	}
	for _, sc := range scenarios.Catalogue() {
		t.Run(sc.Name, func(t *testing.T) {
			fn := goodFuncs[sc.Kind](client)
			switch sc.Kind {
			case scenarios.Push:
				fn = serial
			case scenarios.Scan:
				fn = steady
			}
			first := record(sc, fn)
			assert.NotEmpty(t, first)
			assert.Equal(t, first, record(sc, fn))
		})
	}
}

// The catalogue relies on the SDK's standard retryer retrying what a lost
// response looks like and not retrying expired credentials.
func TestSDKRetriesAsTheCatalogueAssumes(t *testing.T) {
	r := retry.NewStandard()
	for _, tc := range []struct {
		err   error
		retry bool
	}{
		{&smithy.GenericAPIError{Code: "ExpiredTokenException"}, false},
		{&smithy.GenericAPIError{Code: "ThrottlingException"}, true},
		{&types.LimitExceededException{}, true},
		{&types.ImageAlreadyExistsException{}, false},
		{&types.InvalidLayerPartException{}, false},
	} {
		assert.Equal(t, tc.retry, r.IsErrorRetryable(tc.err), "%T %v", tc.err, tc.err)
	}
}

func TestEnvClientRetriesWithoutWaiting(t *testing.T) {
	sc := scenarios.Scenario{
		Name:   "retries",
		Faults: []ecrfake.Fault{ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrThrottling()).Times(2)},
		Check: func(env *scenarios.Env, err error) error {
			if len(env.Calls) != 3 {
				return fmt.Errorf("%d calls", len(env.Calls))
			}
			return err
		},
	}
	// Inside a bubble time.Now is virtual: any backoff sleep would show.
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		require.NoError(t, sc.Run(context.Background(), func(ctx context.Context, env *scenarios.Env) error {
			_, err := env.Client().DescribeRepositories(ctx, nil)
			return err
		}))
		assert.Zero(t, time.Since(start), "the retries waited")
	})
}

func TestFixtureSeed(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
	f := ecrfake.New(ecrfake.WithClock(ecrfake.NewManualClock(now)))
	old, current := images.New(images.Docker, "old", 10), images.New(images.OCI, "current", 10)
	multi := images.Index(images.OCI, "multi", []images.Platform{images.LinuxAMD64, images.LinuxARM64}, 10)
	fx := scenarios.Fixture{Repositories: []scenarios.Repository{
		{
			Name: "app", ScanOnPush: true, ResourceTags: map[string]string{"team": "web"},
			LifecyclePolicy: `{"rules":[{"rulePriority":1,"description":"Keep only the newest untagged image","selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`,
			Images: []scenarios.Image{
				{Image: old, Tags: []string{"latest"}, Age: 40 * 24 * time.Hour, LastPulled: 30 * 24 * time.Hour},
				{Image: current, Tags: []string{"latest", "v2"}, Age: time.Hour},
				{Image: multi, Tags: []string{"multi"}, Age: 24 * time.Hour},
			},
		},
		{Name: "locked", TagMutability: types.ImageTagMutabilityImmutable, Images: []scenarios.Image{{}, {Tags: []string{"v1"}}}},
	}}
	require.NoError(t, fx.Seed(ctx, f))

	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	got := map[string]string{}
	for _, d := range out.ImageDetails {
		pulled := "never"
		if d.LastRecordedPullTime != nil {
			pulled = d.LastRecordedPullTime.Format(time.DateTime)
		}
		got[*d.ImageDigest] = fmt.Sprintf("%v pushed %s pulled %s", d.ImageTags, d.ImagePushedAt.Format(time.DateTime), pulled)
	}
	assert.Equal(t, map[string]string{
		old.Digest:               "[] pushed 2030-04-22 00:00:00 pulled 2030-05-02 00:00:00",
		current.Digest:           "[latest v2] pushed 2030-05-31 23:00:00 pulled never",
		multi.Digest:             "[multi] pushed 2030-05-31 00:00:00 pulled never",
		multi.Children[0].Digest: "[] pushed 2030-05-31 00:00:00 pulled never",
		multi.Children[1].Digest: "[] pushed 2030-05-31 00:00:00 pulled never",
	}, got)

	policy, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Equal(t, fx.Repositories[0].LifecyclePolicy, *policy.LifecyclePolicyText)
	repos, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"app", "locked"}})
	require.NoError(t, err)
	assert.True(t, repos.Repositories[0].ImageScanningConfiguration.ScanOnPush)
	assert.Equal(t, types.ImageTagMutabilityImmutable, repos.Repositories[1].ImageTagMutability)

	// Images without an Image field are generated from the repository name
	// and their position.
	locked, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("locked")})
	require.NoError(t, err)
	require.Len(t, locked.ImageIds, 2)
	assert.Equal(t, images.New(images.Docker, "locked#0", 1024).Digest, *locked.ImageIds[0].ImageDigest)
	assert.Equal(t, images.New(images.Docker, "locked#1", 1024).Digest, *locked.ImageIds[1].ImageDigest)
}

func TestFixtureSeedErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		fx   scenarios.Fixture
		want string
	}{
		{"duplicate repository", scenarios.Fixture{Repositories: []scenarios.Repository{{Name: "ab"}, {Name: "ab"}}}, "RepositoryAlreadyExistsException"},
		{"bad lifecycle policy", scenarios.Fixture{Repositories: []scenarios.Repository{{Name: "ab", LifecyclePolicy: "{}"}}}, "scenarios: seed lifecycle policy of ab:"},
		{"immutable tag taken", scenarios.Fixture{Repositories: []scenarios.Repository{{Name: "ab", TagMutability: types.ImageTagMutabilityImmutable,
			Images: []scenarios.Image{{Tags: []string{"v1"}}, {Tags: []string{"v1"}}}}}}, "scenarios: seed image 1 of ab: images: put "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.fx.Seed(context.Background(), ecrfake.New())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return fmt.Sprint(err)
}
