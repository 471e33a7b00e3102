package state

// Pull-through cache rules: CreatePullThroughCacheRule,
// DescribePullThroughCacheRules, UpdatePullThroughCacheRule,
// DeletePullThroughCacheRule and ValidatePullThroughCacheRule. The rules are
// stored and validated; the caching itself (creating a repository when an
// image is pulled through a rule's prefix, and fetching from the upstream
// registry) is not modelled, and the secrets a rule names are not read.

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// kindPullThroughRules is the pagination-token kind of
// DescribePullThroughCacheRules (values from 0x70 up are kept clear of the
// other files' kinds).
const kindPullThroughRules listKind = 0x70

// maxPullThroughCacheRules is ECR's quota of pull-through cache rules per
// registry (not adjustable).
const maxPullThroughCacheRules = 50

// rootPrefix is the prefix that stands for every repository (ecrRepositoryPrefix)
// or every upstream repository (upstreamRepositoryPrefix).
const rootPrefix = "ROOT"

// pullThroughRule is one rule. Optional ARNs are "" when absent.
type pullThroughRule struct {
	prefix         string // ecrRepositoryPrefix as given at creation
	key            string // prefixKey(prefix): rules collide and are found by it
	upstreamURL    string
	upstream       types.UpstreamRegistry // given or inferred from upstreamURL
	credentialARN  string
	customRoleARN  string
	upstreamPrefix string // upstreamRepositoryPrefix; ROOT unless given
	createdAt      time.Time
	updatedAt      time.Time
}

// prefixKey is the form under which pull-through and creation-template
// prefixes are compared: ECR treats a prefix as ending with '/', so "prod"
// and "prod/" are the same prefix.
func prefixKey(p string) string { return strings.TrimSuffix(p, "/") }

// ---- upstream registries ----------------------------------------------------

// upstreamHosts are the fixed upstream registry URLs ECR documents (chainguard's
// cgr.dev is not in the model documentation; it is the registry's public host).
var upstreamHosts = map[string]types.UpstreamRegistry{
	"public.ecr.aws":       types.UpstreamRegistryEcrPublic,
	"registry-1.docker.io": types.UpstreamRegistryDockerHub,
	"ghcr.io":              types.UpstreamRegistryGitHubContainerRegistry,
	"registry.gitlab.com":  types.UpstreamRegistryGitLabContainerRegistry,
	"registry.k8s.io":      types.UpstreamRegistryK8s,
	"quay.io":              types.UpstreamRegistryQuay,
	"cgr.dev":              types.UpstreamRegistryChainguard,
}

var (
	// reUpstreamECR is a private ECR registry: <account>.dkr.ecr.<region>.amazonaws.com.
	reUpstreamECR = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$`)
	// reUpstreamAzure is an Azure container registry: <name>.azurecr.io.
	reUpstreamAzure = regexp.MustCompile(`^[a-z0-9]{1,50}\.azurecr\.io$`)
)

// upstreamOf infers the upstream registry of a URL; for a private ECR
// registry it also returns the registry's account. ok is false for a URL ECR
// does not cache from.
func upstreamOf(url string) (kind types.UpstreamRegistry, account string, ok bool) {
	if kind, ok := upstreamHosts[url]; ok {
		return kind, "", true
	}
	if m := reUpstreamECR.FindStringSubmatch(url); m != nil {
		return types.UpstreamRegistryEcr, m[1], true
	}
	if reUpstreamAzure.MatchString(url) {
		return types.UpstreamRegistryAzureContainerRegistry, "", true
	}
	return "", "", false
}

// needsSecret says whether rules for an upstream registry must name a
// Secrets Manager secret with the upstream credentials.
func needsSecret(kind types.UpstreamRegistry) bool {
	switch kind {
	case types.UpstreamRegistryDockerHub, types.UpstreamRegistryGitHubContainerRegistry,
		types.UpstreamRegistryGitLabContainerRegistry, types.UpstreamRegistryAzureContainerRegistry,
		types.UpstreamRegistryChainguard:
		return true
	}
	return false
}

// checkCredentials applies the authentication an upstream registry needs:
// a secret for the registries that require one, and a role for a private ECR
// registry of another account.
func (rule *pullThroughRule) checkCredentials(registryID string) error {
	if needsSecret(rule.upstream) && rule.credentialARN == "" {
		return errs.UpstreamRequiresSecret()
	}
	if rule.upstream == types.UpstreamRegistryEcr && rule.customRoleARN == "" {
		if _, account, _ := upstreamOf(rule.upstreamURL); account != registryID {
			return errs.UpstreamRequiresRole()
		}
	}
	return nil
}

// ruleIndex finds the rule with key in the sorted rules, or where it belongs.
func ruleIndex(rules []pullThroughRule, key string) (int, bool) {
	i := sort.Search(len(rules), func(i int) bool { return rules[i].key >= key })
	return i, i < len(rules) && rules[i].key == key
}

// lookupRule resolves (registryId, ecrRepositoryPrefix) to a rule or answers
// PullThroughCacheRuleNotFoundException.
func (w *World) lookupRule(registryID, prefix *string) (*registry, int, error) {
	r, rid := w.registryFor(registryID, false)
	if r != nil {
		if i, ok := ruleIndex(r.pullThrough, prefixKey(deref(prefix))); ok {
			return r, i, nil
		}
	}
	return nil, 0, errs.PullThroughCacheRuleNotFound(rid, deref(prefix))
}

// ---- operations -------------------------------------------------------------

// CreatePullThroughCacheRule adds a rule. The upstream registry is inferred
// from the URL; an upstreamRegistry that names another one is
// UnsupportedUpstreamRegistryException, as is a rule without the credentials
// its upstream requires.
func (w *World) CreatePullThroughCacheRule(now time.Time, in *ecr.CreatePullThroughCacheRuleInput) (*ecr.CreatePullThroughCacheRuleOutput, error) {
	prefix, url := deref(in.EcrRepositoryPrefix), deref(in.UpstreamRegistryUrl)
	kind, _, ok := upstreamOf(url)
	if !ok {
		return nil, errs.UnsupportedUpstreamRegistryURL(url)
	}
	if in.UpstreamRegistry != "" && in.UpstreamRegistry != kind {
		return nil, errs.UpstreamRegistryMismatch(url, string(in.UpstreamRegistry))
	}
	rule := pullThroughRule{
		prefix: prefix, key: prefixKey(prefix),
		upstreamURL: url, upstream: kind,
		credentialARN: deref(in.CredentialArn), customRoleARN: deref(in.CustomRoleArn),
		upstreamPrefix: rootPrefix,
		createdAt:      now, updatedAt: now,
	}
	if up := in.UpstreamRepositoryPrefix; up != nil && *up != rootPrefix {
		if rule.key == rootPrefix {
			return nil, errs.InvalidParameter("upstreamRepositoryPrefix", "An upstream repository prefix can only be set when the ecrRepositoryPrefix is not ROOT")
		}
		if kind != types.UpstreamRegistryEcr {
			return nil, errs.InvalidParameterf("upstreamRepositoryPrefix", "An upstream repository prefix can only be set for the upstream registry '%s'", types.UpstreamRegistryEcr)
		}
		rule.upstreamPrefix = *up
	}
	r, rid := w.registryFor(in.RegistryId, false)
	if err := rule.checkCredentials(rid); err != nil {
		return nil, err
	}
	var rules []pullThroughRule
	if r != nil {
		rules = r.pullThrough
	}
	i, found := ruleIndex(rules, rule.key)
	if found {
		return nil, errs.PullThroughCacheRuleAlreadyExists(rid, prefix)
	}
	if len(rules) >= maxPullThroughCacheRules {
		return nil, errs.PullThroughCacheRuleLimit(maxPullThroughCacheRules)
	}
	r, _ = w.registryFor(in.RegistryId, true)
	r.pullThrough = slices.Insert(r.pullThrough, i, rule)
	return &ecr.CreatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix:      ptr(rule.prefix),
		UpstreamRegistryUrl:      ptr(rule.upstreamURL),
		CreatedAt:                ptr(rule.createdAt),
		RegistryId:               ptr(rid),
		UpstreamRegistry:         rule.upstream,
		CredentialArn:            optional(rule.credentialARN),
		CustomRoleArn:            optional(rule.customRoleARN),
		UpstreamRepositoryPrefix: ptr(rule.upstreamPrefix),
	}, nil
}

// DeletePullThroughCacheRule removes a rule and returns it. Repositories
// created through the rule would remain (none are, in the fake).
func (w *World) DeletePullThroughCacheRule(_ time.Time, in *ecr.DeletePullThroughCacheRuleInput) (*ecr.DeletePullThroughCacheRuleOutput, error) {
	r, i, err := w.lookupRule(in.RegistryId, in.EcrRepositoryPrefix)
	if err != nil {
		return nil, err
	}
	rule := r.pullThrough[i]
	r.pullThrough = slices.Delete(r.pullThrough, i, i+1)
	return &ecr.DeletePullThroughCacheRuleOutput{
		EcrRepositoryPrefix:      ptr(rule.prefix),
		UpstreamRegistryUrl:      ptr(rule.upstreamURL),
		CreatedAt:                ptr(rule.createdAt),
		RegistryId:               ptr(r.id),
		CredentialArn:            optional(rule.credentialARN),
		CustomRoleArn:            optional(rule.customRoleARN),
		UpstreamRepositoryPrefix: ptr(rule.upstreamPrefix),
	}, nil
}

// DescribePullThroughCacheRules lists the registry's rules in prefix order
// (compared without a trailing '/'), or the named ones in the same order:
// a prefix no rule uses fails the call.
func (w *World) DescribePullThroughCacheRules(_ time.Time, in *ecr.DescribePullThroughCacheRulesInput) (*ecr.DescribePullThroughCacheRulesOutput, error) {
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(in.RegistryId, false)
	var rules []pullThroughRule
	if r != nil {
		rules = r.pullThrough
	}
	scope := []string{rid}
	if len(in.EcrRepositoryPrefixes) > 0 {
		want := make(map[string]bool, len(in.EcrRepositoryPrefixes))
		for _, p := range in.EcrRepositoryPrefixes {
			if _, ok := ruleIndex(rules, prefixKey(p)); !ok {
				return nil, errs.PullThroughCacheRuleNotFound(rid, p)
			}
			want[prefixKey(p)] = true
		}
		var named []pullThroughRule
		for _, rule := range rules {
			if want[rule.key] {
				named = append(named, rule)
				scope = append(scope, rule.key)
			}
		}
		rules = named
	}
	page, next, err := pageByKey(rules, func(r pullThroughRule) string { return r.key }, kindPullThroughRules, fingerprint(kindPullThroughRules, scope...), in.NextToken, limit)
	if err != nil {
		return nil, err
	}
	out := &ecr.DescribePullThroughCacheRulesOutput{PullThroughCacheRules: make([]types.PullThroughCacheRule, len(page)), NextToken: next}
	for i, rule := range page {
		out.PullThroughCacheRules[i] = types.PullThroughCacheRule{
			EcrRepositoryPrefix:      ptr(rule.prefix),
			UpstreamRegistryUrl:      ptr(rule.upstreamURL),
			CreatedAt:                ptr(rule.createdAt),
			RegistryId:               ptr(rid),
			CredentialArn:            optional(rule.credentialARN),
			CustomRoleArn:            optional(rule.customRoleARN),
			UpstreamRepositoryPrefix: ptr(rule.upstreamPrefix),
			UpstreamRegistry:         rule.upstream,
			UpdatedAt:                ptr(rule.updatedAt),
		}
	}
	return out, nil
}

// UpdatePullThroughCacheRule replaces the credentials it is given (at least
// one of credentialArn and customRoleArn; an empty customRoleArn removes the
// role) and sets updatedAt. The result must still carry the credentials the
// upstream requires.
func (w *World) UpdatePullThroughCacheRule(now time.Time, in *ecr.UpdatePullThroughCacheRuleInput) (*ecr.UpdatePullThroughCacheRuleOutput, error) {
	if in.CredentialArn == nil && in.CustomRoleArn == nil {
		return nil, errs.PullThroughCacheNoCredentials()
	}
	r, i, err := w.lookupRule(in.RegistryId, in.EcrRepositoryPrefix)
	if err != nil {
		return nil, err
	}
	rule := r.pullThrough[i]
	if in.CredentialArn != nil {
		rule.credentialARN = *in.CredentialArn
	}
	if in.CustomRoleArn != nil {
		rule.customRoleARN = *in.CustomRoleArn
	}
	if err := rule.checkCredentials(r.id); err != nil {
		return nil, err
	}
	rule.updatedAt = now
	r.pullThrough[i] = rule
	return &ecr.UpdatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix:      ptr(rule.prefix),
		RegistryId:               ptr(r.id),
		UpdatedAt:                ptr(rule.updatedAt),
		CredentialArn:            optional(rule.credentialARN),
		CustomRoleArn:            optional(rule.customRoleARN),
		UpstreamRepositoryPrefix: ptr(rule.upstreamPrefix),
	}, nil
}

// ValidatePullThroughCacheRule reports a rule valid: the fake reads no
// secret and reaches no upstream registry.
func (w *World) ValidatePullThroughCacheRule(_ time.Time, in *ecr.ValidatePullThroughCacheRuleInput) (*ecr.ValidatePullThroughCacheRuleOutput, error) {
	r, i, err := w.lookupRule(in.RegistryId, in.EcrRepositoryPrefix)
	if err != nil {
		return nil, err
	}
	rule := r.pullThrough[i]
	return &ecr.ValidatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix:      ptr(rule.prefix),
		RegistryId:               ptr(r.id),
		UpstreamRegistryUrl:      ptr(rule.upstreamURL),
		CredentialArn:            optional(rule.credentialARN),
		CustomRoleArn:            optional(rule.customRoleARN),
		UpstreamRepositoryPrefix: ptr(rule.upstreamPrefix),
		IsValid:                  true,
	}, nil
}

// ---- helpers shared with templates.go ---------------------------------------

// optional renders an optional stored string: "" is absent.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// pageByKey returns one page of items, which are sorted by key and unique
// in it: at most limit items after the key the token names (from the start
// without a token), and the token of the next page (nil after the last).
func pageByKey[T any](items []T, key func(T) string, kind listKind, fp uint64, token *string, limit int) ([]T, *string, error) {
	start := 0
	if token != nil {
		c, err := decodeToken(*token, kind, fp)
		if err != nil {
			return nil, nil, err
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > c.key })
	}
	end := min(start+limit, len(items))
	var next *string
	if end < len(items) {
		next = ptr(encodeToken(cursor{kind: kind, fp: fp, key: key(items[end-1])}))
	}
	return items[start:end], next, nil
}
