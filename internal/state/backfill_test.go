package state

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

// The backfill timetable: PREPARING for a minute, then one replication a
// second; a stop ends it at once unless a replication is in flight.
func TestBackfillAt(t *testing.T) {
	t0 := cloneEpoch
	sec := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	var (
		preparing  = types.ReplicationBackfillStatusPreparing
		inProgress = types.ReplicationBackfillStatusInProgress
		complete   = types.ReplicationBackfillStatusComplete
		stopping   = types.ReplicationBackfillStatusStopping
		stopped    = types.ReplicationBackfillStatusStopped
	)
	tests := []struct {
		name    string
		work    int
		stop    time.Time
		now     time.Time
		want    backfillState
		visible bool
	}{
		{name: "just started", work: 3, now: t0, want: backfillState{status: preparing}, visible: true},
		{name: "still preparing", work: 3, now: sec(59.999), want: backfillState{status: preparing}, visible: true},
		{name: "prepared", work: 3, now: sec(60), want: backfillState{status: inProgress, prepared: true}, visible: true},
		{name: "one replicated", work: 3, now: sec(61.5), want: backfillState{status: inProgress, prepared: true, done: 1}, visible: true},
		{name: "all replicated", work: 3, now: sec(63), want: backfillState{status: complete, prepared: true, done: 3, endedAt: sec(63)}, visible: true},
		{name: "kept 90 days", work: 3, now: sec(63).Add(BackfillRetention - time.Millisecond), want: backfillState{status: complete, prepared: true, done: 3, endedAt: sec(63)}, visible: true},
		{name: "gone after 90 days", work: 3, now: sec(63).Add(BackfillRetention), want: backfillState{status: complete, prepared: true, done: 3, endedAt: sec(63)}},
		{name: "nothing to replicate", work: 0, now: sec(60), want: backfillState{status: complete, prepared: true, endedAt: sec(60)}, visible: true},
		{name: "stopped while preparing", work: 3, stop: sec(30), now: sec(30), want: backfillState{status: stopped, endedAt: sec(30)}, visible: true},
		{name: "stopped while preparing, later", work: 3, stop: sec(30), now: sec(100), want: backfillState{status: stopped, endedAt: sec(30)}, visible: true},
		{name: "stopped as preparation ended", work: 3, stop: sec(60), now: sec(60), want: backfillState{status: stopped, prepared: true, endedAt: sec(60)}, visible: true},
		{name: "stopped between replications", work: 3, stop: sec(62), now: sec(62), want: backfillState{status: stopped, prepared: true, done: 2, endedAt: sec(62)}, visible: true},
		{name: "stopping", work: 3, stop: sec(61.5), now: sec(61.5), want: backfillState{status: stopping, prepared: true, done: 1}, visible: true},
		{name: "still stopping", work: 3, stop: sec(61.5), now: sec(61.999), want: backfillState{status: stopping, prepared: true, done: 1}, visible: true},
		{name: "stopped once the replication in flight finished", work: 3, stop: sec(61.5), now: sec(62), want: backfillState{status: stopped, prepared: true, done: 2, endedAt: sec(62)}, visible: true},
		{name: "stopped during the last replication", work: 3, stop: sec(62.5), now: sec(70), want: backfillState{status: stopped, prepared: true, done: 3, endedAt: sec(63)}, visible: true},
		{name: "stopped, gone after 90 days", work: 3, stop: sec(30), now: sec(30).Add(BackfillRetention), want: backfillState{status: stopped, endedAt: sec(30)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &backfill{startedAt: t0, work: make([]backfillItem, tt.work), stoppedAt: tt.stop}
			got := b.at(tt.now)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.visible, got.visible(tt.now))
			require.Equal(t, !tt.want.endedAt.IsZero(), got.terminal())
		})
	}
}

// seedBackfills gives the seeded world a replication configuration and
// backfills in every state: complete, stopped, in progress.
func seedBackfills(f *worldFixture) []string {
	f.tb.Helper()
	f.putReplication(replicationTo([]string{"app", "lib/"}, "us-west-2", "eu-west-1"), replicationTo(nil, "ap-south-1"))
	var ids []string
	start := func(region string) {
		out, err := f.w.StartReplicationBackfill(f.now, &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: strp(region), RegistryId: strp(acctOwn)}})
		require.NoError(f.tb, err)
		ids = append(ids, *out.ReplicationBackfillId)
	}
	start("us-west-2")
	f.now = f.now.Add(time.Hour) // us-west-2 is COMPLETE
	start("eu-west-1")
	f.now = f.now.Add(30 * time.Second)
	_, err := f.w.StopReplicationBackfill(f.now, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: strp(ids[1])})
	require.NoError(f.tb, err)
	start("ap-south-1")
	f.now = f.now.Add(BackfillPreparation + 1500*time.Millisecond) // ap-south-1 is IN_PROGRESS
	return ids
}

// dumpBackfills renders every backfill listing and result page at the
// world's own time.
func dumpBackfills(tb testing.TB, w *World, now time.Time) string {
	tb.Helper()
	var out []any
	var token *string
	var ids []string
	for {
		page, err := w.ListReplicationBackfills(now, &ecr.ListReplicationBackfillsInput{MaxResults: ptr(int32(1)), NextToken: token})
		require.NoError(tb, err)
		out = append(out, page)
		for _, b := range page.Backfills {
			ids = append(ids, *b.ReplicationBackfillId)
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	for _, id := range ids {
		token = nil
		for {
			page, err := w.DescribeReplicationBackfillResults(now, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: strp(id), MaxResults: ptr(int32(2)), NextToken: token})
			require.NoError(tb, err)
			out = append(out, page)
			if token = page.NextToken; token == nil {
				break
			}
		}
	}
	out = append(out, fmt.Sprint(w.counters.backfill))
	b, err := json.MarshalIndent(out, "", " ")
	require.NoError(tb, err)
	return string(b)
}

// Clone copies the backfills deeply: each world sees only its own changes,
// no memory is shared, and ids continue from the same counter.
func TestCloneBackfills(t *testing.T) {
	mutations := []cloneMutation{
		{"start a backfill", func(f *worldFixture, s seeded) {
			_, err := f.w.StartReplicationBackfill(f.now, &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: strp("us-west-2"), RegistryId: strp(acctOwn)}})
			require.NoError(f.tb, err)
		}},
		{"stop a backfill", func(f *worldFixture, s seeded) {
			out, err := f.w.ListReplicationBackfills(f.now, &ecr.ListReplicationBackfillsInput{})
			require.NoError(f.tb, err)
			_, err = f.w.StopReplicationBackfill(f.now, &ecr.StopReplicationBackfillInput{ReplicationBackfillId: out.Backfills[0].ReplicationBackfillId})
			require.NoError(f.tb, err)
		}},
	}
	for _, m := range mutations {
		for _, target := range []string{"clone", "original"} {
			t.Run(m.name+"/in "+target, func(t *testing.T) {
				f, s := seedWorld(t)
				seedBackfills(f)
				want := dumpBackfills(t, f.w, f.now)
				c := f.w.Clone()
				require.Equal(t, want, dumpBackfills(t, c, f.now))
				requireNoSharedMemory(t, f.w, c)

				mutated, other := c, f.w
				if target == "original" {
					mutated, other = f.w, c
				}
				m.run(&worldFixture{tb: t, w: mutated, now: f.now}, s)
				require.NotEqual(t, want, dumpBackfills(t, mutated, f.now), "the mutation changed its world")
				require.Equal(t, want, dumpBackfills(t, other, f.now), "the other world is unchanged")
				requireNoSharedMemory(t, f.w, c)
			})
		}
	}

	t.Run("ids repeat after a clone", func(t *testing.T) {
		f, _ := seedWorld(t)
		seedBackfills(f)
		c := f.w.Clone()
		in := &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: strp("us-west-2"), RegistryId: strp(acctOwn)}}
		a, err := f.w.StartReplicationBackfill(f.now, in)
		require.NoError(t, err)
		b, err := c.StartReplicationBackfill(f.now, in)
		require.NoError(t, err)
		require.Equal(t, a, b)
	})
}

// The work of a backfill is fixed when it starts: every image and tag of the
// repositories the rules naming the destination match, untagged images once.
func TestBackfillWork(t *testing.T) {
	f, s := seedWorld(t)
	f.putReplication(replicationTo([]string{"lib/"}, "us-west-2"), replicationTo([]string{"app"}, "us-west-2", "eu-west-1"), replicationTo([]string{"holes"}, "eu-west-1"))
	out, err := f.w.StartReplicationBackfill(f.now, &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: strp("us-west-2"), RegistryId: strp(acctOwn)}})
	require.NoError(t, err)
	r := f.w.registries[acctOwn]
	require.Len(t, r.backfills, 1)
	b := r.backfills[0]
	require.Equal(t, *out.ReplicationBackfillId, b.id)
	require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, b.id)

	var got []string
	for _, it := range b.work {
		got = append(got, it.repo+" "+it.digest+" "+it.tag)
	}
	app := r.repos["app"]
	want := []string{
		"app " + s.d1 + " stable", "app " + s.d1 + " v1",
		"app " + s.d2 + " latest", "app " + s.d2 + " v2",
		"app " + s.d3 + " ",
		"app " + s.d4 + " v3",
		"app " + s.index + " multi",
		"app " + s.sbom + " sbom",
	}
	for _, e := range r.repos["lib/base"].order.entries {
		want = append(want, "lib/base "+e.img.digest+" "+e.img.tags[0])
	}
	require.Len(t, app.images, 6)
	require.Equal(t, want, got)

	// Images pushed later are not part of it.
	f.pushImage("", "app", "later", "later")
	require.Len(t, f.w.registries[acctOwn].backfills[0].work, len(want))
}

// Start drops the backfills whose retention has passed; nothing else does.
func TestBackfillRetentionPruning(t *testing.T) {
	f, _ := seedWorld(t)
	ids := seedBackfills(f)
	r := f.w.registries[acctOwn]
	require.Len(t, r.backfills, 3)
	later := f.now.Add(BackfillRetention + time.Hour)
	out, err := f.w.ListReplicationBackfills(later, &ecr.ListReplicationBackfillsInput{})
	require.NoError(t, err)
	require.Empty(t, out.Backfills)
	require.Len(t, r.backfills, 3, "reads change nothing")

	_, err = f.w.StartReplicationBackfill(later, &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: strp("us-west-2"), RegistryId: strp(acctOwn)}})
	require.NoError(t, err)
	require.Len(t, r.backfills, 1)
	require.NotContains(t, ids, r.backfills[0].id)
}
