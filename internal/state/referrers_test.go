package state

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

// pushReferrer pushes an OCI artifact whose subject is subject; it returns
// the artifact's digest.
func (f *worldFixture) pushReferrer(repo, subject, artifactType, label string) string {
	f.tb.Helper()
	cfg, layer := []byte(`{}`), []byte("referrer-"+label)
	f.uploadBlob("", repo, cfg)
	f.uploadBlob("", repo, layer)
	m := fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"artifactType":%q,"config":%s,"layers":[%s],"subject":{"mediaType":%q,"size":1,"digest":%q},"annotations":{"label":%q}}`,
		mediaOCIManifest, artifactType, descJSON("application/vnd.oci.empty.v1+json", cfg), descJSON(mediaOCILayer, layer), mediaOCIManifest, subject, label)
	return f.put("", repo, "", "", m)
}

func (f *worldFixture) referrers(in *ecr.ListImageReferrersInput) ([]string, *string) {
	f.tb.Helper()
	out, err := f.w.ListImageReferrers(f.now, in)
	require.NoError(f.tb, err)
	var labels []string
	for _, r := range out.Referrers {
		labels = append(labels, r.Annotations["label"])
	}
	return labels, out.NextToken
}

// Pages resume after the last referrer returned, by push sequence: a
// referrer deleted or pushed between pages neither repeats nor hides one.
func TestListImageReferrersResumesByKey(t *testing.T) {
	f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", nil)
	_, subject := f.pushImage("", "app", "v1", "subject")
	digests := map[string]string{}
	for i := range 5 {
		label := fmt.Sprintf("r%d", i)
		digests[label] = f.pushReferrer("app", subject, "application/vnd.example", label)
	}
	in := func(token *string) *ecr.ListImageReferrersInput {
		return &ecr.ListImageReferrersInput{
			RepositoryName: strp("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: strp(subject)},
			MaxResults: ptr(int32(2)), NextToken: token,
		}
	}
	page, token := f.referrers(in(nil))
	require.Equal(t, []string{"r0", "r1"}, page)
	require.NotNil(t, token)

	// Delete the last one returned and the next one; push one more.
	f.deleteImages("", "app", idDigest(digests["r1"]), idDigest(digests["r2"]))
	f.pushReferrer("app", subject, "application/vnd.example", "r5")

	page, token = f.referrers(in(token))
	require.Equal(t, []string{"r3", "r4"}, page)
	require.NotNil(t, token)
	page, token = f.referrers(in(token))
	require.Equal(t, []string{"r5"}, page)
	require.Nil(t, token, "the last page carries no token")
}

// A token is bound to its listing, repository, subject and filter.
func TestListImageReferrersTokens(t *testing.T) {
	f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", nil)
	f.createRepo("", "other", nil)
	_, subject := f.pushImage("", "app", "v1", "subject")
	for i := range 3 {
		f.pushReferrer("app", subject, "application/vnd.example", fmt.Sprintf("r%d", i))
	}
	for i := range 3 {
		_, err := f.w.RegisterPullTimeUpdateExclusion(f.tick(), &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: roleARN(fmt.Sprint(i))})
		require.NoError(t, err)
	}
	base := func() *ecr.ListImageReferrersInput {
		return &ecr.ListImageReferrersInput{RepositoryName: strp("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: strp(subject)}, MaxResults: ptr(int32(1))}
	}
	first, err := f.w.ListImageReferrers(f.now, base())
	require.NoError(t, err)
	require.NotNil(t, first.NextToken)
	ex, err := f.w.ListPullTimeUpdateExclusions(f.now, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: ptr(int32(1))})
	require.NoError(t, err)
	require.NotNil(t, ex.NextToken)
	images, err := f.w.ListImages(f.now, &ecr.ListImagesInput{RepositoryName: strp("app"), MaxResults: ptr(int32(1))})
	require.NoError(t, err)

	tests := []struct {
		name string
		mod  func(in *ecr.ListImageReferrersInput)
	}{
		{"a ListPullTimeUpdateExclusions token", func(in *ecr.ListImageReferrersInput) { in.NextToken = ex.NextToken }},
		{"a ListImages token", func(in *ecr.ListImageReferrersInput) { in.NextToken = images.NextToken }},
		{"another repository", func(in *ecr.ListImageReferrersInput) { in.RepositoryName = strp("other") }},
		{"another subject", func(in *ecr.ListImageReferrersInput) {
			in.SubjectId.ImageDigest = strp("sha256:" + strings.Repeat("a", 64))
		}},
		{"another status filter", func(in *ecr.ListImageReferrersInput) {
			in.Filter = &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterAny}
		}},
		{"another artifact type filter", func(in *ecr.ListImageReferrersInput) {
			in.Filter = &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/vnd.example"}}
		}},
		{"garbage", func(in *ecr.ListImageReferrersInput) { in.NextToken = strp("garbage") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			in.NextToken = first.NextToken
			tt.mod(in)
			_, err := f.w.ListImageReferrers(f.now, in)
			require.EqualError(t, err, "InvalidParameterException: Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'")
		})
	}

	t.Run("a referrers token is no exclusions token", func(t *testing.T) {
		_, err := f.w.ListPullTimeUpdateExclusions(f.now, &ecr.ListPullTimeUpdateExclusionsInput{NextToken: first.NextToken})
		require.EqualError(t, err, "InvalidParameterException: Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'")
	})
	t.Run("an upper-case subject digest names the same subject", func(t *testing.T) {
		in := base()
		in.SubjectId.ImageDigest = strp(strings.ToUpper(strings.TrimPrefix(subject, "sha256:")))
		in.SubjectId.ImageDigest = strp("sha256:" + *in.SubjectId.ImageDigest)
		in.NextToken = first.NextToken
		out, err := f.w.ListImageReferrers(f.now, in)
		require.NoError(t, err)
		require.Len(t, out.Referrers, 1)
	})
}

// The kinds this package adds stay clear of paginate.go's.
func TestListKindsAreDistinct(t *testing.T) {
	kinds := []listKind{kindRepositories, kindImages, kindImageIDs, kindPullTimeExclusions, kindReferrers}
	seen := map[listKind]bool{}
	for _, k := range kinds {
		require.False(t, seen[k], "kind %#x used twice", k)
		seen[k] = true
	}
}
