package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	smithy "github.com/aws/smithy-go"
)

// EncodeOutput returns the awsJson1.1 body of an operation output (any
// *ecr.XxxOutput; also any types.* value or modeled error), written by its
// generated Serialize method, byte for byte as the SDK's awsJson protocol
// writes it (see serializer). A nil v is {}.
func EncodeOutput(ctx context.Context, v smithy.Serializable) ([]byte, error) {
	body := EncodeOutputBody(ctx, v)
	defer body.Release()
	return bytes.Clone(body.Bytes()), nil
}

// Body is an encoded response body in a pooled buffer: Bytes is valid until
// Release, which hands the buffer back for reuse.
type Body struct{ s *serializer }

// Bytes returns the body.
func (b Body) Bytes() []byte {
	if b.s == nil {
		return []byte("{}")
	}
	return b.s.buf
}

// Release returns the buffer to the pool; b must not be used afterwards.
func (b Body) Release() {
	if b.s != nil {
		b.s.release()
	}
}

// EncodeOutputBody is EncodeOutput without the copy: the handler writes the
// body and releases it.
func EncodeOutputBody(_ context.Context, v smithy.Serializable) Body {
	if v == nil {
		return Body{}
	}
	s := newSerializer()
	if !s.writeFast(v) {
		v.Serialize(s)
	}
	return Body{s}
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
