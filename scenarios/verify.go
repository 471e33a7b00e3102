package scenarios

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// API is the part of the ECR API that Verify uses. *ecr.Client and
// *ecrfake.Fake satisfy it, as does the *ecr.Client of (*ecrfake.Fake).Client.
type API interface {
	images.PushAPI
	images.PullAPI
	CreateRepository(context.Context, *ecr.CreateRepositoryInput, ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error)
	DeleteRepository(context.Context, *ecr.DeleteRepositoryInput, ...func(*ecr.Options)) (*ecr.DeleteRepositoryOutput, error)
	ListImages(context.Context, *ecr.ListImagesInput, ...func(*ecr.Options)) (*ecr.ListImagesOutput, error)
	StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error)
	DescribeImageScanFindings(context.Context, *ecr.DescribeImageScanFindingsInput, ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error)
	PutLifecyclePolicy(context.Context, *ecr.PutLifecyclePolicyInput, ...func(*ecr.Options)) (*ecr.PutLifecyclePolicyOutput, error)
	StartLifecyclePolicyPreview(context.Context, *ecr.StartLifecyclePolicyPreviewInput, ...func(*ecr.Options)) (*ecr.StartLifecyclePolicyPreviewOutput, error)
	GetLifecyclePolicyPreview(context.Context, *ecr.GetLifecyclePolicyPreviewInput, ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyPreviewOutput, error)
	GetAuthorizationToken(context.Context, *ecr.GetAuthorizationTokenInput, ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error)
}

// imageAger is what a client needs for Verify to date images: the fake has
// it (SetImageTimes); real ECR has nothing like it.
type imageAger interface {
	SetImageTimes(repository, digest string, pushedAt, lastPulledAt time.Time) error
}

// VerifyOptions tune Verify; nil means the defaults.
type VerifyOptions struct {
	// Prefix starts the name of every repository Verify creates
	// ("<Prefix>/<scenario name>"); default "ecrfake-verify". A repository of
	// that name left by an earlier run is deleted first. Verify deletes each
	// repository when its check ends.
	Prefix string
	// Sleep waits between two polls of a scan or a lifecycle preview, and
	// between two pushes whose order must show in their push times. The
	// default sleeps d, or less if ctx ends: in real time, or in virtual time
	// inside a testing/synctest bubble. Against a fake with a ManualClock,
	// advance the clock instead: func(context.Context, d) error { clock.Advance(d); return nil }.
	Sleep func(ctx context.Context, d time.Duration) error
	// Poll is the time between two polls (default 5s), and Timeout the
	// longest Verify waits for one scan or preview (default 10 minutes).
	Poll, Timeout time.Duration
	// Logf, when set, receives a line for every check or part of a check
	// that was skipped, and why.
	Logf func(format string, args ...any)
}

// Verify checks that c behaves the way the catalogue's scenarios assume ECR
// behaves, so that the same assumptions can be tested against the fake and
// against real ECR (gofakes3 calls these assumption tests). It runs one check
// per catalogue entry, named after it, using only what real ECR can be made to
// do; the faults the scenarios inject are the fake's business:
//
//   - throttled-pagination: a ListImages page asked for twice with the same
//     nextToken is the same page (what a retry relies on), and the pages
//     list every image once;
//   - repository-deleted-while-listing: the nextToken of a deleted
//     repository answers RepositoryNotFoundException;
//   - scan-quota-exceeded: a second StartImageScan of an image within 24
//     hours answers LimitExceededException "The scan quota per image has been
//     exceeded. Wait and try again.";
//   - scan-failed: the basic scan of an image without layers ends FAILED,
//     and the ImageScanComplete waiter returns an error;
//   - scan-still-in-progress: right after StartImageScan the scan is
//     IN_PROGRESS, and the ImageScanComplete waiter with a 1ms budget returns
//     an error;
//   - token-expires-during-push: an authorization token expires 12 hours
//     after it is issued (within 5 minutes);
//   - immutable-tag-conflict: in an IMMUTABLE repository, PutImage of
//     another image with a taken tag answers ImageTagAlreadyExistsException
//     and leaves the tag alone;
//   - upload-interrupted-and-resumed: a layer part sent again answers
//     InvalidLayerPartException whose lastValidByteReceived is the part's
//     last byte, and the upload continues after it;
//   - part-below-minimum-size: CompleteLayerUpload of an upload whose first
//     part is under 5 MiB answers LayerPartTooSmallException;
//   - lost-putimage-response: PutImage of an image with the tag it already
//     has, and of an existing image without a tag, answer
//     ImageAlreadyExistsException;
//   - lifecycle-expires-untagged: a lifecycle preview of "keep one untagged
//     image" expires the older of two untagged images and neither the newer
//     one nor a tagged one; if c can date images (the fake's SetImageTimes),
//     a preview of "expire untagged images after 14 days" expires an untagged
//     image pushed 20 days ago and nothing pushed now.
//
// Verify creates repositories and pushes small images; against real ECR it
// needs a registry with BASIC scanning and permission to create and delete
// repositories, takes a few minutes (scans), and costs what those pushes and
// scans cost. It returns nil, or the failed checks joined (errors.Join),
// each as "<name>: <what went wrong>". A check that meets an operation the
// client answers as not modelled (the fake's ValidationException "does not
// model") is skipped, not failed, and reported to Logf.
func Verify(ctx context.Context, c API, opts *VerifyOptions) error {
	v := &verifier{api: c, opts: VerifyOptions{}}
	if opts != nil {
		v.opts = *opts
	}
	o := &v.opts
	if o.Prefix == "" {
		o.Prefix = "ecrfake-verify"
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	var errs []error
	for _, ck := range verifyChecks {
		v.name = ck.name
		err := v.withRepository(ctx, ck)
		switch {
		case ecrfake.IsNotModelled(err):
			o.Logf("scenarios.Verify: %s: skipped: %v", ck.name, err)
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", ck.name, err))
		}
	}
	return errors.Join(errs...)
}

type verifyCheck struct {
	name       string
	mutability types.ImageTagMutability
	run        func(ctx context.Context, v *verifier, repo string) error
}

var verifyChecks = []verifyCheck{
	{ThrottledPagination, "", verifyPagination},
	{RepositoryDeletedWhileListing, "", verifyDeletedWhileListing},
	{ScanQuotaExceeded, "", verifyScanQuota},
	{ScanFailed, "", verifyScanFailed},
	{ScanStillInProgress, "", verifyScanInProgress},
	{TokenExpiresDuringPush, "", verifyTokenExpiry},
	{ImmutableTagConflict, types.ImageTagMutabilityImmutable, verifyImmutableTag},
	{UploadInterruptedAndResumed, "", verifyResume},
	{PartBelowMinimumSize, "", verifyPartTooSmall},
	{LostPutImageResponse, "", verifyImageAlreadyExists},
	{LifecycleExpiresUntagged, "", verifyLifecycle},
}

type verifier struct {
	api  API
	opts VerifyOptions
	name string // the check running

	created time.Time // the repository's createdAt: the service's clock
}

// withRepository runs the check on a new repository and deletes it after.
func (v *verifier) withRepository(ctx context.Context, ck verifyCheck) error {
	repo := v.opts.Prefix + "/" + ck.name
	in := &ecr.CreateRepositoryInput{RepositoryName: &repo, ImageTagMutability: ck.mutability}
	out, err := v.api.CreateRepository(ctx, in)
	var exists *types.RepositoryAlreadyExistsException
	if errors.As(err, &exists) { // left over from an interrupted run
		v.deleteRepository(ctx, repo)
		out, err = v.api.CreateRepository(ctx, in)
	}
	if err != nil {
		return err
	}
	defer v.deleteRepository(ctx, repo)
	v.created = aws.ToTime(out.Repository.CreatedAt)
	return ck.run(ctx, v, repo)
}

func (v *verifier) deleteRepository(ctx context.Context, repo string) {
	_, _ = v.api.DeleteRepository(context.WithoutCancel(ctx), &ecr.DeleteRepositoryInput{RepositoryName: &repo, Force: true})
}

// image builds a small image whose seed names the check.
func (v *verifier) image(label string, layerSizes ...int) *images.Image {
	return images.New(images.Docker, v.opts.Prefix+"/"+v.name+"/"+label, layerSizes...)
}

func (v *verifier) push(ctx context.Context, repo string, img *images.Image, tags ...string) error {
	return images.Push(ctx, v.api, repo, img, images.PushOptions{Tags: tags})
}

// wantError checks that err is an E whose message, when want is not "",
// is want.
func wantError[E interface {
	error
	ErrorMessage() string
}](what string, err error, want string) error {
	var target E
	switch {
	case err == nil:
		return fmt.Errorf("%s succeeded; want %T", what, target)
	case !errors.As(err, &target):
		return fmt.Errorf("%s: got %w; want %T", what, err, target)
	case want != "" && target.ErrorMessage() != want:
		return fmt.Errorf("%s: message %q; want %q", what, target.ErrorMessage(), want)
	}
	return nil
}

func verifyPagination(ctx context.Context, v *verifier, repo string) error {
	for i := range 5 {
		if err := v.push(ctx, repo, v.image(fmt.Sprint(i), 64), fmt.Sprintf("v%d", i)); err != nil {
			return err
		}
	}
	page := func(token *string) (*ecr.ListImagesOutput, error) {
		return v.api.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: &repo, MaxResults: aws.Int32(2), NextToken: token})
	}
	seen := map[string]bool{}
	var token *string
	for pages := 0; ; pages++ {
		out, err := page(token)
		if err != nil {
			return err
		}
		if token != nil {
			again, err := page(token)
			if err != nil {
				return fmt.Errorf("asking for a page again: %w", err)
			}
			if !slices.EqualFunc(out.ImageIds, again.ImageIds, sameID) || aws.ToString(out.NextToken) != aws.ToString(again.NextToken) {
				return fmt.Errorf("the same nextToken gave two different pages: %v and %v", ids(out.ImageIds), ids(again.ImageIds))
			}
		}
		for _, id := range out.ImageIds {
			k := aws.ToString(id.ImageDigest) + " " + aws.ToString(id.ImageTag)
			if seen[k] {
				return fmt.Errorf("image %s listed twice", k)
			}
			seen[k] = true
		}
		if token = out.NextToken; token == nil {
			break
		}
		if pages > 10 {
			return errors.New("more than 10 pages of 2 for 5 images")
		}
	}
	if len(seen) != 5 {
		return fmt.Errorf("the pages listed %d images; want 5", len(seen))
	}
	return nil
}

func sameID(a, b types.ImageIdentifier) bool {
	return aws.ToString(a.ImageDigest) == aws.ToString(b.ImageDigest) && aws.ToString(a.ImageTag) == aws.ToString(b.ImageTag)
}

func ids(l []types.ImageIdentifier) []string {
	out := make([]string, len(l))
	for i, id := range l {
		out[i] = aws.ToString(id.ImageTag)
	}
	return out
}

func verifyDeletedWhileListing(ctx context.Context, v *verifier, repo string) error {
	for i := range 3 {
		if err := v.push(ctx, repo, v.image(fmt.Sprint(i), 64), fmt.Sprintf("v%d", i)); err != nil {
			return err
		}
	}
	out, err := v.api.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: &repo, MaxResults: aws.Int32(1)})
	if err != nil {
		return err
	}
	if out.NextToken == nil {
		return errors.New("a page of 1 of 3 images has no nextToken")
	}
	if _, err := v.api.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: &repo, Force: true}); err != nil {
		return err
	}
	_, err = v.api.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: &repo, MaxResults: aws.Int32(1), NextToken: out.NextToken})
	return wantError[*types.RepositoryNotFoundException]("the next page", err, "")
}

func (v *verifier) startScan(ctx context.Context, repo string, img *images.Image) (*types.ImageIdentifier, error) {
	if err := v.push(ctx, repo, img, "v1"); err != nil {
		return nil, err
	}
	id := &types.ImageIdentifier{ImageDigest: aws.String(img.Digest)}
	_, err := v.api.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &repo, ImageId: id})
	return id, err
}

func verifyScanQuota(ctx context.Context, v *verifier, repo string) error {
	id, err := v.startScan(ctx, repo, v.image("image", 1024))
	if err != nil {
		return err
	}
	_, err = v.api.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &repo, ImageId: id})
	return wantError[*types.LimitExceededException]("a second StartImageScan", err, "The scan quota per image has been exceeded. Wait and try again.")
}

// waitScan polls the scan until it is no longer IN_PROGRESS.
func (v *verifier) waitScan(ctx context.Context, repo string, id *types.ImageIdentifier) (*ecr.DescribeImageScanFindingsOutput, error) {
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: &repo, ImageId: id}
	for waited := time.Duration(0); ; waited += v.opts.Poll {
		out, err := v.api.DescribeImageScanFindings(ctx, in)
		if err != nil {
			return nil, err
		}
		if s := out.ImageScanStatus; s == nil || (s.Status != types.ScanStatusInProgress && s.Status != types.ScanStatusPending) {
			return out, nil
		}
		if waited >= v.opts.Timeout {
			return nil, fmt.Errorf("the scan is still %s after %v", out.ImageScanStatus.Status, waited)
		}
		if err := v.opts.Sleep(ctx, v.opts.Poll); err != nil {
			return nil, err
		}
	}
}

func verifyScanFailed(ctx context.Context, v *verifier, repo string) error {
	id, err := v.startScan(ctx, repo, v.image("scratch"))
	if err != nil {
		return err
	}
	out, err := v.waitScan(ctx, repo, id)
	if err != nil {
		return err
	}
	if s := out.ImageScanStatus; s == nil || s.Status != types.ScanStatusFailed {
		return fmt.Errorf("the scan of an image without layers ended %v; want FAILED", s)
	}
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: &repo, ImageId: id}
	if err := ecr.NewImageScanCompleteWaiter(v.api).Wait(ctx, in, time.Minute); err == nil {
		return errors.New("the ImageScanComplete waiter succeeded on a FAILED scan")
	}
	return nil
}

func verifyScanInProgress(ctx context.Context, v *verifier, repo string) error {
	id, err := v.startScan(ctx, repo, v.image("image", 1024))
	if err != nil {
		return err
	}
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: &repo, ImageId: id}
	out, err := v.api.DescribeImageScanFindings(ctx, in)
	if err != nil {
		return err
	}
	if s := out.ImageScanStatus; s == nil || s.Status != types.ScanStatusInProgress {
		return fmt.Errorf("right after StartImageScan the scan is %v; want IN_PROGRESS", s)
	}
	// The waiter gives up when its budget runs out: between polls it says
	// "exceeded max wait time"; when the budget ends during a poll (a slow
	// machine, or a real network) the poll fails with the context's deadline.
	err = ecr.NewImageScanCompleteWaiter(v.api).Wait(ctx, in, time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "exceeded max wait time") && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the ImageScanComplete waiter with a 1ms budget returned %v; want exceeded max wait time", err)
	}
	return nil
}

func verifyTokenExpiry(ctx context.Context, v *verifier, _ string) error {
	out, err := v.api.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return err
	}
	if len(out.AuthorizationData) == 0 || out.AuthorizationData[0].ExpiresAt == nil {
		return errors.New("no authorization data")
	}
	// The repository was created just before: its createdAt is the
	// service's own now, whatever the local clock says.
	valid := out.AuthorizationData[0].ExpiresAt.Sub(v.created)
	if valid < 12*time.Hour-5*time.Minute || valid > 12*time.Hour+5*time.Minute {
		return fmt.Errorf("the token expires %v after the repository's creation; want 12h", valid)
	}
	return nil
}

func verifyImmutableTag(ctx context.Context, v *verifier, repo string) error {
	first, second := v.image("first", 64), v.image("second", 64)
	if err := v.push(ctx, repo, first, "v1"); err != nil {
		return err
	}
	if err := v.push(ctx, repo, second); err != nil {
		return err
	}
	_, err := v.api.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &repo, ImageTag: aws.String("v1"), ImageManifest: aws.String(string(second.Manifest))})
	if err := wantError[*types.ImageTagAlreadyExistsException]("PutImage moving an immutable tag", err, ""); err != nil {
		return err
	}
	got, err := images.Pull(ctx, v.api, repo, "v1", images.PullOptions{})
	if err != nil {
		return err
	}
	if got.Digest != first.Digest {
		return fmt.Errorf("the immutable tag moved to %s", got.Digest)
	}
	return nil
}

// minPart is ECR's minimum size of a layer part but the last.
const minPart = 5 << 20

func verifyResume(ctx context.Context, v *verifier, repo string) error {
	data := images.Bytes(v.opts.Prefix+"/"+v.name, minPart+1024)
	up, err := v.api.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: &repo})
	if err != nil {
		return err
	}
	part := func(first, end int) (*ecr.UploadLayerPartOutput, error) {
		return v.api.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: &repo, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(int64(first)), PartLastByte: aws.Int64(int64(end - 1)), LayerPartBlob: data[first:end]})
	}
	if _, err := part(0, minPart); err != nil {
		return err
	}
	_, err = part(0, minPart)
	if err := wantError[*types.InvalidLayerPartException]("the first part sent again", err, ""); err != nil {
		return err
	}
	var bad *types.InvalidLayerPartException
	errors.As(err, &bad)
	if got := bad.LastValidByteReceived; got == nil || *got != minPart-1 {
		return fmt.Errorf("lastValidByteReceived is %v; want %d", aws.ToInt64(got), minPart-1)
	}
	if _, err := part(minPart, len(data)); err != nil {
		return fmt.Errorf("the part after lastValidByteReceived: %w", err)
	}
	digest := images.Digest(data)
	if _, err := v.api.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: &repo, UploadId: up.UploadId, LayerDigests: []string{digest}}); err != nil {
		return err
	}
	return nil
}

func verifyPartTooSmall(ctx context.Context, v *verifier, repo string) error {
	data := images.Bytes(v.opts.Prefix+"/"+v.name, 2048)
	up, err := v.api.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: &repo})
	if err != nil {
		return err
	}
	for first := 0; first < len(data); first += 1024 {
		if _, err := v.api.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: &repo, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(int64(first)), PartLastByte: aws.Int64(int64(first + 1023)), LayerPartBlob: data[first : first+1024]}); err != nil {
			return err
		}
	}
	_, err = v.api.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: &repo, UploadId: up.UploadId, LayerDigests: []string{images.Digest(data)}})
	return wantError[*types.LayerPartTooSmallException]("CompleteLayerUpload after a 1 KiB first part", err, "")
}

func verifyImageAlreadyExists(ctx context.Context, v *verifier, repo string) error {
	img := v.image("image", 64)
	if err := v.push(ctx, repo, img, "v1"); err != nil {
		return err
	}
	for _, tag := range []*string{aws.String("v1"), nil} {
		_, err := v.api.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &repo, ImageTag: tag, ImageManifest: aws.String(string(img.Manifest))})
		what := "PutImage again with its tag"
		if tag == nil {
			what = "PutImage again without a tag"
		}
		if err := wantError[*types.ImageAlreadyExistsException](what, err, ""); err != nil {
			return err
		}
	}
	return nil
}

// keepOneUntagged expires all but the newest untagged image.
const keepOneUntagged = `{"rules":[{"rulePriority":1,"description":"Keep only the newest untagged image",` +
	`"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`

func verifyLifecycle(ctx context.Context, v *verifier, repo string) error {
	older, newer, tagged := v.image("older", 64), v.image("newer", 64), v.image("tagged", 64)
	for i, img := range []*images.Image{older, newer, tagged} {
		if i > 0 {
			if err := v.opts.Sleep(ctx, 2*time.Second); err != nil { // distinct push times
				return err
			}
		}
		var tags []string
		if img == tagged {
			tags = []string{"keep"}
		}
		if err := v.push(ctx, repo, img, tags...); err != nil {
			return err
		}
	}
	if err := v.wantPreview(ctx, repo, keepOneUntagged, older.Digest); err != nil {
		return err
	}
	ager, ok := v.api.(imageAger)
	if !ok {
		v.opts.Logf("scenarios.Verify: %s: skipped the days rule: the client cannot date images (SetImageTimes)", v.name)
		return nil
	}
	if err := ager.SetImageTimes(repo, newer.Digest, v.created.Add(-20*24*time.Hour), time.Time{}); err != nil {
		return err
	}
	return v.wantPreview(ctx, repo, expireUntagged14Days, newer.Digest)
}

// wantPreview previews policy and checks that it expires exactly digests.
func (v *verifier) wantPreview(ctx context.Context, repo, policy string, digests ...string) error {
	if _, err := v.api.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: &repo, LifecyclePolicyText: &policy}); err != nil {
		return err
	}
	if _, err := v.api.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: &repo}); err != nil {
		return err
	}
	in := &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: &repo}
	var out *ecr.GetLifecyclePolicyPreviewOutput
	for waited := time.Duration(0); ; waited += v.opts.Poll {
		var err error
		if out, err = v.api.GetLifecyclePolicyPreview(ctx, in); err != nil {
			return err
		}
		if out.Status != types.LifecyclePolicyPreviewStatusInProgress {
			break
		}
		if waited >= v.opts.Timeout {
			return fmt.Errorf("the preview is still IN_PROGRESS after %v", waited)
		}
		if err := v.opts.Sleep(ctx, v.opts.Poll); err != nil {
			return err
		}
	}
	if out.Status != types.LifecyclePolicyPreviewStatusComplete {
		return fmt.Errorf("the preview ended %s", out.Status)
	}
	var expired []string
	for _, r := range out.PreviewResults {
		if r.Action != nil && r.Action.Type == types.ImageActionTypeExpire {
			expired = append(expired, aws.ToString(r.ImageDigest))
		}
	}
	if !slices.Equal(expired, digests) {
		return fmt.Errorf("the preview of %s expires %v; want %v", policy, expired, digests)
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
