package ecrfake

import (
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// WithoutRetryBackoff is an option for Client (or any *ecr.Client) that keeps
// the SDK's standard retry policy — which errors are retried, how many
// attempts — but waits no time between attempts and never runs out of retry
// tokens, so a test of retry behaviour runs instantly:
//
//	client := f.Client(ecrfake.WithoutRetryBackoff)
func WithoutRetryBackoff(o *ecr.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		so.RateLimiter = ratelimit.None
	})
}

// IsNotModelled reports whether err is the fake's answer to an operation it
// does not model yet, so a test or conformance suite can skip instead of fail.
func IsNotModelled(err error) bool {
	var ve *types.ValidationException
	return errors.As(err, &ve) && strings.HasPrefix(ve.ErrorMessage(), errs.NotModelledPrefix)
}

// Now returns the fake's current time as the service records it: the
// clock's now, in UTC, at millisecond precision.
func (f *Fake) Now() time.Time { return f.now() }
