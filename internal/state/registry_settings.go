package state

// Registry-level settings of the caller's registry: the registry policy,
// account settings, the replication configuration (and the replication
// status of images that follows from it), and pull-time update exclusions.
// The registry-level operations take no registryId (or ignore it, as ECR
// does): they act on the fake's own registry.

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// kindPullTimeExclusions is the pagination-token kind of
// ListPullTimeUpdateExclusions (values from 0x60 up are kept clear of
// paginate.go's own kinds).
const kindPullTimeExclusions listKind = 0x60

const (
	// maxPullTimeExclusions is the number of pull-time update exclusions a
	// registry holds (the model's list cap; unverified as a service quota).
	maxPullTimeExclusions = 100
	// maxReplicationDestinations is ECR's quota of unique destinations across
	// all rules of a replication configuration (unverified number).
	maxReplicationDestinations = 25
)

// registrySettings are the settings a registry holds beside its repositories.
// The zero value is a registry where nothing was set.
type registrySettings struct {
	policy  *string           // registry policy text, verbatim; nil: none
	account map[string]string // account settings set by PutAccountSetting; absent: the default

	// replication is every replication configuration stored, oldest first,
	// each with the time it took effect; the last is the current one. An
	// image's replication status follows from the configuration in effect
	// when it was pushed, so it is computed when read.
	replication []replicationEpoch

	exclusions []pullTimeExclusion // sorted by principal ARN
}

type replicationEpoch struct {
	since time.Time
	rules []replicationRule
}

type replicationRule struct {
	destinations []replicationDestination
	filters      []string // PREFIX_MATCH filters; none: every repository
}

type replicationDestination struct{ region, registryID string }

type pullTimeExclusion struct {
	arn       string
	createdAt time.Time
}

func (s registrySettings) clone() registrySettings {
	c := registrySettings{
		policy:     clonePtr(s.policy),
		account:    maps.Clone(s.account),
		exclusions: slices.Clone(s.exclusions),
	}
	if s.replication != nil {
		c.replication = make([]replicationEpoch, len(s.replication))
		for i, e := range s.replication {
			c.replication[i] = replicationEpoch{since: e.since, rules: cloneReplicationRules(e.rules)}
		}
	}
	return c
}

func cloneReplicationRules(rules []replicationRule) []replicationRule {
	if rules == nil {
		return nil
	}
	out := make([]replicationRule, len(rules))
	for i, r := range rules {
		out[i] = replicationRule{destinations: slices.Clone(r.destinations), filters: slices.Clone(r.filters)}
	}
	return out
}

// settingsOf returns the settings of a registry that may not exist yet.
func settingsOf(r *registry) *registrySettings {
	if r == nil {
		return &registrySettings{}
	}
	return &r.settings
}

// ---- registry policy ------------------------------------------------------

// PutRegistryPolicy stores the registry policy verbatim after a structural
// check, replacing any policy the registry had.
func (w *World) PutRegistryPolicy(_ time.Time, in *ecr.PutRegistryPolicyInput) (*ecr.PutRegistryPolicyOutput, error) {
	text := deref(in.PolicyText)
	if !validRegistryPolicy(text) {
		return nil, errs.InvalidRegistryPolicy()
	}
	r, rid := w.registryFor(nil, true)
	r.settings.policy = ptr(text)
	return &ecr.PutRegistryPolicyOutput{RegistryId: ptr(rid), PolicyText: ptr(text)}, nil
}

// GetRegistryPolicy returns the stored text exactly.
func (w *World) GetRegistryPolicy(_ time.Time, _ *ecr.GetRegistryPolicyInput) (*ecr.GetRegistryPolicyOutput, error) {
	r, rid := w.registryFor(nil, false)
	s := settingsOf(r)
	if s.policy == nil {
		return nil, errs.RegistryPolicyNotFound(rid)
	}
	return &ecr.GetRegistryPolicyOutput{RegistryId: ptr(rid), PolicyText: clonePtr(s.policy)}, nil
}

// DeleteRegistryPolicy removes the registry policy and returns its text.
func (w *World) DeleteRegistryPolicy(_ time.Time, _ *ecr.DeleteRegistryPolicyInput) (*ecr.DeleteRegistryPolicyOutput, error) {
	r, rid := w.registryFor(nil, false)
	s := settingsOf(r)
	if s.policy == nil {
		return nil, errs.RegistryPolicyNotFound(rid)
	}
	text := s.policy
	s.policy = nil
	return &ecr.DeleteRegistryPolicyOutput{RegistryId: ptr(rid), PolicyText: text}, nil
}

// validRegistryPolicy is the structural check of a registry policy: a JSON
// object with a Statement (a list or one object, not empty) whose statements
// each have Effect Allow|Deny, an Action or NotAction and a Principal or
// NotPrincipal. Unlike a repository policy, a registry policy may name a
// Resource (the repositories it grants access to). Registry policy scope V2
// covers every ECR action and nothing else: each Action must be an ECR action
// ("ecr:" and a name or a wildcard pattern, the prefix in any case) or "*"; an
// s3:GetObject makes the policy invalid. NotAction lists what is excluded and
// is not checked.
func validRegistryPolicy(text string) bool {
	if !validPolicy(text, true) {
		return false
	}
	var doc struct{ Statement json.RawMessage }
	if json.Unmarshal([]byte(text), &doc) != nil {
		return false
	}
	var stmts []struct{ Action json.RawMessage }
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one struct{ Action json.RawMessage }
		if json.Unmarshal(doc.Statement, &one) != nil {
			return false
		}
		stmts = append(stmts, one)
	}
	for _, st := range stmts {
		if len(st.Action) == 0 || string(st.Action) == "null" {
			continue // a NotAction statement
		}
		var actions []string
		if json.Unmarshal(st.Action, &actions) != nil {
			var one string
			if json.Unmarshal(st.Action, &one) != nil {
				return false
			}
			actions = []string{one}
		}
		if len(actions) == 0 || !allECRActions(actions) {
			return false
		}
	}
	return true
}

// allECRActions reports whether every action is one registry policy scope V2
// covers.
func allECRActions(actions []string) bool {
	for _, a := range actions {
		if !isECRAction(a) {
			return false
		}
	}
	return true
}

// isECRAction reports an IAM action of the ecr service, or the "*" that
// includes them.
func isECRAction(a string) bool {
	return a == "*" || len(a) > len("ecr:") && strings.EqualFold(a[:len("ecr:")], "ecr:")
}

// ---- account settings -----------------------------------------------------

// accountSetting is one setting PutAccountSetting takes: its values, in the
// order the SDK documents them, and the value of a registry that never set it.
type accountSetting struct {
	name   string
	values []string
	def    string
}

var accountSettings = []accountSetting{
	{name: "BASIC_SCAN_TYPE_VERSION", values: []string{"AWS_NATIVE"}, def: "AWS_NATIVE"},
	{name: "REGISTRY_POLICY_SCOPE", values: []string{"V2"}, def: "V2"},
	{name: "BLOB_MOUNTING", values: []string{"ENABLED", "DISABLED"}, def: "DISABLED"},
}

func lookupAccountSetting(name string) (accountSetting, error) {
	names := make([]string, len(accountSettings))
	for i, s := range accountSettings {
		if s.name == name {
			return s, nil
		}
		names[i] = s.name
	}
	return accountSetting{}, errs.UnknownAccountSetting(names)
}

// GetAccountSetting returns the value of an account setting: the value last
// put, else its default.
func (w *World) GetAccountSetting(_ time.Time, in *ecr.GetAccountSettingInput) (*ecr.GetAccountSettingOutput, error) {
	name := deref(in.Name)
	setting, err := lookupAccountSetting(name)
	if err != nil {
		return nil, err
	}
	r, _ := w.registryFor(nil, false)
	value, ok := settingsOf(r).account[name]
	if !ok {
		value = setting.def
	}
	return &ecr.GetAccountSettingOutput{Name: ptr(name), Value: ptr(value)}, nil
}

// PutAccountSetting stores the value of an account setting. Values are
// stored only: BLOB_MOUNTING does not change where PutImage looks for layers.
func (w *World) PutAccountSetting(_ time.Time, in *ecr.PutAccountSettingInput) (*ecr.PutAccountSettingOutput, error) {
	name, value := deref(in.Name), deref(in.Value)
	setting, err := lookupAccountSetting(name)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(setting.values, value) {
		return nil, errs.InvalidAccountSettingValue(setting.values)
	}
	r, _ := w.registryFor(nil, true)
	if r.settings.account == nil {
		r.settings.account = map[string]string{}
	}
	r.settings.account[name] = value
	return &ecr.PutAccountSettingOutput{Name: ptr(name), Value: ptr(value)}, nil
}

// ---- replication ----------------------------------------------------------

// PutReplicationConfiguration replaces the registry's replication
// configuration. It applies to images pushed from now on; images already
// pushed keep the replication status the configuration of their push time
// gave them.
func (w *World) PutReplicationConfiguration(now time.Time, in *ecr.PutReplicationConfigurationInput) (*ecr.PutReplicationConfigurationOutput, error) {
	var given []types.ReplicationRule
	if in.ReplicationConfiguration != nil {
		given = in.ReplicationConfiguration.Rules
	}
	rules := make([]replicationRule, len(given))
	unique := map[replicationDestination]bool{}
	for i, r := range given {
		rule := replicationRule{destinations: make([]replicationDestination, len(r.Destinations))}
		for j, d := range r.Destinations {
			dest := replicationDestination{region: deref(d.Region), registryID: deref(d.RegistryId)}
			if dest.region == w.cfg.Region && dest.registryID == w.cfg.AccountID {
				return nil, errs.ReplicationToSource()
			}
			rule.destinations[j] = dest
			unique[dest] = true
		}
		if len(r.RepositoryFilters) > 0 {
			rule.filters = make([]string, len(r.RepositoryFilters))
			for j, f := range r.RepositoryFilters {
				rule.filters[j] = deref(f.Filter)
			}
		}
		rules[i] = rule
	}
	if len(unique) > maxReplicationDestinations {
		return nil, errs.ReplicationDestinationLimit(maxReplicationDestinations)
	}
	r, _ := w.registryFor(nil, true)
	r.settings.setReplication(now, rules)
	return &ecr.PutReplicationConfigurationOutput{ReplicationConfiguration: replicationSDK(rules)}, nil
}

// setReplication makes rules the configuration in effect from now on. A
// configuration equal to the current one changes nothing, so re-applying
// the same configuration (as infrastructure tools do) keeps its start; two
// configurations stored at the same instant leave the last one.
func (s *registrySettings) setReplication(now time.Time, rules []replicationRule) {
	if slices.EqualFunc(s.currentReplication(), rules, equalReplicationRule) {
		return
	}
	n := len(s.replication)
	if n > 0 && s.replication[n-1].since.Equal(now) {
		s.replication = s.replication[:n-1]
		if slices.EqualFunc(s.currentReplication(), rules, equalReplicationRule) {
			return
		}
	}
	s.replication = append(s.replication, replicationEpoch{since: now, rules: rules})
}

func (s *registrySettings) currentReplication() []replicationRule {
	if n := len(s.replication); n > 0 {
		return s.replication[n-1].rules
	}
	return nil
}

// replicationAt returns the configuration in effect at t: the last one
// stored at or before t.
func (s *registrySettings) replicationAt(t time.Time) []replicationRule {
	i := sort.Search(len(s.replication), func(i int) bool { return s.replication[i].since.After(t) })
	if i == 0 {
		return nil
	}
	return s.replication[i-1].rules
}

func equalReplicationRule(a, b replicationRule) bool {
	return slices.Equal(a.destinations, b.destinations) && slices.Equal(a.filters, b.filters)
}

// matches applies a rule's filters to a repository name: PREFIX_MATCH is a
// plain string prefix (no implied '/'), and a rule without filters matches
// every repository.
func (r replicationRule) matches(repo string) bool {
	if len(r.filters) == 0 {
		return true
	}
	for _, f := range r.filters {
		if strings.HasPrefix(repo, f) {
			return true
		}
	}
	return false
}

func replicationSDK(rules []replicationRule) *types.ReplicationConfiguration {
	out := &types.ReplicationConfiguration{Rules: make([]types.ReplicationRule, len(rules))}
	for i, r := range rules {
		rule := types.ReplicationRule{Destinations: make([]types.ReplicationDestination, len(r.destinations))}
		for j, d := range r.destinations {
			rule.Destinations[j] = types.ReplicationDestination{Region: ptr(d.region), RegistryId: ptr(d.registryID)}
		}
		if r.filters != nil {
			rule.RepositoryFilters = make([]types.RepositoryFilter, len(r.filters))
			for j, f := range r.filters {
				rule.RepositoryFilters[j] = types.RepositoryFilter{Filter: ptr(f), FilterType: types.RepositoryFilterTypePrefixMatch}
			}
		}
		out.Rules[i] = rule
	}
	return out
}

// DescribeRegistry returns the registry's id and its current replication
// configuration, with no rules when none was stored.
func (w *World) DescribeRegistry(_ time.Time, _ *ecr.DescribeRegistryInput) (*ecr.DescribeRegistryOutput, error) {
	r, rid := w.registryFor(nil, false)
	return &ecr.DescribeRegistryOutput{RegistryId: ptr(rid), ReplicationConfiguration: replicationSDK(settingsOf(r).currentReplication())}, nil
}

// DescribeImageReplicationStatus reports one status per distinct destination
// (in configuration order) of the rules that matched the image's repository
// in the configuration in effect when the image was pushed, and for a
// restored image also when its last restore completed. Replication is
// instantaneous in the fake: every status is COMPLETE.
func (w *World) DescribeImageReplicationStatus(_ time.Time, in *ecr.DescribeImageReplicationStatusInput) (*ecr.DescribeImageReplicationStatusOutput, error) {
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
	out := &ecr.DescribeImageReplicationStatusOutput{
		RepositoryName:      ptr(repo.name),
		ImageId:             &types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: clonePtr(id.ImageTag)},
		ReplicationStatuses: []types.ImageReplicationStatus{},
	}
	var seen map[replicationDestination]bool
	// A restored image is replicated as a newly pushed one: by the
	// configuration in effect when its last restore completed, too.
	rules := reg.settings.replicationAt(img.pushedAt)
	if img.arch != nil && !img.arch.activatedAt.IsZero() {
		rules = append(slices.Clip(rules), reg.settings.replicationAt(img.arch.activatedAt)...)
	}
	for _, rule := range rules {
		if !rule.matches(repo.name) {
			continue
		}
		for _, d := range rule.destinations {
			if seen[d] {
				continue
			}
			if seen == nil {
				seen = map[replicationDestination]bool{}
			}
			seen[d] = true
			st := types.ImageReplicationStatus{
				Region:     ptr(d.region),
				RegistryId: ptr(d.registryID),
				Status:     types.ReplicationStatusComplete,
			}
			if ov, ok := img.replication[d]; ok {
				st.Status = ov.status
				if ov.failureCode != "" {
					st.FailureCode = ptr(ov.failureCode)
				}
			}
			out.ReplicationStatuses = append(out.ReplicationStatuses, st)
		}
	}
	return out, nil
}

// ---- pull-time update exclusions -----------------------------------------

// RegisterPullTimeUpdateExclusion adds a principal to the registry's
// exclusions.
func (w *World) RegisterPullTimeUpdateExclusion(now time.Time, in *ecr.RegisterPullTimeUpdateExclusionInput) (*ecr.RegisterPullTimeUpdateExclusionOutput, error) {
	arn := deref(in.PrincipalArn)
	r, rid := w.registryFor(nil, false)
	ex := settingsOf(r).exclusions
	i, found := exclusionIndex(ex, arn)
	if found {
		return nil, errs.ExclusionAlreadyExists(rid, arn)
	}
	if len(ex) >= maxPullTimeExclusions {
		return nil, errs.ExclusionLimit(maxPullTimeExclusions)
	}
	r, _ = w.registryFor(nil, true)
	r.settings.exclusions = slices.Insert(r.settings.exclusions, i, pullTimeExclusion{arn: arn, createdAt: now})
	return &ecr.RegisterPullTimeUpdateExclusionOutput{PrincipalArn: ptr(arn), CreatedAt: ptr(now)}, nil
}

// DeregisterPullTimeUpdateExclusion removes a principal from the registry's
// exclusions.
func (w *World) DeregisterPullTimeUpdateExclusion(_ time.Time, in *ecr.DeregisterPullTimeUpdateExclusionInput) (*ecr.DeregisterPullTimeUpdateExclusionOutput, error) {
	arn := deref(in.PrincipalArn)
	r, rid := w.registryFor(nil, false)
	i, found := exclusionIndex(settingsOf(r).exclusions, arn)
	if !found {
		return nil, errs.ExclusionNotFound(rid, arn)
	}
	r.settings.exclusions = slices.Delete(r.settings.exclusions, i, i+1)
	return &ecr.DeregisterPullTimeUpdateExclusionOutput{PrincipalArn: ptr(arn)}, nil
}

// ListPullTimeUpdateExclusions lists the excluded principals in ARN order.
func (w *World) ListPullTimeUpdateExclusions(_ time.Time, in *ecr.ListPullTimeUpdateExclusionsInput) (*ecr.ListPullTimeUpdateExclusionsOutput, error) {
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(nil, false)
	ex := settingsOf(r).exclusions
	fp := fingerprint(kindPullTimeExclusions, rid)
	start := 0
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindPullTimeExclusions, fp)
		if err != nil {
			return nil, err
		}
		start = sort.Search(len(ex), func(i int) bool { return ex[i].arn > c.key })
	}
	out := &ecr.ListPullTimeUpdateExclusionsOutput{PullTimeUpdateExclusions: make([]string, 0, min(limit, len(ex)-start))}
	for _, e := range ex[start:] {
		if len(out.PullTimeUpdateExclusions) == limit {
			out.NextToken = ptr(encodeToken(cursor{kind: kindPullTimeExclusions, fp: fp, key: out.PullTimeUpdateExclusions[limit-1]}))
			break
		}
		out.PullTimeUpdateExclusions = append(out.PullTimeUpdateExclusions, e.arn)
	}
	return out, nil
}

// exclusionIndex finds arn in the sorted exclusions, or where it belongs.
func exclusionIndex(ex []pullTimeExclusion, arn string) (int, bool) {
	i := sort.Search(len(ex), func(i int) bool { return ex[i].arn >= arn })
	return i, i < len(ex) && ex[i].arn == arn
}

// replicationOverride is a replication status set out of band by a test.
type replicationOverride struct {
	status      types.ReplicationStatus
	failureCode string
}

// SetReplicationStatus makes DescribeImageReplicationStatus report status
// (and failureCode, if not empty) for one destination of an image, in place
// of the fake's instant COMPLETE. It applies only where the replication
// configuration sends the image to that destination.
func (w *World) SetReplicationStatus(registryID *string, repoName, digest, region, destRegistryID string, status types.ReplicationStatus, failureCode string) error {
	_, img, err := w.lookupImage(registryID, repoName, digest)
	if err != nil {
		return err
	}
	next := maps.Clone(img.replication)
	if next == nil {
		next = map[replicationDestination]replicationOverride{}
	}
	next[replicationDestination{region: region, registryID: destRegistryID}] = replicationOverride{status: status, failureCode: failureCode}
	img.replication = next
	return nil
}
