package images

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// PullAPI is the part of the ECR API that Pull uses. *ecr.Client and
// *ecrfake.Fake satisfy it.
type PullAPI interface {
	BatchGetImage(context.Context, *ecr.BatchGetImageInput, ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error)
	GetDownloadUrlForLayer(context.Context, *ecr.GetDownloadUrlForLayerInput, ...func(*ecr.Options)) (*ecr.GetDownloadUrlForLayerOutput, error)
}

// PullOptions tune Pull.
type PullOptions struct {
	// RegistryID is the registry to pull from; "" is the caller's own.
	RegistryID string
	// Blob, when set, returns the bytes of a blob by digest, and Pull checks
	// them against the manifest's digests and sizes. (*ecrfake.Fake).Blob
	// is such a function. Real ECR serves blob bytes from the download URL
	// over HTTP, which Pull does not fetch: against real ECR, leave Blob nil
	// and Pull checks the manifest and that every blob has a download URL.
	Blob func(digest string) ([]byte, bool)
}

// Pulled is what Pull fetched: a verified manifest, its blobs and, for an
// index, its children.
type Pulled struct {
	MediaType string
	Manifest  []byte
	Digest    string
	Blobs     []PulledBlob // config, then layers; nil for an index
	Children  []*Pulled    // an index's images, in manifest order
}

// PulledBlob is one blob of a pulled image.
type PulledBlob struct {
	MediaType string
	Digest    string
	Size      int64  // as the manifest says (0 for schema 1, which records none)
	URL       string // from GetDownloadUrlForLayer
	Data      []byte // from PullOptions.Blob; nil without it
}

// FailureError is a pull that BatchGetImage answered with a per-image
// failure rather than an error: most often ImageNotFound.
type FailureError struct {
	Repository string
	Reference  string // the tag or digest asked for
	Code       types.ImageFailureCode
	Reason     string
}

func (e *FailureError) Error() string {
	return fmt.Sprintf("images: pull %s %s: %s: %s", e.Repository, e.Reference, e.Code, e.Reason)
}

// manifestMediaTypes are all the manifest types ECR stores; BatchGetImage
// answers an image of a type not accepted with ImageNotFound.
var manifestMediaTypes = []string{
	MediaTypeDockerManifest, MediaTypeDockerManifestList, MediaTypeOCIManifest, MediaTypeOCIIndex,
	"application/vnd.docker.distribution.manifest.v1+json", "application/vnd.docker.distribution.manifest.v1+prettyjws",
}

// Pull fetches the image reference names in the repository: a tag, or a
// digest ("sha256:..."). It calls BatchGetImage (accepting every manifest
// type), checks that the manifest's SHA-256 is the digest ECR reports (and
// the one asked for), asks GetDownloadUrlForLayer for every blob, and pulls
// an index's children by digest, checking each against its descriptor.
// With PullOptions.Blob it also checks every blob's bytes.
//
// An image ECR does not return is a *FailureError; call errors are wrapped
// with %w.
func Pull(ctx context.Context, api PullAPI, repository, reference string, opts PullOptions) (*Pulled, error) {
	p := puller{api: api, repo: repository, opts: opts}
	if opts.RegistryID != "" {
		p.registry = &opts.RegistryID
	}
	return p.pull(ctx, reference)
}

type puller struct {
	api      PullAPI
	repo     string
	registry *string
	opts     PullOptions
}

func (p *puller) pull(ctx context.Context, ref string) (*Pulled, error) {
	id := types.ImageIdentifier{ImageTag: &ref}
	byDigest := strings.Contains(ref, ":")
	if byDigest {
		id = types.ImageIdentifier{ImageDigest: &ref}
	}
	out, err := p.api.BatchGetImage(ctx, &ecr.BatchGetImageInput{
		RepositoryName: &p.repo, RegistryId: p.registry, ImageIds: []types.ImageIdentifier{id}, AcceptedMediaTypes: manifestMediaTypes,
	})
	if err != nil {
		return nil, fmt.Errorf("images: pull %s %s: %w", p.repo, ref, err)
	}
	if len(out.Images) == 0 {
		fail := &FailureError{Repository: p.repo, Reference: ref, Code: types.ImageFailureCodeImageNotFound, Reason: "no image and no failure returned"}
		if len(out.Failures) > 0 {
			fail.Code, fail.Reason = out.Failures[0].FailureCode, aws.ToString(out.Failures[0].FailureReason)
		}
		return nil, fail
	}
	img := out.Images[0]
	raw := []byte(aws.ToString(img.ImageManifest))
	got := Digest(raw)
	switch {
	case img.ImageId == nil || aws.ToString(img.ImageId.ImageDigest) != got:
		return nil, fmt.Errorf("images: pull %s %s: the manifest's digest is %s, ECR reports %v", p.repo, ref, got, imageDigest(img.ImageId))
	case byDigest && ref != got:
		return nil, fmt.Errorf("images: pull %s %s: got the manifest of %s", p.repo, ref, got)
	}
	var m pulledManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("images: pull %s %s: the manifest is not JSON: %w", p.repo, ref, err)
	}
	res := &Pulled{MediaType: aws.ToString(img.ImageManifestMediaType), Manifest: raw, Digest: got}
	if m.MediaType != "" && res.MediaType != "" && m.MediaType != res.MediaType {
		return nil, fmt.Errorf("images: pull %s %s: the manifest says mediaType %s, ECR reports %s", p.repo, ref, m.MediaType, res.MediaType)
	}
	for _, d := range m.blobs() {
		b, err := p.blob(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("images: pull %s %s: %w", p.repo, ref, err)
		}
		res.Blobs = append(res.Blobs, b)
	}
	for _, d := range m.Manifests {
		child, err := p.pull(ctx, d.Digest)
		if err != nil {
			return nil, err
		}
		if int64(len(child.Manifest)) != d.Size || (d.MediaType != "" && d.MediaType != child.MediaType) {
			return nil, fmt.Errorf("images: pull %s %s: child %s is %d bytes of %s, the index says %d bytes of %s",
				p.repo, ref, d.Digest, len(child.Manifest), child.MediaType, d.Size, d.MediaType)
		}
		res.Children = append(res.Children, child)
	}
	return res, nil
}

// blob resolves one blob's download URL and, with PullOptions.Blob, its bytes.
func (p *puller) blob(ctx context.Context, d pulledDescriptor) (PulledBlob, error) {
	out, err := p.api.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: &p.repo, RegistryId: p.registry, LayerDigest: &d.Digest})
	if err != nil {
		return PulledBlob{}, fmt.Errorf("download URL of %s: %w", d.Digest, err)
	}
	if aws.ToString(out.DownloadUrl) == "" || aws.ToString(out.LayerDigest) != d.Digest {
		return PulledBlob{}, fmt.Errorf("download URL of %s: got URL %q for %s", d.Digest, aws.ToString(out.DownloadUrl), aws.ToString(out.LayerDigest))
	}
	b := PulledBlob{MediaType: d.MediaType, Digest: d.Digest, Size: d.Size, URL: *out.DownloadUrl}
	if p.opts.Blob == nil {
		return b, nil
	}
	data, ok := p.opts.Blob(d.Digest)
	switch {
	case !ok:
		return PulledBlob{}, fmt.Errorf("blob %s: not served", d.Digest)
	case Digest(data) != d.Digest:
		return PulledBlob{}, fmt.Errorf("blob %s: the bytes served hash to %s", d.Digest, Digest(data))
	case d.Size != 0 && int64(len(data)) != d.Size:
		return PulledBlob{}, fmt.Errorf("blob %s: %d bytes served, the manifest says %d", d.Digest, len(data), d.Size)
	}
	b.Data = data
	return b, nil
}

func imageDigest(id *types.ImageIdentifier) string {
	if id == nil {
		return "no digest"
	}
	return aws.ToString(id.ImageDigest)
}

// pulledManifest reads every manifest shape ECR stores.
type pulledManifest struct {
	MediaType string             `json:"mediaType"`
	Config    *pulledDescriptor  `json:"config"`
	Layers    []pulledDescriptor `json:"layers"`
	Manifests []pulledDescriptor `json:"manifests"`
	FSLayers  []struct {
		BlobSum string `json:"blobSum"`
	} `json:"fsLayers"` // schema 1
}

type pulledDescriptor struct {
	MediaType string `json:"mediaType"`
	Digest    string `json:"digest"`
	Size      int64  `json:"size"`
}

// blobs lists the config and layers, each digest once, skipping foreign
// layers, which registries do not store.
func (m *pulledManifest) blobs() []pulledDescriptor {
	all := m.Layers
	if m.Config != nil {
		all = append([]pulledDescriptor{*m.Config}, all...)
	}
	for _, l := range m.FSLayers {
		all = append(all, pulledDescriptor{Digest: l.BlobSum})
	}
	seen := map[string]bool{}
	var out []pulledDescriptor
	for _, d := range all {
		mt := strings.ToLower(d.MediaType)
		if seen[d.Digest] || strings.Contains(mt, "foreign") || strings.Contains(mt, "nondistributable") {
			continue
		}
		seen[d.Digest] = true
		out = append(out, d)
	}
	return out
}
