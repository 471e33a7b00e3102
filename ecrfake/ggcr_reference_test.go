package ecrfake_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/name"
	// The registry data plane's tests drive these packages; pinned here so
	// that go.mod names every module they need.
	_ "github.com/google/go-containerregistry/pkg/authn"
	_ "github.com/google/go-containerregistry/pkg/crane"
	_ "github.com/google/go-containerregistry/pkg/v1/empty"
	_ "github.com/google/go-containerregistry/pkg/v1/mutate"
	_ "github.com/google/go-containerregistry/pkg/v1/random"
	_ "github.com/google/go-containerregistry/pkg/v1/remote"
	_ "github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Code under test builds image references from repositoryUri; the fake's
// URIs must parse as go-containerregistry references naming ECR's registry
// host, so that the same references work against the registry data plane.
func TestRepositoryURIIsAGoContainerRegistryReference(t *testing.T) {
	f := ecrfake.New(ecrfake.WithAccountID("210987654321"), ecrfake.WithRegion("eu-west-1"))
	out, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	require.NoError(t, err)
	ref, err := name.ParseReference(aws.ToString(out.Repository.RepositoryUri)+":v1", name.StrictValidation)
	require.NoError(t, err)
	assert.Equal(t, "210987654321.dkr.ecr.eu-west-1.amazonaws.com", ref.Context().RegistryStr())
	assert.Equal(t, "team/app", ref.Context().RepositoryStr())
	assert.Equal(t, "v1", ref.Identifier())
}
