package required

import (
	"fmt"
	"strconv"

	smithy "github.com/aws/smithy-go"
)

// Check applies the SDK's client-side required-member validation to in, which is
// one of the 62 *ecr.XxxInput or the 23 *ecrpublic.XxxInput pointer types. It returns nil or a smithy.InvalidParamsError
// (value type, as the SDK returns). A nil pointer is treated like the SDK does after it
// substitutes an empty input: callers pass a non-nil input. Unknown types panic (programmer error).
func Check(in any) error {
	known, err := dispatch(in)
	if !known {
		known, err = dispatchPublic(in)
	}
	if !known {
		panic(fmt.Sprintf("required.Check: %T is not an ECR (SDK %s) or ECR Public (SDK %s) operation input", in, sdkVersion, sdkVersionPublic))
	}
	return err
}

// result applies the SDK's return convention: the collected errors as a
// value, or nil. Taking a pointer keeps p on the caller's stack, so valid
// input costs no allocation.
func result(p *smithy.InvalidParamsError) error {
	if p.Len() > 0 {
		return *p
	}
	return nil
}

// indexContext is the nested context the SDK gives list element i.
func indexContext(i int) string {
	return "[" + strconv.Itoa(i) + "]"
}
