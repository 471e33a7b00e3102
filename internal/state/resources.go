package state

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/constraints"
	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// Resource tags (TagResource, UntagResource, ListTagsForResource) and
// repository policies. Only repositories are taggable in ECR.

// TagResource merges tags into the repository's tags: given keys overwrite,
// others stay; the tag limit applies to the merged set.
func (w *World) TagResource(_ time.Time, in *ecr.TagResourceInput) (*ecr.TagResourceOutput, error) {
	repo, err := w.repoByARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	merged, err := w.mergeTags(repo.resource, in.Tags)
	if err != nil {
		return nil, err
	}
	repo.resource = merged
	return &ecr.TagResourceOutput{}, nil
}

// UntagResource removes the given keys; absent keys are ignored.
func (w *World) UntagResource(_ time.Time, in *ecr.UntagResourceInput) (*ecr.UntagResourceOutput, error) {
	repo, err := w.repoByARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		if err := checkTagKey(k); err != nil {
			return nil, err
		}
	}
	if len(repo.resource) > 0 {
		next := make(map[string]string, len(repo.resource))
		for k, v := range repo.resource {
			next[k] = v
		}
		for _, k := range in.TagKeys {
			delete(next, k)
		}
		repo.resource = next
	}
	return &ecr.UntagResourceOutput{}, nil
}

// ListTagsForResource returns the repository's tags sorted by key.
func (w *World) ListTagsForResource(_ time.Time, in *ecr.ListTagsForResourceInput) (*ecr.ListTagsForResourceOutput, error) {
	repo, err := w.repoByARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(repo.resource))
	for k := range repo.resource {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := &ecr.ListTagsForResourceOutput{Tags: make([]types.Tag, len(keys))}
	for i, k := range keys {
		out.Tags[i] = types.Tag{Key: ptr(k), Value: ptr(repo.resource[k])}
	}
	return out, nil
}

// repoByARN resolves arn:<partition>:ecr:<region>:<account>:repository/<name>.
func (w *World) repoByARN(arn *string) (*repository, error) {
	s := deref(arn)
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != w.cfg.Partition || parts[2] != "ecr" ||
		parts[3] != w.cfg.Region || !constraints.IsRegistryID(parts[4]) || !strings.HasPrefix(parts[5], "repository/") {
		return nil, errs.InvalidResourceARN()
	}
	name := strings.TrimPrefix(parts[5], "repository/")
	_, repo, err := w.lookupRepo(&parts[4], &name)
	return repo, err
}

// mergeTags validates tags and returns a new map of base overwritten by tags.
func (w *World) mergeTags(base map[string]string, tags []types.Tag) (map[string]string, error) {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		k, v := deref(t.Key), deref(t.Value)
		if err := checkTagKey(k); err != nil {
			return nil, err
		}
		if len(v) > 256 {
			return nil, errs.InvalidTag("Tag value for key '" + k + "' must have length less than or equal to 256")
		}
		if seen[k] {
			return nil, errs.InvalidTag("Tag key '" + k + "' appears more than once in the request")
		}
		seen[k] = true
	}
	out := make(map[string]string, len(base)+len(tags))
	for k, v := range base {
		out[k] = v
	}
	for _, t := range tags {
		out[deref(t.Key)] = deref(t.Value)
	}
	if len(out) > w.cfg.Limits.MaxResourceTags {
		return nil, errs.TooManyTags(w.cfg.Limits.MaxResourceTags)
	}
	return out, nil
}

func checkTagKey(k string) error {
	switch {
	case k == "" || len(k) > 128:
		return errs.InvalidTag("Tag key '" + k + "' must have length between 1 and 128")
	case strings.HasPrefix(strings.ToLower(k), "aws:"):
		return errs.InvalidTag("Tag key '" + k + "' uses the reserved prefix 'aws:'")
	}
	return nil
}

// SetRepositoryPolicy stores a repository policy verbatim after a structural check.
func (w *World) SetRepositoryPolicy(_ time.Time, in *ecr.SetRepositoryPolicyInput) (*ecr.SetRepositoryPolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	text := deref(in.PolicyText)
	if !validRepositoryPolicy(text) {
		return nil, errs.InvalidRepositoryPolicy()
	}
	repo.policy = ptr(text)
	return &ecr.SetRepositoryPolicyOutput{RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name), PolicyText: ptr(text)}, nil
}

// GetRepositoryPolicy returns the stored text exactly.
func (w *World) GetRepositoryPolicy(_ time.Time, in *ecr.GetRepositoryPolicyInput) (*ecr.GetRepositoryPolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if repo.policy == nil {
		return nil, errs.RepositoryPolicyNotFound(repo.registryID, repo.name)
	}
	return &ecr.GetRepositoryPolicyOutput{RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name), PolicyText: clonePtr(repo.policy)}, nil
}

// DeleteRepositoryPolicy removes the policy and returns its text.
func (w *World) DeleteRepositoryPolicy(_ time.Time, in *ecr.DeleteRepositoryPolicyInput) (*ecr.DeleteRepositoryPolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if repo.policy == nil {
		return nil, errs.RepositoryPolicyNotFound(repo.registryID, repo.name)
	}
	text := repo.policy
	repo.policy = nil
	return &ecr.DeleteRepositoryPolicyOutput{RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name), PolicyText: text}, nil
}

// validRepositoryPolicy is the structural check ECR applies to a repository
// policy: a policy document (see validPolicy) naming no Resource, since the
// resource is the repository itself.
func validRepositoryPolicy(text string) bool { return validPolicy(text, false) }

// validPolicy checks a policy document's structure: a JSON object with a
// Statement (a list or one object, not empty) whose statements each have
// Effect Allow|Deny, an Action or NotAction, a Principal or NotPrincipal, and
// a Resource or NotResource only if allowResource.
func validPolicy(text string, allowResource bool) bool {
	var doc map[string]json.RawMessage
	if json.Unmarshal([]byte(text), &doc) != nil || doc == nil {
		return false
	}
	raw, ok := doc["Statement"]
	if !ok {
		return false
	}
	var stmts []map[string]json.RawMessage
	if json.Unmarshal(raw, &stmts) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(raw, &one) != nil || one == nil {
			return false
		}
		stmts = append(stmts, one)
	}
	if len(stmts) == 0 {
		return false
	}
	for _, s := range stmts {
		var effect string
		if s == nil || json.Unmarshal(s["Effect"], &effect) != nil || (effect != "Allow" && effect != "Deny") {
			return false
		}
		if !hasAny(s, "Action", "NotAction") || !hasAny(s, "Principal", "NotPrincipal") ||
			(!allowResource && hasAny(s, "Resource", "NotResource")) {
			return false
		}
	}
	return true
}

func hasAny(m map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if v, ok := m[k]; ok && string(v) != "null" {
			return true
		}
	}
	return false
}
