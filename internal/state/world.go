// Package state is the ECR state machine behind the fake: registries,
// repositories, images and tags, layers and uploads, policies and tokens.
//
// It holds no lock and reads no clock. The caller (the dispatch choke point in
// package ecrfake) serialises calls and passes the time of each call, so every
// operation is atomic and deterministic. Operations take the SDK's input types
// and build fresh SDK output values from the package's own model types, so
// nothing returned aliases state and no caller-owned slice is retained.
package state

import (
	"fmt"
	"time"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// Limits are the quotas and size rules the state machine enforces. Every field
// must be positive; package ecrfake fills defaults.
type Limits struct {
	MinLayerPartSize       int64
	MaxLayerPartSize       int64
	MaxPartsPerUpload      int
	MaxLayerSize           int64
	MaxManifestSize        int
	MaxLayersPerImage      int
	MaxRepositories        int
	MaxImagesPerRepository int
	MaxTagsPerImage        int
	MaxResourceTags        int
	MaxBatchSize           int
	MaxPageSize            int
}

// Config identifies the caller's own registry.
type Config struct {
	AccountID string
	Region    string
	Partition string
	DNSSuffix string
	Limits    Limits

	// ImmutableRepushIsTagConflict makes re-pushing the same digest with the
	// same immutable tag answer ImageTagAlreadyExistsException instead of
	// ImageAlreadyExistsException (evidence conflicts on which real ECR does).
	ImmutableRepushIsTagConflict bool

	// ScanDuration is how long a scan runs on the clock: a basic scan is
	// IN_PROGRESS and an enhanced one PENDING until it has elapsed.
	ScanDuration time.Duration
	// EnhancedRescanDuration is how long after its push a continuously
	// scanned image stays monitored (Amazon Inspector's ECR re-scan duration
	// for the push date); after it the scan reads SCAN_ELIGIBILITY_EXPIRED.
	// Zero is Inspector's LIFETIME: monitoring never ends.
	EnhancedRescanDuration time.Duration
	// MaxBasicScansPerDay is the registry-wide quota of basic scans started
	// in any trailing 24 hours; 0 enforces none.
	MaxBasicScansPerDay int
	// LegacyScanSummary makes DescribeImages fill imageScanStatus and
	// imageScanFindingsSummary, which current ECR leaves empty.
	LegacyScanSummary bool

	// RestoreDuration is how long restoring an archived image takes on the
	// clock: it is ACTIVATING until then.
	RestoreDuration time.Duration
}

// World is every registry the fake holds plus the content-addressed blob store
// they share.
type World struct {
	cfg        Config
	registries map[string]*registry
	blobs      map[string]*blob
	counters   counters
	restores   []pendingRestore     // restores in progress, by completion time (archive.go)
	tokens     map[string]time.Time // password -> expiresAt of every token minted (auth.go)
}

// counters feed every generated identifier, so runs repeat exactly.
type counters struct {
	upload   uint64
	image    uint64
	token    uint64
	backfill uint64 // replication backfill ids (backfill.go)
}

// blob is layer content stored once per digest across all repositories.
type blob struct {
	data  segments // never written after storing
	repos int      // repositories whose layer set holds this digest
}

type registry struct {
	id       string
	repos    map[string]*repository
	names    []string // sorted repository names: the DescribeRepositories order
	resource map[string]string

	scanning   scanConfig  // registry scanning configuration
	scanLedger []time.Time // starts of basic scans in the trailing 24 hours, ascending

	settings registrySettings // registry policy, account settings, replication, pull-time exclusions (registry_settings.go)

	signing   []signingEpoch // signing configurations over time, oldest first (signing.go)
	backfills []backfill     // replication backfills in start order (backfill.go)

	pullThrough []pullThroughRule  // pull-through cache rules, sorted by prefix key (pullthrough.go)
	templates   []creationTemplate // repository creation templates, sorted by prefix key (templates.go)
}

// New returns an empty world for cfg.
func New(cfg Config) *World {
	return &World{cfg: cfg, registries: map[string]*registry{}, blobs: map[string]*blob{}}
}

// Config returns the configuration the world was built with.
func (w *World) Config() Config { return w.cfg }

// registryFor resolves an optional registryId to a registry; create makes an
// empty one on first write. A registry that does not exist reads as empty.
func (w *World) registryFor(id *string, create bool) (*registry, string) {
	rid := w.cfg.AccountID
	if id != nil {
		rid = *id
	}
	r := w.registries[rid]
	if r == nil && create {
		r = &registry{id: rid, repos: map[string]*repository{}}
		w.registries[rid] = r
	}
	return r, rid
}

// lookupRepo resolves (registryId, repositoryName) or answers RepositoryNotFoundException.
func (w *World) lookupRepo(registryID, name *string) (*registry, *repository, error) {
	r, rid := w.registryFor(registryID, false)
	n := deref(name)
	if r != nil {
		if repo := r.repos[n]; repo != nil {
			return r, repo, nil
		}
	}
	return nil, nil, errs.RepositoryNotFound(rid, n)
}

func (w *World) repoARN(registryID, name string) string {
	return "arn:" + w.cfg.Partition + ":ecr:" + w.cfg.Region + ":" + registryID + ":repository/" + name
}

func (w *World) registryHost(registryID string) string {
	return registryID + ".dkr.ecr." + w.cfg.Region + "." + w.cfg.DNSSuffix
}

// uuidFrom renders a counter as a UUID-shaped identifier (version 4 layout),
// which satisfies ECR's upload id pattern while staying deterministic.
func uuidFrom(kind uint16, n uint64) string {
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(n>>32), uint16(n>>16), kind&0xfff, uint16(n)&0xfff, n)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ptr[T any](v T) *T { return &v }

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Stats counts what the world holds; tests and benchmarks use it to check
// that failed calls change nothing and that blobs are stored once.
type Stats struct {
	Repositories, Images, Tags, Layers, Uploads, Blobs int
	BlobBytes                                          int64
}

// Stats returns the current counts.
func (w *World) Stats() Stats {
	var s Stats
	for _, r := range w.registries {
		s.Repositories += len(r.repos)
		for _, repo := range r.repos {
			s.Images += len(repo.images)
			s.Tags += len(repo.tags)
			s.Layers += len(repo.layers)
			s.Uploads += len(repo.uploads)
		}
	}
	for _, b := range w.blobs {
		s.Blobs++
		s.BlobBytes += b.data.size
	}
	return s
}
