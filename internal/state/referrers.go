package state

// Referrers (OCI subject): ListImageReferrers lists the images of a
// repository whose manifest names a given digest as its subject.

import (
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/manifest"
)

// kindReferrers is the pagination-token kind of ListImageReferrers (values
// from 0x60 up are kept clear of paginate.go's own kinds).
const kindReferrers listKind = 0x61

// ListImageReferrers lists, in push order, the images of the repository
// whose subject is subjectId.imageDigest. The subject need not be in the
// repository: a digest nothing refers to yields an empty list. The
// artifactStatus filter keeps referrers of one status (ACTIVE by default,
// ANY for all).
func (w *World) ListImageReferrers(_ time.Time, in *ecr.ListImageReferrersInput) (*ecr.ListImageReferrersOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	var subject string
	if in.SubjectId != nil {
		subject = deref(in.SubjectId.ImageDigest)
	}
	if !isDigest(subject) {
		return nil, errs.InvalidSubjectDigest()
	}
	subject = normalizeDigest(subject)
	limit, err := w.pageSize(in.MaxResults, 20)
	if err != nil {
		return nil, err
	}
	var status types.ArtifactStatusFilter
	var artifactTypes []string
	if in.Filter != nil {
		status, artifactTypes = in.Filter.ArtifactStatus, in.Filter.ArtifactTypes
	}
	fp := fingerprint(kindReferrers, append([]string{repo.registryID, repo.name, subject, string(status)}, artifactTypes...)...)
	start := 0
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindReferrers, fp)
		if err != nil {
			return nil, err
		}
		start = repo.order.after(c.seq)
	}
	out := &ecr.ListImageReferrersOutput{Referrers: []types.ImageReferrer{}}
	entries := repo.order.entries
	var last uint64
	for i := start; i < len(entries); i++ {
		img := entries[i].img
		if img == nil || img.subject == "" || normalizeDigest(img.subject) != subject {
			continue
		}
		if !statusMatches(string(status), img.status()) || len(artifactTypes) > 0 && !slices.Contains(artifactTypes, img.artifactType) {
			continue
		}
		if len(out.Referrers) == limit {
			out.NextToken = ptr(encodeToken(cursor{kind: kindReferrers, fp: fp, seq: last}))
			break
		}
		out.Referrers = append(out.Referrers, referrer(img))
		last = img.seq
	}
	return out, nil
}

// referrer describes a referring image: its media type, its artifact type
// (the manifest's artifactType, else its config's media type), the size of
// its manifest in bytes and the manifest's annotations, which are read from
// the stored manifest.
func referrer(img *image) types.ImageReferrer {
	r := types.ImageReferrer{
		Digest:         ptr(img.digest),
		MediaType:      ptr(img.mediaType),
		Size:           ptr(int64(len(img.manifest))),
		ArtifactStatus: types.ArtifactStatus(img.status()),
	}
	if img.artifactType != "" {
		r.ArtifactType = ptr(img.artifactType)
	}
	if m, err := manifest.Parse([]byte(img.manifest), img.mediaType); err == nil && len(m.Annotations) > 0 {
		r.Annotations = maps.Clone(m.Annotations)
	}
	return r
}
