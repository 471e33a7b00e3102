package scenarios

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// Names of the catalogue's scenarios, in catalogue order.
const (
	ThrottledPagination           = "throttled-pagination"
	RepositoryDeletedWhileListing = "repository-deleted-while-listing"
	ScanQuotaExceeded             = "scan-quota-exceeded"
	ScanFailed                    = "scan-failed"
	ScanStillInProgress           = "scan-still-in-progress"
	TokenExpiresDuringPush        = "token-expires-during-push"
	ImmutableTagConflict          = "immutable-tag-conflict"
	UploadInterruptedAndResumed   = "upload-interrupted-and-resumed"
	PartBelowMinimumSize          = "part-below-minimum-size"
	LostPutImageResponse          = "lost-putimage-response"
	LifecycleExpiresUntagged      = "lifecycle-expires-untagged"
	LifecycleArchivesImage        = "lifecycle-archives-image"
)

// Catalogue returns the built-in scenarios of the given kinds (all of them
// when none is given), fresh values in a fixed order. Each one is a failure
// real ECR users meet; its Doc says what ECR does and what correct code
// does, and its Check holds the code under test to that:
//
//   - List, throttled-pagination: the second page answers
//     ThrottlingException; the code retries that page and lists to the end,
//     or returns an error errors.As finds as the throttling error. Returning
//     nil with pages missing fails.
//   - List, repository-deleted-while-listing: the repository is deleted
//     after the first page; the next page answers
//     RepositoryNotFoundException, which the code must return (errors.As).
//   - Scan, scan-quota-exceeded: the image was scanned on push, so
//     StartImageScan answers LimitExceededException (one scan per image per
//     24 hours); the code returns it, or falls back to the completed scan.
//   - Scan, scan-failed: the scan ends FAILED (an image ECR cannot scan);
//     the code returns an error.
//   - Scan, scan-still-in-progress: the scan takes 48 hours; the code
//     returns an error when its waiting budget runs out. Each
//     DescribeImageScanFindings takes 20ms of the time package's clock
//     (virtual inside a bubble), as a round trip does: the SDK's waiters
//     never run out of budget when polls take no time.
//   - Push, token-expires-during-push: every part takes 10 minutes and the
//     session's credentials expire after an hour, after which every call
//     answers ExpiredTokenException; the code returns that error (errors.As
//     finds a smithy.APIError with its code), so its caller can refresh
//     credentials and push again.
//   - Push, immutable-tag-conflict: the repository is IMMUTABLE and the tag
//     names another image; the code returns ImageTagAlreadyExistsException.
//   - Push, upload-interrupted-and-resumed: a layer part's connection is
//     reset after ECR stored it; a retry of that part answers
//     InvalidLayerPartException with lastValidByteReceived, and the code
//     resumes after that byte (or uploads the layer anew) and finishes the
//     push; returning the transport error is acceptable, returning the
//     InvalidLayerPartException is not.
//   - Push, part-below-minimum-size: parts must be 5 KiB to 10 KiB (ECR's
//     5 MiB to 10 MiB, scaled down); the code sends parts of the partSize
//     InitiateLayerUpload advertises and pushes the image. A part under the
//     minimum fails at CompleteLayerUpload with LayerPartTooSmallException.
//   - Push, lost-putimage-response: PutImage takes effect but its answer is
//     a ServerException; the retry answers ImageAlreadyExistsException,
//     which means success. Returning it fails; returning the ServerException
//     (no retry) is acceptable.
//   - Pull, lifecycle-expires-untagged: a policy expires untagged images 14
//     days after their push; the image lost its tag to a newer build and the
//     clock moves 15 days, so the policy expires it. BatchGetImage answers a
//     missing image with a failure, not an error: the code must return an
//     error all the same.
//   - Pull, lifecycle-archives-image: a policy moves images pushed more than
//     30 days ago to the archive storage class; 31 days pass and the policy
//     archives the image. An archived image cannot be pulled: BatchGetImage
//     answers an ImageInaccessible failure, not an error, and the code must
//     return an error (so its caller can restore the image with
//     UpdateImageStorageClass, or push it again).
//
// The scan and lifecycle entries need the fake's scanning and lifecycle
// models; where an operation answers that it is not modelled, Scenario.Run
// returns ErrNotModelled and Run skips the scenario.
func Catalogue(kinds ...Kind) []Scenario {
	all := []Scenario{
		throttledPagination(), repositoryDeletedWhileListing(),
		scanQuotaExceeded(), scanFailed(), scanStillInProgress(),
		tokenExpiresDuringPush(), immutableTagConflict(), uploadInterruptedAndResumed(),
		partBelowMinimumSize(), lostPutImageResponse(),
		lifecycleExpiresUntagged(), lifecycleArchivesImage(),
	}
	if len(kinds) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(sc Scenario) bool { return !slices.Contains(kinds, sc.Kind) })
}

// listFixture is a repository of five tagged images: three pages of two.
func listFixture() Fixture {
	r := Repository{Name: "app"}
	for i := 1; i <= 5; i++ {
		r.Images = append(r.Images, Image{Tags: []string{fmt.Sprintf("v%d", i)}})
	}
	return Fixture{Repositories: []Repository{r}}
}

// pageSize is the page size of the listing scenarios.
const pageSize int32 = 2

// shortPages makes every listing of env.Repository return at most n images
// a page, whatever maxResults asks for (ECR may return fewer; code must
// follow nextToken, not count).
func shortPages(n int32) Step {
	return func(_ context.Context, env *Env) error {
		repo := env.Repository
		capped := func(max *int32) *int32 {
			if max == nil || *max > n {
				return &n
			}
			return max
		}
		ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.ListImagesInput,
			next func(context.Context, *ecr.ListImagesInput) (*ecr.ListImagesOutput, error)) (*ecr.ListImagesOutput, error) {
			if aws.ToString(in.RepositoryName) == repo {
				cp := *in
				cp.MaxResults = capped(in.MaxResults)
				in = &cp
			}
			return next(ctx, in)
		})
		ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.DescribeImagesInput,
			next func(context.Context, *ecr.DescribeImagesInput) (*ecr.DescribeImagesOutput, error)) (*ecr.DescribeImagesOutput, error) {
			if aws.ToString(in.RepositoryName) == repo && len(in.ImageIds) == 0 {
				cp := *in
				cp.MaxResults = capped(in.MaxResults)
				in = &cp
			}
			return next(ctx, in)
		})
		return nil
	}
}

func throttledPagination() Scenario {
	return Scenario{
		Name: ThrottledPagination, Kind: List,
		Doc: "ECR throttles a listing mid-way (ThrottlingException on the second page). The SDK client retries it; " +
			"code calling an API without retries must retry the page or return the error, never return a partial listing.",
		Fixture: listFixture(),
		Steps:   []Step{shortPages(pageSize)},
		Faults: []ecrfake.Fault{
			ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrThrottling()).ForRepository("app").OnCall(2),
			ecrfake.Fail(ecrfake.OpDescribeImages, ecrfake.ErrThrottling()).ForRepository("app").OnCall(2),
		},
		Check: func(env *Env, err error) error {
			calls := listings(env)
			i := slices.IndexFunc(calls, func(c ecrfake.Call) bool { return errorCode(c.Err) == "ThrottlingException" })
			if i < 0 {
				return errNeverPaged(calls)
			}
			if err != nil {
				if errorCode(err) == "ThrottlingException" {
					return nil
				}
				return fmt.Errorf("after a throttled page the code returned %v; want the listing finished, or an error errors.As finds as the ThrottlingException", err)
			}
			for _, c := range calls[i+1:] {
				if c.Op == calls[i].Op && c.Err == nil && nextToken(c) == nil {
					return nil
				}
			}
			return errors.New("the code returned nil after a throttled page without listing to the end: it dropped the remaining pages")
		},
	}
}

func repositoryDeletedWhileListing() Scenario {
	deleteAfterFirstPage := func(_ context.Context, env *Env) error {
		repo := env.Repository
		var deleted atomic.Bool
		gone := func(ctx context.Context) {
			if !deleted.Swap(true) {
				_, _ = env.Fake.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: &repo, Force: true})
			}
		}
		ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.ListImagesInput,
			next func(context.Context, *ecr.ListImagesInput) (*ecr.ListImagesOutput, error)) (*ecr.ListImagesOutput, error) {
			out, err := next(ctx, in)
			if err == nil && aws.ToString(in.RepositoryName) == repo {
				gone(ctx)
			}
			return out, err
		})
		ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.DescribeImagesInput,
			next func(context.Context, *ecr.DescribeImagesInput) (*ecr.DescribeImagesOutput, error)) (*ecr.DescribeImagesOutput, error) {
			out, err := next(ctx, in)
			if err == nil && aws.ToString(in.RepositoryName) == repo && len(in.ImageIds) == 0 {
				gone(ctx)
			}
			return out, err
		})
		return nil
	}
	return Scenario{
		Name: RepositoryDeletedWhileListing, Kind: List,
		Doc: "Another actor deletes the repository after the first page; the next page answers RepositoryNotFoundException. " +
			"The listing is incomplete: return the error (errors.As finds *types.RepositoryNotFoundException) so the caller can tell.",
		Fixture: listFixture(),
		Steps:   []Step{shortPages(pageSize), deleteAfterFirstPage},
		Check: func(env *Env, err error) error {
			calls := listings(env)
			if !slices.ContainsFunc(calls, resumes) {
				return errNeverPaged(calls)
			}
			var notFound *types.RepositoryNotFoundException
			switch {
			case errors.As(err, &notFound):
				return nil
			case err == nil:
				return errors.New("the code returned nil though the repository was deleted after the first page: the caller cannot tell the listing is incomplete")
			}
			return fmt.Errorf("the code returned %v; want an error errors.As finds as *types.RepositoryNotFoundException", err)
		},
	}
}

// listings are the calls that list env.Repository's images.
func listings(env *Env) []ecrfake.Call {
	var out []ecrfake.Call
	for _, c := range env.Calls {
		switch in := c.Input.(type) {
		case *ecr.ListImagesInput:
			if aws.ToString(in.RepositoryName) == env.Repository {
				out = append(out, c)
			}
		case *ecr.DescribeImagesInput:
			if aws.ToString(in.RepositoryName) == env.Repository && len(in.ImageIds) == 0 {
				out = append(out, c)
			}
		}
	}
	return out
}

// resumes reports whether a listing call asked for a page after the first.
func resumes(c ecrfake.Call) bool {
	switch in := c.Input.(type) {
	case *ecr.ListImagesInput:
		return in.NextToken != nil
	case *ecr.DescribeImagesInput:
		return in.NextToken != nil
	}
	return false
}

// nextToken is the nextToken a listing call answered.
func nextToken(c ecrfake.Call) *string {
	switch out := c.Output.(type) {
	case *ecr.ListImagesOutput:
		return out.NextToken
	case *ecr.DescribeImagesOutput:
		return out.NextToken
	}
	return nil
}

func errNeverPaged(calls []ecrfake.Call) error {
	return fmt.Errorf("the code made %d listing calls and never asked for a second page (pages hold %d images here, of 5): "+
		"list the repository with ListImages or DescribeImages and follow nextToken", len(calls), pageSize)
}

// scanFixture is repository app with one image tagged v1.
func scanFixture(img *images.Image, scanOnPush bool) Fixture {
	return Fixture{Repositories: []Repository{{Name: "app", ScanOnPush: scanOnPush, Images: []Image{{Image: img, Tags: []string{"v1"}}}}}}
}

// scanStatuses are the statuses DescribeImageScanFindings reported to the
// code under test.
func scanStatuses(env *Env) []types.ScanStatus {
	var out []types.ScanStatus
	for _, c := range env.Calls {
		if o, ok := c.Output.(*ecr.DescribeImageScanFindingsOutput); ok && o.ImageScanStatus != nil {
			out = append(out, o.ImageScanStatus.Status)
		}
	}
	return out
}

func scanQuotaExceeded() Scenario {
	img := images.New(images.Docker, "scanned-on-push", 1024)
	return Scenario{
		Name: ScanQuotaExceeded, Kind: Scan,
		Doc: "The image was scanned on push, and ECR scans an image at most once in 24 hours: StartImageScan answers LimitExceededException " +
			"(\"The scan quota per image has been exceeded. Wait and try again.\"), which the SDK client retries as throttling and then returns. " +
			"Return it, or read the scan that exists.",
		Options: []ecrfake.Option{ecrfake.WithScanDuration(0)},
		Fixture: scanFixture(img, true), Tag: "v1", Image: img,
		Check: func(env *Env, err error) error {
			var limit *types.LimitExceededException
			switch {
			case errors.As(err, &limit):
				return nil
			case err == nil && slices.Contains(scanStatuses(env), types.ScanStatusComplete):
				return nil
			case err == nil:
				return errors.New("the code returned nil without reading a completed scan: StartImageScan answered LimitExceededException")
			}
			return fmt.Errorf("the code returned %v; want nil after reading the completed scan on push, or an error errors.As finds as *types.LimitExceededException", err)
		},
	}
}

func scanFailed() Scenario {
	img := images.New(images.Docker, "scratch") // no layers: ECR cannot scan it
	return Scenario{
		Name: ScanFailed, Kind: Scan,
		Doc: "The scan ends FAILED (\"UnsupportedImageError: The operating system and/or package manager are not supported.\"); " +
			"the ImageScanComplete waiter fails. A failed scan is not a clean one: return an error.",
		Options: []ecrfake.Option{ecrfake.WithScanDuration(0)},
		Fixture: scanFixture(img, false), Tag: "v1", Image: img,
		Check: func(env *Env, err error) error {
			saw := slices.Contains(scanStatuses(env), types.ScanStatusFailed)
			switch {
			case err == nil:
				return errors.New("the code returned nil for a scan that FAILED")
			case !saw:
				return fmt.Errorf("the code returned %v without ever reading the scan's status", err)
			}
			return nil
		},
	}
}

// pollLatency makes every DescribeImageScanFindings take 20ms of the time
// package's clock, as a round trip to ECR does. The SDK's waiters need it:
// they subtract each poll's duration from their budget, and when polls take
// no time at all (the fake, inside a testing/synctest bubble) a waiter whose
// status never changes ends up polling forever with zero delays. Inside a
// bubble the 20ms are virtual.
func pollLatency(_ context.Context, env *Env) error {
	ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.DescribeImageScanFindingsInput,
		next func(context.Context, *ecr.DescribeImageScanFindingsInput) (*ecr.DescribeImageScanFindingsOutput, error)) (*ecr.DescribeImageScanFindingsOutput, error) {
		time.Sleep(20 * time.Millisecond)
		return next(ctx, in)
	})
	return nil
}

func scanStillInProgress() Scenario {
	img := images.New(images.Docker, "slow-scan", 1024)
	return Scenario{
		Name: ScanStillInProgress, Kind: Scan,
		Doc: "The scan is still IN_PROGRESS when the code's waiting budget runs out (here it takes 48 hours); " +
			"an unfinished scan is not a clean one: return an error.",
		Options: []ecrfake.Option{ecrfake.WithScanDuration(48 * time.Hour)},
		Fixture: scanFixture(img, false), Tag: "v1", Image: img,
		Steps: []Step{pollLatency},
		Check: func(env *Env, err error) error {
			saw := slices.Contains(scanStatuses(env), types.ScanStatusInProgress)
			switch {
			case err == nil:
				return errors.New("the code returned nil while the scan was still IN_PROGRESS")
			case !saw:
				return fmt.Errorf("the code returned %v without ever reading the scan's status", err)
			}
			return nil
		},
	}
}

// pushed checks that env.Image is in env.Repository, tagged env.Tag, with
// every blob intact.
func pushed(env *Env) error {
	ref := env.Tag
	if ref == "" {
		ref = env.Image.Digest
	}
	got, err := images.Pull(context.Background(), env.Fake, env.Repository, ref, images.PullOptions{Blob: env.Fake.Blob})
	switch {
	case err != nil:
		return fmt.Errorf("the code returned nil, but the image is not there: %w", err)
	case got.Digest != env.Image.Digest:
		return fmt.Errorf("the code returned nil, but %s:%s is %s, not the image pushed (%s)", env.Repository, ref, got.Digest, env.Image.Digest)
	}
	return nil
}

// sessionExpiresAfter makes every operation answer ExpiredTokenException
// once the clock has passed d from now. The clock moves only in
// UploadLayerPart (a Delay fault), so that is where expiry is noticed.
func sessionExpiresAfter(d time.Duration) Step {
	return func(_ context.Context, env *Env) error {
		deadline := env.Clock.Now().Add(d)
		var once sync.Once
		ecrfake.Intercept(env.Fake, func(ctx context.Context, in *ecr.UploadLayerPartInput,
			next func(context.Context, *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error)) (*ecr.UploadLayerPartOutput, error) {
			out, err := next(ctx, in)
			if !env.Clock.Now().Before(deadline) {
				once.Do(func() {
					for _, op := range ecrfake.Ops() {
						env.Fake.Inject(ecrfake.Fail(op, ecrfake.ErrExpiredToken()))
					}
				})
			}
			return out, err
		})
		return nil
	}
}

// smallParts scales ECR's part sizes (5 MiB minimum, 10 MiB advertised and
// maximum) down 1024 times, so multi-part layers stay small.
var smallParts = ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 5 << 10, MaxLayerPartSize: 10 << 10})

func tokenExpiresDuringPush() Scenario {
	return Scenario{
		Name: TokenExpiresDuringPush, Kind: Push,
		Doc: "A push outlives the session credentials: each part takes 10 minutes, the credentials expire after an hour, " +
			"and from then on every call answers ExpiredTokenException, which the SDK does not retry. " +
			"Return it, so errors.As finds a smithy.APIError with that code and the caller can refresh credentials and push again.",
		Options: []ecrfake.Option{smallParts},
		Tag:     "v1", Image: images.New(images.Docker, "long-push", 60<<10, 60<<10),
		Fixture: Fixture{Repositories: []Repository{{Name: "app"}}},
		Steps:   []Step{sessionExpiresAfter(time.Hour)},
		Faults:  []ecrfake.Fault{ecrfake.Delay(ecrfake.OpUploadLayerPart, 10*time.Minute)},
		Check: func(env *Env, err error) error {
			switch {
			case errorCode(err) == "ExpiredTokenException":
				return nil
			case err == nil:
				return pushed(env)
			}
			return fmt.Errorf("the code returned %v; want an error errors.As finds as a smithy.APIError with code ExpiredTokenException", err)
		},
	}
}

func immutableTagConflict() Scenario {
	old := images.New(images.Docker, "release-1", 1024)
	return Scenario{
		Name: ImmutableTagConflict, Kind: Push,
		Doc: "The repository's tags are IMMUTABLE and the tag already names another image: PutImage answers ImageTagAlreadyExistsException. " +
			"Return it (errors.As); the tag keeps its image.",
		Fixture: Fixture{Repositories: []Repository{{
			Name: "app", TagMutability: types.ImageTagMutabilityImmutable,
			Images: []Image{{Image: old, Tags: []string{"v1"}}},
		}}},
		Tag: "v1", Image: images.New(images.Docker, "release-2", 1024),
		Check: func(env *Env, err error) error {
			var taken *types.ImageTagAlreadyExistsException
			switch {
			case errors.As(err, &taken):
				return nil
			case err == nil:
				return fmt.Errorf("the code returned nil, but v1 is immutable and names %s", old.Digest)
			}
			return fmt.Errorf("the code returned %v; want an error errors.As finds as *types.ImageTagAlreadyExistsException", err)
		},
	}
}

func uploadInterruptedAndResumed() Scenario {
	return Scenario{
		Name: UploadInterruptedAndResumed, Kind: Push,
		Doc: "The connection drops after ECR stored a layer part (the second part of a layer). The SDK client retries the part, " +
			"and ECR answers InvalidLayerPartException with lastValidByteReceived, the part's last byte: continue after it " +
			"(or start the layer's upload anew) and finish the push.",
		Options: []ecrfake.Option{smallParts},
		Fixture: Fixture{Repositories: []Repository{{Name: "app"}}},
		Tag:     "v1", Image: images.New(images.Docker, "interrupted", 25<<10, 25<<10),
		Faults: []ecrfake.Fault{
			ecrfake.FailWhen(func(in *ecr.UploadLayerPartInput) bool { return aws.ToInt64(in.PartFirstByte) == 10<<10 },
				ecrfake.ErrConnectionReset()).AfterCommit().Times(1),
		},
		Check: func(env *Env, err error) error {
			var bad *types.InvalidLayerPartException
			var transport *ecrfake.TransportError
			switch {
			case errors.As(err, &bad):
				return fmt.Errorf("the code gave up on InvalidLayerPartException (lastValidByteReceived %d) after a part ECR had stored: "+
					"continue the upload after that byte: %w", aws.ToInt64(bad.LastValidByteReceived), err)
			case env.Hooks[0].Hits() == 0:
				return fmt.Errorf("the code returned %v without sending a part that starts at byte %d", err, 10<<10)
			case errors.As(err, &transport):
				return nil
			case err == nil:
				return pushed(env)
			}
			return fmt.Errorf("the code returned %v; want the push finished", err)
		},
	}
}

func partBelowMinimumSize() Scenario {
	return Scenario{
		Name: PartBelowMinimumSize, Kind: Push,
		Doc: "Every layer part but the last must be at least 5 MiB (5 KiB here) and at most 10 MiB (10 KiB here); " +
			"a short part fails only at CompleteLayerUpload, with LayerPartTooSmallException. Send parts of the partSize " +
			"InitiateLayerUpload advertises and push the image.",
		Options: []ecrfake.Option{smallParts},
		Fixture: Fixture{Repositories: []Repository{{Name: "app"}}},
		Tag:     "v1", Image: images.New(images.Docker, "parts", 25<<10, 12<<10),
		Check: func(env *Env, err error) error {
			var small *types.LayerPartTooSmallException
			var bad *types.InvalidLayerPartException
			switch {
			case err == nil:
				return pushed(env)
			case errors.As(err, &small):
				return fmt.Errorf("the code sent a part below the minimum size: send parts of the partSize InitiateLayerUpload advertises: %w", err)
			case errors.As(err, &bad):
				return fmt.Errorf("the code sent a part ECR rejects: send parts of the partSize InitiateLayerUpload advertises: %w", err)
			}
			return fmt.Errorf("the code returned %v; want the push finished", err)
		},
	}
}

func lostPutImageResponse() Scenario {
	return Scenario{
		Name: LostPutImageResponse, Kind: Push,
		Doc: "PutImage takes effect but its response is lost (ServerException). The SDK client retries, and the retry answers " +
			"ImageAlreadyExistsException: the first attempt succeeded, so the push is done. Code without retries may return the ServerException.",
		Fixture: Fixture{Repositories: []Repository{{Name: "app"}}},
		Tag:     "v1", Image: images.New(images.Docker, "lost-response", 1024),
		Faults: []ecrfake.Fault{ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrServer()).AfterCommit().Times(1)},
		Check: func(env *Env, err error) error {
			var exists *types.ImageAlreadyExistsException
			var server *types.ServerException
			switch {
			case errors.As(err, &exists):
				return fmt.Errorf("the code failed on ImageAlreadyExistsException after a PutImage whose response was lost: "+
					"ECR says the image already has the tag, so the push succeeded: %w", err)
			case errors.As(err, &server):
				return nil
			case err == nil:
				return pushed(env)
			}
			return fmt.Errorf("the code returned %v; want the push finished", err)
		},
	}
}

// expireUntagged14Days is the ECR user guide's "expire untagged images
// older than 14 days" policy.
const expireUntagged14Days = `{"rules":[{"rulePriority":1,"description":"Expire untagged images older than 14 days",` +
	`"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`

// runLifecycle runs the stored lifecycle policy of the repository, as ECR
// does once a day.
func runLifecycle(repository string) Step {
	return func(_ context.Context, env *Env) error {
		_, err := env.Fake.RunLifecyclePolicies(repository)
		return err
	}
}

func lifecycleExpiresUntagged() Scenario {
	build1, build2 := images.New(images.Docker, "build-1", 1024), images.New(images.Docker, "build-2", 1024)
	return Scenario{
		Name: LifecycleExpiresUntagged, Kind: Pull,
		Doc: "A lifecycle policy expires untagged images 14 days after their push. A build lost its tag to a newer one, " +
			"15 days pass, and the policy deletes it. BatchGetImage answers an image that is gone with an ImageNotFound failure " +
			"in Failures, not an error: return an error all the same.",
		Fixture: Fixture{Repositories: []Repository{{
			Name: "app", LifecyclePolicy: expireUntagged14Days,
			Images: []Image{{Image: build1, Tags: []string{"latest"}}, {Image: build2, Tags: []string{"latest"}}},
		}}},
		Image: build1,
		Steps: []Step{Advance(15 * 24 * time.Hour), runLifecycle("app")},
		Check: wantPullError(build1.Digest, "which the lifecycle policy expired: read BatchGetImage's Failures"),
	}
}

// archivePushed30Days archives images pushed more than 30 days ago, as the
// ECR user guide's archive examples do.
const archivePushed30Days = `{"rules":[{"rulePriority":1,"description":"Archive images pushed more than 30 days ago",` +
	`"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":30},"action":{"type":"transition","targetStorageClass":"archive"}}]}`

func lifecycleArchivesImage() Scenario {
	build := images.New(images.Docker, "build-1", 1024)
	return Scenario{
		Name: LifecycleArchivesImage, Kind: Pull,
		Doc: "A lifecycle policy archives images 30 days after their push. 31 days pass and the policy archives the image. " +
			"BatchGetImage answers an archived image with an ImageInaccessible failure in Failures, not an error: return an error " +
			"all the same, so the caller can restore the image (UpdateImageStorageClass) or push it again.",
		Fixture: Fixture{Repositories: []Repository{{
			Name: "app", LifecyclePolicy: archivePushed30Days,
			Images: []Image{{Image: build, Tags: []string{"v1"}}},
		}}},
		Image: build,
		Steps: []Step{Advance(31 * 24 * time.Hour), runLifecycle("app")},
		Check: wantPullError(build.Digest, "which the lifecycle policy archived: read BatchGetImage's Failures (ImageInaccessible)"),
	}
}

// wantPullError is the Check of a pull the code cannot complete: it must
// return an error; why says what the code missed.
func wantPullError(digest, why string) func(*Env, error) error {
	return func(_ *Env, err error) error {
		if err == nil {
			return fmt.Errorf("the code returned nil for %s, %s", digest, why)
		}
		return nil
	}
}

// errorCode is the API error code in err's chain, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
