package wire

import (
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// The listing outputs are the largest the fake writes (a page of 100 image
// details is some 40 KB), and the generated Serialize spends most of its
// time on per-member dispatch. These writers produce the same bytes with
// the keys spelled out; fast_test.go holds them to the generated code (and
// pins the fields of the types they cover). Outputs outside their shape
// (scan summaries in image details) take the generic path.

// writeFast writes v if it is one of the outputs written here and reports
// whether it did.
func (s *serializer) writeFast(v smithy.Serializable) bool {
	if !fastTimes || !fastNoDefaults {
		return false
	}
	switch v := v.(type) {
	case *ecr.DescribeImagesOutput:
		for i := range v.ImageDetails {
			if v.ImageDetails[i].ImageScanFindingsSummary != nil || v.ImageDetails[i].ImageScanStatus != nil {
				return false
			}
		}
		s.buf = appendDescribeImagesOutput(s.buf, v)
		return true
	case *ecr.ListImagesOutput:
		s.buf = appendListImagesOutput(s.buf, v)
		return true
	}
	return false
}

// fastNoDefaults: no shape written here has a member sent with its zero
// value (sentDefaults); the writers below leave zero values out.
var fastNoDefaults = func() bool {
	for _, name := range []string{"DescribeImagesResponse", "ImageDetail", "ListImagesResponse", "ImageIdentifier"} {
		if len(sentDefaults[smithy.ShapeID{Namespace: schemas.DescribeImagesResponse.ID().Namespace, Name: name}]) > 0 {
			return false
		}
	}
	return true
}()

// fastTimes: the timestamps written here are epoch seconds (no
// timestampFormat trait), as the generic path would write them.
var fastTimes = func() bool {
	for _, m := range []*smithy.Schema{schemas.ImageDetail_imagePushedAt, schemas.ImageDetail_lastActivatedAt,
		schemas.ImageDetail_lastArchivedAt, schemas.ImageDetail_lastRecordedPullTime} {
		if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](m); ok && t.Format != "epoch-seconds" {
			return false
		}
	}
	return true
}()

// member writes a member's key, preceded by a comma unless it is the first.
func member(buf []byte, first *bool, key string) []byte {
	if !*first {
		buf = append(buf, ',')
	}
	*first = false
	buf = append(buf, '"')
	buf = append(buf, key...)
	return append(buf, '"', ':')
}

func appendOptString(buf []byte, first *bool, key string, v *string) []byte {
	if v == nil {
		return buf
	}
	return appendString(member(buf, first, key), *v)
}

func appendOptTime(buf []byte, first *bool, key string, v *time.Time) []byte {
	if v == nil {
		return buf
	}
	return appendFloat(member(buf, first, key), smithytime.FormatEpochSeconds(*v), 64)
}

func appendStringList(buf []byte, vs []string) []byte {
	buf = append(buf, '[')
	for i, v := range vs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, v)
	}
	return append(buf, ']')
}

func appendDescribeImagesOutput(buf []byte, v *ecr.DescribeImagesOutput) []byte {
	buf = append(buf, '{')
	first := true
	if v.ImageDetails != nil {
		buf = member(buf, &first, "imageDetails")
		buf = append(buf, '[')
		for i := range v.ImageDetails {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendImageDetail(buf, &v.ImageDetails[i])
		}
		buf = append(buf, ']')
	}
	buf = appendOptString(buf, &first, "nextToken", v.NextToken)
	return append(buf, '}')
}

// appendImageDetail writes d, which has no scan status or summary, with the
// members in the generated order.
func appendImageDetail(buf []byte, d *types.ImageDetail) []byte {
	buf = append(buf, '{')
	first := true
	buf = appendOptString(buf, &first, "artifactMediaType", d.ArtifactMediaType)
	buf = appendOptString(buf, &first, "imageDigest", d.ImageDigest)
	buf = appendOptString(buf, &first, "imageManifestMediaType", d.ImageManifestMediaType)
	buf = appendOptTime(buf, &first, "imagePushedAt", d.ImagePushedAt)
	if d.ImageSizeInBytes != nil {
		buf = strconv.AppendInt(member(buf, &first, "imageSizeInBytes"), *d.ImageSizeInBytes, 10)
	}
	if d.ImageStatus != "" {
		buf = appendString(member(buf, &first, "imageStatus"), string(d.ImageStatus))
	}
	if d.ImageTags != nil {
		buf = appendStringList(member(buf, &first, "imageTags"), d.ImageTags)
	}
	buf = appendOptTime(buf, &first, "lastActivatedAt", d.LastActivatedAt)
	buf = appendOptTime(buf, &first, "lastArchivedAt", d.LastArchivedAt)
	buf = appendOptTime(buf, &first, "lastRecordedPullTime", d.LastRecordedPullTime)
	buf = appendOptString(buf, &first, "registryId", d.RegistryId)
	buf = appendOptString(buf, &first, "repositoryName", d.RepositoryName)
	buf = appendOptString(buf, &first, "subjectManifestDigest", d.SubjectManifestDigest)
	return append(buf, '}')
}

func appendListImagesOutput(buf []byte, v *ecr.ListImagesOutput) []byte {
	buf = append(buf, '{')
	first := true
	if v.ImageIds != nil {
		buf = member(buf, &first, "imageIds")
		buf = append(buf, '[')
		for i := range v.ImageIds {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '{')
			idFirst := true
			buf = appendOptString(buf, &idFirst, "imageDigest", v.ImageIds[i].ImageDigest)
			buf = appendOptString(buf, &idFirst, "imageTag", v.ImageIds[i].ImageTag)
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	buf = appendOptString(buf, &first, "nextToken", v.NextToken)
	return append(buf, '}')
}
