package ecrfake

// Limits are the service quotas and size rules the fake enforces. Each
// defaults to real ECR's value; a test may lower one to reach the failure
// cheaply (a zero field means "the default"). Exceeding a limit gives the
// exception real ECR gives for it.
type Limits struct {
	// MinLayerPartSize is the smallest size of every layer part but the last,
	// checked by CompleteLayerUpload (LayerPartTooSmallException). 5 MiB.
	MinLayerPartSize int64
	// MaxLayerPartSize is the largest part UploadLayerPart accepts
	// (InvalidLayerPartException) and the partSize InitiateLayerUpload
	// advertises. 10 MiB.
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

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick64 := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pick64(&l.MinLayerPartSize, d.MinLayerPartSize)
	pick64(&l.MaxLayerPartSize, d.MaxLayerPartSize)
	pick(&l.MaxPartsPerUpload, d.MaxPartsPerUpload)
	pick64(&l.MaxLayerSize, d.MaxLayerSize)
	pick(&l.MaxManifestSize, d.MaxManifestSize)
	pick(&l.MaxLayersPerImage, d.MaxLayersPerImage)
	pick(&l.MaxRepositories, d.MaxRepositories)
	pick(&l.MaxImagesPerRepository, d.MaxImagesPerRepository)
	pick(&l.MaxTagsPerImage, d.MaxTagsPerImage)
	pick(&l.MaxResourceTags, d.MaxResourceTags)
	pick(&l.MaxBatchSize, d.MaxBatchSize)
	pick(&l.MaxPageSize, d.MaxPageSize)
	return l
}
