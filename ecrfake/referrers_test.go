package ecrfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// referrerManifest renders an OCI artifact manifest over the empty config
// whose subject is subject; artifactType "" leaves the member out.
func referrerManifest(subject, artifactType string, annotations map[string]string, payload []byte) string {
	var extra string
	if artifactType != "" {
		extra += fmt.Sprintf(`"artifactType":%q,`, artifactType)
	}
	if annotations != nil {
		b, _ := json.Marshal(annotations)
		extra += fmt.Sprintf(`"annotations":%s,`, b)
	}
	return fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,%s"config":%s,"layers":[%s],"subject":{"mediaType":%q,"size":1234,"digest":%q}}`,
		mtOCIManifest, extra, descriptor("application/vnd.oci.empty.v1+json", []byte("{}")), descriptor("application/octet-stream", payload), mtOCIManifest, subject)
}

// pushReferrer pushes (untagged) an artifact referring to subject; it
// returns its digest.
func pushReferrer(t testing.TB, f *ecrfake.Fake, repo, subject, artifactType string, annotations map[string]string) string {
	t.Helper()
	if _, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{repo}}); err != nil {
		createRepo(t, f, repo)
	}
	payload := []byte(fmt.Sprintf("%s %s %v", subject, artifactType, annotations))
	uploadIfMissing(t, f, repo, []byte("{}"))
	uploadIfMissing(t, f, repo, payload)
	out, err := put(f, repo, referrerManifest(subject, artifactType, annotations, payload), "")
	require.NoError(t, err)
	return *out.Image.ImageId.ImageDigest
}

func listReferrers(f *ecrfake.Fake, repo, subject string, mod func(*ecr.ListImageReferrersInput)) (*ecr.ListImageReferrersOutput, error) {
	in := &ecr.ListImageReferrersInput{RepositoryName: aws.String(repo), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(subject)}}
	if mod != nil {
		mod(in)
	}
	return f.ListImageReferrers(context.Background(), in)
}

// referrerDigests returns a function that checks a ListImageReferrers
// result and returns the referrers' digests.
func referrerDigests(t testing.TB) func(*ecr.ListImageReferrersOutput, error) []string {
	return func(out *ecr.ListImageReferrersOutput, err error) []string {
		t.Helper()
		require.NoError(t, err)
		require.NotNil(t, out.Referrers)
		got := []string{}
		for _, r := range out.Referrers {
			got = append(got, *r.Digest)
		}
		return got
	}
}

func TestListImageReferrersDescribesEachReferrer(t *testing.T) {
	f, _, _ := newFake(t)
	_, subject := pushNew(t, f, "app", "v1", "subject")

	// An SBOM with annotations.
	sbomAnn := map[string]string{"org.opencontainers.image.created": "2026-01-02T03:04:05Z", "org.example.kind": "sbom"}
	sbom := pushReferrer(t, f, "app", subject, "application/spdx+json", sbomAnn)
	// An artifact without artifactType: the config's media type stands in.
	bare := pushReferrer(t, f, "app", subject, "", nil)
	// An image manifest with a subject (Docker-style config).
	cfg, layer := []byte(`{"os":"linux","architecture":"amd64","sig":true}`), []byte("signature layer")
	uploadIfMissing(t, f, "app", cfg)
	uploadIfMissing(t, f, "app", layer)
	imgRef := strings.TrimSuffix(imageManifest(mtOCIManifest, cfg, layer), "}") + fmt.Sprintf(`,"subject":{"mediaType":%q,"size":1,"digest":%q}}`, mtDockerV2, subject)
	imgOut, err := put(f, "app", imgRef, "sig")
	require.NoError(t, err)
	// An index with a subject.
	index := strings.TrimSuffix(indexManifest(mtOCIIndex), "}") + fmt.Sprintf(`,"artifactType":"application/vnd.example.bundle","subject":{"mediaType":%q,"size":1,"digest":%q},"annotations":{"n":"1"}}`, mtDockerV2, subject)
	idxOut, err := put(f, "app", index, "")
	require.NoError(t, err)
	// Neither a referrer of another subject nor one in another repository is listed.
	pushReferrer(t, f, "app", sha([]byte("another subject")), "application/spdx+json", nil)
	pushNew(t, f, "other", "v1", "subject")
	pushReferrer(t, f, "other", subject, "application/spdx+json", nil)

	out, err := listReferrers(f, "app", subject, nil)
	require.NoError(t, err)
	want := []types.ImageReferrer{
		{Digest: aws.String(sbom), MediaType: aws.String(mtOCIManifest), ArtifactType: aws.String("application/spdx+json"),
			Size: aws.Int64(int64(len(imageManifestOf(t, f, "app", sbom)))), Annotations: sbomAnn, ArtifactStatus: types.ArtifactStatusActive},
		{Digest: aws.String(bare), MediaType: aws.String(mtOCIManifest), ArtifactType: aws.String("application/vnd.oci.empty.v1+json"),
			Size: aws.Int64(int64(len(imageManifestOf(t, f, "app", bare)))), ArtifactStatus: types.ArtifactStatusActive},
		{Digest: imgOut.Image.ImageId.ImageDigest, MediaType: aws.String(mtOCIManifest), ArtifactType: aws.String(mtOCIConfig),
			Size: aws.Int64(int64(len(imgRef))), ArtifactStatus: types.ArtifactStatusActive},
		{Digest: idxOut.Image.ImageId.ImageDigest, MediaType: aws.String(mtOCIIndex), ArtifactType: aws.String("application/vnd.example.bundle"),
			Size: aws.Int64(int64(len(index))), Annotations: map[string]string{"n": "1"}, ArtifactStatus: types.ArtifactStatusActive},
	}
	require.Equal(t, &ecr.ListImageReferrersOutput{Referrers: want}, out, "in push order")

	// The output is the caller's: changing it changes nothing in the fake.
	out.Referrers[0].Annotations["org.example.kind"] = "changed"
	again, err := listReferrers(f, "app", subject, nil)
	require.NoError(t, err)
	require.Equal(t, "sbom", again.Referrers[0].Annotations["org.example.kind"])

	// A deleted referrer is gone.
	_, err = f.BatchDeleteImage(context.Background(), &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(bare)}})
	require.NoError(t, err)
	require.Equal(t, []string{sbom, *imgOut.Image.ImageId.ImageDigest, *idxOut.Image.ImageId.ImageDigest}, referrerDigests(t)(listReferrers(f, "app", subject, nil)))
}

func TestListImageReferrersFilters(t *testing.T) {
	f, _, _ := newFake(t)
	subject := sha([]byte("a subject that is not in the repository"))
	spdx := pushReferrer(t, f, "app", subject, "application/spdx+json", nil)
	cyclone := pushReferrer(t, f, "app", subject, "application/vnd.cyclonedx+json", nil)
	sig := pushReferrer(t, f, "app", subject, "application/vnd.dev.cosign.artifact.sig.v1+json", nil)
	all := []string{spdx, cyclone, sig}

	tests := []struct {
		name   string
		filter *types.ListImageReferrersFilter
		want   []string
	}{
		{name: "no filter", want: all},
		{name: "empty filter", filter: &types.ListImageReferrersFilter{}, want: all},
		{name: "no artifact types", filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{}}, want: all},
		{name: "one artifact type", filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/spdx+json"}}, want: []string{spdx}},
		{name: "any of several", filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/vnd.dev.cosign.artifact.sig.v1+json", "application/spdx+json", "text/plain"}}, want: []string{spdx, sig}},
		{name: "artifact types match exactly", filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/SPDX+json", "application/spdx"}}, want: []string{}},
		{name: "ACTIVE", filter: &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterActive}, want: all},
		{name: "ANY", filter: &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterAny}, want: all},
		{name: "ANY and a type", filter: &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterAny, ArtifactTypes: []string{"application/vnd.cyclonedx+json"}}, want: []string{cyclone}},
		{name: "ARCHIVED: nothing is archived", filter: &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterArchived}, want: []string{}},
		{name: "ACTIVATING: nothing is being restored", filter: &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterActivating}, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := referrerDigests(t)(listReferrers(f, "app", subject, func(in *ecr.ListImageReferrersInput) { in.Filter = tt.filter }))
			require.Equal(t, tt.want, got)
		})
	}

	t.Run("a subject nothing refers to", func(t *testing.T) {
		_, d := pushNew(t, f, "app", "v1", "lonely")
		for _, s := range []string{d, sha([]byte("nowhere"))} {
			out, err := listReferrers(f, "app", s, nil)
			require.NoError(t, err)
			require.Equal(t, &ecr.ListImageReferrersOutput{Referrers: []types.ImageReferrer{}}, out)
		}
	})
}

func TestListImageReferrersPages(t *testing.T) {
	f, _, _ := newFake(t)
	_, subject := pushNew(t, f, "app", "v1", "subject")
	var all []string
	for i := range 45 {
		all = append(all, pushReferrer(t, f, "app", subject, "application/vnd.example", map[string]string{"i": fmt.Sprint(i)}))
		pushReferrer(t, f, "app", subject, "application/vnd.other", map[string]string{"i": fmt.Sprint(i)}) // filtered out below
	}
	filter := &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/vnd.example"}}
	pages := func(max *int32) [][]string {
		var out [][]string
		var token *string
		seen := map[string]bool{}
		for {
			page, err := listReferrers(f, "app", subject, func(in *ecr.ListImageReferrersInput) {
				in.Filter, in.MaxResults, in.NextToken = filter, max, token
			})
			out = append(out, referrerDigests(t)(page, err))
			if page.NextToken == nil {
				return out
			}
			require.NotEmpty(t, *page.NextToken)
			require.False(t, seen[*page.NextToken], "tokens do not repeat")
			seen[*page.NextToken] = true
			token = page.NextToken
		}
	}
	require.Equal(t, [][]string{all[:20], all[20:40], all[40:]}, pages(nil), "20 per page by default")
	require.Equal(t, [][]string{all[:45]}, pages(aws.Int32(50)))
	require.Equal(t, [][]string{all[:45]}, pages(aws.Int32(45)), "a full last page carries no token")
	got := pages(aws.Int32(7))
	require.Len(t, got, 7)
	var flat []string
	for _, p := range got {
		flat = append(flat, p...)
	}
	require.Equal(t, all, flat)
}

func TestListImageReferrersErrors(t *testing.T) {
	good := sha([]byte("subject"))
	tests := []struct {
		name      string
		in        *ecr.ListImageReferrersInput
		code, msg string
	}{
		{name: "missing members", in: &ecr.ListImageReferrersInput{}, msg: "2 validation error(s) found"},
		{name: "missing subject digest", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{}},
			msg: "missing required field, ListImageReferrersInput.SubjectId.ImageDigest"},
		{name: "unknown repository", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("nope"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)}},
			code: "RepositoryNotFoundException", msg: "The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		{name: "malformed subject digest", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String("latest")}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'subjectId.imageDigest' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+''"},
		{name: "maxResults 0", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)}, MaxResults: aws.Int32(0)},
			code: "InvalidParameterException", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{name: "maxResults 51", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)}, MaxResults: aws.Int32(51)},
			code: "InvalidParameterException", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 50'"},
		{name: "six artifact types", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)},
			Filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{"a", "b", "c", "d", "e", "f"}}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'filter.artifactTypes' failed to satisfy constraint: 'Member must have length less than or equal to 5'"},
		{name: "empty artifact type", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)},
			Filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{""}}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'filter.artifactTypes[0]' failed to satisfy constraint: 'must have length greater than or equal to 1'"},
		{name: "unknown status", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)},
			Filter: &types.ListImageReferrersFilter{ArtifactStatus: "active"}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'filter.artifactStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [ACTIVE, ARCHIVED, ACTIVATING, ANY]'"},
		{name: "garbage token", in: &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(good)}, NextToken: aws.String("abc")},
			code: "InvalidParameterException", msg: invalidNextToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			pushReferrer(t, f, "app", good, "application/spdx+json", nil)
			requireFailsAndChangesNothing(t, f, tt.code, tt.msg, func() (any, error) {
				return nilOnError(f.ListImageReferrers(ctx, tt.in))
			})
		})
	}

	t.Run("a token of another subject", func(t *testing.T) {
		f, _, _ := newFake(t)
		for range 2 {
			pushReferrer(t, f, "app", good, "application/spdx+json", map[string]string{"n": fmt.Sprint(f.Calls())})
		}
		page, err := listReferrers(f, "app", good, func(in *ecr.ListImageReferrersInput) { in.MaxResults = aws.Int32(1) })
		require.NoError(t, err)
		require.NotNil(t, page.NextToken)
		_, err = listReferrers(f, "app", sha([]byte("other")), func(in *ecr.ListImageReferrersInput) { in.NextToken = page.NextToken })
		requireAPIError(t, err, "InvalidParameterException", invalidNextToken)
	})
}
