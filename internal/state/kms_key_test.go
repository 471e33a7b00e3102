package state

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A kmsKey named by key id or alias is reported as a key ARN, as real ECR
// stores the key's ARN; a key ARN is kept, and an alias always gives the
// same key.
func TestCreateRepositoryKMSKeyReportedAsKeyARN(t *testing.T) {
	const keyID = "1234abcd-12ab-34cd-56ef-1234567890ab"
	const keyARN = "arn:aws:kms:us-east-1:" + acctOwn + ":key/" + keyID
	const uuid = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	w := New(cloneTestConfig())
	n := 0
	create := func(key string) string {
		t.Helper()
		n++
		out, err := w.CreateRepository(time.Unix(1, 0), &ecr.CreateRepositoryInput{
			RepositoryName:          strp(string(rune('a' + n))),
			EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: strp(key)},
		})
		require.NoError(t, err)
		return *out.Repository.EncryptionConfiguration.KmsKey
	}
	managed := create("alias/aws/ecr")
	assert.Equal(t, w.awsManagedKMSKey(acctOwn), managed, "alias/aws/ecr is the AWS managed key")

	tests := []struct {
		name, key, want string
	}{
		{"a key ARN stays", keyARN, keyARN},
		{"a key id becomes its ARN", keyID, keyARN},
		{"a multi-Region key id", "mrk-1234abcd12ab34cd56ef1234567890ab", "arn:aws:kms:us-east-1:" + acctOwn + ":key/mrk-1234abcd12ab34cd56ef1234567890ab"},
		{"the managed key's alias ARN", "arn:aws:kms:us-east-1:" + acctOwn + ":alias/aws/ecr", managed},
		{"not a key id: kept as given", "my-key", "my-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, create(tt.key)) })
	}

	alias := create("alias/team-key")
	assert.Regexp(t, `^arn:aws:kms:us-east-1:`+acctOwn+`:key/`+uuid+`$`, alias, "an alias becomes a key ARN")
	assert.Equal(t, alias, create("alias/team-key"), "the same alias, the same key")
	assert.Equal(t, alias, create("arn:aws:kms:us-east-1:"+acctOwn+":alias/team-key"), "the alias ARN names the same key")
	assert.NotEqual(t, alias, create("alias/other-key"))
	other := create("arn:aws:kms:eu-west-1:210987654321:alias/team-key")
	assert.Regexp(t, `^arn:aws:kms:eu-west-1:210987654321:key/`+uuid+`$`, other, "an alias ARN keeps its region and account")

	desc, err := w.DescribeRepositories(time.Unix(2, 0), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{string(rune('a' + 1))}})
	require.NoError(t, err)
	assert.Equal(t, managed, *desc.Repositories[0].EncryptionConfiguration.KmsKey, "DescribeRepositories reports the stored ARN")
}
