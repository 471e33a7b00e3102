package ecrfake_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A record is fixed when the call ends: nothing the caller does to its input
// or output afterwards, and nothing a reader does to what it read, reaches it.
func TestCallLogRecordsCannotChange(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"app"}}
	out, err := f.DescribeRepositories(ctx, in)
	require.NoError(t, err)

	in.RepositoryNames[0] = "caller-changed-input"
	*out.Repositories[0].RepositoryName = "caller-changed-output"
	out.Repositories[0].ImageScanningConfiguration.ScanOnPush = true

	read := ecrfake.TypedCalls(f, f.DescribeRepositories)
	require.Len(t, read, 1)
	assert.Equal(t, []string{"app"}, read[0].Input.RepositoryNames)
	assert.Equal(t, "app", *read[0].Output.Repositories[0].RepositoryName)
	assert.False(t, read[0].Output.Repositories[0].ImageScanningConfiguration.ScanOnPush)

	read[0].Input.RepositoryNames[0] = "reader-changed"
	*read[0].Output.Repositories[0].RepositoryArn = "reader-changed"
	again := f.CallsTo(ecrfake.OpDescribeRepositories)[0]
	assert.Equal(t, []string{"app"}, again.Input.(*ecr.DescribeRepositoriesInput).RepositoryNames)
	assert.Equal(t, "arn:aws:ecr:us-east-1:123456789012:repository/app", *again.Output.(*ecr.DescribeRepositoriesOutput).Repositories[0].RepositoryArn)
}

// A layer part is copied once when the call starts: the caller may reuse its
// buffer at once, and the log shares the fake's copy instead of keeping one.
func TestCallLogSharesTheFakesCopyOfAPart(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	buf := []byte("layer bytes")
	_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(buf) - 1)), LayerPartBlob: buf})
	require.NoError(t, err)
	copy(buf, "XXXXXXXXXXX") // the caller reuses its buffer
	d := sha([]byte("layer bytes"))
	_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{d}})
	require.NoError(t, err, "the stored layer is what was sent")

	parts := ecrfake.CallsOf[ecr.UploadLayerPartInput](f)
	require.Len(t, parts, 1)
	assert.Equal(t, "layer bytes", string(parts[0].LayerPartBlob))
	assert.Equal(t, len(parts[0].LayerPartBlob), cap(parts[0].LayerPartBlob), "an append cannot reach shared bytes")
	blob, ok := f.Blob(d)
	require.True(t, ok)
	assert.Equal(t, "layer bytes", string(blob))
}

// Recording a call costs no allocation beyond the call's own: inputs and
// outputs are frozen into shared chunks. (Before the frozen log,
// DescribeRepositories made 19 allocations with the log and 6 without.)
func TestCallLogAllocatesNothingPerCall(t *testing.T) {
	ctx := context.Background()
	allocs := func(opts ...ecrfake.Option) float64 {
		f := ecrfake.New(opts...)
		createRepo(t, f, "app")
		in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"app"}}
		return testing.AllocsPerRun(2000, func() {
			if _, err := f.DescribeRepositories(ctx, in); err != nil {
				t.Fatal(err)
			}
		})
	}
	without, with := allocs(ecrfake.WithCallRecording(false)), allocs()
	assert.LessOrEqual(t, with, without+0.1, "log on: %v allocations per call, log off: %v", with, without)
}

func TestCallLogLimit(t *testing.T) {
	f, _, ctx := newFake(t, ecrfake.WithCallLogLimit(3))
	for i := range 600 { // more than one block of records
		_, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RegistryId: aws.String(fmt.Sprint(i))})
		require.Error(t, err) // a registry id that is not the fake's
	}
	calls := f.Calls()
	require.Len(t, calls, 3)
	assert.Equal(t, []int{598, 599, 600}, []int{calls[0].Seq, calls[1].Seq, calls[2].Seq}, "the last three, numbered as they came")
	assert.Equal(t, "599", *calls[2].Input.(*ecr.DescribeRepositoriesInput).RegistryId)

	assert.PanicsWithValue(t, "ecrfake: WithCallLogLimit(0): the limit must be positive; use WithCallRecording(false) to keep no calls",
		func() { ecrfake.WithCallLogLimit(0) })
}

// Calls that end out of order are still listed in the order they started,
// and every one is recorded once.
func TestCallLogConcurrentCalls(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				_, _ = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), NextToken: aws.String(fmt.Sprint(g, i))})
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			_ = f.Calls()
		}
	})
	wg.Wait()
	calls := f.Calls()
	require.Len(t, calls, 801)
	for i, c := range calls {
		require.Equal(t, i+1, c.Seq)
	}
}

// Reading a log that is off fails loudly: an assertion that no call was made
// must not pass because nothing was recorded.
func TestDisabledLogPanics(t *testing.T) {
	f := ecrfake.New(ecrfake.WithCallRecording(false))
	_, _ = f.DescribeRepositories(context.Background(), nil)
	const hint = " on a fake whose call log is off: WithCallRecording(false) turned it off; drop that option (the log is on by default) to assert on calls"
	for name, read := range map[string]func(){
		"Calls":      func() { f.Calls() },
		"CallsTo":    func() { f.CallsTo(ecrfake.OpDescribeRepositories) },
		"CallsOf":    func() { ecrfake.CallsOf[ecr.DescribeRepositoriesInput](f) },
		"TypedCalls": func() { ecrfake.TypedCalls(f, f.DescribeRepositories) },
	} {
		assert.PanicsWithValue(t, "ecrfake: "+name+hint, read, name)
	}
	assert.NotPanics(t, f.ResetCalls, "emptying an empty log is harmless")
}

// TypedCalls gives inputs, outputs and errors with their types.
func TestTypedCalls(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("missing")})
	require.Error(t, err)
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)

	calls := ecrfake.TypedCalls(f, f.ListImages)
	require.Len(t, calls, 2)
	assert.Equal(t, 2, calls[0].Seq)
	assert.Nil(t, calls[0].Output)
	var notFound *types.RepositoryNotFoundException
	assert.ErrorAs(t, calls[0].Err, &notFound)
	assert.Equal(t, "app", *calls[1].Input.RepositoryName)
	require.NotNil(t, calls[1].Output)
	assert.Empty(t, calls[1].Output.ImageIds)
	assert.Equal(t, epoch, calls[1].Time)

	client := f.Client()
	_, err = client.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Len(t, ecrfake.TypedCalls(f, client.ListImages), 3, "a client's method names the operation too")
}

// BenchmarkCallLogRead reads a log of 400,000 records (Calls took 2 s when
// every read deep-copied through reflection).
func BenchmarkCallLogRead(b *testing.B) {
	f := ecrfake.New()
	ctx := context.Background()
	createRepo(b, f, "app")
	in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"app"}}
	for range 400_000 {
		if _, err := f.DescribeRepositories(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("Calls", func(b *testing.B) {
		for b.Loop() {
			if len(f.Calls()) != 400_001 {
				b.Fatal("records lost")
			}
		}
	})
	b.Run("CallsOf", func(b *testing.B) {
		for b.Loop() {
			_ = ecrfake.CallsOf[ecr.DescribeRepositoriesInput](f)
		}
	})
}
