package scenarios_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/scenarios"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// goodFuncs are correct code for each kind of task.
var goodFuncs = map[scenarios.Kind]func(via) scenarios.Func{
	scenarios.Push: pushGood,
	scenarios.Pull: pullGood,
	scenarios.List: listGood,
	scenarios.Scan: scanGood,
}

// Correct code passes every scenario of its kind, through either front end.
func TestCatalogueAcceptsCorrectCode(t *testing.T) {
	for _, fe := range frontEnds {
		for _, kind := range []scenarios.Kind{scenarios.Push, scenarios.Pull, scenarios.List, scenarios.Scan} {
			t.Run(fe.name+"/"+kind.String(), func(t *testing.T) {
				scenarios.Run(t, scenarios.Catalogue(kind), goodFuncs[kind](fe.api))
			})
		}
	}
}

func TestCatalogueNamesAndKinds(t *testing.T) {
	var names []string
	for _, sc := range scenarios.Catalogue() {
		names = append(names, sc.Name)
		assert.NotEmpty(t, sc.Doc, sc.Name)
		assert.NotNil(t, sc.Check, sc.Name)
		assert.NotZero(t, sc.Kind, sc.Name)
	}
	assert.Equal(t, []string{
		scenarios.ThrottledPagination, scenarios.RepositoryDeletedWhileListing,
		scenarios.ScanQuotaExceeded, scenarios.ScanFailed, scenarios.ScanStillInProgress,
		scenarios.TokenExpiresDuringPush, scenarios.ImmutableTagConflict, scenarios.UploadInterruptedAndResumed,
		scenarios.PartBelowMinimumSize, scenarios.LostPutImageResponse,
		scenarios.LifecycleExpiresUntagged, scenarios.LifecycleArchivesImage,
	}, names)
	assert.Len(t, scenarios.Catalogue(scenarios.Push), 5)
	assert.Len(t, scenarios.Catalogue(scenarios.List, scenarios.Pull), 4)
}

func scenario(t *testing.T, name string) scenarios.Scenario {
	t.Helper()
	for _, sc := range scenarios.Catalogue() {
		if sc.Name == name {
			return sc
		}
	}
	require.FailNow(t, "no scenario "+name)
	return scenarios.Scenario{}
}

// Each bug fails the scenario written for it, with a message that says what
// went wrong.
func TestCatalogueCatchesBugs(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		code     string
		fn       scenarios.Func
		want     string // "" means the scenario accepts the code
	}{
		{scenarios.ThrottledPagination, "swallows errors, direct", listSwallowing(direct), "without listing to the end: it dropped the remaining pages"},
		{scenarios.ThrottledPagination, "swallows errors, SDK retries", listSwallowing(client), ""},
		{scenarios.ThrottledPagination, "one page", listFirstPage(direct), "never asked for a second page"},
		{scenarios.RepositoryDeletedWhileListing, "swallows errors", listSwallowing(client), "the caller cannot tell the listing is incomplete"},
		{scenarios.RepositoryDeletedWhileListing, "one page", listFirstPage(client), "never asked for a second page"},
		{scenarios.ScanQuotaExceeded, "swallows the quota", scanSwallowingQuota(direct), "without reading a completed scan"},
		{scenarios.ScanQuotaExceeded, "returns the quota, SDK retries", scanSwallowingQuota(client), "without reading a completed scan"},
		{scenarios.ScanFailed, "ignores the outcome", scanIgnoringOutcome(direct), "returned nil for a scan that FAILED"},
		{scenarios.ScanStillInProgress, "ignores the outcome", scanIgnoringOutcome(client), "returned nil while the scan was still IN_PROGRESS"},
		{scenarios.TokenExpiresDuringPush, "loses error types", pushLosingTypes(direct), "want an error errors.As finds as a smithy.APIError with code ExpiredTokenException"},
		{scenarios.TokenExpiresDuringPush, "naive", naivePush(client, 10<<10), ""},
		{scenarios.ImmutableTagConflict, "loses error types", pushLosingTypes(client), "want an error errors.As finds as *types.ImageTagAlreadyExistsException"},
		{scenarios.ImmutableTagConflict, "naive", naivePush(direct, 10<<10), ""},
		{scenarios.UploadInterruptedAndResumed, "naive, SDK retries", naivePush(client, 10<<10), "gave up on InvalidLayerPartException (lastValidByteReceived 20479)"},
		{scenarios.UploadInterruptedAndResumed, "naive, direct", naivePush(direct, 10<<10), ""},
		{scenarios.PartBelowMinimumSize, "1 KiB parts", naivePush(direct, 1<<10), "sent a part below the minimum size"},
		{scenarios.PartBelowMinimumSize, "1 MiB parts", naivePush(client, 1<<20), "sent a part ECR rejects"},
		{scenarios.PartBelowMinimumSize, "advertised parts", naivePush(client, 10<<10), ""},
		{scenarios.LostPutImageResponse, "naive, SDK retries", naivePush(client, 10<<10), "failed on ImageAlreadyExistsException after a PutImage whose response was lost"},
		{scenarios.LostPutImageResponse, "naive, direct", naivePush(direct, 10<<10), ""},
		{scenarios.LifecycleExpiresUntagged, "ignores failures", pullIgnoringFailures(client), "which the lifecycle policy expired: read BatchGetImage's Failures"},
		{scenarios.LifecycleArchivesImage, "ignores failures", pullIgnoringFailures(direct), "which the lifecycle policy archived: read BatchGetImage's Failures (ImageInaccessible)"},
	} {
		t.Run(tc.scenario+"/"+tc.code, func(t *testing.T) {
			sc := scenario(t, tc.scenario)
			synctest.Test(t, func(t *testing.T) {
				err := sc.Run(t.Context(), tc.fn)
				if tc.want == "" {
					assert.NoError(t, err)
					return
				}
				require.Error(t, err)
				assert.Contains(t, err.Error(), "scenarios: "+tc.scenario+": ")
				assert.Contains(t, err.Error(), tc.want)
			})
		})
	}
}

// The five-line table test the package exists for.
func TestFiveLineTableTest(t *testing.T) {
	scenarios.Run(t, scenarios.Catalogue(scenarios.Push), func(ctx context.Context, env *scenarios.Env) error {
		return images.Push(ctx, env.Client(), env.Repository, env.Image, images.PushOptions{Tags: []string{env.Tag}})
	})
}
