package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// encodeSchema is a placeholder operation whose only job is to have an input
// schema: awsjson.(*Protocol).SerializeRequest writes whatever Serializable it
// is given, and looks at the operation only to name X-Amz-Target on the
// throw-away request and to see that there is an input.
var encodeSchema = smithy.NewOperationSchema(
	smithy.NewSchema(smithy.ShapeID{Namespace: "ecrfake", Name: "Encode"}, smithy.ShapeTypeOperation, 0),
	smithy.NewSchema(smithy.ShapeID{Namespace: "ecrfake", Name: "EncodeBody"}, smithy.ShapeTypeStructure, 0),
	nil,
)

// EncodeOutput returns the awsJson1.1 body of an operation output (any
// *ecr.XxxOutput; also any types.* value or modeled error), written by its
// generated Serialize method through the SDK's JSON serializer. A nil v is {}.
func EncodeOutput(ctx context.Context, v smithy.Serializable) ([]byte, error) {
	if v == nil {
		return []byte("{}"), nil
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	if err := protocol.SerializeRequest(ctx, encodeSchema, v, req); err != nil {
		return nil, err
	}
	switch s := req.GetStream().(type) {
	case nil:
		return []byte("{}"), nil
	case *bytes.Reader: // what SerializeRequest sets: read it in one go
		b := make([]byte, s.Len())
		_, err := io.ReadFull(s, b)
		return b, err
	default:
		return io.ReadAll(s)
	}
}

// EncodeError returns the body of an error response for e: the modeled
// error's own members as its Serialize writes them (message, and for example
// lastValidByteReceived or kmsError), preceded by "__type": the error code,
// which is how the SDK and botocore find the error type. An error that is not
// a modeled type (smithy.GenericAPIError, say) gets __type and message only.
func EncodeError(ctx context.Context, e smithy.APIError) ([]byte, error) {
	code, _ := json.Marshal(e.ErrorCode())
	var members []byte
	if s, ok := e.(smithy.Serializable); ok {
		b, err := EncodeOutput(ctx, s)
		if err != nil {
			return nil, err
		}
		members = b
	} else {
		msg, _ := json.Marshal(e.ErrorMessage())
		members = []byte(`{"message":` + string(msg) + `}`)
	}
	members = bytes.TrimSpace(members)
	if len(members) < 2 || members[0] != '{' {
		return nil, fmt.Errorf("wire: error %s did not serialize to a JSON object", e.ErrorCode())
	}
	var b bytes.Buffer
	b.Grow(len(members) + len(code) + 12)
	b.WriteString(`{"__type":`)
	b.Write(code)
	if rest := bytes.TrimSpace(members[1:]); len(rest) > 0 && rest[0] != '}' {
		b.WriteByte(',')
	}
	b.Write(members[1:])
	return b.Bytes(), nil
}
