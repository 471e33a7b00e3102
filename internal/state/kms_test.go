package state

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A KMS repository created without a key reports the AWS managed key real
// ECR uses: one per account and region, with a deterministic id.
func TestCreateRepositoryKMSWithoutKeyReportsTheAWSManagedKey(t *testing.T) {
	const uuid = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	create := func(w *World, name, registry string, enc *types.EncryptionConfiguration) *types.EncryptionConfiguration {
		t.Helper()
		in := &ecr.CreateRepositoryInput{RepositoryName: strp(name), EncryptionConfiguration: enc}
		if registry != "" {
			in.RegistryId = strp(registry)
		}
		out, err := w.CreateRepository(time.Unix(1, 0), in)
		require.NoError(t, err)
		return out.Repository.EncryptionConfiguration
	}
	w := New(cloneTestConfig())
	kms := create(w, "a", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms})
	require.NotNil(t, kms.KmsKey)
	assert.Regexp(t, `^arn:aws:kms:us-east-1:`+acctOwn+`:key/`+uuid+`$`, *kms.KmsKey)

	// The same key for every repository of the registry, and in a new world
	// with the same account and region; DSSE uses it too.
	again := create(w, "b", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms})
	assert.Equal(t, *kms.KmsKey, *again.KmsKey)
	assert.Equal(t, *kms.KmsKey, *create(New(cloneTestConfig()), "a", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms}).KmsKey)
	dsse := create(w, "c", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKmsDsse})
	assert.Equal(t, *kms.KmsKey, *dsse.KmsKey)

	// Another account or region has another key.
	other := create(w, "a", "210987654321", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms})
	assert.Regexp(t, `^arn:aws:kms:us-east-1:210987654321:key/`+uuid+`$`, *other.KmsKey)
	assert.NotEqual(t, *kms.KmsKey, *other.KmsKey)
	cfg := cloneTestConfig()
	cfg.Region = "eu-west-1"
	west := create(New(cfg), "a", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms})
	assert.Regexp(t, `^arn:aws:kms:eu-west-1:`+acctOwn+`:key/`+uuid+`$`, *west.KmsKey)
	assert.NotEqual(t, (*kms.KmsKey)[len(*kms.KmsKey)-36:], (*west.KmsKey)[len(*west.KmsKey)-36:])

	// A key the caller names is kept; AES256 has none; DescribeRepositories
	// reports what CreateRepository did.
	own := "arn:aws:kms:us-east-1:" + acctOwn + ":key/mine"
	assert.Equal(t, own, *create(w, "d", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: &own}).KmsKey)
	assert.Nil(t, create(w, "e", "", nil).KmsKey)
	assert.Nil(t, create(w, "f", "", &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeAes256}).KmsKey)
	desc, err := w.DescribeRepositories(time.Unix(2, 0), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"a"}})
	require.NoError(t, err)
	assert.Equal(t, *kms.KmsKey, *desc.Repositories[0].EncryptionConfiguration.KmsKey)
}
