package wire

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

// The hand-written writers spell out the members of these types: a new SDK
// member must be added there, then here.
func TestFastWritersKnowEveryMember(t *testing.T) {
	for _, tt := range []struct {
		typ    reflect.Type
		fields string
	}{
		{reflect.TypeFor[ecr.DescribeImagesOutput](), "ImageDetails NextToken ResultMetadata noSmithyDocumentSerde"},
		{reflect.TypeFor[ecr.ListImagesOutput](), "ImageIds NextToken ResultMetadata noSmithyDocumentSerde"},
		{reflect.TypeFor[types.ImageDetail](), "ArtifactMediaType ImageDigest ImageManifestMediaType ImagePushedAt ImageScanFindingsSummary ImageScanStatus ImageSizeInBytes ImageStatus ImageTags LastActivatedAt LastArchivedAt LastRecordedPullTime RegistryId RepositoryName SubjectManifestDigest noSmithyDocumentSerde"},
		{reflect.TypeFor[types.ImageIdentifier](), "ImageDigest ImageTag noSmithyDocumentSerde"},
	} {
		var names []string
		for i := range tt.typ.NumField() {
			names = append(names, tt.typ.Field(i).Name)
		}
		require.Equal(t, tt.fields, strings.Join(names, " "), "fields of %v: update fast.go, then this list", tt.typ)
	}
	require.True(t, fastTimes)
}

func TestFastWritersMatchTheSDK(t *testing.T) {
	ctx := context.Background()
	f := &filler{rng: rand.New(rand.NewPCG(5, 8)), maxMap: 1}
	for _, typ := range []reflect.Type{reflect.TypeFor[ecr.DescribeImagesOutput](), reflect.TypeFor[ecr.ListImagesOutput]()} {
		fast := 0
		for range 300 {
			v := reflect.New(typ)
			f.fill(v.Elem(), 0)
			if d, ok := v.Interface().(*ecr.DescribeImagesOutput); ok && f.rng.IntN(4) > 0 {
				for i := range d.ImageDetails { // mostly the shape the fast path takes
					d.ImageDetails[i].ImageScanFindingsSummary, d.ImageDetails[i].ImageScanStatus = nil, nil
				}
			}
			probe := newSerializer()
			if probe.writeFast(v.Interface().(smithy.Serializable)) {
				fast++
			}
			probe.release()
			want, err := encodeOutputSDK(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			got, err := EncodeOutput(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "%s", typ)
		}
		require.Greater(t, fast, 150, "%s: the fast path was exercised", typ)
	}
	// Empty and nil lists.
	for _, v := range []smithy.Serializable{&ecr.DescribeImagesOutput{}, &ecr.DescribeImagesOutput{ImageDetails: []types.ImageDetail{}},
		&ecr.ListImagesOutput{}, &ecr.ListImagesOutput{ImageIds: []types.ImageIdentifier{{}}}, &ecr.DescribeImagesOutput{ImageDetails: []types.ImageDetail{{}}}} {
		want, err := encodeOutputSDK(ctx, v)
		require.NoError(t, err)
		got, err := EncodeOutput(ctx, v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
}
