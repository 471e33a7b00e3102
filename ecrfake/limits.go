package ecrfake

import "fmt"

// Limits are the service quotas and size rules the fake enforces. Each
// defaults to real ECR's value; a test may lower one to reach the failure
// cheaply (a zero field means "the default"; a negative one panics).
// Exceeding a limit gives the exception real ECR gives for it.
//
// The two part sizes bound each other: every part but the last must be at
// least MinLayerPartSize and at most MaxLayerPartSize. When a test gives only
// one of them, the other follows it where the default would contradict it:
// Limits{MaxLayerPartSize: 4096} lowers MinLayerPartSize to 4096 too, so the
// partSize InitiateLayerUpload advertises is one CompleteLayerUpload accepts,
// and Limits{MinLayerPartSize: 16 << 20} raises MaxLayerPartSize to 16 MiB.
// Giving both with MinLayerPartSize > MaxLayerPartSize panics.
//
// To make uploads multi-part cheaply, lower MaxLayerPartSize (clients split
// layers by the advertised partSize): with Limits{MaxLayerPartSize: 1024} a
// 3 KiB layer goes up in three parts. Lowering only MinLayerPartSize does
// not, since the advertised partSize stays 10 MiB.
type Limits struct {
	// MinLayerPartSize is the smallest size of every layer part but the last,
	// checked by CompleteLayerUpload (LayerPartTooSmallException). 5 MiB.
	MinLayerPartSize int64
	// MaxLayerPartSize is the largest part UploadLayerPart accepts
	// (InvalidLayerPartException) and the partSize InitiateLayerUpload
	// advertises, so the size clients split layers by. 10 MiB.
	MaxLayerPartSize int64
	// MaxPartsPerUpload bounds the parts of one upload (LimitExceededException). 4,200.
	MaxPartsPerUpload int
	// MaxLayerSize bounds the bytes of one layer (LimitExceededException). 52,000 MiB.
	MaxLayerSize int64
	// MaxManifestSize bounds PutImage's imageManifest in bytes
	// (InvalidParameterException). 4 MiB.
	MaxManifestSize int
	// MaxLayersPerImage bounds the layers of one image manifest
	// (InvalidParameterException "Limit on number of layers per image exceeded"). 127.
	MaxLayersPerImage int
	// MaxRepositories bounds the repositories of a registry (LimitExceededException). 10,000.
	MaxRepositories int
	// MaxImagesPerRepository bounds the images of a repository (LimitExceededException). 100,000.
	MaxImagesPerRepository int
	// MaxTagsPerImage bounds the tags of one image (LimitExceededException). 1,000.
	MaxTagsPerImage int
	// MaxResourceTags bounds the resource tags of a repository (TooManyTagsException). 50.
	MaxResourceTags int
	// MaxBatchSize bounds imageIds, layerDigests and repositoryNames lists
	// (InvalidParameterException). 100.
	MaxBatchSize int
	// MaxPageSize is the largest maxResults a listing accepts
	// (InvalidParameterException). 1,000.
	MaxPageSize int
}

const mib = 1 << 20

// DefaultLimits returns real ECR's quotas.
func DefaultLimits() Limits {
	return Limits{
		MinLayerPartSize:       5 * mib,
		MaxLayerPartSize:       10 * mib,
		MaxPartsPerUpload:      4200,
		MaxLayerSize:           52000 * mib,
		MaxManifestSize:        4 * mib,
		MaxLayersPerImage:      127,
		MaxRepositories:        10000,
		MaxImagesPerRepository: 100000,
		MaxTagsPerImage:        1000,
		MaxResourceTags:        50,
		MaxBatchSize:           100,
		MaxPageSize:            1000,
	}
}

// withDefaults fills the zero fields with ECR's values and makes the part
// sizes agree (see Limits); it panics on a negative field or on part sizes
// given in contradiction.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick64 := func(name string, v *int64, def int64) {
		switch {
		case *v < 0:
			panic(fmt.Sprintf("ecrfake: WithLimits: %s is %d; a limit is positive, or 0 for ECR's default (%d)", name, *v, def))
		case *v == 0:
			*v = def
		}
	}
	pick := func(name string, v *int, def int) {
		w := int64(*v)
		pick64(name, &w, int64(def))
		*v = int(w)
	}
	minGiven, maxGiven := l.MinLayerPartSize != 0, l.MaxLayerPartSize != 0
	pick64("MinLayerPartSize", &l.MinLayerPartSize, d.MinLayerPartSize)
	pick64("MaxLayerPartSize", &l.MaxLayerPartSize, d.MaxLayerPartSize)
	if l.MinLayerPartSize > l.MaxLayerPartSize {
		switch {
		case minGiven && maxGiven:
			panic(fmt.Sprintf("ecrfake: WithLimits: MinLayerPartSize (%d) is larger than MaxLayerPartSize (%d), so no multi-part "+
				"upload could complete; lower MinLayerPartSize, or give only MaxLayerPartSize and MinLayerPartSize follows it",
				l.MinLayerPartSize, l.MaxLayerPartSize))
		case maxGiven:
			l.MinLayerPartSize = l.MaxLayerPartSize
		default:
			l.MaxLayerPartSize = l.MinLayerPartSize
		}
	}
	pick("MaxPartsPerUpload", &l.MaxPartsPerUpload, d.MaxPartsPerUpload)
	pick64("MaxLayerSize", &l.MaxLayerSize, d.MaxLayerSize)
	pick("MaxManifestSize", &l.MaxManifestSize, d.MaxManifestSize)
	pick("MaxLayersPerImage", &l.MaxLayersPerImage, d.MaxLayersPerImage)
	pick("MaxRepositories", &l.MaxRepositories, d.MaxRepositories)
	pick("MaxImagesPerRepository", &l.MaxImagesPerRepository, d.MaxImagesPerRepository)
	pick("MaxTagsPerImage", &l.MaxTagsPerImage, d.MaxTagsPerImage)
	pick("MaxResourceTags", &l.MaxResourceTags, d.MaxResourceTags)
	pick("MaxBatchSize", &l.MaxBatchSize, d.MaxBatchSize)
	pick("MaxPageSize", &l.MaxPageSize, d.MaxPageSize)
	return l
}
