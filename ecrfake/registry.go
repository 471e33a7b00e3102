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

// CreatePullThroughCacheRule implements
// (*ecr.Client).CreatePullThroughCacheRule. Stores the rule; nothing is ever
// pulled through it and no repository is created from it. upstreamRegistry
// is inferred from the URL (public.ecr.aws, registry-1.docker.io, ghcr.io,
// registry.gitlab.com, registry.k8s.io, quay.io, cgr.dev, <name>.azurecr.io,
// <account>.dkr.ecr.<region>.amazonaws.com); another URL, or an
// upstreamRegistry naming another registry, is
// UnsupportedUpstreamRegistryException, as is a Docker Hub, GitHub, GitLab,
// Azure or Chainguard rule without credentialArn ("The specified upstream
// registry requires authentication. Specify a valid Secrets Manager ARN")
// and a rule for another account's ECR registry without customRoleArn.
// upstreamRepositoryPrefix (ROOT unless given) may be set only for an ecr
// upstream and a prefix other than ROOT.
//
// A prefix is compared without its trailing '/' ("prod" and "prod/" are one
// prefix, reported as it was created); ROOT is a prefix like any other. A
// registry holds at most 50 rules (LimitExceededException); updatedAt starts
// at createdAt.
func (f *Fake) CreatePullThroughCacheRule(ctx context.Context, params *ecr.CreatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.CreatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opCreatePullThroughCacheRule, params, (*state.World).CreatePullThroughCacheRule)
}

var opCreateRepositoryCreationTemplate = operation{op: OpCreateRepositoryCreationTemplate, write: true}

// CreateRepositoryCreationTemplate implements
// (*ecr.Client).CreateRepositoryCreationTemplate. Stores the template;
// CreateRepository does not apply it and no push creates a repository from
// it. A template reports MUTABLE and AES256 unless set, resourceTags always
// (sorted by key) and appliedFor without duplicates. Its repository policy
// and lifecycle policy are validated as SetRepositoryPolicy and
// PutLifecyclePolicy validate them (an empty text is no policy), its tags as
// TagResource's, its mutability and exclusion filters as CreateRepository's,
// and a KMS key (a full key ARN) goes only with KMS or KMS_DSSE. A prefix is
// compared without its trailing '/'; ROOT is a prefix like any other.
func (f *Fake) CreateRepositoryCreationTemplate(ctx context.Context, params *ecr.CreateRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.CreateRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opCreateRepositoryCreationTemplate, params, (*state.World).CreateRepositoryCreationTemplate)
}

var opDeletePullThroughCacheRule = operation{op: OpDeletePullThroughCacheRule, write: true}

// DeletePullThroughCacheRule implements
// (*ecr.Client).DeletePullThroughCacheRule. Returns the deleted rule; a
// prefix no rule uses is PullThroughCacheRuleNotFoundException.
func (f *Fake) DeletePullThroughCacheRule(ctx context.Context, params *ecr.DeletePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.DeletePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opDeletePullThroughCacheRule, params, (*state.World).DeletePullThroughCacheRule)
}

var opDeleteRegistryPolicy = operation{op: OpDeleteRegistryPolicy, write: true}

// DeleteRegistryPolicy implements (*ecr.Client).DeleteRegistryPolicy.
// Returns the deleted text; RegistryPolicyNotFoundException when none is
// set.
func (f *Fake) DeleteRegistryPolicy(ctx context.Context, params *ecr.DeleteRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRegistryPolicyOutput, error) {
	return call(ctx, f, opDeleteRegistryPolicy, params, (*state.World).DeleteRegistryPolicy)
}

var opDeleteRepositoryCreationTemplate = operation{op: OpDeleteRepositoryCreationTemplate, write: true}

// DeleteRepositoryCreationTemplate implements
// (*ecr.Client).DeleteRepositoryCreationTemplate. Returns the deleted
// template.
func (f *Fake) DeleteRepositoryCreationTemplate(ctx context.Context, params *ecr.DeleteRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opDeleteRepositoryCreationTemplate, params, (*state.World).DeleteRepositoryCreationTemplate)
}

var opDeleteSigningConfiguration = operation{op: OpDeleteSigningConfiguration, write: true}

// DeleteSigningConfiguration implements
// (*ecr.Client).DeleteSigningConfiguration. Returns the deleted
// configuration; with none, SigningConfigurationNotFoundException. Images
// keep the signing statuses they have.
func (f *Fake) DeleteSigningConfiguration(ctx context.Context, params *ecr.DeleteSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.DeleteSigningConfigurationOutput, error) {
	return call(ctx, f, opDeleteSigningConfiguration, params, (*state.World).DeleteSigningConfiguration)
}

var opDeregisterPullTimeUpdateExclusion = operation{op: OpDeregisterPullTimeUpdateExclusion, write: true}

// DeregisterPullTimeUpdateExclusion implements
// (*ecr.Client).DeregisterPullTimeUpdateExclusion. Removes a registered
// principal ARN; one not registered is ExclusionNotFoundException.
func (f *Fake) DeregisterPullTimeUpdateExclusion(ctx context.Context, params *ecr.DeregisterPullTimeUpdateExclusionInput, optFns ...func(*ecr.Options)) (*ecr.DeregisterPullTimeUpdateExclusionOutput, error) {
	return call(ctx, f, opDeregisterPullTimeUpdateExclusion, params, (*state.World).DeregisterPullTimeUpdateExclusion)
}

var opDescribePullThroughCacheRules = operation{op: OpDescribePullThroughCacheRules, write: false}

// DescribePullThroughCacheRules implements
// (*ecr.Client).DescribePullThroughCacheRules. Lists rules in prefix order,
// 100 a page unless maxResults says otherwise. A prefix no rule uses is
// PullThroughCacheRuleNotFoundException.
func (f *Fake) DescribePullThroughCacheRules(ctx context.Context, params *ecr.DescribePullThroughCacheRulesInput, optFns ...func(*ecr.Options)) (*ecr.DescribePullThroughCacheRulesOutput, error) {
	return call(ctx, f, opDescribePullThroughCacheRules, params, (*state.World).DescribePullThroughCacheRules)
}

var opDescribeRegistry = operation{op: OpDescribeRegistry, write: false}

// DescribeRegistry implements (*ecr.Client).DescribeRegistry. Always reports
// a replication configuration, with no rules when none was put.
func (f *Fake) DescribeRegistry(ctx context.Context, params *ecr.DescribeRegistryInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRegistryOutput, error) {
	return call(ctx, f, opDescribeRegistry, params, (*state.World).DescribeRegistry)
}

var opDescribeReplicationBackfillResults = operation{op: OpDescribeReplicationBackfillResults, write: false}

// DescribeReplicationBackfillResults implements
// (*ecr.Client).DescribeReplicationBackfillResults. Lists results only once
// the backfill ended: the replications it performed, in order, all COMPLETE
// (a FAILED filter lists none), 100 a page unless maxResults says otherwise.
// 90 days after it ended, a backfill is gone
// (ReplicationBackfillNotFoundException).
func (f *Fake) DescribeReplicationBackfillResults(ctx context.Context, params *ecr.DescribeReplicationBackfillResultsInput, optFns ...func(*ecr.Options)) (*ecr.DescribeReplicationBackfillResultsOutput, error) {
	return call(ctx, f, opDescribeReplicationBackfillResults, params, (*state.World).DescribeReplicationBackfillResults)
}

var opDescribeRepositoryCreationTemplates = operation{op: OpDescribeRepositoryCreationTemplates, write: false}

// DescribeRepositoryCreationTemplates implements
// (*ecr.Client).DescribeRepositoryCreationTemplates. Lists templates in
// prefix order, 100 a page unless maxResults says otherwise, leaving out
// requested prefixes no template uses.
func (f *Fake) DescribeRepositoryCreationTemplates(ctx context.Context, params *ecr.DescribeRepositoryCreationTemplatesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRepositoryCreationTemplatesOutput, error) {
	return call(ctx, f, opDescribeRepositoryCreationTemplates, params, (*state.World).DescribeRepositoryCreationTemplates)
}

var opGetAccountSetting = operation{op: OpGetAccountSetting, write: false}

// GetAccountSetting implements (*ecr.Client).GetAccountSetting.
// BASIC_SCAN_TYPE_VERSION, REGISTRY_POLICY_SCOPE and BLOB_MOUNTING read
// their defaults (AWS_NATIVE, V2, DISABLED) until put. An unknown name is
// InvalidParameterException.
func (f *Fake) GetAccountSetting(ctx context.Context, params *ecr.GetAccountSettingInput, optFns ...func(*ecr.Options)) (*ecr.GetAccountSettingOutput, error) {
	return call(ctx, f, opGetAccountSetting, params, (*state.World).GetAccountSetting)
}

var opGetRegistryPolicy = operation{op: OpGetRegistryPolicy, write: false}

// GetRegistryPolicy implements (*ecr.Client).GetRegistryPolicy. Returns the
// stored text verbatim; RegistryPolicyNotFoundException when none is set.
func (f *Fake) GetRegistryPolicy(ctx context.Context, params *ecr.GetRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetRegistryPolicyOutput, error) {
	return call(ctx, f, opGetRegistryPolicy, params, (*state.World).GetRegistryPolicy)
}

var opGetSigningConfiguration = operation{op: OpGetSigningConfiguration, write: false}

// GetSigningConfiguration implements (*ecr.Client).GetSigningConfiguration.
// With no configuration put (or after DeleteSigningConfiguration),
// SigningConfigurationNotFoundException.
func (f *Fake) GetSigningConfiguration(ctx context.Context, params *ecr.GetSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.GetSigningConfigurationOutput, error) {
	return call(ctx, f, opGetSigningConfiguration, params, (*state.World).GetSigningConfiguration)
}

var opListPullTimeUpdateExclusions = operation{op: OpListPullTimeUpdateExclusions, write: false}

// ListPullTimeUpdateExclusions implements
// (*ecr.Client).ListPullTimeUpdateExclusions. Lists the registered principal
// ARNs in ARN order, 100 a page unless maxResults says otherwise.
func (f *Fake) ListPullTimeUpdateExclusions(ctx context.Context, params *ecr.ListPullTimeUpdateExclusionsInput, optFns ...func(*ecr.Options)) (*ecr.ListPullTimeUpdateExclusionsOutput, error) {
	return call(ctx, f, opListPullTimeUpdateExclusions, params, (*state.World).ListPullTimeUpdateExclusions)
}

var opListReplicationBackfills = operation{op: OpListReplicationBackfills, write: false}

// ListReplicationBackfills implements
// (*ecr.Client).ListReplicationBackfills. Lists backfills newest first, 25 a
// page; a backfill is gone 90 days after it ended.
func (f *Fake) ListReplicationBackfills(ctx context.Context, params *ecr.ListReplicationBackfillsInput, optFns ...func(*ecr.Options)) (*ecr.ListReplicationBackfillsOutput, error) {
	return call(ctx, f, opListReplicationBackfills, params, (*state.World).ListReplicationBackfills)
}

var opPutAccountSetting = operation{op: OpPutAccountSetting, write: true}

// PutAccountSetting implements (*ecr.Client).PutAccountSetting. Stores the
// value only: BLOB_MOUNTING ENABLED does not let a manifest use another
// repository's layers. An unknown name or value, and the retired CLAIR and
// V1, are InvalidParameterException ("Member must satisfy enum value set:
// [...]").
func (f *Fake) PutAccountSetting(ctx context.Context, params *ecr.PutAccountSettingInput, optFns ...func(*ecr.Options)) (*ecr.PutAccountSettingOutput, error) {
	return call(ctx, f, opPutAccountSetting, params, (*state.World).PutAccountSetting)
}

var opPutRegistryPolicy = operation{op: OpPutRegistryPolicy, write: true}

// PutRegistryPolicy implements (*ecr.Client).PutRegistryPolicy. Stores the
// policy text verbatim after a structural check: a JSON object whose
// Statement (a list or one object, not empty) has Effect Allow or Deny, an
// Action and a Principal; a Resource is allowed and actions are not
// restricted (scope V2). Failures are InvalidParameterException "Invalid
// registry policy provided". The fake evaluates no policy.
func (f *Fake) PutRegistryPolicy(ctx context.Context, params *ecr.PutRegistryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.PutRegistryPolicyOutput, error) {
	return call(ctx, f, opPutRegistryPolicy, params, (*state.World).PutRegistryPolicy)
}

var opPutReplicationConfiguration = operation{op: OpPutReplicationConfiguration, write: true}

// PutReplicationConfiguration implements
// (*ecr.Client).PutReplicationConfiguration. Replaces the whole
// configuration; re-putting an identical one changes nothing. A rule without
// filters matches every repository; a PREFIX_MATCH filter is a plain string
// prefix ("prod" matches "production" and "prod/api", not "team/prod"). A
// destination that is the fake's own account and region, or more than 25
// unique destinations across the rules, is InvalidParameterException. The
// configuration applies to images pushed from now on (see
// DescribeImageReplicationStatus); nothing is copied.
func (f *Fake) PutReplicationConfiguration(ctx context.Context, params *ecr.PutReplicationConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutReplicationConfigurationOutput, error) {
	return call(ctx, f, opPutReplicationConfiguration, params, (*state.World).PutReplicationConfiguration)
}

var opPutSigningConfiguration = operation{op: OpPutSigningConfiguration, write: true}

// PutSigningConfiguration implements (*ecr.Client).PutSigningConfiguration.
// Replaces the registry's signing configuration: at most 10 rules, each a
// signing profile ARN with optional WILDCARD_MATCH filters, where '*'
// matches any run of characters and a filter must match the whole repository
// name ("myapp/*", "*/production", "*prod*"); a rule without filters matches
// every repository. A configuration without rules is still a configuration.
// It applies to images pushed from now on (see DescribeImageSigningStatus).
func (f *Fake) PutSigningConfiguration(ctx context.Context, params *ecr.PutSigningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutSigningConfigurationOutput, error) {
	return call(ctx, f, opPutSigningConfiguration, params, (*state.World).PutSigningConfiguration)
}

var opRegisterPullTimeUpdateExclusion = operation{op: OpRegisterPullTimeUpdateExclusion, write: true}

// RegisterPullTimeUpdateExclusion implements
// (*ecr.Client).RegisterPullTimeUpdateExclusion. Stores a principal ARN, at
// most 100 (LimitExceededException); one already registered is
// ExclusionAlreadyExistsException. Exclusions are stored and listed only:
// the fake knows no caller principal, so they do not stop a pull from
// updating lastRecordedPullTime.
func (f *Fake) RegisterPullTimeUpdateExclusion(ctx context.Context, params *ecr.RegisterPullTimeUpdateExclusionInput, optFns ...func(*ecr.Options)) (*ecr.RegisterPullTimeUpdateExclusionOutput, error) {
	return call(ctx, f, opRegisterPullTimeUpdateExclusion, params, (*state.World).RegisterPullTimeUpdateExclusion)
}

var opStartReplicationBackfill = operation{op: OpStartReplicationBackfill, write: true}

// StartReplicationBackfill implements
// (*ecr.Client).StartReplicationBackfill. Takes a destination that a rule of
// the current replication configuration names (ValidationException
// otherwise) and fixes its work at once: every image and tag (an untagged
// image once) of the repositories those rules match, repositories by name,
// images in push order, tags by name. The backfill then runs on the fake's
// clock: PREPARING for one minute (no progress), IN_PROGRESS replicating one
// image and tag a second, then COMPLETE, ended when the last replication
// ends (at once after preparing when there is nothing to replicate). States
// are computed from the clock whenever read; nothing is copied anywhere.
//
// One backfill per destination Region and ten per registry may be in
// progress (PREPARING, IN_PROGRESS or STOPPING):
// ReplicationBackfillInProgressException, LimitExceededException.
func (f *Fake) StartReplicationBackfill(ctx context.Context, params *ecr.StartReplicationBackfillInput, optFns ...func(*ecr.Options)) (*ecr.StartReplicationBackfillOutput, error) {
	return call(ctx, f, opStartReplicationBackfill, params, (*state.World).StartReplicationBackfill)
}

var opStopReplicationBackfill = operation{op: OpStopReplicationBackfill, write: true}

// StopReplicationBackfill implements (*ecr.Client).StopReplicationBackfill.
// Ends a PREPARING backfill, or an IN_PROGRESS one on a whole second of its
// timetable (nothing in flight), at once: STOPPED. Otherwise it is STOPPING
// until the replication in flight ends, then STOPPED. Stopping a STOPPING
// backfill changes nothing; stopping an ended one is
// ReplicationBackfillInvalidStatusException.
func (f *Fake) StopReplicationBackfill(ctx context.Context, params *ecr.StopReplicationBackfillInput, optFns ...func(*ecr.Options)) (*ecr.StopReplicationBackfillOutput, error) {
	return call(ctx, f, opStopReplicationBackfill, params, (*state.World).StopReplicationBackfill)
}

var opUpdatePullThroughCacheRule = operation{op: OpUpdatePullThroughCacheRule, write: true}

// UpdatePullThroughCacheRule implements
// (*ecr.Client).UpdatePullThroughCacheRule. Replaces credentialArn and
// customRoleArn (at least one is required; an empty customRoleArn removes
// the role).
func (f *Fake) UpdatePullThroughCacheRule(ctx context.Context, params *ecr.UpdatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.UpdatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opUpdatePullThroughCacheRule, params, (*state.World).UpdatePullThroughCacheRule)
}

var opUpdateRepositoryCreationTemplate = operation{op: OpUpdateRepositoryCreationTemplate, write: true}

// UpdateRepositoryCreationTemplate implements
// (*ecr.Client).UpdateRepositoryCreationTemplate. Changes the members given:
// an empty string or list clears one, and a new imageTagMutability drops the
// old exclusion filters unless filters come with it. Validation is
// CreateRepositoryCreationTemplate's.
func (f *Fake) UpdateRepositoryCreationTemplate(ctx context.Context, params *ecr.UpdateRepositoryCreationTemplateInput, optFns ...func(*ecr.Options)) (*ecr.UpdateRepositoryCreationTemplateOutput, error) {
	return call(ctx, f, opUpdateRepositoryCreationTemplate, params, (*state.World).UpdateRepositoryCreationTemplate)
}

var opValidatePullThroughCacheRule = operation{op: OpValidatePullThroughCacheRule, write: false}

// ValidatePullThroughCacheRule implements
// (*ecr.Client).ValidatePullThroughCacheRule. Secrets are not read, so every
// rule is reported valid and the secret exceptions never occur by
// themselves: Fail injects them, and an Intercept can report isValid false
// with a failure.
func (f *Fake) ValidatePullThroughCacheRule(ctx context.Context, params *ecr.ValidatePullThroughCacheRuleInput, optFns ...func(*ecr.Options)) (*ecr.ValidatePullThroughCacheRuleOutput, error) {
	return call(ctx, f, opValidatePullThroughCacheRule, params, (*state.World).ValidatePullThroughCacheRule)
}
