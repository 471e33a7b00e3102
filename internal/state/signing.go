package state

// Managed signing: the registry's signing configuration and the signing
// status of images that follows from it.
//
// Like replication (registry_settings.go), every configuration is stored with
// the time it took effect, and an image's signing statuses are derived when
// read from the configuration in effect at its push time. Reads therefore
// never change state, a configuration applies only to images pushed from its
// put on, and deleting it leaves the statuses of images pushed before.

import (
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// signingEpoch is the signing configuration in effect from since on: the
// rules when set, none at all when not (after DeleteSigningConfiguration).
// A set configuration may have no rules: it exists but signs nothing.
type signingEpoch struct {
	since time.Time
	set   bool
	rules []signingRule
}

type signingRule struct {
	profile string   // signing profile ARN
	filters []string // WILDCARD_MATCH filters; none: every repository
}

func cloneSigning(epochs []signingEpoch) []signingEpoch {
	if epochs == nil {
		return nil
	}
	out := make([]signingEpoch, len(epochs))
	for i, e := range epochs {
		out[i] = signingEpoch{since: e.since, set: e.set}
		if e.rules != nil {
			out[i].rules = make([]signingRule, len(e.rules))
			for j, r := range e.rules {
				out[i].rules[j] = signingRule{profile: r.profile, filters: slices.Clone(r.filters)}
			}
		}
	}
	return out
}

// currentSigning is the configuration in effect now: the last one stored.
func (r *registry) currentSigning() (rules []signingRule, set bool) {
	if r == nil || len(r.signing) == 0 {
		return nil, false
	}
	e := r.signing[len(r.signing)-1]
	return e.rules, e.set
}

// signingAt is the configuration in effect at t: the last one stored at or
// before t; nil when none was.
func (r *registry) signingAt(t time.Time) []signingRule {
	i := sort.Search(len(r.signing), func(i int) bool { return r.signing[i].since.After(t) })
	if i == 0 || !r.signing[i-1].set {
		return nil
	}
	return r.signing[i-1].rules
}

// setSigning makes a configuration (or none, when !set) the one in effect
// from now on. Storing the configuration already in effect changes nothing,
// so its start stays; two stored at the same instant leave the last.
func (r *registry) setSigning(now time.Time, set bool, rules []signingRule) {
	same := func() bool {
		cur, curSet := r.currentSigning()
		return curSet == set && slices.EqualFunc(cur, rules, equalSigningRule)
	}
	if same() {
		return
	}
	if n := len(r.signing); n > 0 && r.signing[n-1].since.Equal(now) {
		r.signing = r.signing[:n-1]
		if same() {
			return
		}
	}
	r.signing = append(r.signing, signingEpoch{since: now, set: set, rules: rules})
}

func equalSigningRule(a, b signingRule) bool {
	return a.profile == b.profile && slices.Equal(a.filters, b.filters)
}

// matches applies a rule's WILDCARD_MATCH filters to a repository name: '*'
// matches any run of characters and a filter must match the whole name. A
// rule without filters matches every repository.
func (r signingRule) matches(repo string) bool {
	if len(r.filters) == 0 {
		return true
	}
	return slices.ContainsFunc(r.filters, func(f string) bool { return wildcardMatch(f, repo) })
}

func signingSDK(rules []signingRule) *types.SigningConfiguration {
	out := &types.SigningConfiguration{Rules: make([]types.SigningRule, len(rules))}
	for i, r := range rules {
		rule := types.SigningRule{SigningProfileArn: ptr(r.profile)}
		if r.filters != nil {
			rule.RepositoryFilters = make([]types.SigningRepositoryFilter, len(r.filters))
			for j, f := range r.filters {
				rule.RepositoryFilters[j] = types.SigningRepositoryFilter{Filter: ptr(f), FilterType: types.SigningRepositoryFilterTypeWildcardMatch}
			}
		}
		out.Rules[i] = rule
	}
	return out
}

// PutSigningConfiguration replaces the registry's signing configuration
// (the model's constraints — at most 10 rules, the profile ARN pattern, 1 to
// 100 WILDCARD_MATCH filters per rule — are checked before). It applies to
// images pushed from now on.
func (w *World) PutSigningConfiguration(now time.Time, in *ecr.PutSigningConfigurationInput) (*ecr.PutSigningConfigurationOutput, error) {
	var given []types.SigningRule
	if in.SigningConfiguration != nil {
		given = in.SigningConfiguration.Rules
	}
	rules := make([]signingRule, len(given))
	for i, g := range given {
		rules[i] = signingRule{profile: deref(g.SigningProfileArn)}
		if len(g.RepositoryFilters) > 0 {
			rules[i].filters = make([]string, len(g.RepositoryFilters))
			for j, f := range g.RepositoryFilters {
				rules[i].filters[j] = deref(f.Filter)
			}
		}
	}
	r, _ := w.registryFor(nil, true)
	r.setSigning(now, true, rules)
	return &ecr.PutSigningConfigurationOutput{SigningConfiguration: signingSDK(rules)}, nil
}

// GetSigningConfiguration returns the registry's signing configuration.
func (w *World) GetSigningConfiguration(_ time.Time, _ *ecr.GetSigningConfigurationInput) (*ecr.GetSigningConfigurationOutput, error) {
	r, rid := w.registryFor(nil, false)
	rules, set := r.currentSigning()
	if !set {
		return nil, errs.SigningConfigurationNotFound(rid)
	}
	return &ecr.GetSigningConfigurationOutput{RegistryId: ptr(rid), SigningConfiguration: signingSDK(rules)}, nil
}

// DeleteSigningConfiguration removes the registry's signing configuration
// and returns it. Images pushed before keep their signing statuses.
func (w *World) DeleteSigningConfiguration(now time.Time, _ *ecr.DeleteSigningConfigurationInput) (*ecr.DeleteSigningConfigurationOutput, error) {
	r, rid := w.registryFor(nil, false)
	rules, set := r.currentSigning()
	if !set {
		return nil, errs.SigningConfigurationNotFound(rid)
	}
	out := &ecr.DeleteSigningConfigurationOutput{RegistryId: ptr(rid), SigningConfiguration: signingSDK(rules)}
	r.setSigning(now, false, nil)
	return out, nil
}

// DescribeImageSigningStatus reports one status per distinct signing profile
// (in configuration order) of the rules that matched the image's repository
// in the configuration in effect when the image was pushed. Signing is
// instantaneous in the fake: every status is COMPLETE.
func (w *World) DescribeImageSigningStatus(_ time.Time, in *ecr.DescribeImageSigningStatusInput) (*ecr.DescribeImageSigningStatusOutput, error) {
	reg, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	id := in.ImageId
	if id == nil {
		id = &types.ImageIdentifier{}
	}
	img, err := repo.resolveOne("imageId", id)
	if err != nil {
		return nil, err
	}
	out := &ecr.DescribeImageSigningStatusOutput{
		RegistryId:      ptr(repo.registryID),
		RepositoryName:  ptr(repo.name),
		ImageId:         &types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: clonePtr(id.ImageTag)},
		SigningStatuses: []types.ImageSigningStatus{},
	}
	var seen []string
	for _, rule := range reg.signingAt(img.pushedAt) {
		if slices.Contains(seen, rule.profile) || !rule.matches(repo.name) {
			continue
		}
		seen = append(seen, rule.profile)
		out.SigningStatuses = append(out.SigningStatuses, types.ImageSigningStatus{
			SigningProfileArn: ptr(rule.profile),
			Status:            types.SigningStatusComplete,
		})
	}
	return out, nil
}
