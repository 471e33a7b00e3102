package state

// Repository creation templates: CreateRepositoryCreationTemplate,
// DescribeRepositoryCreationTemplates, UpdateRepositoryCreationTemplate and
// DeleteRepositoryCreationTemplate. Templates are stored and validated
// (their embedded repository policy and lifecycle policy included); no
// repository is ever created from one: replication, pull-through caching and
// create-on-push, the cases ECR applies them to, are not modelled. The
// operations take no registryId: they act on the fake's own registry.

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/lifecycle"
)

// kindCreationTemplates is the pagination-token kind of
// DescribeRepositoryCreationTemplates.
const kindCreationTemplates listKind = 0x71

// creationTemplate is one template. Optional strings are "" when absent.
type creationTemplate struct {
	prefix           string // as given at creation
	key              string // prefixKey(prefix): templates collide and are found by it
	description      string
	encryption       types.EncryptionType
	kmsKey           string
	resourceTags     []resourceTag // sorted by key
	mutability       types.ImageTagMutability
	exclusions       []string // WILDCARD filters of the *_WITH_EXCLUSION modes
	repositoryPolicy string
	lifecyclePolicy  string
	appliedFor       []types.RCTAppliedFor // as given, duplicates dropped
	customRoleARN    string
	createdAt        time.Time
	updatedAt        time.Time
}

type resourceTag struct{ key, value string }

func cloneTemplates(ts []creationTemplate) []creationTemplate {
	if ts == nil {
		return nil
	}
	out := make([]creationTemplate, len(ts))
	for i, t := range ts {
		out[i] = t
		out[i].resourceTags = slices.Clone(t.resourceTags)
		out[i].exclusions = slices.Clone(t.exclusions)
		out[i].appliedFor = slices.Clone(t.appliedFor)
	}
	return out
}

// templateFields are the settable members of Create and Update; a nil
// member (or an empty mutability) is one the request did not give.
type templateFields struct {
	description      *string
	encryption       *types.EncryptionConfigurationForRepositoryCreationTemplate
	resourceTags     []types.Tag
	mutability       types.ImageTagMutability
	filters          []types.ImageTagMutabilityExclusionFilter
	repositoryPolicy *string
	lifecyclePolicy  *string
	appliedFor       []types.RCTAppliedFor
	customRoleARN    *string
}

// apply returns t with the given fields replaced, validated as a whole.
// A new mutability drops the old exclusion filters unless filters are given
// with it; filters alone apply to the current mutability.
func (w *World) apply(t creationTemplate, f templateFields) (creationTemplate, error) {
	if f.appliedFor != nil {
		if len(f.appliedFor) == 0 {
			return t, errs.InvalidParameter("appliedFor", "Member must have length greater than or equal to 1")
		}
		t.appliedFor = nil
		for _, a := range f.appliedFor {
			if !slices.Contains(t.appliedFor, a) {
				t.appliedFor = append(t.appliedFor, a)
			}
		}
	}
	if f.description != nil {
		t.description = *f.description
	}
	if e := f.encryption; e != nil {
		if e.EncryptionType == types.EncryptionTypeAes256 && deref(e.KmsKey) != "" {
			return t, errs.InvalidParameter("encryptionConfiguration.kmsKey", "A KMS key can only be specified when encryptionType is KMS or KMS_DSSE")
		}
		t.encryption, t.kmsKey = e.EncryptionType, deref(e.KmsKey)
	}
	if f.resourceTags != nil {
		merged, err := w.mergeTags(nil, f.resourceTags)
		if err != nil {
			return t, err
		}
		t.resourceTags = make([]resourceTag, 0, len(merged))
		for k, v := range merged {
			t.resourceTags = append(t.resourceTags, resourceTag{k, v})
		}
		slices.SortFunc(t.resourceTags, func(a, b resourceTag) int { return cmp.Compare(a.key, b.key) })
	}
	if f.mutability != "" || f.filters != nil {
		m := f.mutability
		if m == "" {
			m = t.mutability
		}
		mut, filters, err := checkMutability(m, f.filters)
		if err != nil {
			return t, err
		}
		t.mutability, t.exclusions = mut, filters
	}
	if p := f.repositoryPolicy; p != nil {
		if *p != "" && !validRepositoryPolicy(*p) {
			return t, errs.InvalidTemplateRepositoryPolicy()
		}
		t.repositoryPolicy = *p
	}
	if p := f.lifecyclePolicy; p != nil {
		if *p != "" {
			if _, err := lifecycle.Parse(*p); err != nil {
				return t, errs.InvalidTemplateLifecyclePolicy(err.Error())
			}
		}
		t.lifecyclePolicy = *p
	}
	if f.customRoleARN != nil {
		t.customRoleARN = *f.customRoleARN
	}
	return t, nil
}

// sdk renders a template as the API reports it: omitted settings read as
// their defaults (MUTABLE, AES256), resourceTags is always a list.
func (t *creationTemplate) sdk() *types.RepositoryCreationTemplate {
	out := &types.RepositoryCreationTemplate{
		Prefix:                  ptr(t.prefix),
		Description:             optional(t.description),
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: t.encryption, KmsKey: optional(t.kmsKey)},
		ResourceTags:            make([]types.Tag, len(t.resourceTags)),
		ImageTagMutability:      t.mutability,
		RepositoryPolicy:        optional(t.repositoryPolicy),
		LifecyclePolicy:         optional(t.lifecyclePolicy),
		AppliedFor:              slices.Clone(t.appliedFor),
		CustomRoleArn:           optional(t.customRoleARN),
		CreatedAt:               ptr(t.createdAt),
		UpdatedAt:               ptr(t.updatedAt),
	}
	for i, tag := range t.resourceTags {
		out.ResourceTags[i] = types.Tag{Key: ptr(tag.key), Value: ptr(tag.value)}
	}
	if t.exclusions != nil {
		out.ImageTagMutabilityExclusionFilters = make([]types.ImageTagMutabilityExclusionFilter, len(t.exclusions))
		for i, f := range t.exclusions {
			out.ImageTagMutabilityExclusionFilters[i] = types.ImageTagMutabilityExclusionFilter{Filter: ptr(f), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}
		}
	}
	return out
}

// templateIndex finds the template with key in the sorted templates, or
// where it belongs.
func templateIndex(ts []creationTemplate, key string) (int, bool) {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].key >= key })
	return i, i < len(ts) && ts[i].key == key
}

// lookupTemplate resolves a prefix of the own registry to a template or
// answers TemplateNotFoundException.
func (w *World) lookupTemplate(prefix *string) (*registry, int, error) {
	r, rid := w.registryFor(nil, false)
	if r != nil {
		if i, ok := templateIndex(r.templates, prefixKey(deref(prefix))); ok {
			return r, i, nil
		}
	}
	return nil, 0, errs.TemplateNotFound(rid, deref(prefix))
}

// ---- operations -------------------------------------------------------------

// CreateRepositoryCreationTemplate adds a template for a prefix no template
// uses yet.
func (w *World) CreateRepositoryCreationTemplate(now time.Time, in *ecr.CreateRepositoryCreationTemplateInput) (*ecr.CreateRepositoryCreationTemplateOutput, error) {
	prefix := deref(in.Prefix)
	appliedFor := in.AppliedFor
	if appliedFor == nil {
		appliedFor = []types.RCTAppliedFor{} // required: the SDK's check lets no nil through
	}
	t, err := w.apply(creationTemplate{
		prefix: prefix, key: prefixKey(prefix),
		encryption: types.EncryptionTypeAes256, mutability: types.ImageTagMutabilityMutable,
		createdAt: now, updatedAt: now,
	}, templateFields{
		description: in.Description, encryption: in.EncryptionConfiguration, resourceTags: in.ResourceTags,
		mutability: in.ImageTagMutability, filters: in.ImageTagMutabilityExclusionFilters,
		repositoryPolicy: in.RepositoryPolicy, lifecyclePolicy: in.LifecyclePolicy,
		appliedFor: appliedFor, customRoleARN: in.CustomRoleArn,
	})
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(nil, false)
	var ts []creationTemplate
	if r != nil {
		ts = r.templates
	}
	i, found := templateIndex(ts, t.key)
	if found {
		return nil, errs.TemplateAlreadyExists(rid, prefix)
	}
	r, _ = w.registryFor(nil, true)
	r.templates = slices.Insert(r.templates, i, t)
	return &ecr.CreateRepositoryCreationTemplateOutput{RegistryId: ptr(rid), RepositoryCreationTemplate: t.sdk()}, nil
}

// UpdateRepositoryCreationTemplate changes the given settings of a template
// and sets updatedAt; settings not given stay as they are, and an empty
// string or list clears one.
func (w *World) UpdateRepositoryCreationTemplate(now time.Time, in *ecr.UpdateRepositoryCreationTemplateInput) (*ecr.UpdateRepositoryCreationTemplateOutput, error) {
	r, i, err := w.lookupTemplate(in.Prefix)
	if err != nil {
		return nil, err
	}
	t, err := w.apply(r.templates[i], templateFields{
		description: in.Description, encryption: in.EncryptionConfiguration, resourceTags: in.ResourceTags,
		mutability: in.ImageTagMutability, filters: in.ImageTagMutabilityExclusionFilters,
		repositoryPolicy: in.RepositoryPolicy, lifecyclePolicy: in.LifecyclePolicy,
		appliedFor: in.AppliedFor, customRoleARN: in.CustomRoleArn,
	})
	if err != nil {
		return nil, err
	}
	t.updatedAt = now
	r.templates[i] = t
	return &ecr.UpdateRepositoryCreationTemplateOutput{RegistryId: ptr(r.id), RepositoryCreationTemplate: t.sdk()}, nil
}

// DeleteRepositoryCreationTemplate removes a template and returns it.
func (w *World) DeleteRepositoryCreationTemplate(_ time.Time, in *ecr.DeleteRepositoryCreationTemplateInput) (*ecr.DeleteRepositoryCreationTemplateOutput, error) {
	r, i, err := w.lookupTemplate(in.Prefix)
	if err != nil {
		return nil, err
	}
	t := r.templates[i]
	r.templates = slices.Delete(r.templates, i, i+1)
	return &ecr.DeleteRepositoryCreationTemplateOutput{RegistryId: ptr(r.id), RepositoryCreationTemplate: t.sdk()}, nil
}

// DescribeRepositoryCreationTemplates lists the templates in prefix order
// (compared without a trailing '/'), or the named ones in the same order;
// prefixes no template uses are left out.
func (w *World) DescribeRepositoryCreationTemplates(_ time.Time, in *ecr.DescribeRepositoryCreationTemplatesInput) (*ecr.DescribeRepositoryCreationTemplatesOutput, error) {
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(nil, false)
	var ts []creationTemplate
	if r != nil {
		ts = r.templates
	}
	scope := []string{rid}
	if len(in.Prefixes) > 0 {
		want := make(map[string]bool, len(in.Prefixes))
		for _, p := range in.Prefixes {
			want[prefixKey(p)] = true
		}
		// The scope names every prefix asked for, found or not, so a token
		// is bound to the request, not to what the registry holds.
		keys := make([]string, 0, len(want))
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		scope = append(scope, keys...)
		var named []creationTemplate
		for _, t := range ts {
			if want[t.key] {
				named = append(named, t)
			}
		}
		ts = named
	}
	page, next, err := pageByKey(ts, func(t creationTemplate) string { return t.key }, kindCreationTemplates, fingerprint(kindCreationTemplates, scope...), in.NextToken, limit)
	if err != nil {
		return nil, err
	}
	out := &ecr.DescribeRepositoryCreationTemplatesOutput{
		RegistryId:                  ptr(rid),
		RepositoryCreationTemplates: make([]types.RepositoryCreationTemplate, len(page)),
		NextToken:                   next,
	}
	for i := range page {
		out.RepositoryCreationTemplates[i] = *page[i].sdk()
	}
	return out, nil
}
