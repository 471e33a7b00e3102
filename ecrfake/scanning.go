package ecrfake

// Image scanning: manual and on-push scans, their findings, and the registry
// scanning configuration. The behaviour lives in internal/state/scanning.go;
// the package documentation lists the choices the fake makes.

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opStartImageScan = operation{op: OpStartImageScan, write: true}

// StartImageScan implements (*ecr.Client).StartImageScan.
func (f *Fake) StartImageScan(ctx context.Context, params *ecr.StartImageScanInput, optFns ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error) {
	return call(ctx, f, opStartImageScan, params, (*state.World).StartImageScan)
}

var opDescribeImageScanFindings = operation{op: OpDescribeImageScanFindings, write: false}

// DescribeImageScanFindings implements (*ecr.Client).DescribeImageScanFindings.
// A basic scan reads IN_PROGRESS for WithScanDuration, then COMPLETE (or
// FAILED). Under ENHANCED scanning an image reads PENDING ("Pending start of
// the image scan.", with empty findings) for as long; then a scan on push
// reads COMPLETE with enhancedFindings, so ecr.NewImageScanCompleteWaiter
// succeeds, while continuous scanning reads ACTIVE with its findings, which
// the waiter never accepts (it spends its time budget: poll for ACTIVE
// instead), until WithEnhancedRescanDuration after the push, when it reads
// SCAN_ELIGIBILITY_EXPIRED without findings.
func (f *Fake) DescribeImageScanFindings(ctx context.Context, params *ecr.DescribeImageScanFindingsInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error) {
	return call(ctx, f, opDescribeImageScanFindings, params, (*state.World).DescribeImageScanFindings)
}

var opGetRegistryScanningConfiguration = operation{op: OpGetRegistryScanningConfiguration, write: false}

// GetRegistryScanningConfiguration implements (*ecr.Client).GetRegistryScanningConfiguration.
func (f *Fake) GetRegistryScanningConfiguration(ctx context.Context, params *ecr.GetRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.GetRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opGetRegistryScanningConfiguration, params, (*state.World).GetRegistryScanningConfiguration)
}

var opPutRegistryScanningConfiguration = operation{op: OpPutRegistryScanningConfiguration, write: true}

// PutRegistryScanningConfiguration implements (*ecr.Client).PutRegistryScanningConfiguration.
func (f *Fake) PutRegistryScanningConfiguration(ctx context.Context, params *ecr.PutRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opPutRegistryScanningConfiguration, params, (*state.World).PutRegistryScanningConfiguration)
}

var opBatchGetRepositoryScanningConfiguration = operation{op: OpBatchGetRepositoryScanningConfiguration, write: false}

// BatchGetRepositoryScanningConfiguration implements (*ecr.Client).BatchGetRepositoryScanningConfiguration.
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
