package images

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"golang.org/x/sync/errgroup"
)

// PushAPI is the part of the ECR API that Push uses. *ecr.Client and
// *ecrfake.Fake satisfy it.
type PushAPI interface {
	BatchCheckLayerAvailability(context.Context, *ecr.BatchCheckLayerAvailabilityInput, ...func(*ecr.Options)) (*ecr.BatchCheckLayerAvailabilityOutput, error)
	InitiateLayerUpload(context.Context, *ecr.InitiateLayerUploadInput, ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecr.UploadLayerPartInput, ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecr.CompleteLayerUploadInput, ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error)
	PutImage(context.Context, *ecr.PutImageInput, ...func(*ecr.Options)) (*ecr.PutImageOutput, error)
	BatchGetImage(context.Context, *ecr.BatchGetImageInput, ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error)
}

// PushOptions tune Push. The zero value pushes an untagged image to the
// caller's default registry.
type PushOptions struct {
	// RegistryID is the registry to push to; "" is the caller's own.
	RegistryID string
	// Tags are put on the image one PutImage each, in order; none pushes it
	// untagged (by digest).
	Tags []string
	// PartSize is the size of each layer part but the last; 0 uses the
	// partSize InitiateLayerUpload advertises.
	PartSize int64
	// Concurrency bounds the blobs uploaded at once; 0 means 4.
	Concurrency int
}

// DefaultConcurrency is how many blobs Push uploads at once unless
// PushOptions.Concurrency says otherwise.
const DefaultConcurrency = 4

// maxBatch is how many digests one BatchCheckLayerAvailability may name.
const maxBatch = 100

// maxStalls bounds how often one blob's upload may move back to the
// position ECR reports before Push gives up.
const maxStalls = 3

// Push pushes img to the repository the way a registry client does, using
// only the ECR API:
//
//   - an index's children are pushed first, untagged, then the index;
//   - BatchCheckLayerAvailability finds the blobs the repository already
//     holds, and only the others are uploaded, several at once
//     (PushOptions.Concurrency), each in parts of the size
//     InitiateLayerUpload advertises (or PushOptions.PartSize);
//   - a part that UploadLayerPart rejects with InvalidLayerPartException
//     while reporting lastValidByteReceived — the retry of a part whose
//     response was lost — resumes after that byte; LayerAlreadyExistsException
//     from CompleteLayerUpload means another push stored the blob first, and
//     UploadNotFoundException that a completion whose response was lost
//     succeeded, if BatchCheckLayerAvailability now finds the blob;
//   - PutImage puts the manifest once per tag (once, untagged, without
//     tags). ImageAlreadyExistsException, which ECR answers when the image
//     already has that tag (the retry of a PutImage whose response was lost),
//     counts as success, and so does ImageTagAlreadyExistsException for an
//     immutable tag that already names this very image.
//
// An artifact's subject is not pushed: push it first if the repository
// should hold it. Push returns the first error, wrapped with %w so that
// errors.As finds the ECR exception.
func Push(ctx context.Context, api PushAPI, repository string, img *Image, opts PushOptions) error {
	p := pusher{api: api, repo: repository, opts: opts}
	if opts.RegistryID != "" {
		p.registry = &opts.RegistryID
	}
	return p.push(ctx, img, opts.Tags)
}

type pusher struct {
	api      PushAPI
	repo     string
	registry *string
	opts     PushOptions
}

func (p *pusher) push(ctx context.Context, img *Image, tags []string) error {
	for _, child := range img.Children {
		if err := p.push(ctx, child, nil); err != nil {
			return err
		}
	}
	if err := p.uploadBlobs(ctx, img.Blobs()); err != nil {
		return err
	}
	if len(tags) == 0 {
		return p.put(ctx, img, nil)
	}
	for _, tag := range tags {
		if err := p.put(ctx, img, &tag); err != nil {
			return err
		}
	}
	return nil
}

// uploadBlobs uploads the blobs the repository lacks, in parallel.
func (p *pusher) uploadBlobs(ctx context.Context, blobs []Blob) error {
	missing, err := p.missing(ctx, blobs)
	if err != nil || len(missing) == 0 {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	n := p.opts.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	g.SetLimit(n)
	for _, b := range missing {
		g.Go(func() error { return p.upload(gctx, b) })
	}
	return g.Wait()
}

// missing returns the blobs, without duplicates, that
// BatchCheckLayerAvailability does not report AVAILABLE.
func (p *pusher) missing(ctx context.Context, blobs []Blob) ([]Blob, error) {
	seen := map[string]bool{}
	var unique []Blob
	for _, b := range blobs {
		if !seen[b.Digest] {
			seen[b.Digest] = true
			unique = append(unique, b)
		}
	}
	var out []Blob
	for start := 0; start < len(unique); start += maxBatch {
		batch := unique[start:min(start+maxBatch, len(unique))]
		in := &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: &p.repo, RegistryId: p.registry}
		for _, b := range batch {
			in.LayerDigests = append(in.LayerDigests, b.Digest)
		}
		res, err := p.api.BatchCheckLayerAvailability(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("images: check layers in %s: %w", p.repo, err)
		}
		if len(res.Failures) > 0 {
			f := res.Failures[0]
			return nil, fmt.Errorf("images: check layer %s in %s: %s: %s", aws.ToString(f.LayerDigest), p.repo, f.FailureCode, aws.ToString(f.FailureReason))
		}
		available := map[string]bool{}
		for _, l := range res.Layers {
			if l.LayerAvailability == types.LayerAvailabilityAvailable {
				available[aws.ToString(l.LayerDigest)] = true
			}
		}
		for _, b := range batch {
			if !available[b.Digest] {
				out = append(out, b)
			}
		}
	}
	return out, nil
}

// upload runs one blob's upload session.
func (p *pusher) upload(ctx context.Context, b Blob) error {
	up, err := p.api.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: &p.repo, RegistryId: p.registry})
	if err != nil {
		return fmt.Errorf("images: upload %s to %s: %w", b.Digest, p.repo, err)
	}
	part := p.opts.PartSize
	if part <= 0 {
		part = aws.ToInt64(up.PartSize)
	}
	if part <= 0 {
		part = 10 << 20 // ECR's partSize; a server that advertises none gets this
	}
	size := int64(len(b.Data))
	for off, stalls := int64(0), 0; off < size; {
		end := min(off+part, size)
		_, err := p.api.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{
			RepositoryName: &p.repo, RegistryId: p.registry, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(off), PartLastByte: aws.Int64(end - 1), LayerPartBlob: b.Data[off:end],
		})
		if err != nil {
			if next, ok := resumeAt(err); ok && next != off && next <= size && stalls < maxStalls {
				off, stalls = next, stalls+1
				continue
			}
			return fmt.Errorf("images: upload %s to %s, bytes %d-%d: %w", b.Digest, p.repo, off, end-1, err)
		}
		off = end
	}
	_, err = p.api.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{
		RepositoryName: &p.repo, RegistryId: p.registry, UploadId: up.UploadId, LayerDigests: []string{b.Digest},
	})
	var exists *types.LayerAlreadyExistsException
	var gone *types.UploadNotFoundException
	switch {
	case err == nil, errors.As(err, &exists):
		return nil
	case errors.As(err, &gone):
		// The retry of a completion whose response was lost: the first
		// attempt ended the session. The layer tells whether it succeeded.
		if missing, cerr := p.missing(ctx, []Blob{b}); cerr == nil && len(missing) == 0 {
			return nil
		}
	}
	return fmt.Errorf("images: complete upload of %s to %s: %w", b.Digest, p.repo, err)
}

// resumeAt reads where an upload continues after an InvalidLayerPartException:
// the byte after lastValidByteReceived, or 0 when ECR has received none.
func resumeAt(err error) (int64, bool) {
	var bad *types.InvalidLayerPartException
	if !errors.As(err, &bad) {
		return 0, false
	}
	if bad.LastValidByteReceived == nil {
		return 0, true
	}
	return *bad.LastValidByteReceived + 1, true
}

// put puts the manifest with tag (nil: untagged).
func (p *pusher) put(ctx context.Context, img *Image, tag *string) error {
	_, err := p.api.PutImage(ctx, &ecr.PutImageInput{
		RepositoryName: &p.repo, RegistryId: p.registry, ImageTag: tag,
		ImageManifest: aws.String(string(img.Manifest)), ImageManifestMediaType: &img.MediaType, ImageDigest: &img.Digest,
	})
	if err == nil {
		return nil
	}
	var exists *types.ImageAlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	var tagTaken *types.ImageTagAlreadyExistsException
	if tag != nil && errors.As(err, &tagTaken) && p.tagNames(ctx, *tag, img.Digest) {
		return nil
	}
	where := p.repo
	if tag != nil {
		where += ":" + *tag
	}
	return fmt.Errorf("images: put %s as %s: %w", img.Digest, where, err)
}

// tagNames reports whether tag names the image digest.
func (p *pusher) tagNames(ctx context.Context, tag, digest string) bool {
	out, err := p.api.BatchGetImage(ctx, &ecr.BatchGetImageInput{
		RepositoryName: &p.repo, RegistryId: p.registry,
		ImageIds: []types.ImageIdentifier{{ImageTag: &tag}}, AcceptedMediaTypes: manifestMediaTypes,
	})
	if err != nil || len(out.Images) != 1 || out.Images[0].ImageId == nil {
		return false
	}
	return aws.ToString(out.Images[0].ImageId.ImageDigest) == digest
}
