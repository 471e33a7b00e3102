package state

import (
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"
)

// The repository descriptions of a page share allocations; their values are
// the ones repoARN and registryHost spell.
func TestDescribeReposSpellsARNsAndURIs(t *testing.T) {
	w := New(Config{AccountID: "123456789012", Region: "eu-west-3", Partition: "aws", DNSSuffix: "amazonaws.com", Limits: Limits{
		MaxRepositories: 100, MaxPageSize: 1000, MaxBatchSize: 100, MaxResourceTags: 50}})
	now := time.Unix(1700000000, 0).UTC()
	var names []string
	for i := range 7 {
		name := "team-" + strconv.Itoa(i) + "/app"
		names = append(names, name)
		_, err := w.CreateRepository(now, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
		require.NoError(t, err)
	}
	out, err := w.DescribeRepositories(now, &ecr.DescribeRepositoriesInput{})
	require.NoError(t, err)
	require.Len(t, out.Repositories, 7)
	for i, r := range out.Repositories {
		require.Equal(t, names[i], *r.RepositoryName)
		require.Equal(t, w.repoARN("123456789012", names[i]), *r.RepositoryArn)
		require.Equal(t, w.registryHost("123456789012")+"/"+names[i], *r.RepositoryUri)
		require.Equal(t, "arn:aws:ecr:eu-west-3:123456789012:repository/"+names[i], *r.RepositoryArn)
	}
}
