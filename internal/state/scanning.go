package state

// Image scanning: manual and on-push scans, their progress on the clock, the
// findings they report, the quotas, and the registry scanning configuration
// that decides which repositories are scanned how.
//
// A scan is a record on its image: when it started and what kind it is. Its
// status is computed from the time of the call that reads it, so reads
// change nothing: a basic scan is IN_PROGRESS until Config.ScanDuration has
// passed since it started, then COMPLETE (or FAILED); an enhanced scan is
// PENDING for as long, then COMPLETE when it was a scan on push (Inspector
// scans such an image once) or ACTIVE when scanning is continuous, until
// Config.EnhancedRescanDuration after the push, when Inspector stops
// monitoring it: SCAN_ELIGIBILITY_EXPIRED. Findings come from package
// findings (deterministic per digest) unless the test set the image's
// findings.

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/deepcopy"
	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/findings"
	"github.com/ecrfake/go-ecrfake/internal/manifest"
)

// scanQuotaWindow is the rolling window of both basic-scan quotas.
const scanQuotaWindow = 24 * time.Hour

// Scan status descriptions: those marked real appear in public records of
// ECR responses; the others are the fake's own, in the same style.
const (
	descScanComplete        = "The scan was completed successfully."                                                  // real text
	descUnsupportedOS       = "UnsupportedImageError: The operating system and/or package manager are not supported." // real text
	descUnsupportedType     = "UnsupportedImageError: The image type is not supported for scanning."
	descContinuousScan      = "Continuous scan is selected for image."                  // real text
	descEnhancedPending     = "Pending start of the image scan."                        // real text
	descEligibilityExpired  = "The configured scan duration has lapsed for this image." // Inspector's text for its SCAN_ELIGIBILITY_EXPIRED reason
	descImageQuotaOnPush    = "The scan quota per image has been exceeded."
	descRegistryQuotaOnPush = "The scan quota per registry has been exceeded."
	descImageArchived       = "The image is archived. Restore it to the standard storage class to scan it."
)

// kindScanFindings tags DescribeImageScanFindings tokens. Its value stands
// apart from the listing kinds numbered in paginate.go, so kinds added there
// never collide with it.
const kindScanFindings listKind = 0x40

// Config media types of container images: the images basic scanning scans.
const (
	mediaDockerImageConfig = "application/vnd.docker.container.image.v1+json"
	mediaOCIImageConfig    = "application/vnd.oci.image.config.v1+json"
)

type scanKind uint8

const (
	scanNone     scanKind = iota // never scanned
	scanBasic                    // a basic scan, manual or on push
	scanEnhanced                 // enhanced (Inspector) scanning, on push or continuous
	scanSkipped                  // scan on push recorded a status instead of scanning
)

// imageScan is an image's scanning state: its current scan, the start of its
// last basic scan (the per-image quota), and what the test says scanning it
// finds.
type imageScan struct {
	kind        scanKind
	skipped     types.ScanStatus    // scanSkipped: UNSUPPORTED_IMAGE or LIMIT_EXCEEDED
	skipDesc    string              // scanSkipped: the status description
	frequency   types.ScanFrequency // scanEnhanced: SCAN_ON_PUSH or CONTINUOUS_SCAN
	startedAt   time.Time
	unsupported bool         // scanBasic: the OS is not supported, so the scan ends FAILED
	frozen      *scanOutcome // scanBasic: the outcome kept when the test changed it after the scan ended
	lastBasic   time.Time    // start of the last basic scan; zero if none
	override    scanOutcome  // set by the test
}

// scanOutcome is what scanning an image finds, as a test set it.
type scanOutcome struct {
	basic       []types.ImageScanFinding
	enhanced    []types.EnhancedImageScanFinding
	setBasic    bool   // basic replaces the generated basic findings
	setEnhanced bool   // enhanced replaces the generated enhanced findings
	failure     string // non-empty: basic scans end FAILED with this description
}

func (o scanOutcome) clone() scanOutcome {
	o.basic = deepcopy.Copy(o.basic)
	o.enhanced = deepcopy.Copy(o.enhanced)
	return o
}

func (sc *imageScan) clone() *imageScan {
	if sc == nil {
		return nil
	}
	c := *sc
	c.override = sc.override.clone()
	if sc.frozen != nil {
		f := sc.frozen.clone()
		c.frozen = &f
	}
	return &c
}

// scanState returns the image's scanning state, creating an empty one.
func (img *image) scanState() *imageScan {
	if img.scan == nil {
		img.scan = &imageScan{}
	}
	return img.scan
}

// scanConfig is a registry scanning configuration. The zero value is ECR's
// default: BASIC, no rules.
type scanConfig struct {
	enhanced bool
	rules    []scanRule
}

type scanRule struct {
	frequency types.ScanFrequency
	filters   []string // WILDCARD filters
}

func (c scanConfig) clone() scanConfig {
	if c.rules == nil {
		return c
	}
	rules := make([]scanRule, len(c.rules))
	for i, r := range c.rules {
		rules[i] = scanRule{frequency: r.frequency, filters: slices.Clone(r.filters)}
	}
	c.rules = rules
	return c
}

func (c scanConfig) scanType() types.ScanType {
	if c.enhanced {
		return types.ScanTypeEnhanced
	}
	return types.ScanTypeBasic
}

func (c scanConfig) sdk() *types.RegistryScanningConfiguration {
	out := &types.RegistryScanningConfiguration{ScanType: c.scanType(), Rules: make([]types.RegistryScanningRule, len(c.rules))}
	for i, r := range c.rules {
		out.Rules[i] = types.RegistryScanningRule{ScanFrequency: r.frequency, RepositoryFilters: scanFilters(r.filters)}
	}
	return out
}

func scanFilters(filters []string) []types.ScanningRepositoryFilter {
	out := make([]types.ScanningRepositoryFilter, len(filters))
	for i, f := range filters {
		out[i] = types.ScanningRepositoryFilter{Filter: ptr(f), FilterType: types.ScanningRepositoryFilterTypeWildcard}
	}
	return out
}

// effective is the scan frequency of a repository and the filters of the
// rule that decided it. ENHANCED with no rules scans every repository
// continuously; otherwise a matching CONTINUOUS_SCAN rule wins over a
// matching SCAN_ON_PUSH rule, and under BASIC the repository's own
// scan-on-push flag counts as a SCAN_ON_PUSH match. Anything else is MANUAL.
func (c scanConfig) effective(name string, scanOnPush bool) (types.ScanFrequency, []string) {
	if c.enhanced && len(c.rules) == 0 {
		return types.ScanFrequencyContinuousScan, nil
	}
	for _, want := range []types.ScanFrequency{types.ScanFrequencyContinuousScan, types.ScanFrequencyScanOnPush} {
		for _, r := range c.rules {
			if r.frequency != want {
				continue
			}
			var matched []string
			for _, f := range r.filters {
				if scanFilterMatch(f, name) {
					matched = append(matched, f)
				}
			}
			if matched != nil {
				return want, matched
			}
		}
	}
	if !c.enhanced && scanOnPush {
		return types.ScanFrequencyScanOnPush, nil
	}
	return types.ScanFrequencyManual, nil
}

// scanFilterMatch applies a registry scanning filter: without '*' it matches
// every name that contains it; with '*' the whole name must match the glob.
func scanFilterMatch(filter, name string) bool {
	if !strings.Contains(filter, "*") {
		return strings.Contains(name, filter)
	}
	return wildcardMatch(filter, name)
}

// scanningOf returns the scanning configuration of a registry that may not exist yet.
func scanningOf(r *registry) scanConfig {
	if r == nil {
		return scanConfig{}
	}
	return r.scanning
}

// ---- registry scanning configuration --------------------------------------

// GetRegistryScanningConfiguration returns the caller's registry scanning configuration.
func (w *World) GetRegistryScanningConfiguration(_ time.Time, _ *ecr.GetRegistryScanningConfigurationInput) (*ecr.GetRegistryScanningConfigurationOutput, error) {
	r, rid := w.registryFor(nil, false)
	return &ecr.GetRegistryScanningConfigurationOutput{RegistryId: ptr(rid), ScanningConfiguration: scanningOf(r).sdk()}, nil
}

// PutRegistryScanningConfiguration replaces the caller's registry scanning
// configuration. Images already pushed keep the scans they have.
func (w *World) PutRegistryScanningConfiguration(_ time.Time, in *ecr.PutRegistryScanningConfigurationInput) (*ecr.PutRegistryScanningConfigurationOutput, error) {
	c := scanConfig{enhanced: in.ScanType == types.ScanTypeEnhanced}
	seen := map[types.ScanFrequency]bool{}
	for _, r := range in.Rules {
		ok := r.ScanFrequency == types.ScanFrequencyScanOnPush ||
			(c.enhanced && r.ScanFrequency == types.ScanFrequencyContinuousScan)
		if !ok {
			return nil, errs.ScanFrequencyNotSupported(r.ScanFrequency, c.scanType())
		}
		if seen[r.ScanFrequency] {
			return nil, errs.DuplicateScanFrequency(r.ScanFrequency)
		}
		seen[r.ScanFrequency] = true
		rule := scanRule{frequency: r.ScanFrequency, filters: make([]string, len(r.RepositoryFilters))}
		for i, f := range r.RepositoryFilters {
			rule.filters[i] = deref(f.Filter)
		}
		c.rules = append(c.rules, rule)
	}
	reg, _ := w.registryFor(nil, true)
	reg.scanning = c
	return &ecr.PutRegistryScanningConfigurationOutput{RegistryScanningConfiguration: c.sdk()}, nil
}

// BatchGetRepositoryScanningConfiguration reports the effective scanning
// configuration of each named repository, in request order (duplicates once);
// an unknown name is a REPOSITORY_NOT_FOUND failure.
func (w *World) BatchGetRepositoryScanningConfiguration(_ time.Time, in *ecr.BatchGetRepositoryScanningConfigurationInput) (*ecr.BatchGetRepositoryScanningConfigurationOutput, error) {
	r, rid := w.registryFor(nil, false)
	cfg := scanningOf(r)
	out := &ecr.BatchGetRepositoryScanningConfigurationOutput{
		ScanningConfigurations: make([]types.RepositoryScanningConfiguration, 0, len(in.RepositoryNames)),
		Failures:               []types.RepositoryScanningConfigurationFailure{},
	}
	seen := make(map[string]bool, len(in.RepositoryNames))
	for _, name := range in.RepositoryNames {
		if seen[name] {
			continue
		}
		seen[name] = true
		var repo *repository
		if r != nil {
			repo = r.repos[name]
		}
		if repo == nil {
			out.Failures = append(out.Failures, types.RepositoryScanningConfigurationFailure{
				RepositoryName: ptr(name),
				FailureCode:    types.ScanningConfigurationFailureCodeRepositoryNotFound,
				FailureReason:  ptr(string(types.ScanningConfigurationFailureCodeRepositoryNotFound)),
			})
			continue
		}
		freq, filters := cfg.effective(name, repo.scanOnPush)
		out.ScanningConfigurations = append(out.ScanningConfigurations, types.RepositoryScanningConfiguration{
			RepositoryArn:      ptr(w.repoARN(rid, name)),
			RepositoryName:     ptr(name),
			ScanFrequency:      freq,
			ScanOnPush:         freq == types.ScanFrequencyScanOnPush,
			AppliedScanFilters: scanFilters(filters),
		})
	}
	return out, nil
}

// ---- starting scans -------------------------------------------------------

// StartImageScan starts a manual basic scan.
func (w *World) StartImageScan(now time.Time, in *ecr.StartImageScanInput) (*ecr.StartImageScanOutput, error) {
	reg, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	img, err := repo.resolveOne("imageId", in.ImageId)
	if err != nil {
		return nil, err
	}
	if !img.active() {
		return nil, errs.ImageArchived(repo.registryID, repo.name, img.digest)
	}
	if !scannable(img) {
		return nil, errs.UnsupportedImageType(repo.registryID, repo.name, img.digest)
	}
	if reg.scanning.enhanced {
		return nil, errs.ManualScanDisabled()
	}
	if img.scan != nil && basicScanWithinDay(img.scan.lastBasic, now) {
		return nil, errs.ScanQuotaPerImage()
	}
	if !w.registryScanAllowed(reg, now) {
		return nil, errs.ScanQuotaPerRegistry(w.cfg.MaxBasicScansPerDay)
	}
	w.startBasicScan(reg, img, now)
	return &ecr.StartImageScanOutput{
		RegistryId:      ptr(repo.registryID),
		RepositoryName:  ptr(repo.name),
		ImageId:         &types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: clonePtr(in.ImageId.ImageTag)},
		ImageScanStatus: &types.ImageScanStatus{Status: types.ScanStatusInProgress},
	}, nil
}

// scanOnPush applies the repository's effective scanning configuration to an
// image PutImage has just created. Problems never fail the push: they are
// recorded as the scan status instead.
func (w *World) scanOnPush(repo *repository, img *image, now time.Time) {
	reg := w.registries[repo.registryID]
	cfg := scanningOf(reg)
	freq, _ := cfg.effective(repo.name, repo.scanOnPush)
	switch {
	case freq == types.ScanFrequencyManual:
	case !scannable(img):
		img.scanState().skip(types.ScanStatusUnsupportedImage, descUnsupportedType, now)
	case cfg.enhanced && !w.supportedOS(img):
		img.scanState().skip(types.ScanStatusUnsupportedImage, descUnsupportedOS, now)
	case cfg.enhanced:
		sc := img.scanState()
		*sc = imageScan{kind: scanEnhanced, frequency: freq, startedAt: now, lastBasic: sc.lastBasic, override: sc.override}
	case img.scan != nil && basicScanWithinDay(img.scan.lastBasic, now):
		img.scanState().skip(types.ScanStatusLimitExceeded, descImageQuotaOnPush, now)
	case !w.registryScanAllowed(reg, now):
		img.scanState().skip(types.ScanStatusLimitExceeded, descRegistryQuotaOnPush, now)
	default:
		w.startBasicScan(reg, img, now)
	}
}

func (sc *imageScan) skip(status types.ScanStatus, desc string, now time.Time) {
	*sc = imageScan{kind: scanSkipped, skipped: status, skipDesc: desc, startedAt: now, lastBasic: sc.lastBasic, override: sc.override}
}

func (w *World) startBasicScan(reg *registry, img *image, now time.Time) {
	sc := img.scanState()
	*sc = imageScan{kind: scanBasic, startedAt: now, unsupported: !w.supportedOS(img), lastBasic: now, override: sc.override}
	reg.recordBasicScan(now)
}

// basicScanWithinDay says whether a basic scan started at last (zero: never)
// is less than 24 hours before now, which forbids another.
func basicScanWithinDay(last, now time.Time) bool {
	return !last.IsZero() && now.Sub(last) < scanQuotaWindow
}

// registryScanAllowed applies the registry-wide basic scan quota.
func (w *World) registryScanAllowed(reg *registry, now time.Time) bool {
	if w.cfg.MaxBasicScansPerDay <= 0 {
		return true
	}
	return len(reg.scanLedger)-reg.ledgerCut(now) < w.cfg.MaxBasicScansPerDay
}

// ledgerCut is the index of the first ledger entry inside the window ending at now.
func (r *registry) ledgerCut(now time.Time) int {
	from := now.Add(-scanQuotaWindow)
	return sort.Search(len(r.scanLedger), func(i int) bool { return r.scanLedger[i].After(from) })
}

// recordBasicScan drops ledger entries that left the window and records a
// start at now, keeping the ledger sorted even if the clock went back.
func (r *registry) recordBasicScan(now time.Time) {
	r.scanLedger = r.scanLedger[r.ledgerCut(now):]
	i := sort.Search(len(r.scanLedger), func(i int) bool { return r.scanLedger[i].After(now) })
	r.scanLedger = slices.Insert(r.scanLedger, i, now)
}

// scannable says whether an image is something basic scanning can scan: an
// image manifest (Docker schema 2 or OCI) over a container image config.
// Indexes, manifest lists, schema 1 and artifacts are not.
func scannable(img *image) bool {
	if img.mediaType != manifest.DockerV2 && img.mediaType != manifest.OCIManifest {
		return false
	}
	return img.artifactType == mediaDockerImageConfig || img.artifactType == mediaOCIImageConfig
}

// imageConfig reads the os and architecture of a container image from its
// config blob; ok is false when the config is not a JSON object.
func (w *World) imageConfig(img *image) (osName, arch string, ok bool) {
	if len(img.blobs) == 0 {
		return "", "", false
	}
	b := w.blobs[img.blobs[0]]
	if b == nil {
		return "", "", false
	}
	var c struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
	}
	if json.Unmarshal(b.data.bytes(), &c) != nil {
		return "", "", false
	}
	return c.OS, c.Architecture, true
}

// supportedOS decides, without looking inside layers, whether scanning finds
// an operating system it supports: the config must say "os": "linux" and the
// image must have a layer (a scratch image with nothing in it has no OS).
func (w *World) supportedOS(img *image) bool {
	osName, _, ok := w.imageConfig(img)
	return ok && osName == "linux" && len(img.blobs) > 1
}

// ---- reading scans --------------------------------------------------------

// scanView is a scan as a read at one instant sees it.
type scanView struct {
	status   types.ScanStatus
	desc     string
	ready    bool         // findings are available
	pending  bool         // an enhanced scan not started: empty findings
	doneAt   time.Time    // when the scan finished (ready only)
	outcome  *scanOutcome // what the findings come from (ready only)
	enhanced bool
}

func (w *World) viewScan(img *image, sc *imageScan, now time.Time) scanView {
	switch sc.kind {
	case scanSkipped:
		return scanView{status: sc.skipped, desc: sc.skipDesc}
	case scanBasic:
		done := sc.startedAt.Add(w.cfg.ScanDuration)
		if now.Before(done) {
			return scanView{status: types.ScanStatusInProgress}
		}
		o := &sc.override
		if sc.frozen != nil {
			o = sc.frozen
		}
		switch {
		case sc.unsupported:
			return scanView{status: types.ScanStatusFailed, desc: descUnsupportedOS}
		case o.failure != "":
			return scanView{status: types.ScanStatusFailed, desc: o.failure}
		}
		return scanView{status: types.ScanStatusComplete, desc: descScanComplete, ready: true, doneAt: done, outcome: o}
	case scanEnhanced:
		continuous := sc.frequency != types.ScanFrequencyScanOnPush
		if d := w.cfg.EnhancedRescanDuration; continuous && d > 0 && !now.Before(img.pushedAt.Add(d)) {
			return scanView{status: types.ScanStatusScanEligibilityExpired, desc: descEligibilityExpired}
		}
		done := sc.startedAt.Add(w.cfg.ScanDuration)
		if now.Before(done) {
			return scanView{status: types.ScanStatusPending, desc: descEnhancedPending, pending: true, enhanced: true}
		}
		if !continuous {
			return scanView{status: types.ScanStatusComplete, desc: descScanComplete, ready: true, doneAt: done, outcome: &sc.override, enhanced: true}
		}
		return scanView{status: types.ScanStatusActive, desc: descContinuousScan, ready: true, doneAt: done, outcome: &sc.override, enhanced: true}
	}
	return scanView{}
}

// imageScanView is what a read at now sees of an image's scan: IMAGE_ARCHIVED
// for an image that is not ACTIVE, else its scan; ok is false for an ACTIVE
// image that has no scan.
func (w *World) imageScanView(img *image, now time.Time) (v scanView, ok bool) {
	switch {
	case !img.active():
		return scanView{status: types.ScanStatusImageArchived, desc: descImageArchived}, true
	case img.scan == nil || img.scan.kind == scanNone:
		return scanView{}, false
	}
	return w.viewScan(img, img.scan, now), true
}

func (v scanView) sdkStatus() *types.ImageScanStatus {
	s := &types.ImageScanStatus{Status: v.status}
	if v.desc != "" {
		s.Description = ptr(v.desc)
	}
	return s
}

// basicFindings are the findings of a finished basic scan; the slice is the
// test's when o.setBasic (copy before it leaves).
func basicFindings(img *image, o *scanOutcome) []types.ImageScanFinding {
	if o.setBasic {
		return o.basic
	}
	return findings.Basic(img.digest)
}

// enhancedFindings are the findings of active enhanced scanning; the slice is
// the test's when o.setEnhanced (copy before it leaves).
func (w *World) enhancedFindings(repo *repository, img *image, o *scanOutcome, at time.Time) []types.EnhancedImageScanFinding {
	if o.setEnhanced {
		return o.enhanced
	}
	_, arch, _ := w.imageConfig(img)
	var layers []string
	if len(img.blobs) > 1 {
		layers = img.blobs[1:]
	}
	return findings.Enhanced(findings.Image{
		Partition: w.cfg.Partition, Region: w.cfg.Region, AccountID: repo.registryID,
		Repository: repo.name, Digest: img.digest, Tags: img.tags, PushedAt: img.pushedAt,
		Architecture: arch, Layers: layers, ObservedAt: at,
	})
}

// DescribeImageScanFindings reports an image's scan: its status, and once it
// has finished, a page of its findings with the severity counts of all.
func (w *World) DescribeImageScanFindings(now time.Time, in *ecr.DescribeImageScanFindingsInput) (*ecr.DescribeImageScanFindingsOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	img, err := repo.resolveOne("imageId", in.ImageId)
	if err != nil {
		return nil, err
	}
	sc := img.scan
	v, ok := w.imageScanView(img, now)
	if !ok {
		return nil, errs.ScanNotFound(repo.registryID, repo.name, in.ImageId)
	}
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	out := &ecr.DescribeImageScanFindingsOutput{
		RegistryId:      ptr(repo.registryID),
		RepositoryName:  ptr(repo.name),
		ImageId:         &types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: clonePtr(in.ImageId.ImageTag)},
		ImageScanStatus: v.sdkStatus(),
	}
	if v.pending {
		// What real ECR shows while Inspector has not scanned the image yet.
		out.ImageScanFindings = &types.ImageScanFindings{Findings: []types.ImageScanFinding{}, EnhancedFindings: []types.EnhancedImageScanFinding{}}
	}
	if !v.ready {
		return out, nil
	}
	kind := "basic"
	if v.enhanced {
		kind = "enhanced"
	}
	fp := fingerprint(kindScanFindings, repo.registryID, repo.name, img.digest, kind, strconv.FormatInt(sc.startedAt.UnixMilli(), 10))
	result := &types.ImageScanFindings{ImageScanCompletedAt: ptr(v.doneAt), VulnerabilitySourceUpdatedAt: ptr(v.doneAt)}
	out.ImageScanFindings = result
	if v.enhanced {
		all := w.enhancedFindings(repo, img, v.outcome, v.doneAt)
		start, end, next, err := findingsPage(in.NextToken, fp, limit, len(all), func(i int) string { return enhancedKey(&all[i]) })
		if err != nil {
			return nil, err
		}
		result.EnhancedFindings = pageOf(all, start, end, v.outcome.setEnhanced)
		result.FindingSeverityCounts = findings.EnhancedSeverityCounts(all)
		out.NextToken = next
	} else {
		all := basicFindings(img, v.outcome)
		start, end, next, err := findingsPage(in.NextToken, fp, limit, len(all), func(i int) string { return basicKey(&all[i]) })
		if err != nil {
			return nil, err
		}
		result.Findings = pageOf(all, start, end, v.outcome.setBasic)
		result.FindingSeverityCounts = findings.BasicSeverityCounts(all)
		out.NextToken = next
	}
	return out, nil
}

// pageOf returns findings [start, end) of all, never nil, copied when all is
// the test's list (generated lists are fresh and need no copy).
func pageOf[T any](all []T, start, end int, shared bool) []T {
	page := all[start:end:end]
	if shared {
		page = deepcopy.Copy(page)
	}
	if page == nil {
		page = []T{}
	}
	return page
}

// findingsPage resolves a page of a scan's findings: [start, end) and the
// token of the next page. A token records the position and the identity
// (key) of the last finding returned; if the list changed between pages (the
// test set new findings), the page resumes after that finding where it is now.
func findingsPage(token *string, fp uint64, limit, n int, key func(int) string) (start, end int, next *string, err error) {
	if token != nil {
		c, err := decodeToken(*token, kindScanFindings, fp)
		if err != nil {
			return 0, 0, nil, err
		}
		last := int(min(c.seq, uint64(n)))
		switch {
		case last < n && key(last) == c.key:
			start = last + 1
		default:
			start = last
			for i := range n {
				if key(i) == c.key {
					start = i + 1
					break
				}
			}
		}
	}
	end = min(start+limit, n)
	if end < n {
		next = ptr(encodeToken(cursor{kind: kindScanFindings, fp: fp, seq: uint64(end - 1), key: key(end - 1)}))
	}
	return start, end, next, nil
}

func basicKey(f *types.ImageScanFinding) string {
	k := deref(f.Name)
	for _, a := range f.Attributes {
		if deref(a.Key) == "package_name" {
			k += "\x00" + deref(a.Value)
		}
	}
	return k
}

func enhancedKey(f *types.EnhancedImageScanFinding) string {
	if f.FindingArn != nil {
		return *f.FindingArn
	}
	k := deref(f.Title)
	if d := f.PackageVulnerabilityDetails; d != nil {
		k += "\x00" + deref(d.VulnerabilityId)
	}
	return k
}

// addScanSummaries fills DescribeImages' imageScanStatus and
// imageScanFindingsSummary when Config.LegacyScanSummary asks for them.
func (w *World) addScanSummaries(repo *repository, details []types.ImageDetail, now time.Time) {
	if !w.cfg.LegacyScanSummary {
		return
	}
	for i := range details {
		img := repo.images[deref(details[i].ImageDigest)]
		if img == nil {
			continue
		}
		v, ok := w.imageScanView(img, now)
		if !ok {
			continue
		}
		details[i].ImageScanStatus = v.sdkStatus()
		if !v.ready {
			continue
		}
		var counts map[string]int32
		if v.enhanced {
			counts = findings.EnhancedSeverityCounts(w.enhancedFindings(repo, img, v.outcome, v.doneAt))
		} else {
			counts = findings.BasicSeverityCounts(basicFindings(img, v.outcome))
		}
		details[i].ImageScanFindingsSummary = &types.ImageScanFindingsSummary{
			FindingSeverityCounts:        counts,
			ImageScanCompletedAt:         ptr(v.doneAt),
			VulnerabilitySourceUpdatedAt: ptr(v.doneAt),
		}
	}
}

// ---- out-of-band controls -------------------------------------------------

// SetScanFindings makes basic scans of an image report exactly fs (nil or
// empty: no findings). See setScanOutcome for which scans it affects.
func (w *World) SetScanFindings(now time.Time, registryID *string, repoName, digest string, fs []types.ImageScanFinding) error {
	fs = deepcopy.Copy(fs)
	return w.setScanOutcome(now, registryID, repoName, digest, func(o *scanOutcome) { o.basic, o.setBasic = fs, true })
}

// SetEnhancedScanFindings makes enhanced scanning of an image report exactly
// fs (nil or empty: no findings).
func (w *World) SetEnhancedScanFindings(now time.Time, registryID *string, repoName, digest string, fs []types.EnhancedImageScanFinding) error {
	fs = deepcopy.Copy(fs)
	return w.setScanOutcome(now, registryID, repoName, digest, func(o *scanOutcome) { o.enhanced, o.setEnhanced = fs, true })
}

// FailScan makes basic scans of an image end FAILED with description ("" is
// the unsupported-OS description).
func (w *World) FailScan(now time.Time, registryID *string, repoName, digest, description string) error {
	if description == "" {
		description = descUnsupportedOS
	}
	return w.setScanOutcome(now, registryID, repoName, digest, func(o *scanOutcome) { o.failure = description })
}

// setScanOutcome changes what scanning an image finds. The change applies to
// a basic scan still in progress, to later scans, and at once to enhanced
// scans (continuous or on push: a test sets enhanced findings to see them);
// a basic scan that has already finished keeps the result it reported.
func (w *World) setScanOutcome(now time.Time, registryID *string, repoName, digest string, set func(*scanOutcome)) error {
	_, img, err := w.lookupImage(registryID, repoName, digest)
	if err != nil {
		return err
	}
	sc := img.scanState()
	if sc.kind == scanBasic && sc.frozen == nil && !now.Before(sc.startedAt.Add(w.cfg.ScanDuration)) {
		frozen := sc.override.clone()
		sc.frozen = &frozen
	}
	set(&sc.override)
	return nil
}
