package ecrfake

import (
	"fmt"
	"strings"
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
}

func defaultConfig() config {
	return config{
		clock:               systemClock{},
		accountID:           DefaultAccountID,
		region:              DefaultRegion,
		limits:              DefaultLimits(),
		immutableRepushConf: true,
		recordCalls:         true,
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
// defaults, so a test can lower just the one it exercises:
//
//	ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4}))
func WithLimits(l Limits) Option {
	return func(cfg *config) { cfg.limits = l.withDefaults() }
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

// WithCallRecording turns the call log (Calls, CallsOf) on or off. It is on by
// default; a soak test or a benchmark that pushes many large layers may turn
// it off, since the log keeps a copy of every input and output.
func WithCallRecording(on bool) Option {
	return func(cfg *config) { cfg.recordCalls = on }
}
