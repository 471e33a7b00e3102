package state

import (
	"strings"

	"github.com/ecrfake/go-ecrfake/internal/constraints"
)

// Semantic checks the model's constraints do not cover, or that the service
// reports as per-item failures rather than as InvalidParameterException.

// isDigest and isTag are the service's identifier patterns, shared with the
// model-constraint layer.
var (
	isDigest = constraints.IsDigest
	isTag    = constraints.IsImageTag
)

// normalizeDigest lower-cases the hex part, so an upper-case digest names the
// same content (fake choice: ECR stores lower-case digests).
func normalizeDigest(d string) string {
	for i := 0; i < len(d); i++ {
		if d[i] >= 'A' && d[i] <= 'F' && strings.IndexByte(d[:i], ':') >= 0 {
			alg, hexPart, _ := strings.Cut(d, ":")
			return alg + ":" + strings.ToLower(hexPart)
		}
	}
	return d
}

func digestsEqual(a, b string) bool { return normalizeDigest(a) == normalizeDigest(b) }
