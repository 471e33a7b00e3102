package ecrfake

// Image scanning: manual and on-push scans, their findings, and the registry
// scanning configuration. The behaviour lives in internal/state/scanning.go;
// docs/fidelity.md lists the choices the fake makes.

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opStartImageScan = operation{op: OpStartImageScan, write: true}

// StartImageScan implements (*ecr.Client).StartImageScan. Starts a basic
// scan that is IN_PROGRESS for WithScanDuration of fake-clock time
// (DefaultScanDuration, 5 s), then COMPLETE or FAILED. At most one scan per
// image in any rolling 24 hours, scans on push included
// (LimitExceededException "The scan quota per image has been exceeded. Wait
// and try again."), and at most WithRegistryScanQuota (100,000) basic scans
// per registry in any 24 hours. Indexes, manifest lists, schema 1 manifests
// and artifacts (anything but an image manifest over a container image
// config) are UnsupportedImageTypeException; an archived image is
// ImageArchivedException. A registry using ENHANCED scanning takes no manual
// scans: ValidationException "This feature is disabled".
//
// The fake cannot look for an operating system inside layers, so it reads
// the image config: "os": "linux" and at least one layer scans; any other
// os, a config without one or that is not JSON, and an image without layers
// (scratch) end FAILED with "UnsupportedImageError: The operating system
// and/or package manager are not supported." (under ENHANCED the status is
// UNSUPPORTED_IMAGE). FailScan makes any one image's scans fail.
func (f *Fake) StartImageScan(ctx context.Context, params *ecr.StartImageScanInput, optFns ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error) {
	return call(ctx, f, opStartImageScan, params, (*state.World).StartImageScan)
}

var opDescribeImageScanFindings = operation{op: OpDescribeImageScanFindings, write: false}

// DescribeImageScanFindings implements
// (*ecr.Client).DescribeImageScanFindings. The status is computed from the
// clock whenever it is read: a basic scan is IN_PROGRESS for
// WithScanDuration, then COMPLETE or FAILED. Under ENHANCED scanning an
// image reads PENDING ("Pending start of the image scan.", with empty
// findings) for as long; then a scan on push reads COMPLETE with
// enhancedFindings, while continuous scanning reads ACTIVE with its findings
// until WithEnhancedRescanDuration after the push, when it reads
// SCAN_ELIGIBILITY_EXPIRED without findings. An archived image reports
// IMAGE_ARCHIVED without findings; an image never scanned is
// ScanNotFoundException.
//
// Findings are generated from the image digest, the same in every run: 0 to
// 12 vulnerabilities, most severe first, with CVSS scores and vectors that
// agree with the severity, fixed-in versions or none, and (ENHANCED)
// Inspector-style packages, remediation, scores and image resources.
// SetScanFindings and SetEnhancedScanFindings replace them. Pages hold 100
// findings unless maxResults says otherwise; findingSeverityCounts count all
// of them, leaving out zero counts; imageScanCompletedAt and
// vulnerabilitySourceUpdatedAt are the time the scan finished.
//
// The SDK's ImageScanComplete waiter finishes at once inside a
// testing/synctest bubble on the default clock (its first 5-second delay is
// virtual); with a ManualClock the test advances the clock (before waiting,
// or from an Intercept on DescribeImageScanFindings) and shortens the
// waiter's MinDelay and MaxDelay. A FAILED scan fails the waiter and
// ScanNotFoundException ends it. An enhanced scan on push satisfies it once
// COMPLETE; continuous scanning (ACTIVE) never does: the waiter polls until
// its time budget is spent, which inside a synctest bubble never happens
// (the waiter's last delay is zero when polls take no time), so poll for
// ACTIVE instead.
func (f *Fake) DescribeImageScanFindings(ctx context.Context, params *ecr.DescribeImageScanFindingsInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error) {
	return call(ctx, f, opDescribeImageScanFindings, params, (*state.World).DescribeImageScanFindings)
}

var opGetRegistryScanningConfiguration = operation{op: OpGetRegistryScanningConfiguration, write: false}

// GetRegistryScanningConfiguration implements
// (*ecr.Client).GetRegistryScanningConfiguration. Reports the registry's
// scanning configuration as PutRegistryScanningConfiguration last stored it
// (BASIC with no rules before).
func (f *Fake) GetRegistryScanningConfiguration(ctx context.Context, params *ecr.GetRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.GetRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opGetRegistryScanningConfiguration, params, (*state.World).GetRegistryScanningConfiguration)
}

var opPutRegistryScanningConfiguration = operation{op: OpPutRegistryScanningConfiguration, write: true}

// PutRegistryScanningConfiguration implements
// (*ecr.Client).PutRegistryScanningConfiguration. Replaces the registry's
// scanning configuration. BASIC takes SCAN_ON_PUSH rules, ENHANCED
// SCAN_ON_PUSH and CONTINUOUS_SCAN rules, one rule per frequency
// (ValidationException otherwise); an omitted scanType is BASIC. A filter
// without '*' matches every repository whose name contains it ("prod"
// matches "team/prod-api"); a filter with '*' must match the whole name; a
// rule without filters matches nothing.
//
// The configuration applies to images pushed afterwards; images keep the
// scans they have. Under BASIC, a matching SCAN_ON_PUSH rule or the
// repository's own scanOnPush flag starts a scan on push. Under ENHANCED
// with no rules every repository is scanned continuously; otherwise a
// matching CONTINUOUS_SCAN rule wins over a matching SCAN_ON_PUSH rule, and
// other repositories are not scanned (their flag does not count).
func (f *Fake) PutRegistryScanningConfiguration(ctx context.Context, params *ecr.PutRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opPutRegistryScanningConfiguration, params, (*state.World).PutRegistryScanningConfiguration)
}

var opBatchGetRepositoryScanningConfiguration = operation{op: OpBatchGetRepositoryScanningConfiguration, write: false}

// BatchGetRepositoryScanningConfiguration implements
// (*ecr.Client).BatchGetRepositoryScanningConfiguration. Reports each
// repository's effective scan frequency, scanOnPush when that is
// SCAN_ON_PUSH, and as appliedScanFilters the filters of the deciding rule
// that match the name; an unknown name is a REPOSITORY_NOT_FOUND failure.
func (f *Fake) BatchGetRepositoryScanningConfiguration(ctx context.Context, params *ecr.BatchGetRepositoryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.BatchGetRepositoryScanningConfigurationOutput, error) {
	return call(ctx, f, opBatchGetRepositoryScanningConfiguration, params, (*state.World).BatchGetRepositoryScanningConfiguration)
}

// SetScanFindings sets, out of band, the findings basic scans of an image
// report: exactly findings, in that order (nil or empty: a clean image),
// instead of the ones the fake generates from the digest. The image is found
// by digest in the fake's own registry.
//
// The findings apply to a scan of the image still in progress and to every
// later scan; a scan that has already finished keeps what it reported.
// Severity counts are computed from the list. The fake keeps a copy.
func (f *Fake) SetScanFindings(repository, digest string, findings []types.ImageScanFinding) error {
	return f.setScanOutcome(func(w *state.World, now time.Time) error {
		return w.SetScanFindings(now, nil, repository, digest, findings)
	})
}

// SetEnhancedScanFindings is SetScanFindings for enhanced scanning: the
// findings Amazon Inspector reports for the image. They replace what an
// enhanced scan reports (ACTIVE, or COMPLETE on push) at once.
func (f *Fake) SetEnhancedScanFindings(repository, digest string, findings []types.EnhancedImageScanFinding) error {
	return f.setScanOutcome(func(w *state.World, now time.Time) error {
		return w.SetEnhancedScanFindings(now, nil, repository, digest, findings)
	})
}

// FailScan makes basic scans of an image end FAILED with description as the
// status description; "" means the description real ECR gives an image whose
// operating system it does not support ("UnsupportedImageError: The
// operating system and/or package manager are not supported."). Like
// SetScanFindings, it applies to a scan in progress and to later scans.
// The ImageScanComplete waiter fails on such a scan.
func (f *Fake) FailScan(repository, digest, description string) error {
	return f.setScanOutcome(func(w *state.World, now time.Time) error {
		return w.FailScan(now, nil, repository, digest, description)
	})
}

func (f *Fake) setScanOutcome(set func(*state.World, time.Time) error) error {
	now := f.now()
	f.mu.Lock()
	err := set(f.world, now)
	f.mu.Unlock()
	if err != nil {
		return f.wrapError(OpDescribeImageScanFindings, err)
	}
	return nil
}
