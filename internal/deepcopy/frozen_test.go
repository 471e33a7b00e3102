package deepcopy

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"
)

// Every input, output and exception of the SDK survives a freeze and thaw
// exactly, shares nothing mutable with the original, and stays as it was
// frozen whatever happens to the original or to earlier thawed copies.
func TestFreezeEveryOperationType(t *testing.T) {
	names, inputs, outputs := operationTypes(t)
	var all []reflect.Type
	for i := range names {
		all = append(all, inputs[i], outputs[i])
	}
	for _, e := range exceptionTypes {
		all = append(all, reflect.TypeOf(e))
	}
	var z Freezer
	for _, typ := range all {
		t.Run(typ.Elem().Name(), func(t *testing.T) {
			orig := newFilled(t, typ)
			want := newFilled(t, typ)
			fr := z.Freeze(orig.Interface(), false)

			thawed := reflect.ValueOf(fr.Thaw())
			require.Empty(t, diffExported(orig, thawed, typ.String()))
			requireDisjoint(t, orig, thawed, typ.String())
			if md := thawed.Elem().FieldByName("ResultMetadata"); md.IsValid() {
				require.Nil(t, md.Interface().(middleware.Metadata).Get("request"), "ResultMetadata is dropped")
			}

			mutate(orig)
			mutate(thawed)
			again := reflect.ValueOf(fr.Thaw())
			require.Empty(t, diffExported(want, again, typ.String()), "neither the original nor a thawed copy reaches the frozen value")
			requireDisjoint(t, thawed, again, typ.String())
		})
	}
}

func TestFreezeSemantics(t *testing.T) {
	var z Freezer
	t.Run("nil", func(t *testing.T) {
		fr := z.Freeze(nil, false)
		require.True(t, fr.IsZero())
		require.Nil(t, fr.Thaw())
		var typedNil *ecr.PutImageInput
		got := z.Freeze(typedNil, false).Thaw()
		require.IsType(t, typedNil, got)
		require.Nil(t, got.(*ecr.PutImageInput))
	})
	t.Run("nil and empty slices and maps keep their nil-ness", func(t *testing.T) {
		in := &ecr.BatchGetImageInput{ImageIds: []types.ImageIdentifier{}, AcceptedMediaTypes: nil}
		got := z.Freeze(in, false).Thaw().(*ecr.BatchGetImageInput)
		require.NotNil(t, got.ImageIds)
		require.Empty(t, got.ImageIds)
		require.Nil(t, got.AcceptedMediaTypes)
		tags := &ecr.ListTagsForResourceOutput{Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("")}}}
		gotTags := z.Freeze(tags, false).Thaw().(*ecr.ListTagsForResourceOutput)
		require.Equal(t, "", *gotTags.Tags[0].Value, "a pointer to an empty string stays a pointer")
	})
	t.Run("times keep their instant, location and monotonic reading", func(t *testing.T) {
		now := time.Now() // has a monotonic reading
		zone := time.FixedZone("x", 3600)
		out := &ecr.DescribeRepositoriesOutput{Repositories: []types.Repository{{CreatedAt: &now}, {CreatedAt: aws.Time(now.In(zone))}}}
		got := z.Freeze(out, false).Thaw().(*ecr.DescribeRepositoriesOutput)
		require.Equal(t, now, *got.Repositories[0].CreatedAt, "== compares wall, ext and location")
		require.Equal(t, zone, got.Repositories[1].CreatedAt.Location())
	})
	t.Run("byte slices: copied, or shared with shareBytes", func(t *testing.T) {
		blob := make([]byte, 4, 4096)
		copy(blob, "abcd")
		in := &ecr.UploadLayerPartInput{LayerPartBlob: blob}
		copied := z.Freeze(in, false).Thaw().(*ecr.UploadLayerPartInput)
		require.Equal(t, []byte("abcd"), copied.LayerPartBlob)
		require.NotSame(t, unsafe.SliceData(blob), unsafe.SliceData(copied.LayerPartBlob))

		fr := z.Freeze(in, true)
		shared := fr.Thaw().(*ecr.UploadLayerPartInput)
		require.Same(t, unsafe.SliceData(blob), unsafe.SliceData(shared.LayerPartBlob), "not copied")
		require.Equal(t, 4, cap(shared.LayerPartBlob), "an append cannot write past the shared bytes")
		big := &ecr.UploadLayerPartInput{LayerPartBlob: make([]byte, 4096)}
		require.Less(t, z.Freeze(big, true).Size(), 16, "the blob takes no room in the frozen bytes")
	})
	t.Run("long strings are shared, short ones copied", func(t *testing.T) {
		long := strings.Repeat("m", sharedStringMin)
		short := strings.Repeat("s", sharedStringMin-1)
		got := z.Freeze(&ecr.PutImageInput{ImageManifest: &long, ImageTag: &short}, false).Thaw().(*ecr.PutImageInput)
		require.Same(t, unsafe.StringData(long), unsafe.StringData(*got.ImageManifest))
		require.NotSame(t, unsafe.StringData(short), unsafe.StringData(*got.ImageTag))
		require.Equal(t, short, *got.ImageTag)
	})
	t.Run("an equal value shares the previous one's bytes", func(t *testing.T) {
		var z Freezer
		a := z.Freeze(sampleDescribeImagesOutput(3), false)
		b := z.Freeze(sampleDescribeImagesOutput(3), false)
		require.Same(t, unsafe.SliceData(a.data), unsafe.SliceData(b.data))
		c := z.Freeze(sampleDescribeImagesOutput(4), false)
		require.NotSame(t, unsafe.SliceData(a.data), unsafe.SliceData(c.data))
		require.Len(t, c.Thaw().(*ecr.DescribeImagesOutput).ImageDetails, 4)
		require.Len(t, b.Thaw().(*ecr.DescribeImagesOutput).ImageDetails, 3)
	})
	t.Run("interfaces are shared", func(t *testing.T) {
		err := &types.ServerException{Message: aws.String("x")}
		type holder struct{ Err error }
		got := z.Freeze(&holder{Err: err}, false).Thaw().(*holder)
		require.Same(t, err, got.Err)
		require.Nil(t, z.Freeze(&holder{}, false).Thaw().(*holder).Err)
	})
	t.Run("maps", func(t *testing.T) {
		out := &ecr.DescribeImageScanFindingsOutput{ImageScanFindings: &types.ImageScanFindings{
			FindingSeverityCounts: map[string]int32{"HIGH": 2, "LOW": 7}}}
		got := z.Freeze(out, false).Thaw().(*ecr.DescribeImageScanFindingsOutput)
		require.Equal(t, out.ImageScanFindings.FindingSeverityCounts, got.ImageScanFindings.FindingSeverityCounts)
		type headers struct{ H http.Header }
		long := strings.Repeat("v", 40)
		orig := &headers{H: http.Header{"A": {"1", long}, "B": nil, "C": {}}}
		h := z.Freeze(orig, false).Thaw().(*headers)
		require.Equal(t, orig.H, h.H)
		require.NotNil(t, h.H["C"])
		h.H["A"][0] = "changed"
		require.Equal(t, "1", orig.H["A"][0])
	})
	t.Run("a value larger than a chunk", func(t *testing.T) {
		big := string(make([]byte, 3*chunkSize))
		in := &ecr.PutImageInput{ImageManifest: &big}
		fr := z.Freeze(in, false)
		require.Equal(t, big, *fr.Thaw().(*ecr.PutImageInput).ImageManifest)
		small := z.Freeze(&ecr.PutImageInput{ImageTag: aws.String("t")}, false)
		require.Equal(t, "t", *small.Thaw().(*ecr.PutImageInput).ImageTag)
		require.Equal(t, big, *fr.Thaw().(*ecr.PutImageInput).ImageManifest, "later records do not overwrite it")
	})
}

// Freezing allocates nothing per pointer: the bytes go into shared chunks.
func TestFreezeAllocations(t *testing.T) {
	var z Freezer
	out := sampleDescribeImagesOutput(10)
	z.Freeze(out, false) // build the codec
	allocs := testing.AllocsPerRun(100, func() { z.Freeze(out, false) })
	require.LessOrEqual(t, allocs, 0.5, "a chunk now and then, nothing per value")
}

func BenchmarkFreezeDescribeImagesOutput(b *testing.B) {
	var z Freezer
	out := sampleDescribeImagesOutput(100)
	b.ReportAllocs()
	for b.Loop() {
		z.Freeze(out, false)
	}
}

func BenchmarkThawDescribeImagesOutput(b *testing.B) {
	var z Freezer
	fr := z.Freeze(sampleDescribeImagesOutput(100), false)
	b.ReportAllocs()
	for b.Loop() {
		fr.Thaw()
	}
}
