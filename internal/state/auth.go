package state

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	reg "github.com/ecrfake/go-ecrfake/internal/registry"
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
	out := &ecr.GetAuthorizationTokenOutput{AuthorizationData: make([]types.AuthorizationData, len(ids))}
	for i, id := range ids {
		token, expires := w.mintToken(now)
		out.AuthorizationData[i] = types.AuthorizationData{
			AuthorizationToken: ptr(token),
			ExpiresAt:          ptr(expires),
			ProxyEndpoint:      ptr("https://" + w.registryHost(id)),
		}
	}
	return out, nil
}

// mintToken issues one docker-login token, base64 of "AWS:<password>", valid
// for TokenLifetime from now, and remembers its password so the registry can
// check it. Private and public GetAuthorizationToken both mint through here.
func (w *World) mintToken(now time.Time) (token string, expires time.Time) {
	expires = now.Add(TokenLifetime)
	w.counters.token++
	password := w.password(w.counters.token, expires)
	if w.tokens == nil {
		w.tokens = map[string]time.Time{}
	}
	w.tokens[password] = expires
	return base64.StdEncoding.EncodeToString([]byte("AWS:" + password)), expires
}

// password is opaque like ECR's (a base64 JSON document) and deterministic.
// Its payload names the registry that minted it (account and region), so a
// server holding several registries can route a request by its token, and
// a registry can tell another region's token from a forged one.
func (w *World) password(n uint64, expires time.Time) string {
	doc := fmt.Sprintf(`{"payload":"ecrfake:%s:%s:%d","version":"2","type":"DATA_KEY","expiration":%d}`, w.cfg.AccountID, w.cfg.Region, n, expires.Unix())
	return base64.StdEncoding.EncodeToString([]byte(doc))
}

// TokenIssuer reads which registry (account, region) minted a password of
// this fake's shape; ok is false for any other string. It proves nothing:
// CheckToken verifies.
func TokenIssuer(password string) (account, region string, ok bool) {
	doc, err := base64.StdEncoding.DecodeString(password)
	if err != nil {
		return "", "", false
	}
	var v struct {
		Payload string `json:"payload"`
	}
	if json.Unmarshal(doc, &v) != nil {
		return "", "", false
	}
	parts := strings.Split(v.Payload, ":")
	if len(parts) != 4 || parts[0] != "ecrfake" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// CheckToken verifies the password of a registry request's Basic
// credentials (read lock): nil when this world minted it and it has not
// expired at now; ECR's 403 DENIED expiry error when it has (expiresAt is
// the first instant it is invalid); 403 DENIED when another region's
// registry minted it (tokens are bound to their region); 401 otherwise.
func (w *World) CheckToken(now time.Time, password string) *reg.Error {
	if _, region, ok := TokenIssuer(password); ok && region != w.cfg.Region {
		return reg.Denied(fmt.Sprintf(
			"Your authorization token was issued in the region '%s' and cannot be used in '%s': authentication requests are tied to a region. Get a token from the registry's region.",
			region, w.cfg.Region))
	}
	expires, ok := w.tokens[password]
	switch {
	case !ok:
		return reg.Unauthorized()
	case !now.Before(expires):
		return reg.TokenExpired()
	}
	return nil
}
