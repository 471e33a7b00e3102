package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

const unsupportedOS = "UnsupportedImageError: The operating system and/or package manager are not supported."

// pendingDesc is real ECR's description of an enhanced scan not started yet.
const pendingDesc = "Pending start of the image scan."

// pushConfig uploads config and layers and puts a Docker v2 manifest over
// them; it returns the digest.
func pushConfig(t testing.TB, f *ecrfake.Fake, repo, tag string, config []byte, layers ...[]byte) string {
	t.Helper()
	uploadIfMissing(t, f, repo, config)
	for _, l := range layers {
		uploadIfMissing(t, f, repo, l)
	}
	out, err := put(f, repo, imageManifest(mtDockerV2, config, layers...), tag)
	require.NoError(t, err)
	return *out.Image.ImageId.ImageDigest
}

// pushIndex pushes an OCI index over one new image; it returns the index digest.
func pushIndex(t testing.TB, f *ecrfake.Fake, repo, tag string) string {
	t.Helper()
	config, layer := []byte(`{"os":"linux","architecture":"amd64","n":"child"}`), []byte("child layer")
	uploadIfMissing(t, f, repo, config)
	uploadIfMissing(t, f, repo, layer)
	child := imageManifest(mtOCIManifest, config, layer)
	_, err := put(f, repo, child, "")
	require.NoError(t, err)
	out, err := put(f, repo, indexManifest(mtOCIIndex, child), tag)
	require.NoError(t, err)
	return *out.Image.ImageId.ImageDigest
}

// pushArtifact pushes an OCI artifact (an SBOM-like manifest with the empty config).
func pushArtifact(t testing.TB, f *ecrfake.Fake, repo, tag string) string {
	t.Helper()
	empty, blob := []byte("{}"), []byte(`{"sbom":true}`)
	uploadIfMissing(t, f, repo, empty)
	uploadIfMissing(t, f, repo, blob)
	m := fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"artifactType":"application/spdx+json","config":%s,"layers":[%s]}`,
		mtOCIManifest, descriptor("application/vnd.oci.empty.v1+json", empty), descriptor("application/spdx+json", blob))
	out, err := put(f, repo, m, tag)
	require.NoError(t, err)
	return *out.Image.ImageId.ImageDigest
}

func byTag(tag string) *types.ImageIdentifier {
	return &types.ImageIdentifier{ImageTag: aws.String(tag)}
}
func byDigest(d string) *types.ImageIdentifier {
	return &types.ImageIdentifier{ImageDigest: aws.String(d)}
}

func startScan(f *ecrfake.Fake, repo string, id *types.ImageIdentifier) (*ecr.StartImageScanOutput, error) {
	return f.StartImageScan(context.Background(), &ecr.StartImageScanInput{RepositoryName: aws.String(repo), ImageId: id})
}

func findings(f *ecrfake.Fake, repo string, id *types.ImageIdentifier) (*ecr.DescribeImageScanFindingsOutput, error) {
	return f.DescribeImageScanFindings(context.Background(), &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String(repo), ImageId: id})
}

func scanStatus(t testing.TB, f *ecrfake.Fake, repo string, id *types.ImageIdentifier) (types.ScanStatus, string) {
	t.Helper()
	out, err := findings(f, repo, id)
	require.NoError(t, err)
	return out.ImageScanStatus.Status, aws.ToString(out.ImageScanStatus.Description)
}

// requireAPIError checks an error's type (by code) and, if msg is not "", its message.
func requireAPIError(t testing.TB, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, code, ae.ErrorCode(), ae.ErrorMessage())
	if msg != "" {
		require.Equal(t, msg, ae.ErrorMessage())
	}
}

// requireCallError is requireAPIError, except that an empty code asks for
// the SDK's client-side validation error containing msg.
func requireCallError(t testing.TB, err error, code, msg string) {
	t.Helper()
	if code == "" {
		var params smithy.InvalidParamsError
		require.ErrorAs(t, err, &params)
		require.ErrorContains(t, err, msg)
		return
	}
	requireAPIError(t, err, code, msg)
}

func putScanning(t testing.TB, f *ecrfake.Fake, scanType types.ScanType, rules ...types.RegistryScanningRule) {
	t.Helper()
	_, err := f.PutRegistryScanningConfiguration(context.Background(), &ecr.PutRegistryScanningConfigurationInput{ScanType: scanType, Rules: rules})
	require.NoError(t, err)
}

func rule(freq types.ScanFrequency, filters ...string) types.RegistryScanningRule {
	r := types.RegistryScanningRule{ScanFrequency: freq, RepositoryFilters: []types.ScanningRepositoryFilter{}}
	for _, f := range filters {
		r.RepositoryFilters = append(r.RepositoryFilters, types.ScanningRepositoryFilter{Filter: aws.String(f), FilterType: types.ScanningRepositoryFilterTypeWildcard})
	}
	return r
}

func flagScanOnPush(t testing.TB, f *ecrfake.Fake, name string, on bool) {
	t.Helper()
	_, err := f.PutImageScanningConfiguration(context.Background(), &ecr.PutImageScanningConfigurationInput{
		RepositoryName: aws.String(name), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: on},
	})
	require.NoError(t, err)
}

func createScanOnPushRepo(t testing.TB, f *ecrfake.Fake, name string) {
	t.Helper()
	_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{
		RepositoryName: aws.String(name), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true},
	})
	require.NoError(t, err)
}

// ---- StartImageScan -------------------------------------------------------

func TestStartImageScan(t *testing.T) {
	const perImage = "The scan quota per image has been exceeded. Wait and try again."
	tests := []struct {
		name string
		opts []ecrfake.Option
		// setup prepares repository "app" (already created) and returns the
		// image to scan.
		setup   func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier
		code    string // "" for success
		message string
	}{
		{name: "a first scan starts IN_PROGRESS", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			return byTag("v1")
		}},
		{name: "a second scan within 24 hours exceeds the per-image quota", setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			_, err := startScan(f, "app", byTag("v1"))
			require.NoError(t, err)
			clock.Advance(24*time.Hour - time.Millisecond)
			return byTag("v1")
		}, code: "LimitExceededException", message: perImage},
		{name: "24 hours after the last scan another is allowed", setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			_, err := startScan(f, "app", byTag("v1"))
			require.NoError(t, err)
			clock.Advance(24 * time.Hour)
			return byTag("v1")
		}},
		{name: "the quota is per image digest, not per tag", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			_, d := pushImage(t, f, "app", "v1", "a")
			_, err := put(f, "app", imageManifestOf(t, f, "app", d), "also-v1")
			require.NoError(t, err)
			_, err = startScan(f, "app", byTag("v1"))
			require.NoError(t, err)
			return byTag("also-v1")
		}, code: "LimitExceededException", message: perImage},
		{name: "another image has its own quota", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			pushImage(t, f, "app", "v2", "b")
			_, err := startScan(f, "app", byTag("v1"))
			require.NoError(t, err)
			return byTag("v2")
		}},
		{name: "a scan on push counts toward the per-image quota", setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
			flagScanOnPush(t, f, "app", true)
			pushImage(t, f, "app", "v1", "a")
			clock.Advance(time.Hour)
			return byTag("v1")
		}, code: "LimitExceededException", message: perImage},
		{name: "a scan on push 24 hours ago no longer counts", setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
			flagScanOnPush(t, f, "app", true)
			pushImage(t, f, "app", "v1", "a")
			clock.Advance(24 * time.Hour)
			return byTag("v1")
		}},
		{name: "the registry-wide quota counts every basic scan of the trailing 24 hours", opts: []ecrfake.Option{ecrfake.WithRegistryScanQuota(2)},
			setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
				createScanOnPushRepo(t, f, "sop")
				pushImage(t, f, "sop", "v1", "a") // one on push
				clock.Advance(time.Hour)
				pushImage(t, f, "app", "v2", "b")
				_, err := startScan(f, "app", byTag("v2")) // one manual
				require.NoError(t, err)
				pushImage(t, f, "app", "v3", "c")
				return byTag("v3")
			}, code: "LimitExceededException", message: "The scan quota per registry of '2' basic scans in 24 hours has been exceeded. Wait and try again."},
		{name: "the registry-wide quota window rolls", opts: []ecrfake.Option{ecrfake.WithRegistryScanQuota(2)},
			setup: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) *types.ImageIdentifier {
				for i, tag := range []string{"v1", "v2"} {
					pushImage(t, f, "app", tag, tag)
					_, err := startScan(f, "app", byTag(tag))
					require.NoError(t, err)
					clock.Advance(time.Duration(i+1) * time.Hour)
				}
				// v1's scan started 24 hours ago: out of the window.
				clock.Advance(21 * time.Hour)
				pushImage(t, f, "app", "v3", "c")
				return byTag("v3")
			}},
		{name: "an index is not an image that can be scanned", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			return byDigest(pushIndex(t, f, "app", "multi"))
		}, code: "UnsupportedImageTypeException"},
		{name: "an artifact is not an image that can be scanned", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushArtifact(t, f, "app", "sbom")
			return byTag("sbom")
		}, code: "UnsupportedImageTypeException"},
		{name: "an image whose OS is unsupported starts (and fails later)", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushConfig(t, f, "app", "win", []byte(`{"os":"windows"}`), []byte("w"))
			return byTag("win")
		}},
		{name: "an enhanced registry does not take manual scans", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			putScanning(t, f, types.ScanTypeEnhanced)
			return byTag("v1")
		}, code: "ValidationException", message: "This feature is disabled"},
		{name: "an unknown tag", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			return byTag("nope")
		}, code: "ImageNotFoundException", message: "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{name: "a tag naming another digest", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			pushImage(t, f, "app", "v1", "a")
			_, d2 := pushImage(t, f, "app", "v2", "b")
			return &types.ImageIdentifier{ImageTag: aws.String("v1"), ImageDigest: aws.String(d2)}
		}, code: "ImageNotFoundException"},
		{name: "neither digest nor tag", setup: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) *types.ImageIdentifier {
			return &types.ImageIdentifier{}
		}, code: "InvalidParameterException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t, tt.opts...)
			createRepo(t, f, "app")
			id := tt.setup(t, f, clock)
			var before *ecr.DescribeImageScanFindingsOutput
			var beforeErr error
			if tt.code != "" {
				before, beforeErr = findings(f, "app", id)
			}
			stats := ecrfake.Stats(f)

			out, err := startScan(f, "app", id)
			if tt.code != "" {
				requireAPIError(t, err, tt.code, tt.message)
				require.Nil(t, out)
				after, afterErr := findings(f, "app", id)
				require.Equal(t, before, after, "a failed StartImageScan changes nothing")
				require.Equal(t, apiErr(beforeErr), apiErr(afterErr))
				require.Equal(t, stats, ecrfake.Stats(f))
				return
			}
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusInProgress, out.ImageScanStatus.Status)
			require.Equal(t, "app", *out.RepositoryName)
			require.Equal(t, "123456789012", *out.RegistryId)
			require.NotNil(t, out.ImageId.ImageDigest, "the response names the digest")
			require.Equal(t, id.ImageTag, out.ImageId.ImageTag, "and the tag asked for")
			status, _ := scanStatus(t, f, "app", id)
			require.Equal(t, types.ScanStatusInProgress, status)
		})
	}
}

// apiErr renders an error's code and message ("" for nil).
func apiErr(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return fmt.Sprint(err)
}

// imageManifestOf returns the manifest of the image with digest d.
func imageManifestOf(t testing.TB, f *ecrfake.Fake, repo, d string) string {
	t.Helper()
	out, err := f.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{*byDigest(d)}})
	require.NoError(t, err)
	require.Len(t, out.Images, 1)
	return *out.Images[0].ImageManifest
}

func TestStartImageScanUnknownRepository(t *testing.T) {
	f, _, _ := newFake(t)
	_, err := startScan(f, "nope", byTag("v1"))
	requireAPIError(t, err, "RepositoryNotFoundException", "The repository with name 'nope' does not exist in the registry with id '123456789012'")
	_, err = f.StartImageScan(context.Background(), nil)
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe, "required members are checked like the SDK does")
	require.Equal(t, ecrfake.ErrScanQuota().ErrorMessage(), "The scan quota per image has been exceeded. Wait and try again.",
		"the catalogue's fault and the modelled quota say the same")
}

// ---- status progression -------------------------------------------------------

func TestScanStatusProgression(t *testing.T) {
	tests := []struct {
		name     string
		opts     []ecrfake.Option
		duration time.Duration
	}{
		{"default duration", nil, ecrfake.DefaultScanDuration},
		{"one minute", []ecrfake.Option{ecrfake.WithScanDuration(time.Minute)}, time.Minute},
		{"sub-millisecond rounds up", []ecrfake.Option{ecrfake.WithScanDuration(1500 * time.Microsecond)}, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t, tt.opts...)
			createRepo(t, f, "app")
			pushImage(t, f, "app", "v1", "a")
			started := clock.Now()
			_, err := startScan(f, "app", byTag("v1"))
			require.NoError(t, err)

			out, err := findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusInProgress, out.ImageScanStatus.Status)
			require.Nil(t, out.ImageScanStatus.Description)
			require.Nil(t, out.ImageScanFindings, "no findings while the scan runs")

			clock.Advance(tt.duration - time.Millisecond)
			status, _ := scanStatus(t, f, "app", byTag("v1"))
			require.Equal(t, types.ScanStatusInProgress, status)

			clock.Advance(time.Millisecond)
			out, err = findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusComplete, out.ImageScanStatus.Status)
			require.Equal(t, "The scan was completed successfully.", *out.ImageScanStatus.Description)
			require.NotNil(t, out.ImageScanFindings)
			require.Equal(t, started.Add(tt.duration), *out.ImageScanFindings.ImageScanCompletedAt)
			require.Equal(t, started.Add(tt.duration), *out.ImageScanFindings.VulnerabilitySourceUpdatedAt)
			require.NotNil(t, out.ImageScanFindings.Findings)
			require.Nil(t, out.ImageScanFindings.EnhancedFindings)

			clock.Advance(48 * time.Hour)
			later, err := findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, out, later, "a finished scan stays as it finished")
		})
	}
	t.Run("zero duration completes at once", func(t *testing.T) {
		f, _, _ := newFake(t, ecrfake.WithScanDuration(0))
		createRepo(t, f, "app")
		pushImage(t, f, "app", "v1", "a")
		_, err := startScan(f, "app", byTag("v1"))
		require.NoError(t, err)
		status, _ := scanStatus(t, f, "app", byTag("v1"))
		require.Equal(t, types.ScanStatusComplete, status)
	})
	t.Run("negative duration panics", func(t *testing.T) {
		require.Panics(t, func() { ecrfake.New(ecrfake.WithScanDuration(-time.Second)) })
	})
}

func TestScanOfUnsupportedImagesFails(t *testing.T) {
	tests := []struct {
		name   string
		config string
		layers int
		status types.ScanStatus
	}{
		{"linux with a layer", `{"architecture":"amd64","os":"linux"}`, 1, types.ScanStatusComplete},
		{"linux with two layers", `{"os":"linux"}`, 2, types.ScanStatusComplete},
		{"windows", `{"architecture":"amd64","os":"windows"}`, 1, types.ScanStatusFailed},
		{"scratch: no layers", `{"architecture":"amd64","os":"linux"}`, 0, types.ScanStatusFailed},
		{"config without os", `{"architecture":"amd64"}`, 1, types.ScanStatusFailed},
		{"config that is not JSON", `config bytes`, 1, types.ScanStatusFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t)
			createRepo(t, f, "app")
			var layers [][]byte
			for i := range tt.layers {
				layers = append(layers, []byte(fmt.Sprintf("layer %d of %s", i, tt.name)))
			}
			pushConfig(t, f, "app", "v1", []byte(tt.config), layers...)
			_, err := startScan(f, "app", byTag("v1"))
			require.NoError(t, err, "an unsupported OS is only found by the scan")
			status, _ := scanStatus(t, f, "app", byTag("v1"))
			require.Equal(t, types.ScanStatusInProgress, status)

			clock.Advance(ecrfake.DefaultScanDuration)
			out, err := findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, tt.status, out.ImageScanStatus.Status)
			if tt.status == types.ScanStatusFailed {
				require.Equal(t, unsupportedOS, *out.ImageScanStatus.Description)
				require.Nil(t, out.ImageScanFindings)
			}
		})
	}
}

func TestFailScan(t *testing.T) {
	f, clock, _ := newFake(t)
	createScanOnPushRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")

	require.NoError(t, f.FailScan("app", d, ""), "applies to the scan in progress")
	clock.Advance(ecrfake.DefaultScanDuration)
	status, desc := scanStatus(t, f, "app", byTag("v1"))
	require.Equal(t, types.ScanStatusFailed, status)
	require.Equal(t, unsupportedOS, desc)

	clock.Advance(24 * time.Hour)
	require.NoError(t, f.FailScan("app", d, "ScanError: the scanner crashed"))
	_, err := startScan(f, "app", byDigest(d))
	require.NoError(t, err)
	clock.Advance(ecrfake.DefaultScanDuration)
	status, desc = scanStatus(t, f, "app", byTag("v1"))
	require.Equal(t, types.ScanStatusFailed, status)
	require.Equal(t, "ScanError: the scanner crashed", desc)

	// A scan that already finished keeps its result.
	_, d2 := pushImage(t, f, "app", "v2", "b")
	clock.Advance(ecrfake.DefaultScanDuration)
	require.NoError(t, f.FailScan("app", d2, ""))
	status, _ = scanStatus(t, f, "app", byTag("v2"))
	require.Equal(t, types.ScanStatusComplete, status)

	requireAPIError(t, f.FailScan("nope", d, ""), "RepositoryNotFoundException", "")
	requireAPIError(t, f.FailScan("app", sha([]byte("nothing")), ""), "ImageNotFoundException", "")
}

// ---- scan on push ----------------------------------------------------------

func TestScanOnPush(t *testing.T) {
	tests := []struct {
		name      string
		repo      string
		scanOnPsh bool // the repository's own flag
		scanType  types.ScanType
		rules     []types.RegistryScanningRule
		push      func(t *testing.T, f *ecrfake.Fake, repo string) *types.ImageIdentifier // nil: pushImage v1
		first     types.ScanStatus                                                        // "" for ScanNotFoundException
		firstDesc string
		then      types.ScanStatus // after the scan duration
		thenDesc  string
	}{
		{name: "no configuration: no scan", repo: "app"},
		{name: "the repository flag", repo: "app", scanOnPsh: true,
			first: types.ScanStatusInProgress, then: types.ScanStatusComplete, thenDesc: "The scan was completed successfully."},
		{name: "a basic rule whose filter the name contains", repo: "team-prod-api", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod")},
			first: types.ScanStatusInProgress, then: types.ScanStatusComplete, thenDesc: "The scan was completed successfully."},
		{name: "a basic rule with a wildcard matches whole names", repo: "prod/api", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod/*")},
			first: types.ScanStatusInProgress, then: types.ScanStatusComplete, thenDesc: "The scan was completed successfully."},
		{name: "a wildcard rule that does not match the whole name", repo: "team/prod/api", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod/*")}},
		{name: "an index under scan on push is recorded as unsupported", repo: "app", scanOnPsh: true,
			push: func(t *testing.T, f *ecrfake.Fake, repo string) *types.ImageIdentifier {
				return byDigest(pushIndex(t, f, repo, "multi"))
			},
			first: types.ScanStatusUnsupportedImage, firstDesc: "UnsupportedImageError: The image type is not supported for scanning.",
			then: types.ScanStatusUnsupportedImage, thenDesc: "UnsupportedImageError: The image type is not supported for scanning."},
		{name: "a windows image under basic scan on push fails", repo: "app", scanOnPsh: true,
			push: func(t *testing.T, f *ecrfake.Fake, repo string) *types.ImageIdentifier {
				pushConfig(t, f, repo, "win", []byte(`{"os":"windows"}`), []byte("w"))
				return byTag("win")
			},
			first: types.ScanStatusInProgress, then: types.ScanStatusFailed, thenDesc: unsupportedOS},
		{name: "enhanced with no rules scans every repository continuously", repo: "app", scanType: types.ScanTypeEnhanced,
			first: types.ScanStatusPending, firstDesc: pendingDesc, then: types.ScanStatusActive, thenDesc: "Continuous scan is selected for image."},
		{name: "enhanced continuous rule", repo: "app", scanType: types.ScanTypeEnhanced, rules: []types.RegistryScanningRule{rule(types.ScanFrequencyContinuousScan, "a*")},
			first: types.ScanStatusPending, firstDesc: pendingDesc, then: types.ScanStatusActive, thenDesc: "Continuous scan is selected for image."},
		{name: "enhanced scan on push rule: scanned once, COMPLETE", repo: "app", scanType: types.ScanTypeEnhanced, rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "app")},
			first: types.ScanStatusPending, firstDesc: pendingDesc, then: types.ScanStatusComplete, thenDesc: "The scan was completed successfully."},
		{name: "enhanced: continuous wins over scan on push", repo: "app", scanType: types.ScanTypeEnhanced,
			rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "*"), rule(types.ScanFrequencyContinuousScan, "app")},
			first: types.ScanStatusPending, firstDesc: pendingDesc, then: types.ScanStatusActive, thenDesc: "Continuous scan is selected for image."},
		{name: "enhanced: a repository matching no rule is not scanned, whatever its flag", repo: "app", scanOnPsh: true, scanType: types.ScanTypeEnhanced,
			rules: []types.RegistryScanningRule{rule(types.ScanFrequencyContinuousScan, "prod")}},
		{name: "enhanced: an unsupported OS is recorded as unsupported", repo: "app", scanType: types.ScanTypeEnhanced,
			push: func(t *testing.T, f *ecrfake.Fake, repo string) *types.ImageIdentifier {
				pushConfig(t, f, repo, "scratch", []byte(`{"os":"linux"}`))
				return byTag("scratch")
			},
			first: types.ScanStatusUnsupportedImage, firstDesc: unsupportedOS, then: types.ScanStatusUnsupportedImage, thenDesc: unsupportedOS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, ctx := newFake(t)
			if tt.scanType != "" || tt.rules != nil {
				putScanning(t, f, tt.scanType, tt.rules...)
			}
			_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(tt.repo),
				ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: tt.scanOnPsh}})
			require.NoError(t, err)
			id := byTag("v1")
			if tt.push != nil {
				id = tt.push(t, f, tt.repo)
			} else {
				pushImage(t, f, tt.repo, "v1", "a")
			}
			out, err := findings(f, tt.repo, id)
			if tt.first == "" {
				requireAPIError(t, err, "ScanNotFoundException", "")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.first, out.ImageScanStatus.Status)
			require.Equal(t, tt.firstDesc, aws.ToString(out.ImageScanStatus.Description))
			if tt.first == types.ScanStatusPending {
				require.Equal(t, &types.ImageScanFindings{Findings: []types.ImageScanFinding{}, EnhancedFindings: []types.EnhancedImageScanFinding{}}, out.ImageScanFindings,
					"PENDING carries empty findings of both kinds, as real ECR does")
			} else {
				require.Nil(t, out.ImageScanFindings)
			}

			clock.Advance(ecrfake.DefaultScanDuration)
			out, err = findings(f, tt.repo, id)
			require.NoError(t, err)
			require.Equal(t, tt.then, out.ImageScanStatus.Status)
			require.Equal(t, tt.thenDesc, aws.ToString(out.ImageScanStatus.Description))
			switch {
			case tt.then == types.ScanStatusComplete && tt.scanType != types.ScanTypeEnhanced:
				require.NotNil(t, out.ImageScanFindings.Findings)
				require.Nil(t, out.ImageScanFindings.EnhancedFindings)
			case tt.then == types.ScanStatusComplete, tt.then == types.ScanStatusActive:
				require.NotNil(t, out.ImageScanFindings.EnhancedFindings)
				require.Nil(t, out.ImageScanFindings.Findings)
			default:
				require.Nil(t, out.ImageScanFindings)
			}
		})
	}
}

func TestScanOnPushOnlyForNewImages(t *testing.T) {
	f, clock, _ := newFake(t)
	createScanOnPushRepo(t, f, "app")
	manifest, d := pushImage(t, f, "app", "v1", "a")
	clock.Advance(time.Hour)
	first, err := findings(f, "app", byDigest(d))
	require.NoError(t, err)

	_, err = put(f, "app", manifest, "v2")
	require.NoError(t, err, "a retag")
	clock.Advance(time.Hour)
	again, err := findings(f, "app", byDigest(d))
	require.NoError(t, err)
	require.Equal(t, first, again, "a retag starts no scan")
}

func TestScanOnPushRegistryQuota(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithRegistryScanQuota(1))
	createScanOnPushRepo(t, f, "app")
	pushImage(t, f, "app", "v1", "a")
	_, d := pushImage(t, f, "app", "v2", "b")
	status, desc := scanStatus(t, f, "app", byTag("v2"))
	require.Equal(t, types.ScanStatusLimitExceeded, status, "the push succeeds; the scan is skipped")
	require.Equal(t, "The scan quota per registry has been exceeded.", desc)

	status, _ = scanStatus(t, f, "app", byTag("v1"))
	require.Equal(t, types.ScanStatusInProgress, status)
	_, err := startScan(f, "app", byDigest(d))
	requireAPIError(t, err, "LimitExceededException", "")
}

func TestScanRecordGoesWithTheImage(t *testing.T) {
	f, _, ctx := newFake(t)
	createScanOnPushRepo(t, f, "app")
	manifest, d := pushImage(t, f, "app", "v1", "a")
	_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(d)}})
	require.NoError(t, err)
	_, err = findings(f, "app", byDigest(d))
	requireAPIError(t, err, "ImageNotFoundException", "")

	_, err = f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{}})
	require.NoError(t, err)
	_, err = put(f, "app", manifest, "v1")
	require.NoError(t, err)
	_, err = findings(f, "app", byDigest(d))
	requireAPIError(t, err, "ScanNotFoundException", "")
	_, err = startScan(f, "app", byDigest(d))
	require.NoError(t, err, "a re-pushed image starts with a fresh quota")
}

// ---- DescribeImageScanFindings ----------------------------------------------

func TestDescribeImageScanFindingsErrors(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")
	tests := []struct {
		name    string
		in      *ecr.DescribeImageScanFindingsInput
		code    string
		message string
	}{
		{"never scanned, by tag", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")}, "ScanNotFoundException",
			"Image scan does not exist for the image with '{imageDigest:'null', imageTag:'v1'}' in the repository with name 'app' in the registry with id '123456789012'"},
		{"never scanned, by digest", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byDigest(d)}, "ScanNotFoundException",
			"Image scan does not exist for the image with '{imageDigest:'" + d + "', imageTag:'null'}' in the repository with name 'app' in the registry with id '123456789012'"},
		{"unknown image", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v9")}, "ImageNotFoundException", ""},
		{"unknown repository", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("nope"), ImageId: byTag("v1")}, "RepositoryNotFoundException", ""},
		{"maxResults 0", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), MaxResults: aws.Int32(0)}, "InvalidParameterException", ""},
		{"maxResults 1001", &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), MaxResults: aws.Int32(1001)}, "InvalidParameterException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.DescribeImageScanFindings(ctx, tt.in)
			requireAPIError(t, err, tt.code, tt.message)
		})
	}
}

// manyFindings returns n findings with distinct names and mixed severities.
func manyFindings(n int) []types.ImageScanFinding {
	sev := []types.FindingSeverity{types.FindingSeverityCritical, types.FindingSeverityHigh, types.FindingSeverityMedium, types.FindingSeverityLow}
	out := make([]types.ImageScanFinding, n)
	for i := range out {
		out[i] = types.ImageScanFinding{
			Name: aws.String(fmt.Sprintf("CVE-2024-%05d", i)), Severity: sev[i%len(sev)],
			Uri:        aws.String(fmt.Sprintf("https://example.com/CVE-2024-%05d", i)),
			Attributes: []types.Attribute{{Key: aws.String("package_name"), Value: aws.String("openssl")}},
		}
	}
	return out
}

func TestDescribeImageScanFindingsPagination(t *testing.T) {
	f, clock, ctx := newFake(t)
	createScanOnPushRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")
	require.NoError(t, f.SetScanFindings("app", d, manyFindings(250)))
	clock.Advance(ecrfake.DefaultScanDuration)

	tests := []struct {
		name  string
		limit int32
		pages []int
	}{
		{"default page size is 100", 0, []int{100, 100, 50}},
		{"maxResults 1000", 1000, []int{250}},
		{"maxResults 7", 7, func() []int {
			p := make([]int, 35)
			for i := range p {
				p[i] = 7
			}
			return append(p, 5)
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ecr.NewDescribeImageScanFindingsPaginator(f, &ecr.DescribeImageScanFindingsInput{
				RepositoryName: aws.String("app"), ImageId: byTag("v1"),
			}, func(o *ecr.DescribeImageScanFindingsPaginatorOptions) {
				o.Limit = tt.limit
				o.StopOnDuplicateToken = true
			})
			var sizes []int
			var names []string
			tokens := map[string]bool{}
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				require.NoError(t, err)
				sizes = append(sizes, len(page.ImageScanFindings.Findings))
				for _, fd := range page.ImageScanFindings.Findings {
					names = append(names, *fd.Name)
				}
				require.Equal(t, map[string]int32{"CRITICAL": 63, "HIGH": 63, "MEDIUM": 62, "LOW": 62}, page.ImageScanFindings.FindingSeverityCounts,
					"counts cover all findings on every page")
				require.Equal(t, types.ScanStatusComplete, page.ImageScanStatus.Status)
				if page.NextToken != nil {
					require.NotEmpty(t, *page.NextToken)
					require.False(t, tokens[*page.NextToken], "tokens never repeat")
					tokens[*page.NextToken] = true
				}
			}
			require.Equal(t, tt.pages, sizes)
			require.Len(t, names, 250)
			require.True(t, sort.StringsAreSorted(names), "in the order they were set, each once")
		})
	}

	t.Run("a page replayed is the same page", func(t *testing.T) {
		in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), MaxResults: aws.Int32(10)}
		first, err := f.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		in.NextToken = first.NextToken
		a, err := f.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		b, err := f.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		require.Equal(t, a, b)
		require.Equal(t, "CVE-2024-00010", *a.ImageScanFindings.Findings[0].Name)
	})
	t.Run("foreign tokens are rejected", func(t *testing.T) {
		in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), MaxResults: aws.Int32(10)}
		first, err := f.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		_, d2 := pushImage(t, f, "app", "v2", "b")
		require.NoError(t, f.SetScanFindings("app", d2, manyFindings(30)))
		clock.Advance(ecrfake.DefaultScanDuration)
		for name, tok := range map[string]*string{
			"garbage":         aws.String("not-a-token"),
			"another image":   first.NextToken,
			"another listing": listImagesToken(t, f),
		} {
			other := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v2"), MaxResults: aws.Int32(10), NextToken: tok}
			_, err := f.DescribeImageScanFindings(ctx, other)
			requireAPIError(t, err, "InvalidParameterException", "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'")
			_ = name
		}
	})
}

// Enhanced findings change while an image is scanned continuously; a page
// token resumes after the last finding it returned, wherever that now is.
func TestEnhancedFindingsPagination(t *testing.T) {
	f, clock, ctx := newFake(t)
	putScanning(t, f, types.ScanTypeEnhanced)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")
	clock.Advance(ecrfake.DefaultScanDuration)
	enhanced := func(names ...string) []types.EnhancedImageScanFinding {
		out := make([]types.EnhancedImageScanFinding, len(names))
		for i, n := range names {
			out[i] = types.EnhancedImageScanFinding{FindingArn: aws.String("arn:aws:inspector2:us-east-1:123456789012:finding/" + n), Severity: aws.String("HIGH"), Title: aws.String(n)}
		}
		return out
	}
	titles := func(fs []types.EnhancedImageScanFinding) string {
		var out []string
		for _, f := range fs {
			out = append(out, *f.Title)
		}
		return strings.Join(out, " ")
	}
	require.NoError(t, f.SetEnhancedScanFindings("app", d, enhanced("a0", "a1", "a2", "a3", "a4", "a5", "a6")))
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), MaxResults: aws.Int32(3)}
	first, err := f.DescribeImageScanFindings(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "a0 a1 a2", titles(first.ImageScanFindings.EnhancedFindings))
	require.Equal(t, map[string]int32{"HIGH": 7}, first.ImageScanFindings.FindingSeverityCounts)

	require.NoError(t, f.SetEnhancedScanFindings("app", d, enhanced("new", "a0", "a1", "a2", "a3", "a4", "a5", "a6")))
	in.NextToken = first.NextToken
	second, err := f.DescribeImageScanFindings(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "a3 a4 a5", titles(second.ImageScanFindings.EnhancedFindings), "an insertion before the cursor neither repeats nor skips")

	require.NoError(t, f.SetEnhancedScanFindings("app", d, enhanced("a0", "a1", "a3", "a4", "a5", "a6")))
	in.NextToken = first.NextToken
	again, err := f.DescribeImageScanFindings(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "a3 a4 a5", titles(again.ImageScanFindings.EnhancedFindings), "the finding the page ended on is gone: resume at its place")
	in.NextToken = again.NextToken
	last, err := f.DescribeImageScanFindings(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "a6", titles(last.ImageScanFindings.EnhancedFindings))
	require.Nil(t, last.NextToken)
}

// listImagesToken returns a ListImages continuation token.
func listImagesToken(t testing.TB, f *ecrfake.Fake) *string {
	t.Helper()
	out, err := f.ListImages(context.Background(), &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(1)})
	require.NoError(t, err)
	require.NotNil(t, out.NextToken)
	return out.NextToken
}

func TestGeneratedFindings(t *testing.T) {
	// scanned pushes images until one's findings are not empty, first under
	// basic scanning, then under enhanced scanning.
	scanned := func() (basic, enhanced *ecr.DescribeImageScanFindingsOutput) {
		f, clock, _ := newFake(t)
		createScanOnPushRepo(t, f, "app")
		first := func(prefix string) *ecr.DescribeImageScanFindingsOutput {
			for i := range 20 {
				tag := fmt.Sprint(prefix, i)
				pushImage(t, f, "app", tag, tag)
				clock.Advance(ecrfake.DefaultScanDuration)
				out, err := findings(f, "app", byTag(tag))
				require.NoError(t, err)
				if len(out.ImageScanFindings.Findings)+len(out.ImageScanFindings.EnhancedFindings) > 0 {
					return out
				}
			}
			t.Fatal("no image with findings")
			return nil
		}
		basic = first("b")
		putScanning(t, f, types.ScanTypeEnhanced)
		return basic, first("e")
	}
	basic, enhanced := scanned()
	basic2, enhanced2 := scanned()
	require.Equal(t, basic, basic2, "findings are deterministic per digest")
	require.Equal(t, enhanced, enhanced2)

	counts := map[string]int32{}
	for _, fd := range basic.ImageScanFindings.Findings {
		counts[string(fd.Severity)]++
		require.True(t, strings.HasPrefix(*fd.Name, "CVE-"))
		require.NotEmpty(t, fd.Attributes)
	}
	require.Equal(t, counts, basic.ImageScanFindings.FindingSeverityCounts, "counts agree with the list")

	require.Equal(t, types.ScanStatusActive, enhanced.ImageScanStatus.Status)
	counts = map[string]int32{}
	for _, fd := range enhanced.ImageScanFindings.EnhancedFindings {
		counts[*fd.Severity]++
		require.Equal(t, "ACTIVE", *fd.Status)
		require.Equal(t, "PACKAGE_VULNERABILITY", *fd.Type)
		require.NotEmpty(t, fd.PackageVulnerabilityDetails.VulnerablePackages)
		img := fd.Resources[0].Details.AwsEcrContainerImage
		require.Equal(t, "app", *img.RepositoryName)
		require.Equal(t, []string{*enhanced.ImageId.ImageTag}, img.ImageTags)
		require.Equal(t, *enhanced.ImageId.ImageDigest, *img.ImageHash)
		require.Equal(t, "amd64", *img.Architecture)
		require.Equal(t, "123456789012", *img.Registry)
	}
	require.Equal(t, counts, enhanced.ImageScanFindings.FindingSeverityCounts)
}

func TestSetScanFindings(t *testing.T) {
	f, clock, _ := newFake(t)
	createScanOnPushRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")

	mine := manyFindings(3)
	require.NoError(t, f.SetScanFindings("app", d, mine))
	mine[0].Name = aws.String("changed by the test afterwards")
	clock.Advance(ecrfake.DefaultScanDuration)
	out, err := findings(f, "app", byTag("v1"))
	require.NoError(t, err)
	require.Equal(t, manyFindings(3), out.ImageScanFindings.Findings, "the fake keeps a copy")
	require.Equal(t, map[string]int32{"CRITICAL": 1, "HIGH": 1, "MEDIUM": 1}, out.ImageScanFindings.FindingSeverityCounts)

	out.ImageScanFindings.Findings[0].Attributes[0].Value = aws.String("changed through the output")
	again, err := findings(f, "app", byTag("v1"))
	require.NoError(t, err)
	require.Equal(t, manyFindings(3), again.ImageScanFindings.Findings, "outputs never alias state")

	require.NoError(t, f.SetScanFindings("app", d, nil))
	again, err = findings(f, "app", byTag("v1"))
	require.NoError(t, err)
	require.Equal(t, manyFindings(3), again.ImageScanFindings.Findings, "a finished scan keeps what it reported")

	clock.Advance(24 * time.Hour)
	_, err = startScan(f, "app", byTag("v1"))
	require.NoError(t, err)
	clock.Advance(ecrfake.DefaultScanDuration)
	again, err = findings(f, "app", byTag("v1"))
	require.NoError(t, err)
	require.Equal(t, []types.ImageScanFinding{}, again.ImageScanFindings.Findings, "the next scan finds a clean image")
	require.Equal(t, map[string]int32{}, again.ImageScanFindings.FindingSeverityCounts)

	requireAPIError(t, f.SetScanFindings("nope", d, nil), "RepositoryNotFoundException", "")
	requireAPIError(t, f.SetScanFindings("app", sha([]byte("x")), nil), "ImageNotFoundException", "")
	requireAPIError(t, f.SetEnhancedScanFindings("app", sha([]byte("x")), nil), "ImageNotFoundException", "")
}

func TestSetEnhancedScanFindingsAppliesAtOnce(t *testing.T) {
	f, clock, _ := newFake(t)
	putScanning(t, f, types.ScanTypeEnhanced)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")
	clock.Advance(ecrfake.DefaultScanDuration)
	critical := []types.EnhancedImageScanFinding{{
		Title: aws.String("CVE-2024-3094 - xz"), Severity: aws.String("CRITICAL"), Score: 10, Status: aws.String("ACTIVE"),
		PackageVulnerabilityDetails: &types.PackageVulnerabilityDetails{VulnerabilityId: aws.String("CVE-2024-3094")},
	}}
	require.NoError(t, f.SetEnhancedScanFindings("app", d, critical))
	out, err := findings(f, "app", byTag("v1"))
	require.NoError(t, err)
	require.Equal(t, types.ScanStatusActive, out.ImageScanStatus.Status)
	require.Equal(t, critical, out.ImageScanFindings.EnhancedFindings, "continuous scanning reports new findings at once")
	require.Equal(t, map[string]int32{"CRITICAL": 1}, out.ImageScanFindings.FindingSeverityCounts)
}

// ---- DescribeImages scan summary ------------------------------------------------

func TestDescribeImagesScanSummary(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprint("legacy ", legacy), func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLegacyScanSummary(legacy))
			createScanOnPushRepo(t, f, "app")
			_, d := pushImage(t, f, "app", "v1", "a")
			require.NoError(t, f.SetScanFindings("app", d, manyFindings(5)))
			describe := func() types.ImageDetail {
				out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
				require.NoError(t, err)
				require.Len(t, out.ImageDetails, 1)
				byID, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byTag("v1")}})
				require.NoError(t, err)
				require.Equal(t, out.ImageDetails, byID.ImageDetails)
				return out.ImageDetails[0]
			}
			started := clock.Now()
			running := describe()
			clock.Advance(ecrfake.DefaultScanDuration)
			done := describe()
			if !legacy {
				for _, d := range []types.ImageDetail{running, done} {
					require.Nil(t, d.ImageScanStatus, "current ECR leaves these empty")
					require.Nil(t, d.ImageScanFindingsSummary)
				}
				return
			}
			require.Equal(t, &types.ImageScanStatus{Status: types.ScanStatusInProgress}, running.ImageScanStatus)
			require.Nil(t, running.ImageScanFindingsSummary)
			require.Equal(t, types.ScanStatusComplete, done.ImageScanStatus.Status)
			require.Equal(t, &types.ImageScanFindingsSummary{
				FindingSeverityCounts:        map[string]int32{"CRITICAL": 2, "HIGH": 1, "MEDIUM": 1, "LOW": 1},
				ImageScanCompletedAt:         aws.Time(started.Add(ecrfake.DefaultScanDuration)),
				VulnerabilitySourceUpdatedAt: aws.Time(started.Add(ecrfake.DefaultScanDuration)),
			}, done.ImageScanFindingsSummary)
		})
	}
}

// ---- registry scanning configuration -------------------------------------------

func TestRegistryScanningConfiguration(t *testing.T) {
	f, _, ctx := newFake(t)
	got, err := f.GetRegistryScanningConfiguration(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, "123456789012", *got.RegistryId)
	require.Equal(t, &types.RegistryScanningConfiguration{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{}}, got.ScanningConfiguration, "the default")

	tests := []struct {
		name     string
		in       *ecr.PutRegistryScanningConfigurationInput
		want     *types.RegistryScanningConfiguration // nil: the call fails
		code     string
		contains string
	}{
		{name: "basic scan on push", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod", "team/*")}},
			want: &types.RegistryScanningConfiguration{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod", "team/*")}}},
		{name: "scan type omitted is basic", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "*")}},
			want: &types.RegistryScanningConfiguration{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "*")}}},
		{name: "enhanced with both frequencies", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyContinuousScan, "prod*"), rule(types.ScanFrequencyScanOnPush, "*")}},
			want: &types.RegistryScanningConfiguration{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyContinuousScan, "prod*"), rule(types.ScanFrequencyScanOnPush, "*")}}},
		{name: "enhanced without rules", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced},
			want: &types.RegistryScanningConfiguration{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{}}},
		{name: "a rule with no filters", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush)}},
			want: &types.RegistryScanningConfiguration{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush)}}},
		{name: "basic does not scan continuously", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeBasic, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyContinuousScan, "*")}},
			code: "ValidationException", contains: "'CONTINUOUS_SCAN' is not supported for scan type 'BASIC'"},
		{name: "a manual rule under basic", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyManual, "*")}},
			code: "ValidationException", contains: "'MANUAL' is not supported for scan type 'BASIC'"},
		{name: "a manual rule under enhanced", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyManual, "*")}},
			code: "ValidationException", contains: "'MANUAL' is not supported for scan type 'ENHANCED'"},
		{name: "two rules of one frequency", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "a"), rule(types.ScanFrequencyScanOnPush, "b")}},
			code: "ValidationException", contains: "'SCAN_ON_PUSH' appears more than once"},
		{name: "three rules", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "a"), rule(types.ScanFrequencyScanOnPush, "b"), rule(types.ScanFrequencyScanOnPush, "c")}},
			code: "InvalidParameterException", contains: "length less than or equal to 2"},
		{name: "a filter with upper case", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "Prod")}},
			code: "InvalidParameterException", contains: "filter"},
		{name: "an unknown scan type", in: &ecr.PutRegistryScanningConfigurationInput{ScanType: "ADVANCED"},
			code: "InvalidParameterException", contains: "[BASIC, ENHANCED]"},
		{name: "a filter without its type", in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{{ScanFrequency: types.ScanFrequencyScanOnPush,
			RepositoryFilters: []types.ScanningRepositoryFilter{{Filter: aws.String("a")}}}}},
			code: "client", contains: "RepositoryFilters[0].FilterType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			putScanning(t, f, types.ScanTypeBasic, rule(types.ScanFrequencyScanOnPush, "before"))
			before, err := f.GetRegistryScanningConfiguration(ctx, nil)
			require.NoError(t, err)

			out, err := f.PutRegistryScanningConfiguration(ctx, tt.in)
			if tt.want == nil {
				if tt.code == "client" {
					var ipe smithy.InvalidParamsError
					require.ErrorAs(t, err, &ipe, "a missing required member fails in the client layer")
				} else {
					requireAPIError(t, err, tt.code, "")
				}
				require.Contains(t, err.Error(), tt.contains)
				after, err := f.GetRegistryScanningConfiguration(ctx, nil)
				require.NoError(t, err)
				require.Equal(t, before, after, "a failed put changes nothing")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, out.RegistryScanningConfiguration)
			got, err := f.GetRegistryScanningConfiguration(ctx, nil)
			require.NoError(t, err)
			require.Equal(t, tt.want, got.ScanningConfiguration)

			for _, r := range tt.in.Rules {
				for _, flt := range r.RepositoryFilters {
					*flt.Filter = "changed-by-the-caller"
				}
			}
			again, err := f.GetRegistryScanningConfiguration(ctx, nil)
			require.NoError(t, err)
			require.Equal(t, tt.want, again.ScanningConfiguration, "the input is not retained")
		})
	}
}

func TestBatchGetRepositoryScanningConfiguration(t *testing.T) {
	type want struct {
		freq    types.ScanFrequency
		filters []string
	}
	tests := []struct {
		name     string
		scanType types.ScanType
		rules    []types.RegistryScanningRule
		flagged  []string // repositories with the scan-on-push flag
		want     map[string]want
	}{
		{name: "default: manual", want: map[string]want{"app": {freq: types.ScanFrequencyManual}, "prod-api": {freq: types.ScanFrequencyManual}, "team/prod/web": {freq: types.ScanFrequencyManual}}},
		{name: "the repository flag under basic", flagged: []string{"app"},
			want: map[string]want{"app": {freq: types.ScanFrequencyScanOnPush}, "prod-api": {freq: types.ScanFrequencyManual}}},
		{name: "a filter without a wildcard matches names containing it", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod")},
			want: map[string]want{"app": {freq: types.ScanFrequencyManual}, "prod-api": {types.ScanFrequencyScanOnPush, []string{"prod"}}, "team/prod/web": {types.ScanFrequencyScanOnPush, []string{"prod"}}}},
		{name: "a filter with a wildcard matches whole names", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod*")},
			want: map[string]want{"prod-api": {types.ScanFrequencyScanOnPush, []string{"prod*"}}, "team/prod/web": {freq: types.ScanFrequencyManual}}},
		{name: "the applied filters are those of the rule that match", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "zzz", "*web", "team/*", "app")},
			want: map[string]want{"team/prod/web": {types.ScanFrequencyScanOnPush, []string{"*web", "team/*"}}, "app": {types.ScanFrequencyScanOnPush, []string{"app"}}, "prod-api": {freq: types.ScanFrequencyManual}}},
		{name: "a rule with no filters matches nothing", rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush)}, flagged: []string{"app"},
			want: map[string]want{"app": {freq: types.ScanFrequencyScanOnPush}, "prod-api": {freq: types.ScanFrequencyManual}}},
		{name: "enhanced with no rules: everything continuously", scanType: types.ScanTypeEnhanced,
			want: map[string]want{"app": {freq: types.ScanFrequencyContinuousScan}, "prod-api": {freq: types.ScanFrequencyContinuousScan}}},
		{name: "enhanced: continuous wins, unmatched is manual, the flag does not count", scanType: types.ScanTypeEnhanced, flagged: []string{"app"},
			rules: []types.RegistryScanningRule{rule(types.ScanFrequencyScanOnPush, "prod"), rule(types.ScanFrequencyContinuousScan, "*api")},
			want:  map[string]want{"app": {freq: types.ScanFrequencyManual}, "prod-api": {types.ScanFrequencyContinuousScan, []string{"*api"}}, "team/prod/web": {types.ScanFrequencyScanOnPush, []string{"prod"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			for _, name := range []string{"app", "prod-api", "team/prod/web"} {
				createRepo(t, f, name)
			}
			for _, name := range tt.flagged {
				_, err := f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String(name),
					ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
				require.NoError(t, err)
			}
			if tt.scanType != "" || tt.rules != nil {
				putScanning(t, f, tt.scanType, tt.rules...)
			}
			names := make([]string, 0, len(tt.want))
			for n := range tt.want {
				names = append(names, n)
			}
			sort.Strings(names)
			out, err := f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: names})
			require.NoError(t, err)
			require.Empty(t, out.Failures)
			require.Len(t, out.ScanningConfigurations, len(names))
			for i, c := range out.ScanningConfigurations {
				w := tt.want[names[i]]
				require.Equal(t, names[i], *c.RepositoryName, "request order")
				require.Equal(t, "arn:aws:ecr:us-east-1:123456789012:repository/"+names[i], *c.RepositoryArn)
				assert.Equal(t, w.freq, c.ScanFrequency, names[i])
				assert.Equal(t, w.freq == types.ScanFrequencyScanOnPush, c.ScanOnPush, names[i])
				var filters []string
				for _, flt := range c.AppliedScanFilters {
					require.Equal(t, types.ScanningRepositoryFilterTypeWildcard, flt.FilterType)
					filters = append(filters, *flt.Filter)
				}
				assert.Equal(t, w.filters, filters, names[i])
				require.NotNil(t, c.AppliedScanFilters)
			}
		})
	}
}

func TestBatchGetRepositoryScanningConfigurationFailures(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	out, err := f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{"nope", "app", "nope", "app"}})
	require.NoError(t, err, "an unknown repository is a per-item failure")
	require.Len(t, out.ScanningConfigurations, 1, "duplicates once")
	require.Equal(t, []types.RepositoryScanningConfigurationFailure{{
		RepositoryName: aws.String("nope"), FailureCode: types.ScanningConfigurationFailureCodeRepositoryNotFound, FailureReason: aws.String("REPOSITORY_NOT_FOUND"),
	}}, out.Failures)

	_, err = f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{"Bad Name"}})
	requireAPIError(t, err, "InvalidParameterException", "")
	_, err = f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{}})
	requireAPIError(t, err, "InvalidParameterException", "")
	_, err = f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: make26()})
	requireAPIError(t, err, "InvalidParameterException", "")
}

func make26() []string {
	out := make([]string, 26)
	for i := range out {
		out[i] = fmt.Sprintf("r%d", i)
	}
	return out
}

// The deprecated repository flag and the registry rules meet in scan on push
// and in BatchGetRepositoryScanningConfiguration.
func TestPutImageScanningConfigurationInterplay(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	freq := func() types.ScanFrequency {
		out, err := f.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{"app"}})
		require.NoError(t, err)
		return out.ScanningConfigurations[0].ScanFrequency
	}
	require.Equal(t, types.ScanFrequencyManual, freq())
	_, err := f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
	require.NoError(t, err)
	require.Equal(t, types.ScanFrequencyScanOnPush, freq())
	pushImage(t, f, "app", "v1", "a")
	status, _ := scanStatus(t, f, "app", byTag("v1"))
	require.Equal(t, types.ScanStatusInProgress, status)

	putScanning(t, f, types.ScanTypeEnhanced, rule(types.ScanFrequencyContinuousScan, "other"))
	require.Equal(t, types.ScanFrequencyManual, freq(), "enhanced scanning ignores the repository flag")
	pushImage(t, f, "app", "v2", "b")
	_, err = findings(f, "app", byTag("v2"))
	requireAPIError(t, err, "ScanNotFoundException", "")
	clock.Advance(ecrfake.DefaultScanDuration)
	status, _ = scanStatus(t, f, "app", byTag("v1"))
	require.Equal(t, types.ScanStatusComplete, status, "images keep the scans they had")

	putScanning(t, f, types.ScanTypeBasic)
	require.Equal(t, types.ScanFrequencyScanOnPush, freq(), "the flag counts again under basic")
}

// ---- waiters ---------------------------------------------------------------

// With the default clock inside a synctest bubble, the waiter's sleeps are
// virtual: the scan completes on its second poll, DefaultScanDuration of
// virtual time later, with no real waiting.
func TestScanWaiterUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f := ecrfake.New()
		createScanOnPushRepo(t, f, "app")
		pushImage(t, f, "app", "v1", "a")
		_, d := pushImage(t, f, "app", "v2", "b")
		require.NoError(t, f.FailScan("app", d, ""))

		start := time.Now()
		polls := countPolls(f)
		in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")}
		out, err := ecr.NewImageScanCompleteWaiter(f).WaitForOutput(ctx, in, time.Minute)
		require.NoError(t, err)
		require.Equal(t, types.ScanStatusComplete, out.ImageScanStatus.Status)
		require.Equal(t, ecrfake.DefaultScanDuration, time.Since(start), "one waiter delay of virtual time")
		require.Equal(t, 2, polls.Hits())

		err = ecr.NewImageScanCompleteWaiter(f).Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v2")}, time.Minute)
		require.ErrorContains(t, err, "waiter state transitioned to Failure", "a FAILED scan fails the waiter")
		// Not here: waiting for continuous ENHANCED scanning (ACTIVE, never
		// COMPLETE). The SDK waiter's last delay is its remaining time minus
		// MinDelay, which is zero when polls take no time, as they do in a
		// bubble: it would poll forever. TestScanWaiterManualClock covers it.
	})
}

// The whole-file Example_waitersInSynctest runs as it tells its readers to.
func TestWaitInSynctestExample(t *testing.T) {
	t.Run("scan", func(t *testing.T) { synctest.Test(t, waitForScanInBubble) })
	t.Run("preview", func(t *testing.T) { synctest.Test(t, waitForPreviewInBubble) })
}

// countPolls counts DescribeImageScanFindings calls.
func countPolls(f *ecrfake.Fake) *ecrfake.Hook {
	return ecrfake.Intercept(f, func(ctx context.Context, in *ecr.DescribeImageScanFindingsInput,
		next func(context.Context, *ecr.DescribeImageScanFindingsInput) (*ecr.DescribeImageScanFindingsOutput, error)) (*ecr.DescribeImageScanFindingsOutput, error) {
		return next(ctx, in)
	})
}

// With a manual clock, an interceptor moves the clock as the waiter polls:
// the waiter's own delays are a millisecond, so the test takes no real time
// to speak of.
func TestScanWaiterManualClock(t *testing.T) {
	f, clock, ctx := newFake(t)
	createScanOnPushRepo(t, f, "app")
	pushImage(t, f, "app", "v1", "a")
	advance := ecrfake.Intercept(f, func(ctx context.Context, in *ecr.DescribeImageScanFindingsInput,
		next func(context.Context, *ecr.DescribeImageScanFindingsInput) (*ecr.DescribeImageScanFindingsOutput, error)) (*ecr.DescribeImageScanFindingsOutput, error) {
		out, err := next(ctx, in)
		clock.Advance(2 * time.Second) // after each poll
		return out, err
	})
	defer advance.Remove()
	fast := func(o *ecr.ImageScanCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
	}

	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")}
	out, err := ecr.NewImageScanCompleteWaiter(f, fast).WaitForOutput(ctx, in, time.Minute)
	require.NoError(t, err)
	require.Equal(t, types.ScanStatusComplete, out.ImageScanStatus.Status)
	require.Equal(t, 4, advance.Hits(), "IN_PROGRESS at 0s, 2s and 4s; COMPLETE at 6s")

	t.Run("ScanNotFound ends the wait at once", func(t *testing.T) {
		pushImage(t, f, "app", "v2", "b")
		_, err := f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{}})
		require.NoError(t, err)
		pushImage(t, f, "app", "v3", "c")
		hits := advance.Hits()
		err = ecr.NewImageScanCompleteWaiter(f, fast).Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v3")}, time.Minute)
		var notFound *types.ScanNotFoundException
		require.ErrorAs(t, err, &notFound)
		require.Equal(t, hits+1, advance.Hits(), "one poll")
	})
	t.Run("an enhanced scan on push satisfies the waiter", func(t *testing.T) {
		f, clock, ctx := newFake(t)
		putScanning(t, f, types.ScanTypeEnhanced, rule(types.ScanFrequencyScanOnPush, "app"))
		createRepo(t, f, "app")
		pushImage(t, f, "app", "v1", "a")
		polls := ecrfake.Intercept(f, func(ctx context.Context, in *ecr.DescribeImageScanFindingsInput,
			next func(context.Context, *ecr.DescribeImageScanFindingsInput) (*ecr.DescribeImageScanFindingsOutput, error)) (*ecr.DescribeImageScanFindingsOutput, error) {
			out, err := next(ctx, in)
			clock.Advance(ecrfake.DefaultScanDuration)
			return out, err
		})
		in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")}
		out, err := ecr.NewImageScanCompleteWaiter(f, fast).WaitForOutput(ctx, in, time.Minute)
		require.NoError(t, err)
		require.Equal(t, 2, polls.Hits(), "PENDING, then COMPLETE")
		require.Equal(t, types.ScanStatusComplete, out.ImageScanStatus.Status)
		require.NotEmpty(t, out.ImageScanFindings.EnhancedFindings)
		require.Nil(t, out.ImageScanFindings.Findings)
	})
	t.Run("continuous enhanced scanning never satisfies the waiter", func(t *testing.T) {
		f, clock, ctx := newFake(t)
		putScanning(t, f, types.ScanTypeEnhanced)
		createRepo(t, f, "app")
		pushImage(t, f, "app", "v1", "a")
		clock.Advance(time.Hour)
		polls := countPolls(f)
		err := ecr.NewImageScanCompleteWaiter(f, fast).Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")}, 20*time.Millisecond)
		require.Error(t, err, "the waiter spends its whole budget")
		require.True(t, strings.Contains(err.Error(), "exceeded max wait time for ImageScanComplete waiter") || errors.Is(err, context.DeadlineExceeded), err)
		require.Greater(t, polls.Hits(), 1)
		status, _ := scanStatus(t, f, "app", byTag("v1"))
		require.Equal(t, types.ScanStatusActive, status)
	})
	t.Run("a failed scan fails the waiter", func(t *testing.T) {
		_, err := f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
		require.NoError(t, err)
		pushConfig(t, f, "app", "scratch", []byte(`{"os":"linux"}`))
		err = ecr.NewImageScanCompleteWaiter(f, fast).Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("scratch")}, time.Minute)
		require.ErrorContains(t, err, "waiter state transitioned to Failure")
	})
}

// ---- through the SDK client --------------------------------------------------

// Findings of both shapes come through the real SDK client (awsJson1.1 over
// the in-memory handler) exactly as the fake returns them directly.
func TestScanningThroughTheSDKClient(t *testing.T) {
	f, clock, ctx := newFake(t)
	client := f.Client()
	createScanOnPushRepo(t, f, "app")
	for i := range 6 {
		pushImage(t, f, "app", fmt.Sprintf("b%d", i), fmt.Sprint("basic-", i))
	}
	putScanning(t, f, types.ScanTypeEnhanced, rule(types.ScanFrequencyContinuousScan, "app"))
	for i := range 6 {
		pushImage(t, f, "app", fmt.Sprintf("e%d", i), fmt.Sprint("enhanced-", i))
	}
	clock.Advance(ecrfake.DefaultScanDuration)
	for _, tag := range []string{"b0", "b1", "b2", "b3", "b4", "b5", "e0", "e1", "e2", "e3", "e4", "e5"} {
		in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag(tag), MaxResults: aws.Int32(3)}
		direct, err := f.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		wire, err := client.DescribeImageScanFindings(ctx, in)
		require.NoError(t, err)
		wire.ResultMetadata = middleware.Metadata{}
		require.Equal(t, direct, wire, tag)
	}
	for _, call := range []func(ecrScanning) (any, error){
		func(c ecrScanning) (any, error) { return c.GetRegistryScanningConfiguration(ctx, nil) },
		func(c ecrScanning) (any, error) {
			return c.BatchGetRepositoryScanningConfiguration(ctx, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{"app", "nope"}})
		},
		func(c ecrScanning) (any, error) {
			return c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: byTag("b0")})
		},
	} {
		direct, derr := call(f)
		wire, werr := call(client)
		require.Equal(t, fmt.Sprint(derr) != "<nil>", fmt.Sprint(werr) != "<nil>")
		if derr != nil {
			var a, b smithy.APIError
			require.True(t, errors.As(derr, &a) && errors.As(werr, &b))
			require.Equal(t, a.ErrorCode(), b.ErrorCode())
			require.Equal(t, a.ErrorMessage(), b.ErrorMessage())
			continue
		}
		require.Equal(t, stripMetadata(direct), stripMetadata(wire))
	}
}

type ecrScanning interface {
	GetRegistryScanningConfiguration(context.Context, *ecr.GetRegistryScanningConfigurationInput, ...func(*ecr.Options)) (*ecr.GetRegistryScanningConfigurationOutput, error)
	BatchGetRepositoryScanningConfiguration(context.Context, *ecr.BatchGetRepositoryScanningConfigurationInput, ...func(*ecr.Options)) (*ecr.BatchGetRepositoryScanningConfigurationOutput, error)
	StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error)
}

func stripMetadata(v any) any {
	switch o := v.(type) {
	case *ecr.GetRegistryScanningConfigurationOutput:
		o.ResultMetadata = middleware.Metadata{}
	case *ecr.BatchGetRepositoryScanningConfigurationOutput:
		o.ResultMetadata = middleware.Metadata{}
	case *ecr.StartImageScanOutput:
		o.ResultMetadata = middleware.Metadata{}
	}
	return v
}

// ---- snapshots -------------------------------------------------------------

func TestSnapshotRestoresScans(t *testing.T) {
	f, clock, _ := newFake(t, ecrfake.WithRegistryScanQuota(2))
	putScanning(t, f, types.ScanTypeBasic, rule(types.ScanFrequencyScanOnPush, "app"))
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "a")
	require.NoError(t, f.SetScanFindings("app", d, manyFindings(2)))
	snap := f.Snapshot()

	observe := func() []any {
		out, err := findings(f, "app", byTag("v1"))
		cfg, cerr := f.GetRegistryScanningConfiguration(context.Background(), nil)
		return []any{out, fmt.Sprint(err), cfg, cerr}
	}
	clock.Advance(ecrfake.DefaultScanDuration)
	want := observe()
	require.Len(t, want[0].(*ecr.DescribeImageScanFindingsOutput).ImageScanFindings.Findings, 2)

	require.NoError(t, f.FailScan("app", d, "x"))
	pushImage(t, f, "app", "v2", "b") // the quota's second scan
	pushImage(t, f, "app", "v3", "c")
	status, _ := scanStatus(t, f, "app", byTag("v3"))
	require.Equal(t, types.ScanStatusLimitExceeded, status)
	putScanning(t, f, types.ScanTypeEnhanced)
	require.NotEqual(t, want, observe())

	f.Restore(snap)
	require.Equal(t, want, observe())
	pushImage(t, f, "app", "v3", "c")
	status, _ = scanStatus(t, f, "app", byTag("v3"))
	require.Equal(t, types.ScanStatusInProgress, status, "the quota ledger was restored too")
}

// TestEnhancedScanEligibilityExpires: Amazon Inspector monitors a
// continuously scanned image for its re-scan duration after the push (14 days
// unless set); then the scan reads SCAN_ELIGIBILITY_EXPIRED without findings.
// A scan on push is done once and does not expire.
func TestEnhancedScanEligibilityExpires(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name      string
		opts      []ecrfake.Option
		frequency types.ScanFrequency
		activeFor time.Duration // 0: never expires
	}{
		{"default: 14 days", nil, types.ScanFrequencyContinuousScan, 14 * day},
		{"180 days", []ecrfake.Option{ecrfake.WithEnhancedRescanDuration(180 * day)}, types.ScanFrequencyContinuousScan, 180 * day},
		{"lifetime", []ecrfake.Option{ecrfake.WithEnhancedRescanDuration(0)}, types.ScanFrequencyContinuousScan, 0},
		{"a scan on push does not expire", nil, types.ScanFrequencyScanOnPush, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t, tt.opts...)
			putScanning(t, f, types.ScanTypeEnhanced, rule(tt.frequency, "app"))
			createRepo(t, f, "app")
			pushImage(t, f, "app", "v1", "a")
			done := types.ScanStatusActive
			if tt.frequency == types.ScanFrequencyScanOnPush {
				done = types.ScanStatusComplete
			}
			if tt.activeFor == 0 {
				clock.Advance(10 * 365 * day)
				status, _ := scanStatus(t, f, "app", byTag("v1"))
				require.Equal(t, done, status)
				return
			}
			clock.Advance(tt.activeFor - time.Millisecond)
			out, err := findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, done, out.ImageScanStatus.Status)
			require.NotEmpty(t, out.ImageScanFindings.EnhancedFindings)

			clock.Advance(time.Millisecond)
			out, err = findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusScanEligibilityExpired, out.ImageScanStatus.Status)
			require.Equal(t, "The configured scan duration has lapsed for this image.", aws.ToString(out.ImageScanStatus.Description))
			require.Nil(t, out.ImageScanFindings, "Inspector closes the findings of an image it stops monitoring")
		})
	}
}

// PENDING's empty findings survive the wire: the SDK client decodes `[]`
// for both lists, as from real ECR.
func TestPendingFindingsThroughTheSDKClient(t *testing.T) {
	f, _, ctx := newFake(t)
	putScanning(t, f, types.ScanTypeEnhanced)
	createRepo(t, f, "app")
	pushImage(t, f, "app", "v1", "a")
	out, err := f.Client().DescribeImageScanFindings(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
	require.NoError(t, err)
	require.Equal(t, types.ScanStatusPending, out.ImageScanStatus.Status)
	require.Equal(t, pendingDesc, aws.ToString(out.ImageScanStatus.Description))
	require.NotNil(t, out.ImageScanFindings)
	require.NotNil(t, out.ImageScanFindings.Findings)
	require.Empty(t, out.ImageScanFindings.Findings)
	require.NotNil(t, out.ImageScanFindings.EnhancedFindings)
	require.Empty(t, out.ImageScanFindings.EnhancedFindings)
	require.Nil(t, out.ImageScanFindings.ImageScanCompletedAt)
}
