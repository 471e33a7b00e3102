package ecrfake

// Authorization tokens for docker login.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opGetAuthorizationToken = operation{op: OpGetAuthorizationToken, write: true}

// GetAuthorizationToken implements (*ecr.Client).GetAuthorizationToken.
// Returns one token for the fake's registry: it decodes to "AWS:<password>"
// with a deterministic opaque password, and expiresAt is 12 hours after the
// clock's now. proxyEndpoint is
// https://<account>.dkr.ecr.<region>.amazonaws.com.
func (f *Fake) GetAuthorizationToken(ctx context.Context, params *ecr.GetAuthorizationTokenInput, optFns ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error) {
	return call(ctx, f, opGetAuthorizationToken, params, (*state.World).GetAuthorizationToken)
}
