package wire

import (
	"errors"
	"strconv"
	"strings"

	smithy "github.com/aws/smithy-go"
)

// ValidationMessage words the SDK's client-side required-member errors the
// way the service words its own validation failures, for clients (the AWS
// CLI with validation off, curl, other SDKs) that reach the service without
// a required member:
//
//	1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null
//
// Paths use wire names, and list elements are 1-based "name.N.member" steps
// ("tags.1.member.Key"), as the service's messages do.
func ValidationMessage(e smithy.InvalidParamsError) string {
	errs := e.Errs()
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(errs)))
	if len(errs) == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, err := range errs {
		if i > 0 {
			b.WriteString("; ")
		}
		field := ""
		var ipe smithy.InvalidParamError
		if errors.As(err, &ipe) {
			field = ipe.Field()
		}
		b.WriteString("Value null at '")
		b.WriteString(WirePath(field))
		b.WriteString("' failed to satisfy constraint: Member must not be null")
	}
	return b.String()
}

// WirePath turns an SDK validation field path such as
// "TagResourceInput.Tags[0].Key" into the service's "tags.1.member.Key".
func WirePath(field string) string {
	if _, rest, ok := strings.Cut(field, "."); ok {
		field = rest // drop the input type's name
	}
	var out []string
	for seg := range strings.SplitSeq(field, ".") {
		name, idx, _ := strings.Cut(seg, "[")
		if name != "" {
			out = append(out, memberWireName(name))
		}
		for idx != "" {
			n, rest, _ := strings.Cut(idx, "]")
			if i, err := strconv.Atoi(n); err == nil {
				out = append(out, strconv.Itoa(i+1), "member")
			}
			_, idx, _ = strings.Cut(rest, "[")
		}
	}
	return strings.Join(out, ".")
}

// memberWireName is the wire name of a Go member name: the first letter
// lower-cased, except Tag's Key and Value, which the model spells capitalised
// (the only members of an input that are).
func memberWireName(goName string) string {
	if goName == "Key" || goName == "Value" || goName == "" {
		return goName
	}
	return strings.ToLower(goName[:1]) + goName[1:]
}
