package perf

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Every workload runs, repeatedly, against the fake directly, through
// f.Client() and over loopback.
func TestOpsRunInEveryMode(t *testing.T) {
	ctx := context.Background()
	lb, err := StartLoopback()
	require.NoError(t, err)
	t.Cleanup(func() { _ = lb.Close() })

	direct := ecrfake.New(ecrfake.WithCallRecording(false))
	viaClient := ecrfake.New(ecrfake.WithCallRecording(false))
	for name, seed := range map[string]func() (*Env, error){
		"direct":   func() (*Env, error) { return Seed(ctx, direct, Repo, 20, 2, true) },
		"client":   func() (*Env, error) { return Seed(ctx, viaClient.Client(), Repo, 20, 2, true) },
		"loopback": func() (*Env, error) { return Seed(ctx, Client(lb.URL), Repo, 20, 2, true) },
	} {
		env, err := seed()
		require.NoError(t, err, name)
		for _, op := range Ops {
			for range 3 {
				require.NoError(t, op.Call(ctx, env), "%s %s", name, op.Name)
			}
		}
	}
}
