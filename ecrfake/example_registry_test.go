package ecrfake_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// The registry policy is stored verbatim; without one, Get and Delete answer
// RegistryPolicyNotFoundException.
func ExampleFake_PutRegistryPolicy() {
	ctx := context.Background()
	f := ecrfake.New()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::210987654321:root"},` +
		`"Action":["ecr:CreateRepository","ecr:ReplicateImage"],` +
		`"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}`
	if _, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(policy)}); err != nil {
		panic(err)
	}
	got, _ := f.GetRegistryPolicy(ctx, nil)
	fmt.Println(*got.RegistryId, *got.PolicyText == policy)

	_, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(`{"Statement":[]}`)})
	var invalid *types.InvalidParameterException
	if errors.As(err, &invalid) {
		fmt.Println(invalid.ErrorMessage())
	}

	if _, err := f.DeleteRegistryPolicy(ctx, nil); err != nil {
		panic(err)
	}
	_, err = f.GetRegistryPolicy(ctx, nil)
	var missing *types.RegistryPolicyNotFoundException
	fmt.Println(errors.As(err, &missing), missing.ErrorMessage())
	// Output:
	// 123456789012 true
	// Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'
	// true Registry policy does not exist in the registry with id '123456789012'
}

// uploadExampleBlob uploads data to repo in one part and returns its digest.
func uploadExampleBlob(ctx context.Context, f *ecrfake.Fake, repo string, data []byte) string {
	sum := sha256.Sum256(data)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: &repo})
	if err != nil {
		panic(err)
	}
	if _, err := f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: &repo, UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(data) - 1)), LayerPartBlob: data}); err != nil {
		panic(err)
	}
	if _, err := f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: &repo, UploadId: up.UploadId,
		LayerDigests: []string{digest}}); err != nil {
		panic(err)
	}
	return digest
}

// An artifact pushed with an OCI subject (an SBOM, a signature) is listed
// among the subject's referrers, with its artifact type and annotations.
func ExampleFake_ListImageReferrers() {
	ctx := context.Background()
	f := ecrfake.New()
	repo := "app"
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &repo}); err != nil {
		panic(err)
	}
	empty, sbom := []byte("{}"), []byte(`{"spdxVersion":"SPDX-2.3"}`)
	emptyDigest, sbomDigest := uploadExampleBlob(ctx, f, repo, empty), uploadExampleBlob(ctx, f, repo, sbom)

	// The subject need not be in the repository yet: referrers may come first.
	subject := "sha256:" + hex.EncodeToString(make([]byte, 32))
	artifact := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",`+
		`"artifactType":"application/spdx+json",`+
		`"config":{"mediaType":"application/vnd.oci.empty.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/spdx+json","size":%d,"digest":%q}],`+
		`"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":512,"digest":%q},`+
		`"annotations":{"org.opencontainers.image.created":"2026-01-02T03:04:05Z"}}`,
		len(empty), emptyDigest, len(sbom), sbomDigest, subject)
	if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &repo, ImageManifest: &artifact}); err != nil {
		panic(err)
	}

	out, err := f.ListImageReferrers(ctx, &ecr.ListImageReferrersInput{
		RepositoryName: &repo,
		SubjectId:      &types.SubjectIdentifier{ImageDigest: &subject},
		Filter:         &types.ListImageReferrersFilter{ArtifactTypes: []string{"application/spdx+json"}},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range out.Referrers {
		fmt.Println(*r.ArtifactType, r.ArtifactStatus, *r.Size == int64(len(artifact)), r.Annotations["org.opencontainers.image.created"])
	}
	// Output:
	// application/spdx+json ACTIVE true 2026-01-02T03:04:05Z
}

// Replication is instantaneous in the fake: an image pushed while a rule
// matches its repository reports COMPLETE for each destination; images
// pushed before the configuration report nothing.
func ExampleFake_DescribeImageReplicationStatus() {
	ctx := context.Background()
	f := ecrfake.New()
	repo := "prod/api"
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &repo}); err != nil {
		panic(err)
	}
	_, err := f.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{
		ReplicationConfiguration: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{
			Destinations:      []types.ReplicationDestination{{Region: aws.String("eu-west-1"), RegistryId: aws.String("123456789012")}},
			RepositoryFilters: []types.RepositoryFilter{{Filter: aws.String("prod"), FilterType: types.RepositoryFilterTypePrefixMatch}},
		}}},
	})
	if err != nil {
		panic(err)
	}
	config, layer := []byte(`{"os":"linux"}`), []byte("layer")
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",`+
		`"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":%d,"digest":%q}]}`,
		len(config), uploadExampleBlob(ctx, f, repo, config), len(layer), uploadExampleBlob(ctx, f, repo, layer))
	if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &repo, ImageManifest: &manifest, ImageTag: aws.String("v1")}); err != nil {
		panic(err)
	}

	out, err := f.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{
		RepositoryName: &repo, ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")},
	})
	if err != nil {
		panic(err)
	}
	for _, s := range out.ReplicationStatuses {
		fmt.Println(*s.Region, *s.RegistryId, s.Status)
	}
	// Output:
	// eu-west-1 123456789012 COMPLETE
}
