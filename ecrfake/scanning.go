package ecrfake

// Image scanning (not modelled yet).

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

var opStartImageScan = operation{op: OpStartImageScan, write: false}

// StartImageScan implements (*ecr.Client).StartImageScan.
func (f *Fake) StartImageScan(ctx context.Context, params *ecr.StartImageScanInput, optFns ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error) {
	return call(ctx, f, opStartImageScan, params, notModelled[ecr.StartImageScanInput, ecr.StartImageScanOutput](OpStartImageScan))
}

var opDescribeImageScanFindings = operation{op: OpDescribeImageScanFindings, write: false}

// DescribeImageScanFindings implements (*ecr.Client).DescribeImageScanFindings.
func (f *Fake) DescribeImageScanFindings(ctx context.Context, params *ecr.DescribeImageScanFindingsInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error) {
	return call(ctx, f, opDescribeImageScanFindings, params, notModelled[ecr.DescribeImageScanFindingsInput, ecr.DescribeImageScanFindingsOutput](OpDescribeImageScanFindings))
}

var opGetRegistryScanningConfiguration = operation{op: OpGetRegistryScanningConfiguration, write: false}

// GetRegistryScanningConfiguration implements (*ecr.Client).GetRegistryScanningConfiguration.
func (f *Fake) GetRegistryScanningConfiguration(ctx context.Context, params *ecr.GetRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.GetRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opGetRegistryScanningConfiguration, params, notModelled[ecr.GetRegistryScanningConfigurationInput, ecr.GetRegistryScanningConfigurationOutput](OpGetRegistryScanningConfiguration))
}

var opPutRegistryScanningConfiguration = operation{op: OpPutRegistryScanningConfiguration, write: false}

// PutRegistryScanningConfiguration implements (*ecr.Client).PutRegistryScanningConfiguration.
func (f *Fake) PutRegistryScanningConfiguration(ctx context.Context, params *ecr.PutRegistryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutRegistryScanningConfigurationOutput, error) {
	return call(ctx, f, opPutRegistryScanningConfiguration, params, notModelled[ecr.PutRegistryScanningConfigurationInput, ecr.PutRegistryScanningConfigurationOutput](OpPutRegistryScanningConfiguration))
}

var opBatchGetRepositoryScanningConfiguration = operation{op: OpBatchGetRepositoryScanningConfiguration, write: false}

// BatchGetRepositoryScanningConfiguration implements (*ecr.Client).BatchGetRepositoryScanningConfiguration.
func (f *Fake) BatchGetRepositoryScanningConfiguration(ctx context.Context, params *ecr.BatchGetRepositoryScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.BatchGetRepositoryScanningConfigurationOutput, error) {
	return call(ctx, f, opBatchGetRepositoryScanningConfiguration, params, notModelled[ecr.BatchGetRepositoryScanningConfigurationInput, ecr.BatchGetRepositoryScanningConfigurationOutput](OpBatchGetRepositoryScanningConfiguration))
}
