package state

import (
	"encoding/base64"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// TokenLifetime is how long an authorization token is valid.
const TokenLifetime = 12 * time.Hour

// GetAuthorizationToken issues a docker-login token: base64 of "AWS:<password>",
// valid for 12 hours, one entry per requested registry (the token itself is not
// registry-scoped; registryIds is deprecated).
func (w *World) GetAuthorizationToken(now time.Time, in *ecr.GetAuthorizationTokenInput) (*ecr.GetAuthorizationTokenOutput, error) {
	ids := in.RegistryIds
	if ids == nil {
		ids = []string{w.cfg.AccountID}
	}
	expires := now.Add(TokenLifetime)
	out := &ecr.GetAuthorizationTokenOutput{AuthorizationData: make([]types.AuthorizationData, len(ids))}
	for i, id := range ids {
		w.counters.token++
		out.AuthorizationData[i] = types.AuthorizationData{
			AuthorizationToken: ptr(base64.StdEncoding.EncodeToString([]byte("AWS:" + w.password(w.counters.token, expires)))),
			ExpiresAt:          ptr(expires),
			ProxyEndpoint:      ptr("https://" + w.registryHost(id)),
		}
	}
	return out, nil
}

// password is opaque like ECR's (a base64 JSON document) and deterministic.
func (w *World) password(n uint64, expires time.Time) string {
	doc := fmt.Sprintf(`{"payload":"ecrfake-%s-%d","version":"2","type":"DATA_KEY","expiration":%d}`, w.cfg.AccountID, n, expires.Unix())
	return base64.StdEncoding.EncodeToString([]byte(doc))
}
