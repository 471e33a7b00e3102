package constraints

import (
	"strconv"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	publictypes "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// Check returns nil or an InvalidParameterException for the first model
// constraint that in violates. in is one of the 62 *ecr.XxxInput pointer types
// (the error is then a *types.InvalidParameterException of package ecr/types)
// or one of the 23 *ecrpublic.XxxInput types (the error is then ECR Public's
// own *types.InvalidParameterException, see [PublicInvalidParameter]).
// Members are checked in the model's declaration order, depth first; a list's
// size comes before its elements. A nil pointer, and any value that is not an
// operation input, passes.
func Check(in any) error {
	if v, ok := checkInput(in); ok {
		if v == nil {
			return nil
		}
		return InvalidParameter(v.path, v.text)
	}
	if v, _ := checkInputPublic(in); v != nil {
		return PublicInvalidParameter(v.path, v.text)
	}
	return nil
}

// PublicInvalidParameter is [InvalidParameter] for the ECR Public API: the same
// text ("Invalid parameter at '<path>' failed to satisfy constraint:
// '<constraint>'", the style the public endpoint was seen using), as ECR
// Public's modeled exception type so callers of the ecrpublic client can use
// errors.As with it.
func PublicInvalidParameter(path, constraint string) *publictypes.InvalidParameterException {
	return &publictypes.InvalidParameterException{Message: InvalidParameter(path, constraint).Message}
}

// InvalidParameter builds the exception real ECR returns for a server-side
// validation failure: "Invalid parameter at '<path>' failed to satisfy
// constraint: '<constraint>'". Other layers use it for their own texts, e.g.
// InvalidParameter("ImageManifest", "Invalid JSON syntax").
func InvalidParameter(path, constraint string) *types.InvalidParameterException {
	return errs.InvalidParameter(path, constraint)
}

// IsDigest reports whether s fully matches ECR's digest pattern
// [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+.
func IsDigest(s string) bool { return matchDigest(s) }

// IsRegistryID reports whether s is a 12-digit registry (account) id.
func IsRegistryID(s string) bool { return matchRegistryID(s) }

// IsImageTag reports whether s is a valid image tag: [a-zA-Z0-9-_.]+ in full,
// 1 to 300 characters.
func IsImageTag(s string) bool { return len(s) <= 300 && matchImageTag(s) }

// violation is the first failed constraint: the dotted wire path of the member
// (relative to the structure being checked while it travels up) and the
// constraint text. It is allocated only when a check fails.
type violation struct {
	path string
	text string
}

func fail(path, text string) *violation { return &violation{path: path, text: text} }

// under prefixes the path with the structure member that holds it.
func (v *violation) under(member string) *violation {
	v.path = join(member, v.path)
	return v
}

// at prefixes the path with element i of the list member.
func (v *violation) at(member string, i int) *violation {
	v.path = join(member+"["+strconv.Itoa(i)+"]", v.path)
	return v
}

func join(prefix, rest string) string {
	if rest == "" {
		return prefix
	}
	return prefix + "." + rest
}

// Length bounds count Unicode code points, as Smithy's length trait does.
// Both helpers decide from the byte length when it settles the question (a code
// point takes 1 to 4 bytes), so typical inputs are never scanned.

// lenLess reports whether s has fewer than min code points.
func lenLess(s string, min int) bool {
	if len(s) < min {
		return true
	}
	if len(s) >= 4*min {
		return false
	}
	return utf8.RuneCountInString(s) < min
}

// lenMore reports whether s has more than max code points.
func lenMore(s string, max int) bool {
	if len(s) <= max {
		return false
	}
	if len(s) > 4*max {
		return true
	}
	return utf8.RuneCountInString(s) > max
}
