// Package wire is the awsJson1.1 codec of the fake's HTTP front end.
//
// It reuses the SDK rather than re-implementing the protocol. The public
// awsjson.Protocol of smithy-go drives the SDK's own JSON ShapeSerializer and
// ShapeDeserializer (which are internal to smithy-go), so:
//
//   - outputs and modeled errors are written by their generated Serialize
//     methods, exactly as the SDK's request serializer writes inputs (sorted
//     keys, nil and zero members omitted, epoch-second timestamps, Tag.Key and
//     Tag.Value capitalised), with one deliberate difference: the few
//     non-pointer members real ECR sends even when zero ("scanOnPush":
//     false, "isValid": false; defaults_gen.go, generated with the evidence
//     for each decision by internal/gen/wiredefaults) are written where the
//     generated code leaves them out. The ShapeSerializer they write to is this
//     package's own (serializer.go): the same bytes as smithy-go's internal
//     one, into a pooled buffer, without the throw-away HTTP request that
//     awsjson.(*Protocol).SerializeRequest builds. DescribeImages and
//     ListImages outputs, the largest, are written by hand (fast.go). Tests
//     compare both, byte for byte, with the SDK's serializer over random
//     values of every output and error type;
//   - inputs, which have no generated Deserialize method, are read by a small
//     reflection walk over the input struct's schema that hands every nested
//     types.* value to its generated Deserialize. Members match by exact,
//     case-sensitive name (as the SDK's own response deserializer matches),
//     unknown members are skipped, JSON null is an absent member, blobs are
//     standard base64, and a value of the wrong JSON type is an error.
//
// Reaching the internal ShapeDeserializer relies on one public entry point,
// awsjson.(*Protocol).DeserializeResponse, being handed the request body as if
// it were a response. The package's tests pin that behaviour.
package wire

//go:generate go run ../gen/wiredefaults -o defaults_gen.go -doc ../../docs/fidelity.md
