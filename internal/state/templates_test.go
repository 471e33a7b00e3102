package state

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

func wildcards(fs ...string) []types.ImageTagMutabilityExclusionFilter {
	out := []types.ImageTagMutabilityExclusionFilter{}
	for _, f := range fs {
		out = append(out, types.ImageTagMutabilityExclusionFilter{Filter: strp(f), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard})
	}
	return out
}

// apply changes only the fields given, and validates the result as a whole.
func TestTemplateApply(t *testing.T) {
	w := New(cloneTestConfig())
	base := creationTemplate{
		prefix: "prod", key: "prod", description: "d", encryption: types.EncryptionTypeKms, kmsKey: "arn:aws:kms:us-east-1:123456789012:key/k",
		resourceTags: []resourceTag{{"a", "1"}}, mutability: types.ImageTagMutabilityImmutableWithExclusion, exclusions: []string{"dev-*"},
		repositoryPolicy: clonePolicy, appliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}, customRoleARN: "role",
	}
	tests := []struct {
		name   string
		f      templateFields
		change func(t *creationTemplate)
		err    string
	}{
		{name: "nothing given", change: func(*creationTemplate) {}},
		{name: "empty strings clear", f: templateFields{description: strp(""), repositoryPolicy: strp(""), lifecyclePolicy: strp(""), customRoleARN: strp("")},
			change: func(t *creationTemplate) { t.description, t.repositoryPolicy, t.customRoleARN = "", "", "" }},
		{name: "empty tags clear", f: templateFields{resourceTags: []types.Tag{}}, change: func(t *creationTemplate) { t.resourceTags = []resourceTag{} }},
		{name: "tags are sorted by key", f: templateFields{resourceTags: []types.Tag{{Key: strp("z"), Value: strp("")}, {Key: strp("b"), Value: strp("2")}}},
			change: func(t *creationTemplate) { t.resourceTags = []resourceTag{{"b", "2"}, {"z", ""}} }},
		{name: "appliedFor duplicates dropped", f: templateFields{appliedFor: []types.RCTAppliedFor{"CREATE_ON_PUSH", "REPLICATION", "CREATE_ON_PUSH"}},
			change: func(t *creationTemplate) { t.appliedFor = []types.RCTAppliedFor{"CREATE_ON_PUSH", "REPLICATION"} }},
		{name: "appliedFor empty", f: templateFields{appliedFor: []types.RCTAppliedFor{}},
			err: "Invalid parameter at 'appliedFor' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{name: "filters alone keep the mode", f: templateFields{filters: wildcards("rc-*", "*-tmp")},
			change: func(t *creationTemplate) { t.exclusions = []string{"rc-*", "*-tmp"} }},
		{name: "a new mode drops the filters", f: templateFields{mutability: types.ImageTagMutabilityImmutable},
			change: func(t *creationTemplate) { t.mutability, t.exclusions = types.ImageTagMutabilityImmutable, nil }},
		{name: "a new exclusion mode needs filters", f: templateFields{mutability: types.ImageTagMutabilityMutableWithExclusion},
			err: "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as MUTABLE_WITH_EXCLUSION'"},
		{name: "AES256 drops the key", f: templateFields{encryption: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256}},
			change: func(t *creationTemplate) { t.encryption, t.kmsKey = types.EncryptionTypeAes256, "" }},
		{name: "AES256 with an empty key", f: templateFields{encryption: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256, KmsKey: strp("")}},
			change: func(t *creationTemplate) { t.encryption, t.kmsKey = types.EncryptionTypeAes256, "" }},
		{name: "AES256 with a key", f: templateFields{encryption: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256, KmsKey: strp("arn:aws:kms:us-east-1:123456789012:key/k")}},
			err: "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: 'A KMS key can only be specified when encryptionType is KMS or KMS_DSSE'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := cloneTemplates([]creationTemplate{base})[0]
			got, err := w.apply(orig, tt.f)
			require.Equal(t, base, orig, "the template passed in is not changed")
			if tt.err != "" {
				require.EqualError(t, err, "InvalidParameterException: "+tt.err)
				return
			}
			require.NoError(t, err)
			want := cloneTemplates([]creationTemplate{base})[0]
			tt.change(&want)
			require.Equal(t, want, got)
		})
	}
}

func TestCreationTemplateSDKDefaults(t *testing.T) {
	tmpl := creationTemplate{prefix: "ROOT", key: "ROOT", encryption: types.EncryptionTypeAes256, mutability: types.ImageTagMutabilityMutable,
		appliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache}, createdAt: cloneEpoch, updatedAt: cloneEpoch}
	require.Equal(t, &types.RepositoryCreationTemplate{
		Prefix: strp("ROOT"), EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256},
		ResourceTags: []types.Tag{}, ImageTagMutability: types.ImageTagMutabilityMutable, AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
		CreatedAt: &cloneEpoch, UpdatedAt: &cloneEpoch,
	}, tmpl.sdk())
}
