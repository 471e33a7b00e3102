package ecrfake

// Registry-level settings: registry policy, account settings, replication
// configuration and backfills, pull-time update exclusions, pull-through
// cache rules, repository creation templates, managed signing. The behaviour
// lives in internal/state (registry_settings.go, backfill.go, pullthrough.go,
// templates.go, signing.go).

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opCreatePullThroughCacheRule = operation{op: OpCreatePullThroughCacheRule, write: true}

// CreatePullThroughCacheRule implements (*ecr.Client).CreatePullThroughCacheRule.
func (f *Fake) CreatePullThroughCacheRule(ctx context.Context, params *ecr.CreatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.CreatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opCreatePullThroughCacheRule, params, (*state.World).CreatePullThroughCacheRule)
}

var opCreateRepositoryCreationTemplate = operation{op: OpCreateRepositoryCreationTemplate, write: true}

// CreateRepositoryCreationTemplate implements (*ecr.Client).CreateRepositoryCreationTemplate.
func (f *Fake) CreateRepositoryCreationTemplate(ctx context.Context, params *ecr.CreateRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.CreateRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opCreateRepositoryCreationTemplate, params, (*state.World).CreateRepositoryCreationTemplate)
}

var opDeletePullThroughCacheRule = operation{op: OpDeletePullThroughCacheRule, write: true}

// DeletePullThroughCacheRule implements (*ecr.Client).DeletePullThroughCacheRule.
func (f *Fake) DeletePullThroughCacheRule(ctx context.Context, params *ecr.DeletePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.DeletePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opDeletePullThroughCacheRule, params, (*state.World).DeletePullThroughCacheRule)
}

var opDeleteRegistryPolicy = operation{op: OpDeleteRegistryPolicy, write: true}

// DeleteRegistryPolicy implements (*ecr.Client).DeleteRegistryPolicy.
func (f *Fake) DeleteRegistryPolicy(ctx context.Context, params *ecr.DeleteRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRegistryPolicyOutput, error) {
	return call(ctx, f, opDeleteRegistryPolicy, params, (*state.World).DeleteRegistryPolicy)
}

var opDeleteRepositoryCreationTemplate = operation{op: OpDeleteRepositoryCreationTemplate, write: true}

// DeleteRepositoryCreationTemplate implements (*ecr.Client).DeleteRepositoryCreationTemplate.
func (f *Fake) DeleteRepositoryCreationTemplate(ctx context.Context, params *ecr.DeleteRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opDeleteRepositoryCreationTemplate, params, (*state.World).DeleteRepositoryCreationTemplate)
}

var opDeleteSigningConfiguration = operation{op: OpDeleteSigningConfiguration, write: true}

// DeleteSigningConfiguration implements (*ecr.Client).DeleteSigningConfiguration.
func (f *Fake) DeleteSigningConfiguration(ctx context.Context, params *ecr.DeleteSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.DeleteSigningConfigurationOutput, error) {
	return call(ctx, f, opDeleteSigningConfiguration, params, (*state.World).DeleteSigningConfiguration)
}

var opDeregisterPullTimeUpdateExclusion = operation{op: OpDeregisterPullTimeUpdateExclusion, write: true}

// DeregisterPullTimeUpdateExclusion implements (*ecr.Client).DeregisterPullTimeUpdateExclusion.
func (f *Fake) DeregisterPullTimeUpdateExclusion(ctx context.Context, params *ecr.DeregisterPullTimeUpdateExclusionInput, optFns ...func(*ecr.Options)) (*ecr.DeregisterPullTimeUpdateExclusionOutput, error) {
	return call(ctx, f, opDeregisterPullTimeUpdateExclusion, params, (*state.World).DeregisterPullTimeUpdateExclusion)
}

var opDescribePullThroughCacheRules = operation{op: OpDescribePullThroughCacheRules, write: false}

// DescribePullThroughCacheRules implements (*ecr.Client).DescribePullThroughCacheRules.
func (f *Fake) DescribePullThroughCacheRules(ctx context.Context, params *ecr.DescribePullThroughCacheRulesInput, optFns ...func(*ecr.Options)) (*ecr.DescribePullThroughCacheRulesOutput, error) {
	return call(ctx, f, opDescribePullThroughCacheRules, params, (*state.World).DescribePullThroughCacheRules)
}

var opDescribeRegistry = operation{op: OpDescribeRegistry, write: false}

// DescribeRegistry implements (*ecr.Client).DescribeRegistry.
func (f *Fake) DescribeRegistry(ctx context.Context, params *ecr.DescribeRegistryInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRegistryOutput, error) {
	return call(ctx, f, opDescribeRegistry, params, (*state.World).DescribeRegistry)
}

var opDescribeReplicationBackfillResults = operation{op: OpDescribeReplicationBackfillResults, write: false}

// DescribeReplicationBackfillResults implements (*ecr.Client).DescribeReplicationBackfillResults.
func (f *Fake) DescribeReplicationBackfillResults(ctx context.Context, params *ecr.DescribeReplicationBackfillResultsInput, optFns ...func(*ecr.Options)) (*ecr.DescribeReplicationBackfillResultsOutput, error) {
	return call(ctx, f, opDescribeReplicationBackfillResults, params, (*state.World).DescribeReplicationBackfillResults)
}

var opDescribeRepositoryCreationTemplates = operation{op: OpDescribeRepositoryCreationTemplates, write: false}

// DescribeRepositoryCreationTemplates implements (*ecr.Client).DescribeRepositoryCreationTemplates.
func (f *Fake) DescribeRepositoryCreationTemplates(ctx context.Context, params *ecr.DescribeRepositoryCreationTemplatesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRepositoryCreationTemplatesOutput, error) {
	return call(ctx, f, opDescribeRepositoryCreationTemplates, params, (*state.World).DescribeRepositoryCreationTemplates)
}

var opGetAccountSetting = operation{op: OpGetAccountSetting, write: false}

// GetAccountSetting implements (*ecr.Client).GetAccountSetting.
func (f *Fake) GetAccountSetting(ctx context.Context, params *ecr.GetAccountSettingInput, optFns ...func(*ecr.Options)) (*ecr.GetAccountSettingOutput, error) {
	return call(ctx, f, opGetAccountSetting, params, (*state.World).GetAccountSetting)
}

var opGetRegistryPolicy = operation{op: OpGetRegistryPolicy, write: false}

// GetRegistryPolicy implements (*ecr.Client).GetRegistryPolicy.
func (f *Fake) GetRegistryPolicy(ctx context.Context, params *ecr.GetRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetRegistryPolicyOutput, error) {
	return call(ctx, f, opGetRegistryPolicy, params, (*state.World).GetRegistryPolicy)
}

var opGetSigningConfiguration = operation{op: OpGetSigningConfiguration, write: false}

// GetSigningConfiguration implements (*ecr.Client).GetSigningConfiguration.
func (f *Fake) GetSigningConfiguration(ctx context.Context, params *ecr.GetSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.GetSigningConfigurationOutput, error) {
	return call(ctx, f, opGetSigningConfiguration, params, (*state.World).GetSigningConfiguration)
}

var opListPullTimeUpdateExclusions = operation{op: OpListPullTimeUpdateExclusions, write: false}

// ListPullTimeUpdateExclusions implements (*ecr.Client).ListPullTimeUpdateExclusions.
func (f *Fake) ListPullTimeUpdateExclusions(ctx context.Context, params *ecr.ListPullTimeUpdateExclusionsInput, optFns ...func(*ecr.Options)) (*ecr.ListPullTimeUpdateExclusionsOutput, error) {
	return call(ctx, f, opListPullTimeUpdateExclusions, params, (*state.World).ListPullTimeUpdateExclusions)
}

var opListReplicationBackfills = operation{op: OpListReplicationBackfills, write: false}

// ListReplicationBackfills implements (*ecr.Client).ListReplicationBackfills.
func (f *Fake) ListReplicationBackfills(ctx context.Context, params *ecr.ListReplicationBackfillsInput, optFns ...func(*ecr.Options)) (*ecr.ListReplicationBackfillsOutput, error) {
	return call(ctx, f, opListReplicationBackfills, params, (*state.World).ListReplicationBackfills)
}

var opPutAccountSetting = operation{op: OpPutAccountSetting, write: true}

// PutAccountSetting implements (*ecr.Client).PutAccountSetting.
func (f *Fake) PutAccountSetting(ctx context.Context, params *ecr.PutAccountSettingInput, optFns ...func(*ecr.Options)) (*ecr.PutAccountSettingOutput, error) {
	return call(ctx, f, opPutAccountSetting, params, (*state.World).PutAccountSetting)
}

var opPutRegistryPolicy = operation{op: OpPutRegistryPolicy, write: true}

// PutRegistryPolicy implements (*ecr.Client).PutRegistryPolicy.
func (f *Fake) PutRegistryPolicy(ctx context.Context, params *ecr.PutRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.PutRegistryPolicyOutput, error) {
	return call(ctx, f, opPutRegistryPolicy, params, (*state.World).PutRegistryPolicy)
}

var opPutReplicationConfiguration = operation{op: OpPutReplicationConfiguration, write: true}

// PutReplicationConfiguration implements (*ecr.Client).PutReplicationConfiguration.
func (f *Fake) PutReplicationConfiguration(ctx context.Context, params *ecr.PutReplicationConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutReplicationConfigurationOutput, error) {
	return call(ctx, f, opPutReplicationConfiguration, params, (*state.World).PutReplicationConfiguration)
}

var opPutSigningConfiguration = operation{op: OpPutSigningConfiguration, write: true}

// PutSigningConfiguration implements (*ecr.Client).PutSigningConfiguration.
func (f *Fake) PutSigningConfiguration(ctx context.Context, params *ecr.PutSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutSigningConfigurationOutput, error) {
	return call(ctx, f, opPutSigningConfiguration, params, (*state.World).PutSigningConfiguration)
}

var opRegisterPullTimeUpdateExclusion = operation{op: OpRegisterPullTimeUpdateExclusion, write: true}

// RegisterPullTimeUpdateExclusion implements (*ecr.Client).RegisterPullTimeUpdateExclusion.
func (f *Fake) RegisterPullTimeUpdateExclusion(ctx context.Context, params *ecr.RegisterPullTimeUpdateExclusionInput, optFns ...func(*ecr.Options)) (*ecr.RegisterPullTimeUpdateExclusionOutput, error) {
	return call(ctx, f, opRegisterPullTimeUpdateExclusion, params, (*state.World).RegisterPullTimeUpdateExclusion)
}

var opStartReplicationBackfill = operation{op: OpStartReplicationBackfill, write: true}

// StartReplicationBackfill implements (*ecr.Client).StartReplicationBackfill.
func (f *Fake) StartReplicationBackfill(ctx context.Context, params *ecr.StartReplicationBackfillInput, optFns ...func(*ecr.Options)) (*ecr.StartReplicationBackfillOutput, error) {
	return call(ctx, f, opStartReplicationBackfill, params, (*state.World).StartReplicationBackfill)
}

var opStopReplicationBackfill = operation{op: OpStopReplicationBackfill, write: true}

// StopReplicationBackfill implements (*ecr.Client).StopReplicationBackfill.
func (f *Fake) StopReplicationBackfill(ctx context.Context, params *ecr.StopReplicationBackfillInput, optFns ...func(*ecr.Options)) (*ecr.StopReplicationBackfillOutput, error) {
	return call(ctx, f, opStopReplicationBackfill, params, (*state.World).StopReplicationBackfill)
}

var opUpdatePullThroughCacheRule = operation{op: OpUpdatePullThroughCacheRule, write: true}

// UpdatePullThroughCacheRule implements (*ecr.Client).UpdatePullThroughCacheRule.
func (f *Fake) UpdatePullThroughCacheRule(ctx context.Context, params *ecr.UpdatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.UpdatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opUpdatePullThroughCacheRule, params, (*state.World).UpdatePullThroughCacheRule)
}

var opUpdateRepositoryCreationTemplate = operation{op: OpUpdateRepositoryCreationTemplate, write: true}

// UpdateRepositoryCreationTemplate implements (*ecr.Client).UpdateRepositoryCreationTemplate.
func (f *Fake) UpdateRepositoryCreationTemplate(ctx context.Context, params *ecr.UpdateRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.UpdateRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opUpdateRepositoryCreationTemplate, params, (*state.World).UpdateRepositoryCreationTemplate)
}

var opValidatePullThroughCacheRule = operation{op: OpValidatePullThroughCacheRule, write: false}

// ValidatePullThroughCacheRule implements (*ecr.Client).ValidatePullThroughCacheRule.
func (f *Fake) ValidatePullThroughCacheRule(ctx context.Context, params *ecr.ValidatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.ValidatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opValidatePullThroughCacheRule, params, (*state.World).ValidatePullThroughCacheRule)
}
