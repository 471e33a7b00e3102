package ecrfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// The fake's fixed backfill timetable (see StartReplicationBackfill).
const (
	backfillPreparation = time.Minute
	backfillRetention   = 90 * 24 * time.Hour
)

// backfillID is the id of the nth backfill a fake starts.
func backfillID(n int) string { return fmt.Sprintf("00000000-0000-40bf-8%03x-%012x", n, n) }

func startBackfill(t testing.TB, f *ecrfake.Fake, d types.ReplicationDestination) *ecr.StartReplicationBackfillOutput {
	t.Helper()
	out, err := f.StartReplicationBackfill(context.Background(), &ecr.StartReplicationBackfillInput{Destination: &d})
	require.NoError(t, err)
	return out
}

func describeBackfill(t testing.TB, f *ecrfake.Fake, id string, mod ...func(*ecr.DescribeReplicationBackfillResultsInput)) *ecr.DescribeReplicationBackfillResultsOutput {
	t.Helper()
	in := &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(id)}
	for _, m := range mod {
		m(in)
	}
	out, err := f.DescribeReplicationBackfillResults(context.Background(), in)
	require.NoError(t, err)
	return out
}

func stopBackfill(f *ecrfake.Fake, id string) (*ecr.StopReplicationBackfillOutput, error) {
	return f.StopReplicationBackfill(context.Background(), &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String(id)})
}

func listBackfills(t testing.TB, f *ecrfake.Fake) []types.ReplicationBackfillSummary {
	t.Helper()
	var all []types.ReplicationBackfillSummary
	p := ecr.NewListReplicationBackfillsPaginator(f, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		require.NotNil(t, page.Backfills)
		all = append(all, page.Backfills...)
	}
	return all
}

func progress(done, total int) *types.ReplicationBackfillProgress {
	return &types.ReplicationBackfillProgress{
		CompletedReplicationCount: aws.Int32(int32(done)), FailedReplicationCount: aws.Int32(0),
		FailureCodes: []string{}, TotalReplicationCount: aws.Int32(int32(total)),
	}
}

// backfillView renders what a client can see of backfills: every listing
// page and every backfill's results.
func backfillView(t testing.TB, f *ecrfake.Fake) string {
	t.Helper()
	var seen []any
	for _, b := range listBackfills(t, f) {
		seen = append(seen, b)
		p := ecr.NewDescribeReplicationBackfillResultsPaginator(f, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: b.ReplicationBackfillId, MaxResults: aws.Int32(3)})
		for p.HasMorePages() {
			page, err := p.NextPage(context.Background())
			require.NoError(t, err)
			seen = append(seen, withoutMetadata(page))
		}
	}
	b, err := json.Marshal(seen)
	require.NoError(t, err)
	return string(b)
}

// backfillRegistry holds two repositories the rules for us-west-2 match
// (app: three images, one untagged and one with two tags; lib/base: one)
// and one they do not (other).
func backfillRegistry(t testing.TB) (*ecrfake.Fake, *ecrfake.ManualClock, []types.ReplicationBackfillResult) {
	t.Helper()
	f, clock, ctx := newFake(t)
	_, d1 := pushNew(t, f, "app", "v1", "one")
	m2, d2 := pushNew(t, f, "app", "v2", "two")
	_, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(m2), ImageTag: aws.String("latest")})
	require.NoError(t, err)
	_, d3 := pushNew(t, f, "app", "", "three")
	_, d4 := pushNew(t, f, "lib/base", "1.0", "base")
	pushNew(t, f, "other", "x", "other")
	putReplication(t, f,
		replRule([]string{"app"}, dest("us-west-2"), dest("eu-west-1")),
		replRule([]string{"lib/"}, dest("us-west-2")),
		replRule(nil, destIn("us-west-2", "210987654321")),
	)
	result := func(repo, digest, tag string) types.ReplicationBackfillResult {
		r := types.ReplicationBackfillResult{ImageId: &types.ImageIdentifier{ImageDigest: aws.String(digest)}, RepositoryName: aws.String(repo), Status: types.ReplicationBackfillResultStatusComplete}
		if tag != "" {
			r.ImageId.ImageTag = aws.String(tag)
		}
		return r
	}
	return f, clock, []types.ReplicationBackfillResult{
		result("app", d1, "v1"), result("app", d2, "latest"), result("app", d2, "v2"), result("app", d3, ""), result("lib/base", d4, "1.0"),
	}
}

// A backfill prepares for a minute, then replicates one image and tag a
// second; its results appear once it has ended and stay for 90 days.
func TestReplicationBackfillRunsOnTheClock(t *testing.T) {
	f, clock, results := backfillRegistry(t)
	start := epoch.Add(time.Minute)
	clock.Set(start)

	out := startBackfill(t, f, dest("us-west-2"))
	require.Equal(t, &ecr.StartReplicationBackfillOutput{
		Destination: &types.ReplicationDestination{Region: aws.String("us-west-2"), RegistryId: aws.String(ownAccount)},
		RegistryId:  aws.String(ownAccount), ReplicationBackfillId: aws.String(backfillID(1)),
		StartedAt: aws.Time(start), Status: types.ReplicationBackfillStatusPreparing,
	}, withoutMetadata(out))

	summary := func(status types.ReplicationBackfillStatus, p *types.ReplicationBackfillProgress, ended time.Time) types.ReplicationBackfillSummary {
		s := types.ReplicationBackfillSummary{Destination: out.Destination, ReplicationBackfillId: out.ReplicationBackfillId, StartedAt: out.StartedAt, Status: status, Progress: p}
		if !ended.IsZero() {
			s.EndedAt = aws.Time(ended)
		}
		return s
	}
	steps := []struct {
		at      time.Duration
		status  types.ReplicationBackfillStatus
		done    int
		ended   time.Duration
		results []types.ReplicationBackfillResult
	}{
		{at: 0, status: types.ReplicationBackfillStatusPreparing, done: -1},
		{at: backfillPreparation - time.Millisecond, status: types.ReplicationBackfillStatusPreparing, done: -1},
		{at: backfillPreparation, status: types.ReplicationBackfillStatusInProgress, done: 0},
		{at: backfillPreparation + 2500*time.Millisecond, status: types.ReplicationBackfillStatusInProgress, done: 2},
		{at: backfillPreparation + 4999*time.Millisecond, status: types.ReplicationBackfillStatusInProgress, done: 4},
		{at: backfillPreparation + 5*time.Second, status: types.ReplicationBackfillStatusComplete, done: 5, ended: backfillPreparation + 5*time.Second, results: results},
		{at: backfillPreparation + 5*time.Second + backfillRetention - time.Millisecond, status: types.ReplicationBackfillStatusComplete, done: 5, ended: backfillPreparation + 5*time.Second, results: results},
	}
	for _, st := range steps {
		clock.Set(start.Add(st.at))
		var p *types.ReplicationBackfillProgress
		if st.done >= 0 {
			p = progress(st.done, len(results))
		}
		var ended time.Time
		if st.ended != 0 {
			ended = start.Add(st.ended)
		}
		require.Equal(t, []types.ReplicationBackfillSummary{summary(st.status, p, ended)}, listBackfills(t, f), "at %v", st.at)

		got := describeBackfill(t, f, backfillID(1))
		want := &ecr.DescribeReplicationBackfillResultsOutput{
			Destination: out.Destination, Progress: p, RegistryId: aws.String(ownAccount), ReplicationBackfillId: out.ReplicationBackfillId,
			Results: st.results, StartedAt: out.StartedAt, Status: st.status,
		}
		if want.Results == nil {
			want.Results = []types.ReplicationBackfillResult{}
		}
		if !ended.IsZero() {
			want.EndedAt = aws.Time(ended)
		}
		require.Equal(t, want, withoutMetadata(got), "at %v", st.at)
	}

	// The result status filter and pages of results.
	require.Empty(t, describeBackfill(t, f, backfillID(1), func(in *ecr.DescribeReplicationBackfillResultsInput) {
		in.ResultStatusFilter = types.ReplicationBackfillResultStatusFailed
	}).Results)
	require.Equal(t, results, describeBackfill(t, f, backfillID(1), func(in *ecr.DescribeReplicationBackfillResultsInput) {
		in.ResultStatusFilter = types.ReplicationBackfillResultStatusComplete
	}).Results)
	var paged []types.ReplicationBackfillResult
	var tokens []string
	p := ecr.NewDescribeReplicationBackfillResultsPaginator(f, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Results), 2)
		paged = append(paged, page.Results...)
		if page.NextToken != nil {
			tokens = append(tokens, *page.NextToken)
		}
	}
	require.Equal(t, results, paged)
	require.Len(t, tokens, 2)
	require.NotEqual(t, tokens[0], tokens[1])

	// 90 days after it ended, it is gone.
	clock.Set(start.Add(backfillPreparation + 5*time.Second + backfillRetention))
	require.Empty(t, listBackfills(t, f))
	_, err := f.DescribeReplicationBackfillResults(context.Background(), &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1))})
	requireAPIError(t, err, "ReplicationBackfillNotFoundException", "The replication backfill with id '"+backfillID(1)+"' does not exist in the registry with id '123456789012'")
	_, err = stopBackfill(f, backfillID(1))
	requireAPIError(t, err, "ReplicationBackfillNotFoundException", "The replication backfill with id '"+backfillID(1)+"' does not exist in the registry with id '123456789012'")
}

// The work is fixed when the backfill starts; the rules that name the
// destination decide the repositories.
func TestReplicationBackfillWork(t *testing.T) {
	f, clock, results := backfillRegistry(t)
	eu := startBackfill(t, f, dest("eu-west-1"))
	other := startBackfill(t, f, destIn("us-west-2", "210987654321"))
	pushNew(t, f, "app", "later", "later")
	clock.Advance(time.Hour)
	require.Equal(t, results[:4], describeBackfill(t, f, *eu.ReplicationBackfillId).Results, "eu-west-1 is named by the app rule only")
	require.Len(t, describeBackfill(t, f, *other.ReplicationBackfillId).Results, 6, "a rule without filters matches every repository")
}

func TestStopReplicationBackfill(t *testing.T) {
	const total = 5
	tests := []struct {
		name     string
		stopAt   time.Duration // after the start
		status   types.ReplicationBackfillStatus
		progress *types.ReplicationBackfillProgress
		// afterwards, at the end of the in-flight replication
		finalAt       time.Duration
		finalProgress *types.ReplicationBackfillProgress
		ended         time.Duration
	}{
		{name: "while preparing", stopAt: 30 * time.Second, status: types.ReplicationBackfillStatusStopped,
			finalAt: time.Hour, ended: 30 * time.Second},
		{name: "as preparation ends", stopAt: backfillPreparation, status: types.ReplicationBackfillStatusStopped, progress: progress(0, total),
			finalAt: time.Hour, finalProgress: progress(0, total), ended: backfillPreparation},
		{name: "between replications", stopAt: backfillPreparation + 2*time.Second, status: types.ReplicationBackfillStatusStopped, progress: progress(2, total),
			finalAt: time.Hour, finalProgress: progress(2, total), ended: backfillPreparation + 2*time.Second},
		{name: "during a replication", stopAt: backfillPreparation + 2300*time.Millisecond, status: types.ReplicationBackfillStatusStopping, progress: progress(2, total),
			finalAt: backfillPreparation + 3*time.Second, finalProgress: progress(3, total), ended: backfillPreparation + 3*time.Second},
		{name: "during the last replication", stopAt: backfillPreparation + 4001*time.Millisecond, status: types.ReplicationBackfillStatusStopping, progress: progress(4, total),
			finalAt: backfillPreparation + 5*time.Second, finalProgress: progress(5, total), ended: backfillPreparation + 5*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, results := backfillRegistry(t)
			require.Len(t, results, total)
			start := clock.Now()
			id := *startBackfill(t, f, dest("us-west-2")).ReplicationBackfillId
			clock.Set(start.Add(tt.stopAt))
			out, err := stopBackfill(f, id)
			require.NoError(t, err)
			require.Equal(t, &ecr.StopReplicationBackfillOutput{
				Destination: &types.ReplicationDestination{Region: aws.String("us-west-2"), RegistryId: aws.String(ownAccount)},
				RegistryId:  aws.String(ownAccount), ReplicationBackfillId: aws.String(id), StartedAt: aws.Time(start), Status: tt.status,
			}, withoutMetadata(out))
			got := describeBackfill(t, f, id)
			require.Equal(t, tt.status, got.Status)
			require.Equal(t, tt.progress, got.Progress)
			if tt.status == types.ReplicationBackfillStatusStopping {
				require.Empty(t, got.Results, "no results before it ended")
			} else {
				require.Equal(t, append([]types.ReplicationBackfillResult{}, results[:completed(tt.progress)]...), got.Results, "stopped at once: the results are there")
			}

			if tt.status == types.ReplicationBackfillStatusStopping {
				// Stopping again changes nothing; a new backfill to the
				// Region must still wait.
				clock.Set(start.Add(tt.finalAt - time.Millisecond))
				again, err := stopBackfill(f, id)
				require.NoError(t, err)
				require.Equal(t, types.ReplicationBackfillStatusStopping, again.Status)
				_, err = f.StartReplicationBackfill(context.Background(), &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("us-west-2"))})
				requireAPIError(t, err, "ReplicationBackfillInProgressException", "The replication backfill with id '"+id+"' to the region 'us-west-2' is already in progress in the registry with id '123456789012'")
			}

			clock.Set(start.Add(tt.finalAt))
			got = describeBackfill(t, f, id)
			require.Equal(t, types.ReplicationBackfillStatusStopped, got.Status)
			require.Equal(t, tt.finalProgress, got.Progress)
			require.Equal(t, start.Add(tt.ended), *got.EndedAt)
			require.Equal(t, append([]types.ReplicationBackfillResult{}, results[:completed(tt.finalProgress)]...), got.Results, "the replications performed")

			_, err = stopBackfill(f, id)
			requireAPIError(t, err, "ReplicationBackfillInvalidStatusException", "The replication backfill with id '"+id+"' cannot be stopped because its status is 'STOPPED'")
			startBackfill(t, f, dest("us-west-2")) // the Region is free again
		})
	}

	t.Run("complete", func(t *testing.T) {
		f, clock, _ := backfillRegistry(t)
		id := *startBackfill(t, f, dest("us-west-2")).ReplicationBackfillId
		clock.Advance(time.Hour)
		before := backfillView(t, f)
		_, err := stopBackfill(f, id)
		requireAPIError(t, err, "ReplicationBackfillInvalidStatusException", "The replication backfill with id '"+id+"' cannot be stopped because its status is 'COMPLETE'")
		require.Equal(t, before, backfillView(t, f))
	})
	t.Run("unknown id", func(t *testing.T) {
		f, _, _ := backfillRegistry(t)
		_, err := stopBackfill(f, "nope")
		requireAPIError(t, err, "ReplicationBackfillNotFoundException", "The replication backfill with id 'nope' does not exist in the registry with id '123456789012'")
	})
	t.Run("another registry", func(t *testing.T) {
		f, _, _ := backfillRegistry(t)
		id := *startBackfill(t, f, dest("us-west-2")).ReplicationBackfillId
		_, err := f.StopReplicationBackfill(context.Background(), &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String(id), RegistryId: aws.String("210987654321")})
		requireAPIError(t, err, "ReplicationBackfillNotFoundException", "The replication backfill with id '"+id+"' does not exist in the registry with id '210987654321'")
	})
}

func TestStartReplicationBackfillValidation(t *testing.T) {
	const regionPattern = "Invalid parameter at 'destination.region' failed to satisfy constraint: 'must satisfy regular expression '[0-9a-z-]{2,25}''"
	notConfigured := func(region, registry string) string {
		return fmt.Sprintf("The destination with region '%s' and registry id '%s' is not in the replication configuration of the registry with id '123456789012'", region, registry)
	}
	tests := []struct {
		name      string
		running   []types.ReplicationDestination // backfills started before
		in        *ecr.StartReplicationBackfillInput
		code, msg string
	}{
		{name: "nil input", msg: "missing required field, StartReplicationBackfillInput.Destination"},
		{name: "no region", in: &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{RegistryId: aws.String(ownAccount)}},
			msg: "missing required field, StartReplicationBackfillInput.Destination.Region"},
		{name: "region pattern", in: &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("US-WEST-2"))},
			code: "InvalidParameterException", msg: regionPattern},
		{name: "region too short", in: &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("u"))},
			code: "InvalidParameterException", msg: "Invalid parameter at 'destination.region' failed to satisfy constraint: 'must have length greater than or equal to 2'"},
		{name: "destination registry id", in: &ecr.StartReplicationBackfillInput{Destination: destPtr(destIn("us-west-2", "42"))},
			code: "InvalidParameterException", msg: "Invalid parameter at 'destination.registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{name: "registry id", in: &ecr.StartReplicationBackfillInput{RegistryId: aws.String("x"), Destination: destPtr(dest("us-west-2"))},
			code: "InvalidParameterException", msg: "Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{name: "region not configured", in: &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("sa-east-1"))},
			code: "ValidationException", msg: notConfigured("sa-east-1", ownAccount)},
		{name: "registry not configured for the region", in: &ecr.StartReplicationBackfillInput{Destination: destPtr(destIn("eu-west-1", "210987654321"))},
			code: "ValidationException", msg: notConfigured("eu-west-1", "210987654321")},
		{name: "a registry without a configuration", in: &ecr.StartReplicationBackfillInput{RegistryId: aws.String("210987654321"), Destination: destPtr(dest("us-west-2"))},
			code: "ValidationException", msg: "The destination with region 'us-west-2' and registry id '123456789012' is not in the replication configuration of the registry with id '210987654321'"},
		{name: "the Region has a backfill in progress", running: []types.ReplicationDestination{dest("us-west-2")},
			in:   &ecr.StartReplicationBackfillInput{Destination: destPtr(destIn("us-west-2", "210987654321"))},
			code: "ReplicationBackfillInProgressException", msg: "The replication backfill with id '" + backfillID(1) + "' to the region 'us-west-2' is already in progress in the registry with id '123456789012'"},
		{name: "ten backfills in progress", running: []types.ReplicationDestination{
			dest("r-01"), dest("r-02"), dest("r-03"), dest("r-04"), dest("r-05"), dest("r-06"), dest("r-07"), dest("r-08"), dest("r-09"), dest("r-10"),
		}, in: &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("us-west-2"))},
			code: "LimitExceededException", msg: "The maximum allowed number of replication backfills in progress per registry which is '10' has been exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := backfillRegistry(t)
			ctx := context.Background()
			putReplication(t, f,
				replRule(nil, dest("us-west-2"), dest("eu-west-1"), destIn("us-west-2", "210987654321")),
				replRule(nil, dest("r-01"), dest("r-02"), dest("r-03"), dest("r-04"), dest("r-05"), dest("r-06"), dest("r-07"), dest("r-08"), dest("r-09"), dest("r-10")),
			)
			for _, d := range tt.running {
				startBackfill(t, f, d)
			}
			clock.Advance(time.Second)
			before, stats := backfillView(t, f), ecrfake.Stats(f)
			out, err := f.StartReplicationBackfill(ctx, tt.in)
			require.Error(t, err)
			require.Nil(t, out)
			requireCallError(t, err, tt.code, tt.msg)
			require.Equal(t, before, backfillView(t, f), "a failed call changes nothing")
			require.Equal(t, stats, ecrfake.Stats(f))
			// The next backfill still gets the next id.
			clock.Advance(time.Hour)
			next := startBackfill(t, f, dest("eu-west-1"))
			require.Equal(t, backfillID(len(tt.running)+1), *next.ReplicationBackfillId)
		})
	}

	t.Run("ended backfills do not count", func(t *testing.T) {
		f, clock, _ := backfillRegistry(t)
		putReplication(t, f, replRule(nil, dest("us-west-2"), dest("eu-west-1")))
		first := startBackfill(t, f, dest("us-west-2"))
		clock.Advance(time.Hour)
		second := startBackfill(t, f, dest("us-west-2"))
		stopped := startBackfill(t, f, dest("eu-west-1"))
		_, err := stopBackfill(f, *stopped.ReplicationBackfillId)
		require.NoError(t, err)
		startBackfill(t, f, dest("eu-west-1"))
		var ids []string
		for _, b := range listBackfills(t, f) {
			ids = append(ids, *b.ReplicationBackfillId)
		}
		require.Equal(t, []string{backfillID(4), *stopped.ReplicationBackfillId, *second.ReplicationBackfillId, *first.ReplicationBackfillId}, ids, "newest first")
	})
}

func TestReplicationBackfillReadValidation(t *testing.T) {
	f, clock, _ := backfillRegistry(t)
	ctx := context.Background()
	for range 3 {
		startBackfill(t, f, dest("us-west-2"))
		clock.Advance(time.Hour)
	}
	page, err := f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(1)})
	require.NoError(t, err)
	listToken := page.NextToken
	require.NotNil(t, listToken)
	res, err := f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(1)})
	require.NoError(t, err)
	resultsToken := res.NextToken
	require.NotNil(t, resultsToken)

	tests := []struct {
		name      string
		call      func() (any, error)
		code, msg string
	}{
		{"describe without id", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, nil))
		}, "", "missing required field, DescribeReplicationBackfillResultsInput.ReplicationBackfillId"},
		{"describe unknown id", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String("nope")}))
		}, "ReplicationBackfillNotFoundException", "The replication backfill with id 'nope' does not exist in the registry with id '123456789012'"},
		{"describe maxResults 0", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(0)}))
		}, "InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{"describe maxResults 1001", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(1001)}))
		}, "InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{"describe result status lower-case", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), ResultStatusFilter: "complete"}))
		}, "InvalidParameterException", "Invalid parameter at 'resultStatusFilter' failed to satisfy constraint: 'Member must satisfy enum value set: [COMPLETE, FAILED]'"},
		{"describe with a token of another backfill", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(2)), NextToken: resultsToken}))
		}, "InvalidParameterException", invalidNextToken},
		{"describe with a token of another filter", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), NextToken: resultsToken,
				ResultStatusFilter: types.ReplicationBackfillResultStatusComplete}))
		}, "InvalidParameterException", invalidNextToken},
		{"describe with a list token", func() (any, error) {
			return nilOnError(f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), NextToken: listToken}))
		}, "InvalidParameterException", invalidNextToken},
		{"list maxResults 0", func() (any, error) {
			return nilOnError(f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(0)}))
		}, "InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{"list maxResults 51", func() (any, error) {
			return nilOnError(f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(51)}))
		}, "InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 50'"},
		{"list with a results token", func() (any, error) {
			return nilOnError(f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{NextToken: resultsToken}))
		}, "InvalidParameterException", invalidNextToken},
		{"list with a token of another registry", func() (any, error) {
			return nilOnError(f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{NextToken: listToken, RegistryId: aws.String("210987654321")}))
		}, "InvalidParameterException", invalidNextToken},
		{"list with garbage", func() (any, error) {
			return nilOnError(f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{NextToken: aws.String("garbage")}))
		}, "InvalidParameterException", invalidNextToken},
		{"stop without id", func() (any, error) {
			return nilOnError(f.StopReplicationBackfill(ctx, nil))
		}, "", "missing required field, StopReplicationBackfillInput.ReplicationBackfillId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := backfillView(t, f)
			out, err := tt.call()
			require.Error(t, err)
			require.Nil(t, out)
			requireCallError(t, err, tt.code, tt.msg)
			require.Equal(t, before, backfillView(t, f))
		})
	}

	// Defaults: 25 backfills a page, 100 results a page; another registry
	// lists none.
	other, err := f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{RegistryId: aws.String("210987654321")})
	require.NoError(t, err)
	require.Equal(t, &ecr.ListReplicationBackfillsOutput{RegistryId: aws.String("210987654321"), Backfills: []types.ReplicationBackfillSummary{}}, withoutMetadata(other))
}

func TestReplicationBackfillPageSizes(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	for i := range 120 {
		pushImage(t, f, "app", fmt.Sprintf("t%03d", i), fmt.Sprint(i))
	}
	// 30 backfills under two configurations (at most 25 destinations each).
	for half := range 2 {
		regions := make([]types.ReplicationDestination, 0, 15)
		for i := range 15 {
			regions = append(regions, destIn(fmt.Sprintf("r-%02d", i), fmt.Sprintf("2109876543%02d", half)))
		}
		putReplication(t, f, replRule(nil, regions...))
		for _, d := range regions {
			startBackfill(t, f, d)
			clock.Advance(time.Hour)
		}
	}
	page, err := f.ListReplicationBackfills(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Backfills, 25)
	require.Equal(t, backfillID(30), *page.Backfills[0].ReplicationBackfillId)
	require.NotNil(t, page.NextToken)
	page, err = f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{NextToken: page.NextToken})
	require.NoError(t, err)
	require.Len(t, page.Backfills, 5)
	require.Equal(t, backfillID(5), *page.Backfills[0].ReplicationBackfillId)
	require.Nil(t, page.NextToken)

	res := describeBackfill(t, f, backfillID(1))
	require.Len(t, res.Results, 100)
	require.NotNil(t, res.NextToken)
	res = describeBackfill(t, f, backfillID(1), func(in *ecr.DescribeReplicationBackfillResultsInput) { in.NextToken = res.NextToken })
	require.Len(t, res.Results, 20)
	require.Equal(t, "t100", *res.Results[0].ImageId.ImageTag)
	require.Nil(t, res.NextToken)
}

// Snapshot and Restore carry the backfills and the counter of their ids.
func TestReplicationBackfillSnapshotRestore(t *testing.T) {
	f, clock, _ := backfillRegistry(t)
	first := startBackfill(t, f, dest("us-west-2"))
	clock.Advance(backfillPreparation + 1500*time.Millisecond)
	snap := f.Snapshot()
	want := backfillView(t, f)

	_, err := stopBackfill(f, *first.ReplicationBackfillId)
	require.NoError(t, err)
	next := startBackfill(t, f, dest("eu-west-1"))
	require.NotEqual(t, want, backfillView(t, f))

	f.Restore(snap)
	require.Equal(t, want, backfillView(t, f))
	again := startBackfill(t, f, dest("eu-west-1"))
	require.Equal(t, next, again, "ids repeat after a restore")
}

// Backfill calls race with pushes and with each other without tearing.
func TestReplicationBackfillsConcurrently(t *testing.T) {
	f, clock, _ := backfillRegistry(t)
	ctx := context.Background()
	putReplication(t, f, replRule(nil, dest("r-0"), dest("r-1"), dest("r-2"), dest("r-3")))
	done := make(chan error, 4)
	for w := range 4 {
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				switch w {
				case 0:
					var out *ecr.StartReplicationBackfillOutput
					if out, err = f.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: destPtr(dest(fmt.Sprintf("r-%d", i%4)))}); err == nil {
						_, err = f.StopReplicationBackfill(ctx, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: out.ReplicationBackfillId})
					}
				case 1:
					_, err = f.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(3)})
				case 2:
					_, err = f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1))})
					if err != nil {
						err = nil // not started yet
					}
				case 3:
					_, err = put(f, "app", imageManifest(mtDockerV2, []byte(`{"architecture":"amd64","os":"linux","seed":"one"}`), []byte("layer-of-one")), fmt.Sprintf("c%d", i))
					clock.Advance(time.Millisecond)
				}
			}
			done <- err
		}()
	}
	for range 4 {
		require.NoError(t, <-done)
	}
	require.Len(t, listBackfills(t, f), 20)
}

// backfillAPI is the part of *ecr.Client the backfill operations make up.
type backfillAPI interface {
	StartReplicationBackfill(context.Context, *ecr.StartReplicationBackfillInput, ...func(*ecr.Options)) (*ecr.StartReplicationBackfillOutput, error)
	StopReplicationBackfill(context.Context, *ecr.StopReplicationBackfillInput, ...func(*ecr.Options)) (*ecr.StopReplicationBackfillOutput, error)
	DescribeReplicationBackfillResults(context.Context, *ecr.DescribeReplicationBackfillResultsInput, ...func(*ecr.Options)) (*ecr.DescribeReplicationBackfillResultsOutput, error)
	ListReplicationBackfills(context.Context, *ecr.ListReplicationBackfillsInput, ...func(*ecr.Options)) (*ecr.ListReplicationBackfillsOutput, error)
}

var (
	_ backfillAPI = (*ecrfake.Fake)(nil)
	_ backfillAPI = (*ecr.Client)(nil)
)

// The backfill operations answer the same called directly and through
// f.Client(): outputs (nil progress and empty lists included) and errors.
func TestReplicationBackfillDirectAndClientAgree(t *testing.T) {
	script := func(t *testing.T, clock *ecrfake.ManualClock, c backfillAPI) []step {
		ctx := context.Background()
		var steps []step
		rec := func(name string, out any, err error) { steps = append(steps, step{name, out, err}) }

		out1, err := c.ListReplicationBackfills(ctx, nil)
		rec("list, none", out1, err)
		out2, err := c.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("us-west-2"))})
		rec("start", out2, err)
		out2, err = c.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: destPtr(destIn("us-west-2", "210987654321"))})
		rec("start, in progress", out2, err)
		out2, err = c.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("sa-east-1"))})
		rec("start, not configured", out2, err)
		out3, err := c.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1))})
		rec("describe, preparing", out3, err)
		clock.Advance(backfillPreparation + 1500*time.Millisecond)
		out1, err = c.ListReplicationBackfills(ctx, nil)
		rec("list, in progress", out1, err)
		out4, err := c.StopReplicationBackfill(ctx, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String(backfillID(1))})
		rec("stop, stopping", out4, err)
		clock.Advance(time.Second)
		out3, err = c.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(1)})
		rec("describe, stopped", out3, err)
		if err == nil {
			out3, err = c.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: aws.String(backfillID(1)), MaxResults: aws.Int32(1), NextToken: out3.NextToken})
			rec("describe, stopped, page 2", out3, err)
		}
		out4, err = c.StopReplicationBackfill(ctx, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String(backfillID(1))})
		rec("stop, stopped", out4, err)
		out4, err = c.StopReplicationBackfill(ctx, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String("nope")})
		rec("stop, unknown", out4, err)
		out2, err = c.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: destPtr(dest("eu-west-1"))})
		rec("start another", out2, err)
		out4, err = c.StopReplicationBackfill(ctx, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: aws.String(backfillID(2))})
		rec("stop, preparing", out4, err)
		out1, err = c.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(1)})
		rec("list, page 1", out1, err)
		if err == nil {
			out1, err = c.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(1), NextToken: out1.NextToken})
			rec("list, page 2", out1, err)
		}
		out1, err = c.ListReplicationBackfills(ctx, &ecr.ListReplicationBackfillsInput{MaxResults: aws.Int32(51)})
		rec("list, maxResults 51", out1, err)
		return steps
	}
	run := func(wire bool) []step {
		f, clock, _ := backfillRegistry(t)
		var c backfillAPI = f
		if wire {
			c = f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
		}
		return script(t, clock, c)
	}
	direct, wire := run(false), run(true)
	require.Len(t, wire, len(direct))
	for i := range direct {
		requireSameStep(t, direct[i], wire[i])
	}
}

func destPtr(d types.ReplicationDestination) *types.ReplicationDestination { return &d }

func completed(p *types.ReplicationBackfillProgress) int {
	if p == nil {
		return 0
	}
	return int(*p.CompletedReplicationCount)
}
