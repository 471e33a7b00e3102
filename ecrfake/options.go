package ecrfake

import (
	"fmt"
	"strings"
	"time"
)

// Option configures a Fake built by New.
type Option func(*config)

type config struct {
	clock               Clock
	accountID           string
	region              string
	limits              Limits
	immutableRepushConf bool
	recordCalls         bool
	callLogLimit        int

	scanDuration      time.Duration
	scanQuota         int
	legacyScanSummary bool
	rescanDuration    time.Duration

	lifecyclePreviewDuration time.Duration
	lifecycleAutoRun         bool

	restoreDuration time.Duration

	registryAuthOff bool // WithoutRegistryAuth
}

func defaultConfig() config {
	return config{
		clock:               systemClock{},
		accountID:           DefaultAccountID,
		region:              DefaultRegion,
		limits:              DefaultLimits(),
		immutableRepushConf: true,
		recordCalls:         true,

		scanDuration:   DefaultScanDuration,
		scanQuota:      DefaultRegistryScanQuota,
		rescanDuration: DefaultEnhancedRescanDuration,

		lifecyclePreviewDuration: DefaultLifecyclePreviewDuration,

		restoreDuration: DefaultRestoreDuration,
	}
}

// DefaultAccountID and DefaultRegion identify the fake's own registry unless
// WithAccountID or WithRegion says otherwise.
const (
	DefaultAccountID = "123456789012"
	DefaultRegion    = "us-east-1"
)

// WithClock makes the fake read time from c (for example a *ManualClock).
// The default is the system clock.
func WithClock(c Clock) Option {
	return func(cfg *config) {
		if c == nil {
			panic("ecrfake: WithClock(nil)")
		}
		cfg.clock = c
	}
}

// WithAccountID sets the 12-digit account id of the fake's own registry.
// It panics on an id ECR would not accept, since that is a bug in the test.
func WithAccountID(id string) Option {
	return func(cfg *config) {
		if len(id) != 12 || strings.Trim(id, "0123456789") != "" {
			panic(fmt.Sprintf("ecrfake: WithAccountID(%q): an account id is 12 digits", id))
		}
		cfg.accountID = id
	}
}

// WithRegion sets the region of the fake's registry; it appears in ARNs,
// repository URIs and the authorization proxy endpoint.
func WithRegion(region string) Option {
	return func(cfg *config) {
		if len(region) < 2 || len(region) > 25 || strings.Trim(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			panic(fmt.Sprintf("ecrfake: WithRegion(%q): not a region name", region))
		}
		cfg.region = region
	}
}

// WithLimits replaces the quotas and size rules. Zero fields keep their
// defaults, so a test can lower just the one it exercises; the part sizes
// follow each other as Limits describes:
//
//	// Multi-part uploads of small layers: parts of 1 KiB at most (and,
//	// derived, at least 1 KiB for all but the last).
//	ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxLayerPartSize: 1024}))
//
// It panics, when called, on limits that cannot work: a negative field, or
// MinLayerPartSize above MaxLayerPartSize when both are given.
func WithLimits(l Limits) Option {
	l = l.withDefaults()
	return func(cfg *config) { cfg.limits = l }
}

// WithImmutableRepushConflict chooses what re-pushing an image with the same
// digest and the same immutable tag answers: ImageTagAlreadyExistsException
// (true, the default) or ImageAlreadyExistsException (false). Public reports
// of real ECR disagree; mutable tags always answer ImageAlreadyExistsException.
func WithImmutableRepushConflict(tagConflict bool) Option {
	return func(cfg *config) { cfg.immutableRepushConf = tagConflict }
}

// partition returns the ARN partition and DNS suffix of a region.
func partition(region string) (string, string) {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov", "amazonaws.com"
	}
	return "aws", "amazonaws.com"
}

// WithCallRecording turns the call log (Calls, CallsTo, CallsOf, TypedCalls)
// on or off. It is on by default and costs little: each input and output is
// frozen into compact bytes (layer parts are shared with the stored layer,
// not copied). With the log off, reading it panics rather than answer
// nothing. A soak test that makes millions of calls may prefer
// WithCallLogLimit to turning the log off.
func WithCallRecording(on bool) Option {
	return func(cfg *config) { cfg.recordCalls = on }
}

// WithCallLogLimit keeps only the last n calls in the call log (by the order
// they started), so a long-running test's log uses bounded memory; sequence
// numbers keep counting, so Call.Seq shows how many calls came before. The
// default keeps every call. n must be positive: to keep no calls, use
// WithCallRecording(false).
func WithCallLogLimit(n int) Option {
	if n <= 0 {
		panic(fmt.Sprintf("ecrfake: WithCallLogLimit(%d): the limit must be positive; use WithCallRecording(false) to keep no calls", n))
	}
	return func(cfg *config) { cfg.callLogLimit = n }
}

// DefaultScanDuration is how long a scan runs on the fake's clock unless
// WithScanDuration says otherwise. It equals the SDK waiters' default
// MinDelay, so ecr.NewImageScanCompleteWaiter sees IN_PROGRESS on its first
// poll and COMPLETE on its second: at once inside a testing/synctest bubble
// with the default clock, where the waiter's 5-second sleep is virtual.
const DefaultScanDuration = 5 * time.Second

// DefaultRegistryScanQuota is ECR's quota of basic scans per registry in any
// trailing 24 hours.
const DefaultRegistryScanQuota = 100000

// WithScanDuration sets how long a scan runs on the fake's clock: a basic
// scan is IN_PROGRESS (an enhanced one PENDING) until d has passed since it
// started, then COMPLETE or FAILED (an enhanced scan on push COMPLETE,
// continuous enhanced scanning ACTIVE). Zero makes every scan finish
// the instant it starts. d is rounded up to whole milliseconds, the
// precision of the fake's timestamps; a negative d panics.
func WithScanDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.scanDuration = fakeDuration("WithScanDuration", d) }
}

// DefaultEnhancedRescanDuration is how long after its push a continuously
// scanned image is monitored unless WithEnhancedRescanDuration says
// otherwise: 14 days, Amazon Inspector's default ECR re-scan duration (push
// date) for new accounts.
const DefaultEnhancedRescanDuration = 14 * 24 * time.Hour

// WithEnhancedRescanDuration sets Amazon Inspector's ECR re-scan duration for
// the push date: how long after its push an image under ENHANCED continuous
// scanning stays monitored. Once d has passed on the fake's clock,
// DescribeImageScanFindings reports SCAN_ELIGIBILITY_EXPIRED and no findings.
// Inspector offers 14, 30, 60, 90 and 180 days and LIFETIME; zero stands for
// LIFETIME (monitoring never ends). Enhanced scans on push are scanned once
// and never expire. d is rounded up to whole milliseconds; a negative d
// panics.
func WithEnhancedRescanDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.rescanDuration = fakeDuration("WithEnhancedRescanDuration", d) }
}

// WithRegistryScanQuota sets how many basic scans (manual and on push) a
// registry may start in any trailing 24 hours (default 100,000). Beyond it
// StartImageScan answers LimitExceededException and scan on push records
// the status LIMIT_EXCEEDED. n <= 0 restores the default.
func WithRegistryScanQuota(n int) Option {
	return func(cfg *config) {
		if n <= 0 {
			n = DefaultRegistryScanQuota
		}
		cfg.scanQuota = n
	}
}

// WithLegacyScanSummary makes DescribeImages fill imageScanStatus and
// imageScanFindingsSummary from each image's scan, as ECR did before basic
// scanning moved to AWS native technology, for code written against that
// behaviour. By default both stay nil, as in current ECR;
// DescribeImageScanFindings is the API for scan state.
func WithLegacyScanSummary(on bool) Option {
	return func(cfg *config) { cfg.legacyScanSummary = on }
}

// DefaultLifecyclePreviewDuration is how long a lifecycle policy preview runs
// on the fake's clock unless WithLifecyclePreviewDuration says otherwise. It
// equals the SDK waiters' default MinDelay, so
// ecr.NewLifecyclePolicyPreviewCompleteWaiter sees IN_PROGRESS on its first
// poll and COMPLETE on its second: at once inside a testing/synctest bubble
// with the default clock, where the waiter's 5-second sleep is virtual.
const DefaultLifecyclePreviewDuration = 5 * time.Second

// LifecycleEvaluationInterval is how often, in fake-clock time, a stored
// lifecycle policy runs by itself when WithLifecycleAutoRun is on: every
// 24 hours after PutLifecyclePolicy stored it (real ECR acts "within 24
// hours").
const LifecycleEvaluationInterval = 24 * time.Hour

// WithLifecyclePreviewDuration sets how long a lifecycle policy preview stays
// IN_PROGRESS on the fake's clock before it is COMPLETE. Zero completes every
// preview the instant it starts. d is rounded up to whole milliseconds, the
// precision of the fake's timestamps; a negative d panics.
func WithLifecyclePreviewDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.lifecyclePreviewDuration = fakeDuration("WithLifecyclePreviewDuration", d) }
}

// fakeDuration rounds d up to whole milliseconds, the precision of the fake's
// timestamps; a negative d is a bug in the test and panics.
func fakeDuration(option string, d time.Duration) time.Duration {
	if d < 0 {
		panic(fmt.Sprintf("ecrfake: %s(%v): negative duration", option, d))
	}
	return (d + time.Millisecond - 1).Truncate(time.Millisecond)
}

// WithLifecycleAutoRun makes stored lifecycle policies run by themselves, as
// ECR runs them: every LifecycleEvaluationInterval of fake-clock time after
// the policy was put. It is off by default, so a test that advances the
// clock for other reasons never loses images it did not ask to lose;
// RunLifecyclePolicies runs a policy on demand either way. See the package
// documentation for when a due run is applied.
func WithLifecycleAutoRun(on bool) Option {
	return func(cfg *config) { cfg.lifecycleAutoRun = on }
}

// DefaultRestoreDuration is how long restoring an archived image takes on the
// fake's clock unless WithRestoreDuration says otherwise: 20 minutes, the time
// within which ECR says it restores an image.
const DefaultRestoreDuration = 20 * time.Minute

// WithRestoreDuration sets how long an image restored with
// UpdateImageStorageClass (target STANDARD) stays ACTIVATING on the fake's
// clock before it is ACTIVE; zero completes a restore at the instant it is
// asked for (the call still answers ACTIVATING, as ECR does).
func WithRestoreDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.restoreDuration = fakeDuration("WithRestoreDuration", d) }
}
