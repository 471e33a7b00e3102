package state

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/lifecycle"
)

type repository struct {
	name       string
	registryID string
	createdAt  time.Time

	mutability types.ImageTagMutability
	exclusions []string // WILDCARD filters of the *_WITH_EXCLUSION modes
	scanOnPush bool
	encryption types.EncryptionType
	kmsKey     *string
	resource   map[string]string // resource tags
	policy     *string

	images  map[string]*image // by digest
	order   imageOrder        // push order: the listing order
	tags    map[string]*image // tag → image
	layers  map[string]*layer // blobs this repository holds
	uploads map[string]*upload

	// lifecycle is the lifecycle policy, its runs and its preview
	// (lifecycle.go); nil until a policy is put or a preview started.
	lifecycle *lifecycleState
}

// CreateRepository creates an empty repository in the caller's registry (or the
// registry named by registryId).
func (w *World) CreateRepository(now time.Time, in *ecr.CreateRepositoryInput) (*ecr.CreateRepositoryOutput, error) {
	name := deref(in.RepositoryName)
	mut, filters, err := checkMutability(in.ImageTagMutability, in.ImageTagMutabilityExclusionFilters)
	if err != nil {
		return nil, err
	}
	enc, key, err := checkEncryption(in.EncryptionConfiguration)
	if err != nil {
		return nil, err
	}
	tags, err := w.mergeTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(in.RegistryId, false)
	if r != nil && r.repos[name] != nil {
		return nil, errs.RepositoryAlreadyExists(rid, name)
	}
	if r != nil && len(r.repos) >= w.cfg.Limits.MaxRepositories {
		return nil, errs.RepositoryLimit(w.cfg.Limits.MaxRepositories)
	}
	if key == nil && (enc == types.EncryptionTypeKms || enc == types.EncryptionTypeKmsDsse) {
		key = ptr(w.awsManagedKMSKey(rid))
	} else if key != nil {
		key = ptr(w.kmsKeyARN(rid, *key))
	}
	r, _ = w.registryFor(in.RegistryId, true)
	repo := &repository{
		name: name, registryID: rid, createdAt: now,
		mutability: mut, exclusions: filters,
		encryption: enc, kmsKey: key, resource: tags,
		images: map[string]*image{}, tags: map[string]*image{},
		layers: map[string]*layer{}, uploads: map[string]*upload{},
	}
	if in.ImageScanningConfiguration != nil {
		repo.scanOnPush = in.ImageScanningConfiguration.ScanOnPush
	}
	r.repos[name] = repo
	i := sort.SearchStrings(r.names, name)
	r.names = append(r.names, "")
	copy(r.names[i+1:], r.names[i:])
	r.names[i] = name
	return &ecr.CreateRepositoryOutput{Repository: w.describeRepo(repo)}, nil
}

// DescribeRepositories lists repositories by name order, or the named ones in
// request order (every name must exist).
func (w *World) DescribeRepositories(_ time.Time, in *ecr.DescribeRepositoriesInput) (*ecr.DescribeRepositoriesOutput, error) {
	r, rid := w.registryFor(in.RegistryId, false)
	if in.RepositoryNames != nil {
		if in.MaxResults != nil || in.NextToken != nil {
			return nil, errs.PaginationWithIDs("repositoryNames")
		}
		if err := w.checkBatch("repositoryNames", len(in.RepositoryNames)); err != nil {
			return nil, err
		}
		repos := make([]*repository, 0, len(in.RepositoryNames))
		var seen map[string]bool // long lists only; short ones are searched
		if len(in.RepositoryNames) > 16 {
			seen = make(map[string]bool, len(in.RepositoryNames))
		}
		for i, n := range in.RepositoryNames {
			if seen != nil && seen[n] || seen == nil && slices.Contains(in.RepositoryNames[:i], n) {
				continue
			}
			if seen != nil {
				seen[n] = true
			}
			var repo *repository
			if r != nil {
				repo = r.repos[n]
			}
			if repo == nil {
				return nil, errs.RepositoryNotFound(rid, n)
			}
			repos = append(repos, repo)
		}
		return &ecr.DescribeRepositoriesOutput{Repositories: w.describeRepos(repos)}, nil
	}
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	fp := fingerprint(kindRepositories, rid)
	start := 0
	var names []string
	if r != nil {
		names = r.names
	}
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindRepositories, fp)
		if err != nil {
			return nil, err
		}
		start = sort.SearchStrings(names, c.key)
		if start < len(names) && names[start] == c.key {
			start++
		}
	}
	end := min(start+limit, len(names))
	repos := make([]*repository, 0, end-start)
	for _, n := range names[start:end] {
		repos = append(repos, r.repos[n])
	}
	out := &ecr.DescribeRepositoriesOutput{Repositories: w.describeRepos(repos)}
	if end < len(names) {
		out.NextToken = ptr(encodeToken(cursor{kind: kindRepositories, fp: fp, key: names[end-1]}))
	}
	return out, nil
}

// DeleteRepository removes a repository; without force it must hold no images.
func (w *World) DeleteRepository(_ time.Time, in *ecr.DeleteRepositoryInput) (*ecr.DeleteRepositoryOutput, error) {
	r, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if !in.Force && len(repo.images) > 0 {
		return nil, errs.RepositoryNotEmpty(repo.registryID, repo.name)
	}
	out := &ecr.DeleteRepositoryOutput{Repository: w.describeRepo(repo)}
	for d := range repo.layers {
		w.releaseBlob(d)
	}
	delete(r.repos, repo.name)
	i := sort.SearchStrings(r.names, repo.name)
	r.names = append(r.names[:i], r.names[i+1:]...)
	return out, nil
}

// PutImageTagMutability replaces the repository's tag mutability and filters.
func (w *World) PutImageTagMutability(_ time.Time, in *ecr.PutImageTagMutabilityInput) (*ecr.PutImageTagMutabilityOutput, error) {
	mut, filters, err := checkMutability(in.ImageTagMutability, in.ImageTagMutabilityExclusionFilters)
	if err != nil {
		return nil, err
	}
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	repo.mutability, repo.exclusions = mut, filters
	return &ecr.PutImageTagMutabilityOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		ImageTagMutability:                 mut,
		ImageTagMutabilityExclusionFilters: exclusionFilters(filters),
	}, nil
}

// PutImageScanningConfiguration stores the repository's scan-on-push flag.
func (w *World) PutImageScanningConfiguration(_ time.Time, in *ecr.PutImageScanningConfigurationInput) (*ecr.PutImageScanningConfigurationOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	repo.scanOnPush = in.ImageScanningConfiguration.ScanOnPush
	return &ecr.PutImageScanningConfigurationOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: repo.scanOnPush},
	}, nil
}

func (w *World) describeRepo(repo *repository) *types.Repository {
	return &w.describeRepos([]*repository{repo})[0]
}

// describeRepos describes repos, their pointer fields allocated per output
// (see slab.go), not per field.
func (w *World) describeRepos(repos []*repository) []types.Repository {
	out := make([]types.Repository, len(repos))
	if len(repos) == 0 {
		return out
	}
	// Everything one repository's description points to, one array of them.
	vals := make([]struct {
		enc     types.EncryptionConfiguration
		scan    types.ImageScanningConfiguration
		created time.Time
		s       [5]string
	}, len(repos))
	// The ARNs and URIs of the page are carved from one string.
	arnFixed := len("arn:") + len(w.cfg.Partition) + len(":ecr:") + len(w.cfg.Region) + len(":") + len(":repository/")
	uriFixed := len(".dkr.ecr.") + len(w.cfg.Region) + len(".") + len(w.cfg.DNSSuffix) + len("/")
	total := 0
	for _, repo := range repos {
		total += arnFixed + uriFixed + 2*(len(repo.registryID)+len(repo.name))
	}
	var sb strings.Builder
	sb.Grow(total)
	for _, repo := range repos {
		for _, part := range [...]string{"arn:", w.cfg.Partition, ":ecr:", w.cfg.Region, ":", repo.registryID, ":repository/", repo.name,
			repo.registryID, ".dkr.ecr.", w.cfg.Region, ".", w.cfg.DNSSuffix, "/", repo.name} {
			sb.WriteString(part)
		}
	}
	all, at := sb.String(), 0
	carve := func(n int) string {
		s := all[at : at+n]
		at += n
		return s
	}
	for i, repo := range repos {
		v := &vals[i]
		arn := carve(arnFixed + len(repo.registryID) + len(repo.name))
		uri := carve(uriFixed + len(repo.registryID) + len(repo.name))
		v.s = [5]string{repo.registryID, arn, repo.name, uri}
		v.enc = types.EncryptionConfiguration{EncryptionType: repo.encryption}
		if repo.kmsKey != nil {
			v.s[4] = *repo.kmsKey
			v.enc.KmsKey = &v.s[4]
		}
		v.scan = types.ImageScanningConfiguration{ScanOnPush: repo.scanOnPush}
		v.created = repo.createdAt
		out[i] = types.Repository{
			CreatedAt:                          &v.created,
			EncryptionConfiguration:            &v.enc,
			ImageScanningConfiguration:         &v.scan,
			ImageTagMutability:                 repo.mutability,
			ImageTagMutabilityExclusionFilters: exclusionFilters(repo.exclusions),
			RegistryId:                         &v.s[0],
			RepositoryArn:                      &v.s[1],
			RepositoryName:                     &v.s[2],
			RepositoryUri:                      &v.s[3],
		}
	}
	return out
}

func exclusionFilters(filters []string) []types.ImageTagMutabilityExclusionFilter {
	if len(filters) == 0 {
		return nil
	}
	out := make([]types.ImageTagMutabilityExclusionFilter, len(filters))
	for i, f := range filters {
		out[i] = types.ImageTagMutabilityExclusionFilter{Filter: ptr(f), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}
	}
	return out
}

// checkMutability applies the cross-field rules of the four mutability modes:
// the *_WITH_EXCLUSION modes need filters, the plain modes refuse them.
func checkMutability(m types.ImageTagMutability, filters []types.ImageTagMutabilityExclusionFilter) (types.ImageTagMutability, []string, error) {
	if m == "" {
		m = types.ImageTagMutabilityMutable
	}
	withExclusion := m == types.ImageTagMutabilityImmutableWithExclusion || m == types.ImageTagMutabilityMutableWithExclusion
	switch {
	case withExclusion && len(filters) == 0:
		return "", nil, errs.ExclusionFiltersRequired(m)
	case !withExclusion && filters != nil:
		return "", nil, errs.InvalidParameterf("imageTagMutabilityExclusionFilters", "Exclusion filters are only allowed when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION")
	}
	out := make([]string, 0, len(filters))
	for _, f := range filters {
		out = append(out, deref(f.Filter))
	}
	if len(out) == 0 {
		out = nil
	}
	return m, out, nil
}

// awsManagedKMSKey is the ARN of the AWS managed key (alias aws/ecr) that
// real ECR encrypts a KMS or KMS_DSSE repository with when the request names
// no key, and reports in the repository's encryptionConfiguration.kmsKey.
// There is one such key per account and region, so its id is derived from
// the two: deterministic, UUID-shaped (version 4 layout), and the same for
// every repository of the registry.
func (w *World) awsManagedKMSKey(account string) string {
	h := sha256.Sum256([]byte("aws/ecr\x00" + w.cfg.Partition + "\x00" + w.cfg.Region + "\x00" + account))
	h[6] = h[6]&0x0f | 0x40 // version 4
	h[8] = h[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/%x-%x-%x-%x-%x", w.cfg.Partition, w.cfg.Region, account, h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// kmsKeyARN is the key ARN real ECR reports for the kmsKey a request names
// (probable: ECR resolves the key through KMS and stores its ARN). A key ARN
// stays as given; a key id (a UUID, or mrk-… for a multi-Region key) becomes
// the ARN of that key in the fake's region and the registry's account; an
// alias name (alias/…) or alias ARN becomes the ARN of the key it points to,
// which the fake, knowing no KMS, derives from the alias (alias/aws/ecr is the
// AWS managed key). Anything else is kept verbatim: the fake does not check
// that a key exists.
func (w *World) kmsKeyARN(account, key string) string {
	partition, region := w.cfg.Partition, w.cfg.Region
	alias, isAlias := strings.CutPrefix(key, "alias/")
	if arn, ok := strings.CutPrefix(key, "arn:"); ok {
		// arn:<partition>:kms:<region>:<account>:alias/<name>
		parts := strings.SplitN(arn, ":", 5)
		if len(parts) != 5 || parts[1] != "kms" || !strings.HasPrefix(parts[4], "alias/") {
			return key
		}
		partition, region, account = parts[0], parts[2], parts[3]
		alias, isAlias = strings.TrimPrefix(parts[4], "alias/"), true
	}
	switch {
	case isAlias && alias == "aws/ecr" && partition == w.cfg.Partition && region == w.cfg.Region:
		return w.awsManagedKMSKey(account)
	case isAlias:
		h := sha256.Sum256([]byte("alias\x00" + alias + "\x00" + partition + "\x00" + region + "\x00" + account))
		return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", partition, region, account, uuidOf(h))
	case isKMSKeyID(key):
		return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", partition, region, account, key)
	}
	return key
}

// isKMSKeyID reports a KMS key id: a UUID, or mrk- and 32 hex digits.
func isKMSKeyID(s string) bool {
	if hex, ok := strings.CutPrefix(s, "mrk-"); ok {
		return len(hex) == 32 && strings.Trim(hex, "0123456789abcdef") == ""
	}
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f'):
			return false
		}
	}
	return true
}

// uuidOf formats a hash as a version 4 UUID.
func uuidOf(h [32]byte) string {
	h[6] = h[6]&0x0f | 0x40 // version 4
	h[8] = h[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// checkEncryption applies the rule that a KMS key only goes with KMS encryption.
func checkEncryption(c *types.EncryptionConfiguration) (types.EncryptionType, *string, error) {
	if c == nil {
		return types.EncryptionTypeAes256, nil, nil
	}
	if c.EncryptionType == types.EncryptionTypeAes256 && c.KmsKey != nil {
		return "", nil, errs.InvalidParameter("encryptionConfiguration.kmsKey", "A KMS key can only be specified when encryptionType is KMS or KMS_DSSE")
	}
	return c.EncryptionType, clonePtr(c.KmsKey), nil
}

// tagImmutable says whether tag may not be moved to another image under the
// repository's mutability mode.
func (repo *repository) tagImmutable(tag string) bool {
	switch repo.mutability {
	case types.ImageTagMutabilityImmutable:
		return true
	case types.ImageTagMutabilityImmutableWithExclusion:
		return !matchesAny(repo.exclusions, tag)
	case types.ImageTagMutabilityMutableWithExclusion:
		return matchesAny(repo.exclusions, tag)
	}
	return false
}

func matchesAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if wildcardMatch(p, s) {
			return true
		}
	}
	return false
}

// wildcardMatch is ECR's whole-name '*' matching, shared with lifecycle
// tag patterns, signing filters and tag-mutability exclusion filters.
var wildcardMatch = lifecycle.WildcardMatch

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
