package ecrfake

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// InMemoryHTTPClient exposes Client's transport to tests, for a floor
// benchmark against a canned handler.
func InMemoryHTTPClient(h http.Handler) ecr.HTTPClient { return inMemoryHTTP{h} }
