package ecrfake_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func TestGetAuthorizationToken(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithRegion("eu-central-1"))
	clock.Advance(time.Minute)
	out, err := f.GetAuthorizationToken(ctx, nil)
	require.NoError(t, err)
	require.Len(t, out.AuthorizationData, 1)
	a := out.AuthorizationData[0]
	assert.Equal(t, epoch.Add(time.Minute+12*time.Hour), *a.ExpiresAt)
	assert.Equal(t, "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com", *a.ProxyEndpoint)
	raw, err := base64.StdEncoding.DecodeString(*a.AuthorizationToken)
	require.NoError(t, err)
	user, password, ok := strings.Cut(string(raw), ":")
	require.True(t, ok)
	assert.Equal(t, "AWS", user)
	assert.NotEmpty(t, password)
	assert.True(t, strings.HasPrefix(*a.AuthorizationToken, "QVdTO"), "base64 of 'AWS:'")

	out, err = f.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{RegistryIds: []string{"111111111111", "222222222222"}})
	require.NoError(t, err)
	require.Len(t, out.AuthorizationData, 2)
	assert.Equal(t, "https://111111111111.dkr.ecr.eu-central-1.amazonaws.com", *out.AuthorizationData[0].ProxyEndpoint)
	assert.Equal(t, "https://222222222222.dkr.ecr.eu-central-1.amazonaws.com", *out.AuthorizationData[1].ProxyEndpoint)

	_, err = f.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{RegistryIds: []string{"1"}})
	apiError(t, err, "InvalidParameterException")
	_, err = f.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{RegistryIds: make([]string, 11)})
	apiError(t, err, "InvalidParameterException")
}

func TestChinaRegionsUseTheirPartition(t *testing.T) {
	f, _, ctx := newFake(t, ecrfake.WithRegion("cn-north-1"))
	createRepo(t, f, "app")
	out, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws-cn:ecr:cn-north-1:123456789012:repository/app", *out.Repositories[0].RepositoryArn)
	assert.Equal(t, "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app", *out.Repositories[0].RepositoryUri)
}

func TestSameCallsGiveTheSameAnswers(t *testing.T) {
	run := func() []any {
		f, clock, ctx := newFake(t)
		createRepo(t, f, "app")
		_, d := pushImage(t, f, "app", "v1", "one")
		clock.Advance(time.Second)
		tok, err := f.GetAuthorizationToken(ctx, nil)
		require.NoError(t, err)
		up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: strPtr("app")})
		require.NoError(t, err)
		_, missing := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
		return []any{d, *tok.AuthorizationData[0].AuthorizationToken, *up.UploadId, missing.Error(), describe(t, f, "app", d)}
	}
	assert.Equal(t, run(), run())
}

func strPtr(s string) *string { return &s }

func TestOptionsRejectProgrammerErrors(t *testing.T) {
	assert.Panics(t, func() { ecrfake.New(ecrfake.WithAccountID("12")) })
	assert.Panics(t, func() { ecrfake.New(ecrfake.WithRegion("US East")) })
	assert.Panics(t, func() { ecrfake.New(ecrfake.WithClock(nil)) })
}

func TestManualClock(t *testing.T) {
	c := ecrfake.NewManualClock(epoch)
	assert.Equal(t, epoch, c.Now())
	c.Advance(time.Hour)
	assert.Equal(t, epoch.Add(time.Hour), c.Now())
	c.Set(epoch)
	assert.Equal(t, epoch, c.Now())
}
